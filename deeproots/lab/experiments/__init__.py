"""The limitations lab's experiments, one module each, registered here by the name a learner types.

Each module has ``Params`` (a frozen dataclass, a docstring per field, validated in
``__post_init__`` through ``deeproots.lab.params``; its ``EXPERIMENT`` class attribute is the
registered name), ``QUICK`` and ``FULL`` presets, ``PUBLISHED`` rows and
``run(params, report, progress, checkpoints) -> Outcome``; its verdict is a pure function of the
measured numbers (``verdict``). Modules are imported on demand (``experiment_module``), so that one
experiment does not pay for another's imports.
"""
from __future__ import annotations

import importlib
from types import ModuleType

from deeproots.errors import DeeprootsError

EXPERIMENTS = {
    "count-lines": "deeproots.lab.experiments.count_lines",
    "coordconv": "deeproots.lab.experiments.coordconv",
    "same-different": "deeproots.lab.experiments.same_different",
    "texture-vs-shape": "deeproots.lab.experiments.texture_shape",
    "sort-of-clevr": "deeproots.lab.experiments.sort_of_clevr",
    "length-generalisation": "deeproots.lab.experiments.length_generalisation",
    "addition": "deeproots.lab.experiments.addition",
}


def experiment_module(name: str) -> ModuleType:
    """The module of experiment ``name``; a one-line DeeprootsError naming the experiments otherwise."""
    if name not in EXPERIMENTS:
        raise DeeprootsError(f"no experiment '{name}'; experiments are: {', '.join(EXPERIMENTS)}")
    return importlib.import_module(EXPERIMENTS[name])
