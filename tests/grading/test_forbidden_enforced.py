"""Every name an exercise forbids is enforced (issue 12, item 5): a learner file that uses
it, run by a real worker, is reported as having used it; a name no trap can enforce makes
`deeproots dev check` fail instead of being dropped in silence."""
from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

import numpy as np
import pytest

from deeproots.content.catalog import catalog
from deeproots.grading.host.decode import read_reply
from deeproots.grading.host.process import WorkerProcess
from deeproots.grading.messages import MODULE_HANDLE, Call, Load, Value, dumps
from deeproots.grading.worker.traps import WHOLE_MATRIX_PRODUCT, enforcement_problem

FORBIDDEN_NAMES = sorted({name for exercise in catalog() for name in exercise.forbidden})
# A compiled type's forbidden method is called on an instance: how a learner makes one.
MAKE_INSTANCE = {"numpy.random.Generator": "numpy.random.default_rng(0)"}
A = np.arange(12.0).reshape(3, 4)
B = np.arange(20.0).reshape(4, 5) - 7


def worker_kind(name: str) -> str:
    return "torch" if name.startswith("torch") else "numpy"


def module_of(name: str) -> str:
    """The longest importable module that ``name`` starts with (numpy.linalg for numpy.linalg.svd)."""
    parts = name.split(".")
    for prefix in range(len(parts) - 1, 0, -1):
        try:
            if importlib.util.find_spec(".".join(parts[:prefix])) is not None:
                return ".".join(parts[:prefix])
        except ImportError:
            continue
    raise AssertionError(f"no module of {name} can be imported")


def use_of(name: str) -> str:
    """Statements that use ``name`` as a learner would (they raise before or after using it)."""
    if name == WHOLE_MATRIX_PRODUCT:
        return "A @ B"
    if name.endswith(".*"):
        return f"import {name[:-2]}"
    module = module_of(name)
    owner_name, method = name.rsplit(".", 1)
    owner = importlib.import_module(module)
    for part in owner_name[len(module) + 1:].split(".") if owner_name != module else []:
        owner = getattr(owner, part)
    if isinstance(owner, type):  # a method: called on an instance
        assert owner_name in MAKE_INSTANCE, f"{name}: say in MAKE_INSTANCE how a learner makes a {owner_name}"
        return f"import {module}\n        ({MAKE_INSTANCE[owner_name]}).{method}()"
    return f"import {module}\n        {name}()"  # a trap refuses before the TypeError


def learner_source(names: list[str]) -> str:
    functions = [f"def use_{index}(A, B):\n    try:\n        {use_of(name)}\n    except Exception as error:\n"
                 f"        return type(error).__name__\n    return 'not refused'\n"
                 for index, name in enumerate(names)]
    return "import numpy as np\n\n" + "\n".join(functions)


class Worker:
    """A real worker process, driven through the wire protocol, that reports after each
    request the forbidden names used so far."""

    def __init__(self, kind: str, learner: Path, forbidden: list[str], process: WorkerProcess | None = None):
        self.process = process or WorkerProcess(kind)
        self.process.wait_ready()
        reply = self.request(Load(str(learner), 4096, 10**6, 120, tuple(forbidden)))
        assert type(reply) is Value, reply

    def request(self, message):
        self.process.conn.send_bytes(dumps(message))
        assert self.process.conn.poll(120), "the worker did not answer"
        return read_reply(self.process.conn.recv_bytes())

    def call(self, function: str, *args):
        """(status, value or error, forbidden names used so far)"""
        reply = self.request(Call(MODULE_HANDLE, function, args, {}))
        if type(reply) is Value:
            return "ok", reply.value, reply.forbidden_used
        return "error", [reply.type_name, reply.message, reply.frames, reply.lineage], reply.forbidden_used

    def close(self):
        self.process.kill()
        self.process.output.close()


