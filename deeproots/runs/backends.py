"""Many runs at once: a group of cells (ordinary run folders) run here, one after another, or on Ray.

``run_cells(cells, backend, address, on_update, retries)`` runs every cell whose folder lacks
``metrics.json``:

- ``"local"`` (the default, no Ray needed): one after another in this process, exactly as a single
  run; a cell needing a GPU (``Resources.gpus > 0``) without CUDA here is refused before anything starts.
- ``"ray"``: one Ray task per unfinished cell (``num_cpus``/``num_gpus`` from its ``Resources``) on
  the cluster at ``address`` ("auto", "host:port"), or on a local cluster started for the group when
  ``address`` is None. A task whose worker process dies (killed, out of memory, a lost machine) is
  retried up to ``retries`` times; the work function resumes from the checkpoints in the cell's folder,
  so at most that cell's unsaved work is lost. A GPU cell waits ("waiting for a GPU") until the cluster
  has one; inside its task torch must see CUDA, or the cell fails loudly (never a silent CPU run).
  Ctrl-C on the driver cancels the tasks and re-raises KeyboardInterrupt; finished cells are kept,
  and the caller's resume starts the others again from their checkpoints.

Progress on Ray: the work's ``progress(fraction, message)`` writes a small ``progress.json`` into
the cell's folder (atomically, at most every ``PROGRESS_EVERY_S``; removed when the cell finishes),
which the driver reads between ``ray.wait`` calls; ``on_update`` gets every cell's ``CellStatus``
whenever one changes. Ray is imported only inside the Ray backend.
"""
from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from deeproots import files
from deeproots.errors import DeeprootsError
from deeproots.report.record import METRICS_FILE

BACKENDS = ("local", "ray")
STATES = ("waiting", "running", "done", "retrying", "failed")
PROGRESS_FILE = "progress.json"
PROGRESS_EVERY_S = 0.5  # the most often a task rewrites its progress.json
POLL_S = 0.25  # how long the driver waits for a task to finish before reading progress again
RAY_MISSING = "--backend ray needs Ray: pip install 'deeproots[ray]' (or use --backend local)"


@dataclass(frozen=True)
class Resources:
    """What one cell needs: CPUs, and GPUs (> 0: it needs a GPU; never run on a CPU instead)."""
    cpus: float = 1.0
    gpus: float = 0.0


@dataclass(frozen=True)
class Cell:
    """One run of a group: its name (unique in the group; its folder's name), its run folder (already
    holding its record), and ``work(folder, *args, progress=...)``, a module-level function that
    finishes the run in ``folder`` (metrics.json last) and resumes from the folder's checkpoints."""
    name: str
    folder: Path
    work: Callable[..., None]
    args: tuple = ()
    resources: Resources = Resources()


@dataclass(frozen=True)
class CellStatus:
    state: str = "waiting"  # one of STATES
    fraction: float = 0.0
    message: str = ""


def check_backend(backend: str, address: str | None = None) -> None:
    """One line naming the problem and the fix for a backend or address that cannot work."""
    if backend not in BACKENDS:
        raise DeeprootsError(f"--backend must be 'local' or 'ray' (got {backend!r}); e.g. --backend ray")
    if address is not None and backend != "ray":
        raise DeeprootsError("--address names a Ray cluster; add --backend ray, or drop --address")
    if backend == "ray":
        if importlib.util.find_spec("ray") is None:
            raise DeeprootsError(RAY_MISSING)


def is_done(cell: Cell) -> bool:
    return (Path(cell.folder) / METRICS_FILE).exists()


def run_cells(cells: list[Cell], backend: str = "local", address: str | None = None,
              on_update: Callable[[dict[str, CellStatus]], None] | None = None,
              retries: int = 2) -> None:
    """Run every cell whose folder lacks metrics.json, here ("local") or as Ray tasks ("ray");
    see the module's docstring. ``on_update`` gets every cell's status whenever one changes."""
    check_backend(backend, address)
    names = [cell.name for cell in cells]
    if len(set(names)) != len(names):
        raise DeeprootsError(f"cell names must be unique in a group (got {names!r})")
    board = _Board(cells, on_update)
    pending = [cell for cell in cells if not is_done(cell)]
    for cell in pending:  # a stale one from an interrupted group would show a cell running that is not
        with contextlib.suppress(OSError):
            (Path(cell.folder) / PROGRESS_FILE).unlink()
    if backend == "local":
        _run_local(pending, board)
    else:
        _run_ray(pending, board, address, retries)


