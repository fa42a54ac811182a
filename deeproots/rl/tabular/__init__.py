"""Tabular algorithms: dynamic programming, Monte Carlo, temporal differences, bandits."""