def numpy_worker(tmp_path: Path, source: str, forbidden: list[str]):
    """A numpy worker that loaded ``source`` with ``forbidden`` (for a fixture to yield from)."""
    learner = tmp_path / "learner.py"
    learner.write_text(source, encoding="utf-8")
    worker = Worker("numpy", learner, forbidden)
    yield worker
    worker.close()


def probe_groups() -> list[tuple[str, list[str]]]:
    """One worker per group: a package forbidden whole (scipy.linalg.*) would refuse the
    names inside it (scipy.linalg.solve) before their own traps, so packages go apart."""
    groups: dict[tuple[str, bool], list[str]] = {}
    for name in FORBIDDEN_NAMES:
        groups.setdefault((worker_kind(name), name.endswith(".*")), []).append(name)
    return [(kind, names) for (kind, _), names in sorted(groups.items())]


@pytest.fixture(scope="module")
def used_by_probe(tmp_path_factory):
    """name -> (what its probe returned, the forbidden names reported after it)"""
    results = {}
    groups = probe_groups()
    processes = [WorkerProcess(kind) for kind, _ in groups]  # they start side by side
    try:
        for number, ((kind, names), process) in enumerate(zip(groups, processes)):
            learner = tmp_path_factory.mktemp(f"probe{number}") / "learner.py"
            learner.write_text(learner_source(names), encoding="utf-8")
            worker = Worker(kind, learner, names, process)
            for index, name in enumerate(names):
                _, value, used = worker.call(f"use_{index}", A, B)
                results[name] = (value, used)
    finally:
        for process in processes:
            process.kill()
            process.output.close()
    return results


def test_the_manifest_forbids_names_of_every_kind():
    assert WHOLE_MATRIX_PRODUCT in FORBIDDEN_NAMES and "numpy.random.Generator.exponential" in FORBIDDEN_NAMES
    assert any(name.endswith(".*") for name in FORBIDDEN_NAMES) and len(FORBIDDEN_NAMES) > 50


@pytest.mark.parametrize("name", FORBIDDEN_NAMES)
def test_every_forbidden_name_is_refused_from_the_learner_file(used_by_probe, name):
    value, used = used_by_probe[name]
    if name.endswith(".*"):
        reported = any(entry.startswith(name[:-2]) and entry.endswith("(the whole package)") for entry in used)
    else:
        reported = name in used
    assert reported and value == "ForbiddenShortcut", f"{name}: the probe returned {value!r}, reported {used}"


@pytest.mark.parametrize("name", FORBIDDEN_NAMES)
def test_every_forbidden_name_can_be_enforced(name):
    assert enforcement_problem(name) is None


@pytest.mark.parametrize("name, says", [
    ("numpy.random.RandomState.exponential", "compiled type numpy.random.mtrand.RandomState"),
    ("numpy.linalg.sovle", "numpy.linalg has no attribute sovle"),
    ("nosuchpackage.*", "there is no package nosuchpackage"),
])
def test_a_name_no_trap_can_enforce_is_explained(name, says):
    assert says in enforcement_problem(name)


def test_dev_check_fails_on_a_name_no_trap_can_enforce(monkeypatch):
    import dataclasses
    from concurrent.futures import Future
    from contextlib import contextmanager

    from deeproots.app import devcheck as maintainer
    from deeproots.content.catalog import Catalog

    untrappable = "numpy.random.RandomState.exponential"
    exercises = Catalog([dataclasses.replace(exercise, forbidden=(untrappable,))
                         if exercise.id == "inverse-cdf-sampling" else exercise for exercise in catalog()])
    monkeypatch.setattr(maintainer, "load_catalog", lambda: exercises)

    @contextmanager
    def no_grading(parallel):  # this test is about the manifest, not about grading
        def submit(exercise):
            future = Future()
            future.set_result(maintainer.ExerciseReport(exercise))
            return future
        yield submit

    monkeypatch.setattr(maintainer, "graders_side_by_side", no_grading)
    problems, _ = maintainer.check_all(["inverse-cdf-sampling", "vectors-dot-norms"])
    enforcement = [problem for problem in problems if "cannot be enforced" in problem]
    assert len(enforcement) == 1 and enforcement[0].startswith(
        f"inverse-cdf-sampling: forbidden name {untrappable} cannot be enforced by a trap; "), problems


