"""`make start` is a newcomer's first screen: installing the package must print no setuptools warnings.
(It sits here because the report track owns pyproject.toml's license table.)"""
from __future__ import annotations

import tomllib
import warnings
from pathlib import Path

import pytest

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_pyproject_reads_without_deprecation_warnings():
    setuptools_config = pytest.importorskip("setuptools.config.pyprojecttoml")
    from setuptools.dist import Distribution

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        setuptools_config.apply_configuration(Distribution(), PYPROJECT)  # what a build does with it
    messages = [f"{w.category.__name__}: {str(w.message).strip().splitlines()[0]}" for w in caught]
    assert not messages, messages


def test_license_is_an_spdx_expression_with_a_setuptools_that_reads_it():
    pyproject = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    assert pyproject["project"]["license"] == "MIT", "an SPDX string (PEP 639), not the deprecated table"
    # setuptools reads a string license from 77 on; an older one in the isolated build would fail
    assert "setuptools>=77" in pyproject["build-system"]["requires"]
