"""The one training loop of the lab, and the checkpoints that let an interrupted run resume.

Every experiment trains with :func:`fit`: mini-batch gradient descent over tensors that already
sit on the device (the data sets are generated once, up front, so data never starves the loop),
with a per-epoch evaluation and a checkpoint after every epoch. Why one loop: the benchmark
``benchmarks/lab_training_loop.py`` holds it to within 10 % of a bare PyTorch loop, and resuming
after Ctrl-C works the same way everywhere.

Determinism: the batch order of epoch ``e`` comes from ``numpy.random.default_rng([seed, e])``,
so it does not depend on how many epochs ran before an interruption; the torch RNG state (for
dropout and the like) is saved with each checkpoint. Identical seeds give identical results on
the CPU, and a resumed run gives the same numbers as an uninterrupted one.
"""
from __future__ import annotations

import os
import pickle
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np
import torch
from torch import nn

from deeproots import files
from deeproots.runs.device import choose_device

Tensors = torch.Tensor | tuple[torch.Tensor, ...]
CHECKPOINT_SECONDS = 10.0
LAB_THREADS = min(2, os.cpu_count() or 1)


class Checkpoints:
    """Resumable work inside one run folder (``<run>/checkpoints/``), or nothing when ``directory``
    is None.

    - ``stage(key, compute)``: the result of a finished unit of work (a trained model's numbers,
      say), computed once and reloaded on resume;
    - ``save(key, state)`` / ``load(key)``: the training state of an unfinished unit.

    Files are written to a temporary name and renamed, so a crash leaves the previous checkpoint
    whole. They are our own files in the learner's run folder, so pickle is acceptable here.
    """

    def __init__(self, directory: str | os.PathLike | None):
        self.directory = None if directory is None else Path(directory)
        if self.directory is not None:
            self.directory.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str, suffix: str) -> Path | None:
        if self.directory is None:
            return None
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in key)
        return self.directory / f"{safe}{suffix}"

    def stage(self, key: str, compute: Callable[[], Any]) -> Any:
        path = self._path(key, ".done.pkl")
        if path is not None and path.is_file():
            with path.open("rb") as file:
                return pickle.load(file)
        result = compute()
        if path is not None:
            files.write_bytes(path, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
            self.discard(key)  # the unit is done: its training state is no longer needed
        return result

    def save(self, key: str, state: dict[str, Any]) -> None:
        path = self._path(key, ".state.pt")
        if path is not None:
            files.torch_save(state, path)

    def load(self, key: str) -> dict[str, Any] | None:
        path = self._path(key, ".state.pt")
        if path is None or not path.is_file():
            return None
        return torch.load(path, map_location="cpu", weights_only=False)

    def discard(self, key: str) -> None:
        path = self._path(key, ".state.pt")
        if path is not None:
            path.unlink(missing_ok=True)


NO_CHECKPOINTS = Checkpoints(None)


def _as_tuple(tensors: Tensors) -> tuple[torch.Tensor, ...]:
    return tensors if isinstance(tensors, tuple) else (tensors,)


def fit(model: nn.Module, optimiser: torch.optim.Optimizer, loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
        inputs: Tensors, targets: torch.Tensor, *, epochs: int, batch_size: int, seed: int,
        schedule: torch.optim.lr_scheduler.LRScheduler | None = None,
        evaluate: Callable[[], dict[str, float]] | None = None, eval_every: int = 1,
        checkpoints: Checkpoints = NO_CHECKPOINTS, key: str = "model",
        on_epoch: Callable[[int, dict[str, list[float]]], None] | None = None) -> dict[str, list[float]]:
    """Train ``model`` on ``(inputs, targets)`` for ``epochs`` epochs; returns the history.

    ``inputs`` is one tensor or a tuple of tensors (the model is called as ``model(*batch)``);
    all share their first dimension with ``targets``. ``schedule`` steps once per batch.
    Every ``eval_every`` epochs and after the last, ``evaluate()`` runs (in eval mode, without
    gradients), its numbers join the history and a checkpoint is saved (at most one every
    ``CHECKPOINT_SECONDS`` otherwise, so that tiny epochs do not pay for a save each).
    ``on_epoch(epoch, history)`` is called after every epoch. The history maps "epoch",
    "train_loss" and each evaluated name to one value per evaluation.
    """
    inputs = _as_tuple(inputs)
    n = len(targets)
    history: dict[str, list[float]] = {"epoch": [], "train_loss": []}
    start = 0
    state = checkpoints.load(key)
    if state is not None:
        model.load_state_dict(state["model"])
        optimiser.load_state_dict(state["optimiser"])
        if schedule is not None and state.get("schedule") is not None:
            schedule.load_state_dict(state["schedule"])
        torch.set_rng_state(state["torch_rng"])
        history, start = state["history"], state["epoch"]
    last_save = time.monotonic()
    for epoch in range(start, epochs):
        model.train()
        order = torch.from_numpy(np.random.default_rng([seed, epoch]).permutation(n)).to(targets.device)
        total = torch.zeros((), device=targets.device)
        for batch in order.split(batch_size):
            loss = loss_fn(model(*(tensor[batch] for tensor in inputs)), targets[batch])
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            optimiser.step()
            if schedule is not None:
                schedule.step()
            total += loss.detach() * len(batch)  # no .item() per batch: it would sync a GPU every step
        evaluated = (epoch + 1) % eval_every == 0 or epoch + 1 == epochs
        if evaluated:
            history["epoch"].append(epoch + 1)
            history["train_loss"].append(float(total) / n)
            if evaluate is not None:
                model.eval()
                with torch.no_grad():
                    for name, value in evaluate().items():
                        history.setdefault(name, []).append(float(value))
        if evaluated or time.monotonic() - last_save > CHECKPOINT_SECONDS:
            checkpoints.save(key, {"model": model.state_dict(), "optimiser": optimiser.state_dict(),
                                   "schedule": None if schedule is None else schedule.state_dict(),
                                   "torch_rng": torch.get_rng_state(), "history": history, "epoch": epoch + 1})
            last_save = time.monotonic()
        if on_epoch is not None:
            on_epoch(epoch + 1, history)
    model.eval()
    return history


def predict(model: nn.Module, inputs: Tensors, batch_size: int = 1024) -> torch.Tensor:
    """The model's outputs on all of ``inputs`` (eval mode, no gradients, in chunks)."""
    inputs = _as_tuple(inputs)
    model.eval()
    with torch.no_grad():
        return torch.cat([model(*chunk) for chunk in zip(*(tensor.split(batch_size) for tensor in inputs))])


def device_and_threads() -> str:
    """The lab's device by the one policy (``deeproots.runs.device``): "cuda" when a GPU is present;
    otherwise "cpu" with OMP_NUM_THREADS threads, else the lab's default of at most 2 (convolutions
    on image batches gain from the second core where the other tracks' small networks do not)."""
    return choose_device(default_threads=LAB_THREADS).type
