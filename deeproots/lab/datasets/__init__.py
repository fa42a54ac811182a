"""Synthetic data sets of the limitations lab (seeded, batched, deterministic).

Each module has the same shape: a frozen ``*Config`` dataclass (validated, a docstring per
field), ``generate(config, n, seed)``, an endless resumable ``stream(config, batch_size,
seed, start=0)``, ``render`` and ``save_npz``/``load_npz`` -- except ``coords``, CoordConv's
Not-so-Clevr, which is one fixed set of positions: ``dataset(config)`` and
``split(config, kind, seed)``. Import the module you need:
they are not imported here, so that using one does not pay for the others (Numba).
"""

DATASETS = {
    "lines": "deeproots.lab.datasets.lines",
    "shapes": "deeproots.lab.datasets.shapes",
    "coords": "deeproots.lab.datasets.coords",
    "same-different": "deeproots.lab.datasets.same_different",
    "sort-of-clevr": "deeproots.lab.datasets.sort_of_clevr",
    "texture-shape": "deeproots.lab.datasets.texture_shape",
}
