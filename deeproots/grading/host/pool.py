"""The pool of warm workers: a started spare per kind, so that a verdict never waits for
Python and NumPy (or PyTorch) to start."""
from __future__ import annotations

from deeproots.grading.host.process import WorkerProcess


class WorkerPool:
    """Hands out workers; with ``prewarm`` keeps a started spare per kind for instant verdicts."""

    def __init__(self, prewarm: bool = False):
        self.prewarm = prewarm
        self.spares: dict[str, WorkerProcess] = {}

    def take(self, kind: str) -> WorkerProcess:
        spare = self.spares.pop(kind, None)
        if spare is not None and spare.alive():
            return spare
        if spare is not None:
            spare.kill()
        return WorkerProcess(kind)

    def replenish(self, kind: str) -> None:
        if self.prewarm and kind not in self.spares:
            self.spares[kind] = WorkerProcess(kind)

    def close(self) -> None:
        for worker in self.spares.values():
            worker.kill()
        self.spares.clear()
