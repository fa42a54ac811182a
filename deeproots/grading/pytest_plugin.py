"""Run an exercise's checks under plain pytest (for maintainers and the latency benchmark).

    python -m pytest -p deeproots.grading.pytest_plugin deeproots/exercises/.../test_exercise.py \
        --deeproots-target solution        # or: exercise, or a path to a learner's file

The learner's module is imported in pytest's own process: no isolation, no time limit.
The grader (``deeproots check``) is the trustworthy way; this is the quick way.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from deeproots.content.stubs import make_stub
from deeproots.grading.checks import seed_for


def pytest_configure(config: pytest.Config) -> None:
    # As under the grader: exercises are small, thread pools only add overhead.
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--deeproots-target", default="solution",
                     help="exercise, solution, or a path to a learner's file")


@pytest.fixture
def ex(request: pytest.FixtureRequest):
    target = request.config.getoption("--deeproots-target")
    folder = Path(request.node.path).parent
    path = folder / "solution.py" if target in ("exercise", "solution") else Path(target)
    if target == "exercise":  # the stub is made from solution.py
        path = request.getfixturevalue("tmp_path") / "exercise.py"
        path.write_text(make_stub((folder / "solution.py").read_text(encoding="utf-8")), encoding="utf-8")
    spec = importlib.util.spec_from_file_location(f"deeproots_learner_{abs(hash(path))}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def rng(request: pytest.FixtureRequest) -> np.random.Generator:
    return np.random.default_rng(seed_for(request.node.originalname))
