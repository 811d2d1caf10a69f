"""Stage 2: the analysis chains (tokenizer | filters), one per language and channel."""
