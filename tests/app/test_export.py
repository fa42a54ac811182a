"""`export`'s application side: which file names it accepts, and the progress file it writes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from deeproots.app.export import export_anki, export_progress, progress_destination
from deeproots.errors import DeeprootsError


def test_only_a_json_file_or_anki_is_accepted():
    assert progress_destination("progress.json", None) == Path("progress.json")
    for what, target in (("progress.txt", None), ("progress.json", Path("deck.apkg"))):
        with pytest.raises(DeeprootsError, match="give a .json file name"):
            progress_destination(what, target)
    with pytest.raises(DeeprootsError, match="give the deck's file name"):
        export_anki(None)


def test_progress_is_written_with_every_exercise(learner, tmp_path):
    destination = tmp_path / "progress.json"
    export_progress(learner, destination)
    exported = json.loads(destination.read_text())
    assert [row["id"] for row in exported["exercises"]] == [exercise.id for exercise in learner.catalog]
    assert exported["workspace"] == str(learner.workspace.root)
