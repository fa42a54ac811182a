"""Synthetic data sets of the limitations lab (seeded, batched, deterministic).

Each module has the same shape: a frozen ``*Config`` dataclass (validated, a docstring per
field), ``generate(config, n, seed)``, an endless resumable ``stream(config, batch_size,
seed, start=0)``, ``render`` and ``save_npz``/``load_npz`` -- except ``coords``, CoordConv's
Not-so-Clevr, which is one fixed set of positions: ``dataset(config)`` and
``split(config, kind, seed)``. Every module also has ``samples(n, seed)``: ``n`` images of its
default configuration and a caption for each, which is all ``lab show`` needs (``samples`` below).
Import the module you need: they are not imported here, so that using one does not pay for the
others (Numba).
"""
from __future__ import annotations

import importlib

from deeproots.errors import DeeprootsError

DATASETS = {
    "lines": "deeproots.lab.datasets.lines",
    "shapes": "deeproots.lab.datasets.shapes",
    "coords": "deeproots.lab.datasets.coords",
    "same-different": "deeproots.lab.datasets.same_different",
    "sort-of-clevr": "deeproots.lab.datasets.sort_of_clevr",
    "texture-shape": "deeproots.lab.datasets.texture_shape",
}
MAX_SAMPLES = 1024


def samples(name: str, n: int = 16, seed: int = 0):
    """``n`` images of data set ``name`` with its default configuration, and a caption for each
    (the data set module's own ``samples``); a one-line DeeprootsError for an unknown name or a bad n."""
    if name not in DATASETS:
        raise DeeprootsError(f"no data set '{name}'; data sets are: {', '.join(DATASETS)}")
    if not 1 <= n <= MAX_SAMPLES:
        raise DeeprootsError(f"--n must be between 1 and {MAX_SAMPLES} (got {n})")
    return importlib.import_module(DATASETS[name]).samples(n, seed)
