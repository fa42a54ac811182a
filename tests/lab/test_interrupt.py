"""Ctrl-C during `lab run`: the learner is told what can be resumed and how, and `lab list` shows it."""
from __future__ import annotations

import dataclasses

import pytest
from typer.testing import CliRunner

from deeproots.cli import lab as cli_lab
from deeproots.cli import app
from deeproots.lab.experiments import coordconv

TINY = {"image_size": 16, "square": 3, "deconv_epochs": 4, "coordconv_epochs": 3, "deconv_width": 16,
        "coordconv_width": 8, "eval_every": 1, "gallery_size": 2, "splits": ("uniform",)}


@pytest.fixture
def lab(monkeypatch):
    """`deeproots lab ...` in this process, on an 80-column terminal, with coordconv's quick preset tiny.
    ``lab(args, interrupt_at=n)`` presses Ctrl-C at the n-th progress callback."""
    monkeypatch.setattr(coordconv, "QUICK", dataclasses.replace(coordconv.QUICK, **TINY))
    monkeypatch.setenv("COLUMNS", "80")  # a common terminal; resume commands must survive it

    def invoke(args, interrupt_at=None):
        calls = []

        def with_ctrl_c(label, work):
            def progress(fraction, message):
                calls.append(message)
                if len(calls) == interrupt_at:
                    raise KeyboardInterrupt
            return work(progress)

        monkeypatch.setattr(cli_lab, "with_progress", with_ctrl_c)
        return CliRunner().invoke(app, ["lab", *[str(arg) for arg in args]])
    return invoke


def test_ctrl_c_after_a_checkpoint_names_the_resume_command_and_list_shows_it(tmp_path, lab):
    result = lab(["run", "coordconv", "--out", tmp_path], interrupt_at=3)  # inside the first model's training
    assert result.exit_code == 130, result.output
    [folder] = (tmp_path / "coordconv").iterdir()
    assert (folder / "params.json").is_file() and any((folder / "checkpoints").glob("*.pt"))
    command = f"deeproots lab run coordconv --resume {folder}"
    assert f"interrupted; resume with: {command}" in result.output
    listed = lab(["list", "--out", tmp_path])
    assert listed.exit_code == 0 and command in listed.output, listed.output


def test_ctrl_c_before_anything_was_saved_leaves_nothing_and_points_nowhere_else(tmp_path, lab):
    older = lab(["run", "coordconv", "--out", tmp_path], interrupt_at=3)  # an earlier run, left unfinished
    [older_folder] = (tmp_path / "coordconv").iterdir()
    assert older.exit_code == 130
    result = lab(["run", "coordconv", "--out", tmp_path], interrupt_at=1)  # Ctrl-C at the very first callback
    assert result.exit_code == 130, result.output
    assert list((tmp_path / "coordconv").iterdir()) == [older_folder], "the empty run folder must go"
    assert "interrupted before anything was saved; nothing to resume" in result.output
    assert "--resume" not in result.output, "this run left nothing: do not offer another run's folder as its resume"
    listed = lab(["list", "--out", tmp_path])
    assert f"deeproots lab run coordconv --resume {older_folder}" in listed.output, listed.output
