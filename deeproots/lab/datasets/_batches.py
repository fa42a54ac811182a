"""What every data set's batch does the same way: the resumable stream and the .npz file.

A batch is a dataclass whose fields are arrays, in order, then ``config`` (the frozen config that
made it). The data set modules keep their public ``stream``/``save_npz``/``load_npz`` and call these.
"""
from __future__ import annotations

import json
from dataclasses import asdict, fields
from typing import Any, Callable, Iterator

import numpy as np


def stream(generate: Callable[..., Any], config: Any, batch_size: int, seed: int = 0, start: int = 0) -> Iterator[Any]:
    """Endless batches; batch k is generate(config, batch_size, SeedSequence([seed, k])), so a
    stream resumed with start=k continues exactly where batch k would have been."""
    k = start
    while True:
        yield generate(config, batch_size, np.random.SeedSequence([seed, k]))
        k += 1


def _arrays(batch_class: type) -> list[str]:
    return [field.name for field in fields(batch_class) if field.name != "config"]


def save_npz(batch: Any, path) -> None:
    """Write the batch (its arrays, by field name, and its config as JSON) to a compressed .npz file."""
    np.savez_compressed(path, **{name: getattr(batch, name) for name in _arrays(type(batch))},
                        config=np.array(json.dumps(asdict(batch.config))))


def load_npz(path, batch_class: type, config_class: type) -> Any:
    """Read a ``batch_class`` written by save_npz."""
    with np.load(path, allow_pickle=False) as data:
        config = config_class(**json.loads(str(data["config"])))
        return batch_class(**{name: data[name] for name in _arrays(batch_class)}, config=config)
