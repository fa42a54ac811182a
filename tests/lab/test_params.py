"""The one way experiments validate their Params (deeproots/lab/params.py) and the experiment registry."""
from __future__ import annotations

import ast
import dataclasses
import inspect
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pytest

from deeproots.errors import DeeprootsError
from deeproots.lab import params as checks
from deeproots.lab.experiments import EXPERIMENTS, experiment_module


@dataclass(frozen=True)
class Toy:
    EXPERIMENT: ClassVar[str] = "toy"
    count: object = 3
    rate: object = 0.5
    flag: object = True
    names: object = ("a",)


def message(call, **values) -> str:
    with pytest.raises(DeeprootsError) as info:
        call(Toy(**values))
    return str(info.value)


@pytest.mark.parametrize("low, high, allowed, value, expected", [
    (None, None, None, 1.5, "toy: count must be an integer (got 1.5)"),
    (1, None, None, 0, "toy: count must be an integer >= 1 (got 0)"),
    (None, 2, None, 3, "toy: count must be an integer <= 2 (got 3)"),
    (1, 8, None, 9, "toy: count must be an integer in [1, 8] (got 9)"),
    (1, 10**8, None, True, "toy: count must be an integer in [1, 100000000] (got True)"),
    (1, None, "a positive integer", 0, "toy: count must be a positive integer (got 0)"),
])
def test_check_integer_messages(low, high, allowed, value, expected):
    assert message(lambda p: checks.check_integer(p, "count", low, high, allowed=allowed), count=value) == expected


def test_check_integer_accepts_numpy_integers_and_returns_the_value():
    assert checks.check_integer(Toy(count=np.int64(4)), "count", 1, 8) == 4


@pytest.mark.parametrize("kwargs, value, expected", [
    ({"low": 0}, 0.0, "toy: rate must be a positive number (got 0.0)"),
    ({"low": 0, "high": 1}, 1, "toy: rate must be a number in (0, 1) (got 1)"),
    ({"low": 0, "high": 1, "low_open": False}, 1.0, "toy: rate must be a number in [0, 1) (got 1.0)"),
    ({"low": 0.5, "high": 1.0, "high_open": False}, 0.5, "toy: rate must be a number in (0.5, 1] (got 0.5)"),
    ({"low": 0, "high": 1}, True, "toy: rate must be a number in (0, 1) (got True)"),
    ({"low": 2, "low_open": False}, 1, "toy: rate must be a number >= 2 (got 1)"),
])
def test_check_number_messages(kwargs, value, expected):
    assert message(lambda p: checks.check_number(p, "rate", **kwargs), rate=value) == expected


def test_check_number_accepts_the_bounds_it_closes():
    assert checks.check_number(Toy(rate=0), "rate", 0, 1, low_open=False) == 0
    assert checks.check_number(Toy(rate=1.0), "rate", 0.5, 1.0, high_open=False) == 1.0


def test_check_flag_and_names():
    assert message(lambda p: checks.check_flag(p, "flag"), flag=1) == "toy: flag must be true or false (got 1)"
    assert message(lambda p: checks.check_names(p, "names", ("a", "b"), "a"), names=("b", "b")) == \
        "toy: names must be a tuple of distinct names from ('a', 'b') including 'a' (got ('b', 'b'))"
    assert checks.check_names(Toy(names=("b", "a")), "names", ("a", "b"), "a") == ("b", "a")
    assert str(checks.fail(Toy(), "a rule across fields")) == "toy: a rule across fields"


def test_unknown_experiment_is_one_line():
    with pytest.raises(DeeprootsError, match="no experiment 'count-sheep'; experiments are: count-lines, coordconv"):
        experiment_module("count-sheep")


@pytest.mark.parametrize("name", list(EXPERIMENTS))
def test_every_experiment_has_the_runner_s_interface(name):
    module = experiment_module(name)
    assert module.Params.EXPERIMENT == name  # the registered name is the one its errors use
    assert isinstance(module.QUICK, module.Params) and isinstance(module.FULL, module.Params)
    assert all(len(row) == 4 for row in module.PUBLISHED)
    assert list(inspect.signature(module.run).parameters)[:4] == ["params", "report", "progress", "checkpoints"]
    assert callable(module.verdict)
    assert "EXPERIMENT" not in {field.name for field in dataclasses.fields(module.Params)}  # not a parameter
    # a docstring under every field
    body = next(node for node in ast.parse(inspect.getsource(module.Params)).body).body
    documented = {body[i].target.id for i in range(len(body) - 1) if isinstance(body[i], ast.AnnAssign)
                  and isinstance(body[i + 1], ast.Expr) and isinstance(body[i + 1].value, ast.Constant)}
    assert {field.name for field in dataclasses.fields(module.Params)} <= documented


@pytest.mark.parametrize("name", list(EXPERIMENTS))
def test_every_experiment_refuses_a_bad_seed_in_one_line(name):
    module = experiment_module(name)
    with pytest.raises(DeeprootsError) as info:
        dataclasses.replace(module.QUICK, seed="zero")
    assert str(info.value).startswith(f"{name}: seed must be an integer") and "\n" not in str(info.value)
