"""A project's two runs in the learner's process: training under a budget, then evaluation.

Training (:func:`train`) sends :class:`~deeproots.grading.messages.Train` to a worker that has
loaded the learner's file and reads :class:`~deeproots.grading.messages.Progress` messages
until the final state comes back. The budget is enforced here: past the time budget plus a
grace the process group is killed and the last checkpoint is what the run has. Ctrl-C kills
it the same way and keeps the checkpoint for ``--resume``.

Evaluation (:func:`evaluate`) starts a fresh worker, loads the learner's file, rebuilds the
model with the learner's ``load(state)`` and hands the project's evaluator the learner's
module and the model as proxies: the evaluator draws the hidden data here, from a seed
taken from ``os.urandom`` at every evaluation, sends only inputs, and keeps labels, seeds and
scoring in this process. Both runs are guarded like an exercise: the package's files are
restored and a change to them fails the run.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from deeproots.grading import messages
from deeproots.grading.errors import ForbiddenCall, InputMutated, LearnerError, RunAborted
from deeproots.grading.host.guard import PackageGuard, stop_writing_bytecode
from deeproots.grading.host.process import WorkerProcess
from deeproots.grading.host.session import MissingName, Remote, Session
from deeproots.grading.host.state import BadState, check_state
from deeproots.grading.messages import Load, Progress, Train
from deeproots.runs.device import check_available

LOAD_LIMIT_S = 60.0  # importing the learner's file (and PyTorch's first use)
OUTPUT_LIMIT_BYTES = 5_000_000  # training logs more than an exercise, but not without end


def grace_seconds(budget_s: float) -> float:
    """How long past its time budget a training run may take to return its state."""
    return 10.0 + 0.1 * budget_s


@dataclass(frozen=True)
class Limits:
    """What the grader enforces on one run of a project."""

    kind: str  # the worker's warm imports: "numpy" or "torch"
    memory_mb: int
    seconds: float  # the time budget of training (inf: none)
    steps: int = 0  # the step budget (0: none), counted in the worker
    threads: int = 1
    device: str = "auto"
    forbidden: tuple[str, ...] = ()
    kit: str = ""  # the module of the project's helpers (ctx.kit), imported in the worker
    eval_seconds: float = 60.0
    grace_s: float | None = None  # past the time budget; None: grace_seconds(seconds)


@dataclass
class Training:
    """How a training run ended and what it left.

    ``status``: finished (``train`` returned), steps (the step budget ran out inside ``train``),
    time (stopped at the time budget), interrupted (Ctrl-C), error (the learner's code failed).
    ``state`` is the final state, else the last checkpoint's (``from_checkpoint``), else None.
    """

    status: str = "error"
    state: Any = None
    from_checkpoint: bool = False
    steps: int = 0
    seconds: float = 0.0
    rows: list = field(default_factory=list)
    problem: str = ""
    output: str = ""
    tampered: list[str] = field(default_factory=list)
    device: str = ""  # where train(ctx) ran, as the worker reports it: "cpu", "cuda:0 (<card>)"


class _Guarded:
    """One worker under the package guard: started, loaded with the learner's file, killed."""

    def __init__(self, limits: Limits, learner_file: Path, cpu_seconds: float):
        stop_writing_bytecode()
        self.worker = WorkerProcess(limits.kind)
        self.guard = PackageGuard()
        self.learner_file = str(Path(learner_file).resolve())
        self.limits, self.cpu_seconds = limits, cpu_seconds

    def __enter__(self) -> Session:
        session = Session(self.worker, time.monotonic() + LOAD_LIMIT_S, self.learner_file)
        try:
            self.worker.wait_ready()
            session.request(Load(self.learner_file, self.limits.memory_mb, OUTPUT_LIMIT_BYTES,
                                 int(self.cpu_seconds), self.limits.forbidden))
        except LearnerError as error:
            self.__exit__()
            raise RunAborted(f"your file could not be loaded: {error.summary()}") from None
        except ForbiddenCall as error:
            self.__exit__()
            raise RunAborted(forbidden_message(error)) from None
        except BaseException:
            self.__exit__()
            raise
        return session

    def __exit__(self, *exc: object) -> None:
        self.worker.kill()
        self.output, printed = self.worker.read_output()
        self.worker.output.close()
        self.tampered = self.guard.restore()
        self.printed_too_much = printed >= OUTPUT_LIMIT_BYTES


def forbidden_message(error: ForbiddenCall) -> str:
    return f"this project does not allow {', '.join(map(str, error.names))} (see the statement)"


def _finish(run: _Guarded) -> list[str]:
    problems = []
    if run.printed_too_much:
        problems.append(f"your code printed more than {OUTPUT_LIMIT_BYTES // 1_000_000} MB; print less often")
    if run.tampered:
        problems.append(f"your code modified deeproots' own files ({', '.join(run.tampered[:5])}); they were restored")
    return problems


def train(learner_file: Path, limits: Limits, *, seed: int, quick: bool, resume: Any = None,
          resumed_steps: int = 0, resumed_seconds: float = 0.0,
          on_progress: Callable[[Progress], None] | None = None,
          on_checkpoint: Callable[[Any, int, float], None] | None = None) -> Training:
    """Train the learner's model under ``limits``; never raises for the learner's failures."""
    if limits.device == "cuda":  # one line before any worker starts, never a silent CPU run
        check_available(limits.device)
    result = Training(steps=resumed_steps, seconds=resumed_seconds)
    remaining = max(0.0, limits.seconds - resumed_seconds)
    wall_limit = remaining + (limits.grace_s if limits.grace_s is not None else grace_seconds(limits.seconds))
    run = _Guarded(limits, learner_file, cpu_seconds=min(wall_limit * max(1, limits.threads) + 30, 10**7))
    try:
        with run as session:
            session.worker.conn.send_bytes(messages.dumps(Train(
                limits.seconds, limits.steps, limits.threads, limits.device, seed, quick, limits.kit,
                resume, resumed_steps, resumed_seconds)))
            _read_training(session, result, time.monotonic() + wall_limit, on_progress, on_checkpoint)
    except RunAborted as aborted:
        result.status, result.problem = "error", str(aborted)
    except KeyboardInterrupt:
        result.status, result.problem = "interrupted", "stopped with Ctrl-C"
    result.output, result.tampered = run.output, run.tampered
    problems = _finish(run)
    if problems:
        result.status, result.problem = "error", "; ".join(problems)
    if result.status == "error":  # a failed run is not scored, whatever it checkpointed
        result.state, result.from_checkpoint = None, False
    return result


def _read_training(session: Session, result: Training, deadline: float,
                   on_progress: Callable | None, on_checkpoint: Callable | None) -> None:
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            result.status = "time"
            result.problem = "stopped at the time budget (plus its grace): scored on the last checkpoint"
            return
        reply = session.next_reply(min(left, 0.5), max_bytes=1 << 31)  # a checkpoint may be large
        if reply is None:
            continue
        if reply.forbidden_used:
            raise RunAborted(forbidden_message(ForbiddenCall(reply.forbidden_used)))
        if type(reply) is Progress:
            result.steps, result.seconds = int(reply.steps), float(reply.seconds)
            rows = reply.metrics.get("rows", []) if type(reply.metrics) is dict else []
            device = reply.metrics.get("device") if type(reply.metrics) is dict else None
            if type(device) is str and len(device) <= 200:
                result.device = device
            result.rows.extend(row for row in rows if _is_row(row))
            if reply.has_state:
                _keep_state(result, reply.state, checkpoint=True, on_checkpoint=on_checkpoint)
            if on_progress is not None:
                on_progress(reply)
        elif type(reply) is messages.Error:
            if reply.type_name == "BudgetExhausted":
                result.status, result.problem = "steps", "the step budget ran out inside train(): scored on the last checkpoint"
            else:
                error = LearnerError(reply.type_name, reply.message, reply.frames, reply.lineage)
                result.status, result.problem = "error", f"train() raised {error.summary()}"
            return
        else:
            _keep_state(result, reply.value, checkpoint=False, on_checkpoint=on_checkpoint)
            result.status = "finished"
            return


def _is_row(row: Any) -> bool:
    return (type(row) in (tuple, list) and len(row) == 3 and type(row[2]) is dict
            and all(type(v) is float for v in row[2].values()))


def _keep_state(result: Training, state: Any, checkpoint: bool, on_checkpoint: Callable | None) -> None:
    try:
        check_state(state, "the checkpoint's state" if checkpoint else "what train() returned")
    except BadState as bad:
        raise RunAborted(str(bad)) from None
    result.state, result.from_checkpoint = state, checkpoint
    if on_checkpoint is not None:
        on_checkpoint(state, result.steps, result.seconds)


@dataclass
class Evaluated:
    """What the project's evaluator returned, or why there is nothing to score."""

    value: Any = None
    problem: str = ""
    output: str = ""
    seconds: float = 0.0


def evaluate(learner_file: Path, limits: Limits, state: Any,
             evaluator: Callable[[Remote, Remote, Any], Any]) -> Evaluated:
    """Rebuild the learner's model from ``state`` in a fresh worker and run
    ``evaluator(learner_module, model, rng)`` here, with a generator seeded from ``os.urandom``."""
    import numpy as np

    started = time.monotonic()
    result = Evaluated()
    run = _Guarded(limits, learner_file, cpu_seconds=limits.eval_seconds * max(1, limits.threads) + 30)
    try:
        with run as session:
            session.deadline = time.monotonic() + limits.eval_seconds
            learner = session.module()
            model = learner.load(state) if state is not None else None  # a probe has no model
            rng = np.random.default_rng(int.from_bytes(os.urandom(16), "little"))
            result.value = evaluator(learner, model, rng)
    except RunAborted as aborted:
        result.problem = str(aborted)
    except MissingName as missing:
        result.problem = str(missing)
    except LearnerError as error:
        result.problem = f"your code raised {error.summary()}"
    except (ForbiddenCall, InputMutated) as error:
        result.problem = (forbidden_message(error) if isinstance(error, ForbiddenCall)
                          else f"your function modified its input in place ({', '.join(error.names)})")
    except Exception as error:  # noqa: BLE001 - the evaluator could not use what the learner's code gave
        what = "your probe" if state is None else "your model's answers"  # a probe has no model
        result.problem = f"could not score {what}: {error}"
    result.output = run.output
    problems = _finish(run)
    if problems:
        result.value, result.problem = None, "; ".join(problems)
    result.seconds = time.monotonic() - started
    return result
