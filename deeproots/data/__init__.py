"""Small data files shipped with deeproots (each folder's README.md gives its source and licence)."""
