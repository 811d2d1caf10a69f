"""Stage 3: numbers with what they count, as facet keys ("soldiers:12000")."""
