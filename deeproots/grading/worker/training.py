"""A project's training, in the learner's process: the ``ctx`` that ``train(ctx)`` receives.

The grader sends :class:`~deeproots.grading.messages.Train`; the worker calls the learner's
``train(ctx)`` and streams :class:`~deeproots.grading.messages.Progress` messages back: the
metrics the learner logs (batched, a few a second) and every checkpoint's state. What
``train`` returns is the final state. The budget is kept twice: here, so that a learner's loop
can ask ``ctx.done()`` and a step budget is counted where the steps happen, and in the grader,
which kills the process once the time budget (plus a grace) is spent and scores the last
checkpoint: the grader never trusts this process to stop.
"""
from __future__ import annotations

import importlib
import math
import time
from typing import Any, Callable

from deeproots.grading.messages import Progress, Train
from deeproots.runs.device import device_label

SEND_EVERY_S = 0.25  # logged metrics are batched: a progress bar needs no more
MAX_LOGGED_ROWS = 20_000  # rows of metrics kept for the report's curves; later ones are thinned


class BudgetExhausted(Exception):
    """The project's step budget is spent: stop training and return (or let this end it)."""


class Context:
    """What ``train(ctx)`` gets: the budget, the device, a fresh seed, logging and checkpoints.

    Attributes: ``seconds`` (the wall-time budget, ``math.inf`` when none), ``steps`` (the step
    budget: environment steps or training samples, ``None`` when none), ``device`` ("cuda" when a
    GPU is present in a PyTorch project's worker, else "cpu"; reported to the grader, which records
    it, e.g. "cuda:0 (NVIDIA H100 80GB HBM3)", with the run), ``threads``, ``seed`` (fresh for every run), ``quick`` (a smoke
    run), ``resume`` (the state of the last checkpoint when resuming, else ``None``), ``kit``
    (the project's helpers: data generators, environments).
    """

    def __init__(self, request: Train, send: Callable[[Progress], None], encode: Callable[[Any], Any],
                 decode: Callable[[Any], Any]):
        self.seconds = request.seconds if request.seconds > 0 else math.inf
        self.steps = request.steps if request.steps > 0 else None
        self.device = _device(request.device)
        self.device_label = device_label(self.device)
        self.threads = request.threads
        self.seed = request.seed
        self.quick = request.quick
        self.resume = decode(request.resume) if request.resume is not None else None
        self.kit = importlib.import_module(request.kit) if request.kit else None
        self._send, self._encode = send, encode
        self._steps_used = request.resumed_steps
        self._started = time.monotonic() - request.resumed_seconds
        self._rows: list[tuple[int, float, dict]] = []
        self._draws = 0
        self._last_sent = 0.0

    @classmethod
    def bare(cls, kit: str = "", steps: int = 0, seconds: float = math.inf, seed: int = 0, threads: int = 1,
             device: str = "cpu", quick: bool = False) -> "Context":
        """A context outside the sandbox (tests of a kit, the overhead benchmark's bare run): the
        same budget and kit, logs and checkpoints go nowhere."""
        return cls(Train(seconds, steps, threads, device, seed, quick, kit),
                   send=lambda progress: None, encode=lambda value: value, decode=lambda value: value)

    # The budget ----------------------------------------------------------------------------
    def elapsed(self) -> float:
        return time.monotonic() - self._started

    def time_left(self) -> float:
        return max(0.0, self.seconds - self.elapsed())

    def steps_used(self) -> int:
        return self._steps_used

    def steps_left(self) -> int | None:
        return None if self.steps is None else max(0, self.steps - self._steps_used)

    def done(self) -> bool:
        """True once the time or the step budget is spent: the condition of a training loop."""
        return self.time_left() <= 0 or (self.steps is not None and self._steps_used >= self.steps)

    def count(self, n: int = 1) -> None:
        """Count ``n`` steps (environments and samplers of the kit call this); past the step
        budget it raises :class:`BudgetExhausted`."""
        if self.steps is not None and self._steps_used + n > self.steps:
            raise BudgetExhausted(f"the step budget of {self.steps:,} is spent")
        self._steps_used += n

    def next_seed(self) -> Any:
        """A new seed for each draw of training data or worlds: ``ctx.seed`` and a counter, so
        the same run draws the same data and two runs draw different data (a kit's helper)."""
        import numpy as np

        self._draws += 1
        return np.random.SeedSequence([int(self.seed) % 2**63, self._draws - 1])

    # Environments and data of the project's kit ---------------------------------------------
    def make_env(self, *args: Any, **kwargs: Any) -> Any:
        """The project's environment, counting its steps against the budget."""
        if self.kit is None or not hasattr(self.kit, "make_env"):
            raise AttributeError("this project has no environment (ctx.make_env)")
        return self.kit.make_env(self, *args, **kwargs)

    # Reporting -----------------------------------------------------------------------------
    def log(self, **metrics: float) -> None:
        """Record numbers (``ctx.log(loss=0.3, accuracy=0.9)``): the progress bar shows the
        latest, the report draws them as curves."""
        row = {str(name)[:40]: float(value) for name, value in list(metrics.items())[:20]}
        self._rows.append((self._steps_used, round(self.elapsed(), 3), row))
        if time.monotonic() - self._last_sent >= SEND_EVERY_S:
            self.flush()

    def checkpoint(self, state: Any) -> None:
        """Save ``state`` (a dict of arrays or tensors: a ``state_dict``) as the resumable
        checkpoint; if the run is stopped, this is what is scored and resumed."""
        self.flush(state=state, has_state=True)

    def flush(self, state: Any = None, has_state: bool = False) -> None:
        rows, self._rows = self._rows, []
        self._last_sent = time.monotonic()
        self._send(Progress(self._steps_used, self.elapsed(), {"rows": rows, "device": self.device_label},
                            self._encode(state) if has_state else None, has_state))


def run_training(module: Any, request: Train, send: Callable[[Progress], None],
                 encode: Callable[[Any], Any], decode: Callable[[Any], Any]) -> tuple[Any, Context]:
    """Call ``module.train(ctx)`` with the budget's threads; return its state and the context."""
    _use_threads(request.threads)
    ctx = Context(request, send, encode, decode)
    ctx.flush()  # the device reaches the grader even if train() is stopped before it logs
    state = module.train(ctx)
    ctx.flush()
    return state, ctx


def _device(asked: str) -> str:
    """The one device policy (``deeproots.runs.device``) in the worker: "cuda" when PyTorch is loaded (a
    PyTorch project) and sees a GPU, unless the run asks for "cpu"; a NumPy project's worker has nothing to
    put on a GPU and gets "cpu". ("cuda" without a GPU is refused by the grader before the worker starts.)"""
    import sys

    torch = sys.modules.get("torch")
    if asked == "cpu" or torch is None:
        return "cpu"
    return "cuda" if torch.cuda.is_available() else "cpu"


def _use_threads(threads: int) -> None:
    import sys

    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=threads)
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(threads)

