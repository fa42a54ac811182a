"""The wire between grader and worker (issue 13): typed messages, a restricted decoder that
rebuilds only allow-listed classes, and the two sides importing nothing of each other."""
from __future__ import annotations

import dataclasses
import pickle
import socket
import subprocess
import sys
import time
from multiprocessing.connection import Connection

import numpy as np
import pytest

from deeproots.grading.errors import RunAborted
from deeproots.grading.host.decode import UnsafePayload, read_reply, safe_loads
from deeproots.grading.host.session import Session
from deeproots.grading.messages import (MODULE_HANDLE, Call, Error, GetAttr, Handle, Load, Names, Routine, Tensor,
                                        Value, dumps)


@dataclasses.dataclass(frozen=True)
class LookalikeValue:
    """Same fields as Value, another class: what a learner could pickle into a reply."""

    value: object = None
    mutated: list = dataclasses.field(default_factory=list)
    forbidden_used: list = dataclasses.field(default_factory=list)


class ValueSubclass(Value):
    def __eq__(self, other):
        return True


def test_every_reply_and_marker_round_trips_through_the_safe_decoder():
    value = [Handle(7, "Estimator", True), Tensor(np.arange(3.0), "torch.float64", True), Routine(),
             np.float32(2.5), {"k": (1, 2.0, "s", None)}, {1, 2}, np.arange(4).reshape(2, 2)]
    reply = read_reply(dumps(Value(value, ["argument 1"], ["numpy.dot"])))
    assert type(reply) is Value and reply.mutated == ["argument 1"] and reply.forbidden_used == ["numpy.dot"]
    handle, tensor, routine, scalar, *rest = reply.value
    assert handle == value[0] and routine == Routine() and scalar == np.float32(2.5) and rest[:2] == value[4:6]
    assert type(tensor) is Tensor and np.array_equal(tensor.array, value[1].array)
    assert (tensor.dtype, tensor.requires_grad) == ("torch.float64", True)
    assert np.array_equal(rest[2], value[6])
    error = Error("ValueError", "bad", [(3, "raise ValueError", "f")], ["ValueError", "Exception"], [])
    assert read_reply(dumps(error)) == error


def test_requests_name_their_fields_and_the_module_handle_is_named():
    load = Load("/tmp/x.py", memory_mb=512, output_limit_bytes=10**6, cpu_seconds=35, forbidden=("numpy.dot",))
    assert pickle.loads(dumps(load)) == load
    assert pickle.loads(dumps(Call(MODULE_HANDLE, "dot", (1, Handle(5)), {"k": 2}))).args == (1, Handle(5))
    assert pickle.loads(dumps(GetAttr(MODULE_HANDLE, "dot"))).name == "dot"
    assert pickle.loads(dumps(Names(MODULE_HANDLE))).handle == MODULE_HANDLE == 0


@pytest.mark.parametrize("reply", [LookalikeValue(1.0), ValueSubclass(1.0)], ids=["lookalike", "subclass"])
def test_a_reply_of_a_class_not_allow_listed_is_refused(reply):
    with pytest.raises(UnsafePayload, match="refused to rebuild"):
        read_reply(dumps(reply))


def test_a_message_class_that_is_not_a_reply_is_refused():
    with pytest.raises(UnsafePayload, match="refused to rebuild"):
        read_reply(dumps(Load("/tmp/x.py", 1, 1, 1)))
    with pytest.raises(UnsafePayload, match="expected a reply"):
        read_reply(dumps(("ok", None, [], [])))  # the old positional format
    with pytest.raises(UnsafePayload, match="expected a reply"):
        read_reply(dumps(Handle(3)))


def test_a_reply_with_missing_or_extra_fields_is_refused():
    partial = Value.__new__(Value)
    object.__setattr__(partial, "value", 1.0)
    with pytest.raises(UnsafePayload, match="fields"):
        read_reply(dumps(partial))
    extra = Value(1.0)
    object.__setattr__(extra, "__eq__", None)
    with pytest.raises(UnsafePayload, match="fields"):
        read_reply(dumps(extra))


class Anything(float):
    def __eq__(self, other):
        return True


def test_plain_data_of_another_class_inside_a_value_is_refused():
    with pytest.raises(UnsafePayload):
        safe_loads(dumps(Value([Anything(1.0)])))


class _FakeWorker:
    """One end of a socket pair standing in for a worker process that sends what we say."""

    def __init__(self):
        ours, theirs = socket.socketpair()
        self.conn, self.other = Connection(ours.detach()), Connection(theirs.detach())

    def death(self) -> str:
        return "died"

    def timeout_message(self, learner_file: str) -> str:
        return "timed out"


def test_a_session_aborts_the_run_on_a_reply_it_refuses():
    worker = _FakeWorker()
    session = Session(worker, time.monotonic() + 10)
    worker.other.send_bytes(dumps(LookalikeValue(1.0)))
    with pytest.raises(RunAborted, match="not plain data"):
        session.request(GetAttr(MODULE_HANDLE, "dot"))
    assert type(pickle.loads(worker.other.recv_bytes())) is GetAttr  # what the session sent


def _imported_modules(statement: str) -> list[str]:
    code = f"import sys\n{statement}\nprint('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    return done.stdout.split()


def test_the_worker_imports_no_host_module():
    modules = _imported_modules("import deeproots.grading.worker.main, deeproots.grading.worker.encode")
    assert "deeproots.grading.worker.encode" in modules
    assert not [m for m in modules if m.startswith("deeproots.grading.host")]
    assert "deeproots.grading.checks" not in modules


def test_the_host_imports_no_worker_module_and_checks_import_no_host_module():
    modules = _imported_modules("import deeproots.grading.host.grader, deeproots.grading.host.pool")
    assert "deeproots.grading.host.session" in modules
    assert not [m for m in modules if m.startswith("deeproots.grading.worker")]
    checks = _imported_modules("import deeproots.grading.checks, deeproots.grading.functions")
    assert not [m for m in checks if m.startswith("deeproots.grading.host")]


def test_the_grader_words_transport_failures_as_before():
    from deeproots.grading.errors import ForbiddenCall, InputMutated
    from deeproots.grading.host.grader import _as_failure

    assert _as_failure(ForbiddenCall(["numpy.dot", "numpy.linalg.norm"])).message == (
        "this exercise asks you not to call numpy.dot, numpy.linalg.norm; the point is to write it yourself")
    assert _as_failure(InputMutated(["argument 1", "x"])).message == (
        "your function modified its input in place (argument 1, x); "
        "work on a copy (x = x.copy()) or build a new array")
