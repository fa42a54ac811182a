"""The grader: runs an exercise's checks here, against learner code over there.

Trust model: check functions and every expected value run in this process; the learner's
module runs in a worker process (``host/process.py``, reached through ``host/session.py``)
with a time limit, a memory limit and no stdin, and only plain data comes back. The
transport's own exceptions (``grading/errors.py``) become failing checks here, with the
messages a learner reads. A verdict is "passed" only
when this process saw every check pass: a worker that exits early, crashes, hangs or
prints without end ends in a failing verdict with the reason.
"""
from __future__ import annotations

import errno
import hashlib
import importlib.util
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import numpy as np

from deeproots.content.catalog import Exercise
from deeproots.grading.checks import CheckFailure, CheckResult, seed_for
from deeproots.grading.errors import ForbiddenCall, InputMutated, LearnerError, RunAborted
from deeproots.grading.host.guard import PackageGuard, stop_writing_bytecode
from deeproots.grading.host.pool import WorkerPool
from deeproots.grading.host.session import MissingName, Session
from deeproots.grading.messages import Load

OUTPUT_LIMIT_BYTES = 1_000_000
OUTPUT_LIMIT_MESSAGE = (f"your code printed more than {OUTPUT_LIMIT_BYTES // 1_000_000} MB; "
                        "remove the print in the loop")
_LOADING = threading.Lock()
# How a check reads when the learner's write hit RLIMIT_FSIZE: the OSError, or the process
# killed by SIGXFSZ when the learner's code stopped ignoring it.
_OUTPUT_LIMIT_ERRORS = (f"your code raised OSError: [Errno {errno.EFBIG}]", "your code's process exceeded the output limit")


@dataclass
class Verdict:
    """The outcome of checking one learner file.

    ``status`` is one of: passed, failed, not-started (every failure is the stub's
    NotImplementedError), error (the file could not run: syntax error, crash, timeout...).
    """

    exercise_id: str
    status: str
    checks: list[CheckResult] = field(default_factory=list)
    problem: str = ""
    output: str = ""
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return self.status == "passed"


