"""Stage 1: article files in, clean text with its language and publication date out."""