class _Board:
    """Every cell's status; tells ``on_update`` when one changes."""

    def __init__(self, cells: list[Cell], on_update):
        self.on_update = on_update or (lambda statuses: None)
        self.statuses = {cell.name: CellStatus("done", 1.0, "") if is_done(cell) else CellStatus() for cell in cells}
        self.on_update(dict(self.statuses))

    def set(self, name: str, status: CellStatus) -> None:
        if self.statuses.get(name) != status:
            self.statuses[name] = status
            self.on_update(dict(self.statuses))


def _cuda_available() -> bool:
    try:
        import torch
    except ImportError:
        return False
    return torch.cuda.is_available()


def _run_local(pending: list[Cell], board: _Board) -> None:
    needs_gpu = [cell.name for cell in pending if cell.resources.gpus > 0]
    if needs_gpu and not _cuda_available():
        raise DeeprootsError(f"{len(needs_gpu)} cell(s) need a GPU ({needs_gpu[0]}, ...) and torch sees no CUDA "
                             "here; run them with --backend ray on a cluster with GPUs, or use the quick preset")
    for cell in pending:
        board.set(cell.name, CellStatus("running", 0.0, "starting"))

        def progress(fraction: float, message: str, name=cell.name) -> None:
            board.set(name, CellStatus("running", float(fraction), str(message)))

        try:
            cell.work(Path(cell.folder), *cell.args, progress=progress)
        except BaseException as error:
            board.set(cell.name, CellStatus("failed", board.statuses[cell.name].fraction,
                                            "interrupted" if isinstance(error, KeyboardInterrupt) else str(error)))
            raise
        board.set(cell.name, CellStatus("done", 1.0, ""))


# ---------------------------------------------------------------------------------------------- Ray

class _ProgressFile:
    """The task side of progress: ``progress(fraction, message)`` into the cell's progress.json."""

    def __init__(self, folder: Path, attempt: int):
        self.path, self.attempt, self.last = Path(folder) / PROGRESS_FILE, attempt, 0.0
        self.write(0.0, "starting" if attempt == 1 else f"retrying (attempt {attempt}), resuming from checkpoints")

    def write(self, fraction: float, message: str) -> None:
        self.last = time.monotonic()
        files.write_json(self.path, {"fraction": float(fraction), "message": str(message), "pid": os.getpid(),
                                     "host": socket.gethostname(), "attempt": self.attempt}, indent=None)

    def __call__(self, fraction: float, message: str) -> None:
        if time.monotonic() - self.last >= PROGRESS_EVERY_S:
            self.write(fraction, message)


