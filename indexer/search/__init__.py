"""The query side: parameters, ranking, facets, snippets, and the service the app calls."""
