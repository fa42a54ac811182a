"""`deeproots export`: the learner's progress as JSON, the concept questions as an Anki deck."""
from __future__ import annotations

from pathlib import Path

from deeproots.app.learner import Learner
from deeproots.errors import DeeprootsError


def export_anki(target: Path | None) -> dict[str, int]:
    """Write every concept question to an Anki deck (one sub-deck per stage); notes per deck."""
    from deeproots.content.tree import tree
    from deeproots.quiz.anki import export_apkg
    from deeproots.content.questions import load_questions

    if target is None:
        raise DeeprootsError("give the deck's file name: deeproots export anki deeproots.apkg")
    return export_apkg(load_questions(), {node.id: node.stage for node in tree()}, target)


def progress_destination(what: str, target: Path | None) -> Path:
    """The .json file that `export FILE.json` names; anything else is one line of error."""
    destination = Path(what)
    if target is not None or destination.suffix != ".json":
        raise DeeprootsError(f"{what}: give a .json file name (deeproots export progress.json) "
                             "or `anki FILE.apkg` (deeproots export anki deck.apkg)")
    return destination


def export_progress(learner: Learner, destination: Path) -> None:
    """Every exercise's status, attempts and time, and the raw progress rows, written atomically."""
    from deeproots import files

    files.write_json(destination, learner.export(), default=str)
