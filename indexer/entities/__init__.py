"""Stage 3: actors and places, each one canonical id whatever the language."""
