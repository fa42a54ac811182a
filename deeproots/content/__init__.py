"""Content: the exercise catalog, the tree of knowledge (path.toml) and the concept questions."""
