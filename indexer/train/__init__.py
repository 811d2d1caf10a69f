"""Tools that make the data the product ships with: NER models, lexicons."""