# --- the holes the audit found --------------------------------------------------------------
GENERATOR_LEARNER = '''
import numpy as np

def exponential_of(rng):
    return rng.exponential(2.0, size=3)

def uniforms_of(rng):
    return [isinstance(rng, np.random.Generator), rng.random(3)]

def exponential_of_a_constructed_generator():
    return np.random.Generator(np.random.PCG64(0)).exponential()

def exponential_through_the_class():
    return np.random.Generator.exponential(np.random.default_rng(0))

def library_exponential(rng):
    import scipy.stats
    return scipy.stats.expon.rvs(size=3, random_state=rng)
'''


@pytest.fixture
def generator_worker(tmp_path):
    yield from numpy_worker(tmp_path, GENERATOR_LEARNER, ["numpy.random.Generator.exponential"])


def test_a_generator_passed_by_the_checks_refuses_its_forbidden_method(generator_worker):
    status, _, used = generator_worker.call("exponential_of", np.random.default_rng(0))
    assert status == "error" and used == ["numpy.random.Generator.exponential"]


def test_a_generator_passed_by_the_checks_draws_its_own_stream(generator_worker):
    status, (is_generator, uniforms), used = generator_worker.call("uniforms_of", np.random.default_rng(7))
    assert status == "ok" and is_generator and used == []
    assert np.array_equal(uniforms, np.random.default_rng(7).random(3))


@pytest.mark.parametrize("function", ["exponential_of_a_constructed_generator", "exponential_through_the_class"])
def test_a_generator_the_learner_makes_refuses_its_forbidden_method(generator_worker, function):
    status, _, used = generator_worker.call(function)
    assert status == "error" and used == ["numpy.random.Generator.exponential"]


def test_library_code_may_call_the_forbidden_method(generator_worker):
    status, samples, used = generator_worker.call("library_exponential", np.random.default_rng(3))
    assert status == "ok" and used == [], samples
    assert np.allclose(samples, np.random.default_rng(3).exponential(size=3))


PACKAGE_LEARNER = '''
import sys
import scipy

def lazy_attribute():
    return scipy.stats.norm.pdf(0.0)

def import_module():
    import importlib
    return importlib.import_module("scipy.stats").norm.pdf(0.0)

def through_sys_modules():
    import sklearn.preprocessing  # imports scipy.stats itself
    return sys.modules["scipy.stats"].norm.pdf(0.0)

def library_uses_it(X):
    import sklearn.preprocessing
    return sklearn.preprocessing.quantile_transform(X, n_quantiles=5, output_distribution="normal")

def loaded():
    return "scipy.stats" in sys.modules
'''


@pytest.fixture
def package_worker(tmp_path):
    yield from numpy_worker(tmp_path, PACKAGE_LEARNER, ["scipy.stats.*"])


@pytest.mark.parametrize("function", ["lazy_attribute", "import_module", "through_sys_modules"])
def test_a_forbidden_package_is_refused_however_the_learner_reaches_it(package_worker, function):
    status, _, used = package_worker.call(function)
    assert status == "error" and used == ["scipy.stats (the whole package)"], used


def test_library_code_may_use_a_forbidden_package(package_worker):
    X = np.linspace(0.0, 1.0, 10).reshape(5, 2)
    status, value, used = package_worker.call("library_uses_it", X)
    assert status == "ok" and used == [], value
    assert np.allclose(value[2], 0.0)  # the median maps to the normal's median
    status, value, used = package_worker.call("lazy_attribute")
    assert status == "error" and used == ["scipy.stats (the whole package)"]


def test_a_forbidden_package_is_not_imported_by_its_trap(package_worker):
    status, loaded, used = package_worker.call("loaded")
    assert status == "ok" and used == []
    assert loaded is False  # the learner never imported it: neither did its trap
