"""Stage 4: the per-article pipeline and a full build into a new index generation."""