def _single_threaded_references() -> None:
    """References are small computations: thread pools in the grader only add overhead and
    contention with the worker (run after each check module's imports)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(1)


def _explain(error: LearnerError) -> str:
    where = error.where()
    if error.type_name == "NotImplementedError":
        return f"not implemented yet ({where})" if where else "not implemented yet"
    return f"your code raised {error.summary()}"


def _as_failure(error: ForbiddenCall | InputMutated) -> CheckFailure:
    """What the learner reads when the transport reported a forbidden call or a mutated input."""
    if isinstance(error, ForbiddenCall):
        return CheckFailure(f"this exercise asks you not to call {', '.join(map(str, error.names))}; "
                            "the point is to write it yourself")
    return CheckFailure(f"your function modified its input in place ({', '.join(map(str, error.names))}); "
                        "work on a copy (x = x.copy()) or build a new array")


class Grader:
    """Checks learner files; reuse one instance (and a prewarmed pool) for instant verdicts."""

    def __init__(self, pool: WorkerPool | None = None):
        self.pool = pool or WorkerPool(prewarm=False)
        self._checks: dict[Path, tuple[bytes, ModuleType]] = {}
        stop_writing_bytecode()  # so that nothing of ours writes into the package during a run
        self.guard: PackageGuard | None = None  # read at the first check, while a worker starts

    def __enter__(self) -> "Grader":
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.close()  # the spare workers

    def warm(self, exercise: Exercise) -> None:
        """Start a worker for this exercise's kind now, and load its checks."""
        self._check_module(exercise)
        self.pool.replenish(exercise.worker_kind)

    def _check_module(self, exercise: Exercise) -> ModuleType:
        path = exercise.check_file
        source = path.read_bytes()
        cached = self._checks.get(path)
        if cached and cached[0] == source:
            return cached[1]
        name = f"deeproots_checks_{hashlib.sha1(str(path).encode()).hexdigest()[:12]}"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        with _LOADING:  # graders in threads: never see another's half-imported torch
            spec.loader.exec_module(module)
            _single_threaded_references()
        self._checks[path] = (source, module)
        return module

    def check(self, exercise: Exercise, learner_file: Path) -> Verdict:
        started = time.monotonic()
        worker = self.pool.take(exercise.worker_kind)  # first: its imports overlap ours below
        verdict = Verdict(exercise.id, "error")
        try:
            checks_module = self._check_module(exercise)
            # After our own imports, before the learner's code runs: edits made between runs
            # (a maintainer's) are kept, and anything that changes from here on is undone.
            if self.guard is None:
                self.guard = PackageGuard()
            else:
                self.guard.accept_changes()
            worker.wait_ready()
            learner_path = str(Path(learner_file).resolve())
            session = Session(worker, time.monotonic() + exercise.time_limit, learner_path)
            self._run(exercise, learner_path, checks_module, session, verdict)
        except RunAborted as aborted:
            verdict.status, verdict.problem = "error", str(aborted)
        finally:
            worker.kill()
            verdict.output, printed = worker.read_output()
            worker.output.close()
        if printed >= OUTPUT_LIMIT_BYTES:
            verdict.status, verdict.problem = "error", OUTPUT_LIMIT_MESSAGE
            # Past the limit every write fails with EFBIG ("[Errno 27] File too large"): the
            # checks failed because of the printing, so they say the same as the headline.
            for result in verdict.checks:
                if not result.passed and result.message.startswith(_OUTPUT_LIMIT_ERRORS):
                    result.message, result.details = OUTPUT_LIMIT_MESSAGE, {}
        tampered = self.guard.restore() if self.guard else []  # before the next spare worker imports anything
        if tampered:
            named = ", ".join(tampered[:5]) + (f" and {len(tampered) - 5} more" if len(tampered) > 5 else "")
            verdict.status = "error"
            verdict.problem = f"your code modified deeproots' own files ({named}); they were restored"
        verdict.seconds = time.monotonic() - started
        self.pool.replenish(exercise.worker_kind)
        return verdict

    def _run(self, exercise: Exercise, learner_file: str, checks_module: ModuleType,
             session: Session, verdict: Verdict) -> None:
        try:
            session.request(Load(learner_file, exercise.memory_mb, OUTPUT_LIMIT_BYTES,
                                 int(exercise.time_limit) + 5, tuple(exercise.forbidden)))
        except LearnerError as error:
            verdict.problem = f"your file could not be loaded: {_explain(error)}"
            return
        except (ForbiddenCall, InputMutated) as error:  # a forbidden import, say
            verdict.problem = _as_failure(error).message
            return
        learner = session.module()
        tests = [(name, fn) for name, fn in vars(checks_module).items()
                 if name.startswith("test_") and callable(fn)]
        not_implemented = 0
        for name, test in tests:
            result = CheckResult(name, passed=False)
            began = time.monotonic()
            try:
                test(learner, np.random.default_rng(seed_for(name)))
                result.passed = True
            except CheckFailure as failure:
                result.message, result.details = failure.message, failure.details
            except (ForbiddenCall, InputMutated) as error:
                result.message = _as_failure(error).message
            except MissingName as missing:  # before Exception: it is an AttributeError
                result.message = str(missing)
            except LearnerError as error:
                result.message = _explain(error)
                not_implemented += error.type_name == "NotImplementedError"
            except RunAborted as aborted:
                result.message = str(aborted)
                verdict.checks.append(result)
                verdict.problem = str(aborted)
                return
            except Exception as error:  # noqa: BLE001 - the check could not use the learner's result
                result.message = (f"the check could not use your result ({type(error).__name__}: {error}); "
                                  "does your function return what the docstring asks for?")
            result.seconds = time.monotonic() - began
            verdict.checks.append(result)
        failed = [result for result in verdict.checks if not result.passed]
        if not failed:
            verdict.status = "passed"
        elif not_implemented == len(failed) == len(verdict.checks):
            verdict.status = "not-started"
        else:
            verdict.status = "failed"
