"""Research track: read a paper, reimplement it, compare with its table honestly."""
