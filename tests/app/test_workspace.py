"""Workspaces: init never overwrites a learner's file; reset backs it up first."""
from __future__ import annotations

from deeproots.content.catalog import catalog
from deeproots.app.workspace import Workspace


def test_init_creates_every_stub_and_never_overwrites(tmp_path):
    root = tmp_path / "ws"
    workspace, added = Workspace.create(root, catalog())
    assert len(added) == len(catalog())
    first = catalog().exercises[0]
    mine = workspace.file_for(first)
    mine.write_text("# my precious work\n")
    _, added_again = Workspace.create(root, catalog())
    assert added_again == []
    assert mine.read_text() == "# my precious work\n"


def test_init_adds_only_the_missing_stubs(tmp_path):
    workspace, _ = Workspace.create(tmp_path / "ws", catalog())
    second = catalog().exercises[1]
    workspace.file_for(second).unlink()
    _, added = Workspace.create(tmp_path / "ws", catalog())
    assert [exercise.id for exercise in added] == [second.id]


def test_reset_backs_up_then_restores_the_stub(tmp_path):
    workspace, _ = Workspace.create(tmp_path / "ws", catalog())
    exercise = catalog().exercises[0]
    workspace.file_for(exercise).write_text("work in progress\n")
    backup = workspace.reset(exercise)
    assert backup is not None and backup.read_text() == "work in progress\n"
    assert workspace.is_untouched(exercise)


def test_two_resets_in_the_same_second_keep_both_backups(tmp_path, monkeypatch):
    import time

    monkeypatch.setattr(time, "strftime", lambda fmt, *args: "20260101-120000")  # the same second twice
    workspace, _ = Workspace.create(tmp_path / "ws", catalog())
    exercise = catalog().exercises[0]
    workspace.file_for(exercise).write_text("first try\n")
    first = workspace.reset(exercise)
    workspace.file_for(exercise).write_text("second try\n")
    second = workspace.reset(exercise)
    assert first != second
    assert first.read_text() == "first try\n" and second.read_text() == "second try\n"
