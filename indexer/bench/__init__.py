"""Tools that measure speed and memory, side by side with raw Lucene BM25."""
