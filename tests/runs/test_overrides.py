"""`--set name=value`: one parser and one coercion to a Params field's type for every run command."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from deeproots.errors import DeeprootsError
from deeproots.runs.overrides import apply, coerce, parse_settings


@dataclass(frozen=True)
class Params:
    epochs: int = 3
    lr: float = 0.1
    double: bool = False
    name: str = "adam"
    hidden: tuple[int, ...] = (64, 64)
    splits: tuple[str, ...] = ("uniform",)


def test_values_are_literals_where_they_are_one():
    assert parse_settings(["epochs=3", "lr=1e-3", "double=True", "hidden=(32,32)", "name=sgd", "x="]) == \
        {"epochs": 3, "lr": 0.001, "double": True, "hidden": (32, 32), "name": "sgd", "x": ""}
    assert parse_settings(None) == {}


@pytest.mark.parametrize("bad", ["epochs", "=3"])
def test_a_setting_without_a_name_is_one_line(bad):
    with pytest.raises(DeeprootsError, match="write name=value") as caught:
        parse_settings([bad])
    assert "\n" not in str(caught.value)


def test_values_take_the_type_of_the_field():
    got = apply(Params(), parse_settings(["epochs=1e2", "lr=1", "double=true", "name=3", "hidden=32,16",
                                          "splits=uniform,center"]), "test")
    assert got == Params(epochs=100, lr=1.0, double=True, name="3", hidden=(32, 16), splits=("uniform", "center"))
    assert type(got.lr) is float and type(got.epochs) is int
    assert coerce("double", "false", True) is False and coerce("hidden", [8], (1,)) == (8,)


@pytest.mark.parametrize("name,value,message", [("epochs", "many", "epochs must be an integer, got 'many'"),
                                                ("epochs", 2.5, "epochs must be an integer"),
                                                ("double", "maybe", "double must be true or false"),
                                                ("double", "yes", "double must be true or false"),
                                                ("double", 1, "double must be true or false"),
                                                ("lr", "fast", "lr must be a number")])
def test_a_value_of_the_wrong_type_is_one_line(name, value, message):
    with pytest.raises(DeeprootsError, match=message):
        apply(Params(), {name: value}, "test")


def test_an_unknown_name_lists_the_allowed_ones():
    with pytest.raises(DeeprootsError, match="unknown hyper-parameter 'epoch': coordconv has no parameter by that "
                                             "name; allowed: epochs, lr, double, name, hidden, splits"):
        apply(Params(), {"epoch": 3}, "coordconv")
    assert apply(Params(), {}, "x") == Params()