def _read_progress(folder: Path) -> dict[str, Any] | None:
    try:
        return json.loads((Path(folder) / PROGRESS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def run_in_task(work: Callable[..., None], folder: str, args: tuple, gpus: float) -> None:
    """What one Ray task runs: the cell's work with a progress file; a GPU cell must see CUDA."""
    folder = Path(folder)
    if gpus > 0:
        if not _cuda_available():
            raise DeeprootsError(f"{folder.name}: needs a GPU but torch sees no CUDA on {socket.gethostname()}")
    previous = _read_progress(folder)
    progress = _ProgressFile(folder, attempt=int(previous.get("attempt", 0)) + 1 if previous else 1)
    work(folder, *args, progress=progress)
    with contextlib.suppress(OSError):
        (folder / PROGRESS_FILE).unlink()


def _connect(address: str | None) -> bool:
    """Connect to (or start) a Ray cluster; True if this call started the connection."""
    import ray

    if address and ":" in address:
        host, _, port = address.rpartition(":")
        try:
            socket.create_connection((host or "127.0.0.1", int(port)), timeout=3).close()
        except (OSError, ValueError):
            raise DeeprootsError(f"no Ray cluster answers at {address}; start one with `ray start --head` "
                                 "and give its address (or --address auto), or drop --address for a local one") from None
    if ray.is_initialized():
        return False
    try:
        ray.init(address=address, include_dashboard=False, log_to_driver=False, configure_logging=False)
    except (ConnectionError, RuntimeError, ValueError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise DeeprootsError(f"cannot connect to a Ray cluster at {address} ({first}); start one with "
                             "`ray start --head`, or drop --address for a local one") from None
    return True


def _run_ray(pending: list[Cell], board: _Board, address: str | None, retries: int) -> None:
    import ray

    if not pending:
        return
    started_here = _connect(address)
    try:
        task = ray.remote(run_in_task)
        # No per-task runtime_env: a cluster started here inherits this process's environment (its
        # PYTHONPATH too), and on a cluster of your own deeproots is installed on every node. A task's
        # runtime_env would make Ray start a fresh worker pool for it: measured, +0.5 s per cell.
        running = {}
        for cell in pending:
            ref = task.options(num_cpus=cell.resources.cpus, num_gpus=cell.resources.gpus, max_retries=retries,
                               retry_exceptions=False, name=f"deeproots:{cell.name}").remote(
                cell.work, str(cell.folder), tuple(cell.args), cell.resources.gpus)
            running[ref] = cell
        try:
            _drive(running, board)
        except KeyboardInterrupt:
            for ref in running:
                with contextlib.suppress(Exception):
                    ray.cancel(ref, force=True)
            raise
    finally:
        if started_here:
            ray.shutdown()


def _drive(running: dict, board: _Board) -> None:
    import ray

    gpus_in_cluster = float(ray.cluster_resources().get("GPU", 0.0))
    while running:
        ready, _ = ray.wait(list(running), num_returns=len(running), timeout=POLL_S)
        for ref in ready:
            cell = running.pop(ref)
            try:
                ray.get(ref)
            except ray.exceptions.RayTaskError as error:
                board.set(cell.name, CellStatus("failed", 0.0, str(error.cause)))
                raise error.as_instanceof_cause() from None
            except (ray.exceptions.WorkerCrashedError, ray.exceptions.RayError) as error:
                board.set(cell.name, CellStatus("failed", 0.0, type(error).__name__))
                raise DeeprootsError(f"cell {cell.name}: its worker died and retries ran out "
                                     f"({type(error).__name__}); resume the group to run it again") from None
            board.set(cell.name, CellStatus("done", 1.0, ""))
        for cell in running.values():
            board.set(cell.name, _status_from_file(cell, gpus_in_cluster))


def _status_from_file(cell: Cell, gpus_in_cluster: float) -> CellStatus:
    record = _read_progress(cell.folder)
    if record is None:
        if cell.resources.gpus > 0:
            return CellStatus("waiting", 0.0, "waiting for a GPU" + (" (the cluster has none yet)"
                                                                      if gpus_in_cluster < cell.resources.gpus else ""))
        return CellStatus("waiting", 0.0, "waiting for a free CPU")
    state = "retrying" if int(record.get("attempt", 1)) > 1 else "running"
    if record.get("host") == socket.gethostname() and not _alive(record.get("pid")):
        state = "retrying"  # its worker died; Ray starts the task again
    return CellStatus(state, float(record.get("fraction", 0.0)), str(record.get("message", "")))


def _alive(pid: Any) -> bool:
    try:
        os.kill(int(pid), 0)
    except (OSError, TypeError, ValueError):
        return False
    return True


def describe(statuses: dict[str, CellStatus], running_shown: int = 2) -> tuple[float, str]:
    """One bar for a group: its fraction done and "3/6 done, 2 running, 1 waiting · cell: message; ..."."""
    if not statuses:
        return 1.0, "nothing to run"
    counts = {state: sum(status.state == state for status in statuses.values()) for state in STATES}
    fraction = sum(1.0 if status.state == "done" else min(max(status.fraction, 0.0), 1.0)
                   for status in statuses.values()) / len(statuses)
    parts = [f"{counts['done']}/{len(statuses)} done"] + [f"{counts[state]} {state}" for state in
                                                           ("running", "retrying", "waiting", "failed") if counts[state]]
    if counts["waiting"] and not counts["running"]:
        parts[-1] += f" ({next(s.message for s in statuses.values() if s.state == 'waiting') or 'queued'})"
    active = [f"{name}: {status.message}" for name, status in statuses.items()
              if status.state in ("running", "retrying") and status.message][:running_shown]
    return fraction, ", ".join(parts) + (" · " + "; ".join(active) if active else "")
