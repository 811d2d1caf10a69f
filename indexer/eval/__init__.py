"""Tools that measure quality: retrieval (NTREX, against Pyserini BM25) and NER."""
