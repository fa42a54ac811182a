"""Synthetic data sets of the limitations lab (seeded, batched, deterministic)."""
from deeproots.lab.datasets.lines import LinesBatch, LinesConfig, generate, load_npz, render, save_npz, stream

__all__ = ["LinesBatch", "LinesConfig", "generate", "load_npz", "render", "save_npz", "stream"]
