"""Export the concept questions as an Anki deck (`.apkg`), one sub-deck per stage, via genanki.

Math written ``$...$`` in a question becomes ``\\(...\\)``, the MathJax delimiters Anki renders.
Note ids (GUIDs) derive from the question ids, so re-importing an updated export updates the
notes instead of duplicating them. Importing into Anki is the learner's choice; nothing here
touches an Anki collection.
"""
from __future__ import annotations

import html
import re
import zlib
from pathlib import Path

from deeproots.errors import DeeprootsError
from deeproots.content.questions import LETTERS, Question

MODEL_ID = 1_607_392_319  # fixed, so that Anki recognises the note type across exports
_MATH = re.compile(r"\$([^$]+)\$")


def to_anki(text: str) -> str:
    """HTML-escaped text with $...$ math as \\(...\\) and line breaks as <br>."""
    parts, last = [], 0
    for match in _MATH.finditer(text):
        parts.append(html.escape(text[last:match.start()]))
        parts.append(r"\(" + html.escape(match.group(1)) + r"\)")
        last = match.end()
    parts.append(html.escape(text[last:]))
    return "".join(parts).replace("\n", "<br>")


def _front(question: Question) -> str:
    front = to_anki(question.prompt)
    if question.kind == "choice":
        front += "<br>" + "<br>".join(f"{LETTERS[i]}) {to_anki(c)}" for i, c in enumerate(question.choices))
    return front


def _back(question: Question) -> str:
    back = f"<b>{to_anki(question.shown_answer())}</b><br><br>{to_anki(question.explanation)}"
    if question.kind == "choice":
        back += "".join(f"<br>{LETTERS[i]}) {to_anki(why)}" for i, why in enumerate(question.why_wrong) if why)
    return back + f"<br><br><i>{to_anki(question.source)}</i>"


def export_apkg(questions: list[Question], stage_of: dict[str, str], path: Path) -> dict[str, int]:
    """Write ``path``; returns the number of notes per deck."""
    import genanki

    path = Path(path)
    if path.suffix != ".apkg":
        raise DeeprootsError(f"an Anki package ends in .apkg (got {path.name}); e.g. deeproots export anki deeproots.apkg")
    model = genanki.Model(MODEL_ID, "deeproots concept question",
                          fields=[{"name": "Question"}, {"name": "Answer"}, {"name": "Id"}],
                          templates=[{"name": "Card 1", "qfmt": "{{Question}}",
                                      "afmt": "{{FrontSide}}<hr id=answer>{{Answer}}"}])
    decks: dict[str, genanki.Deck] = {}
    counts: dict[str, int] = {}
    for question in questions:
        stage = stage_of.get(question.node, "other")
        name = f"deeproots::{stage}"
        if name not in decks:
            decks[name] = genanki.Deck(zlib.crc32(name.encode()) & 0x7FFFFFFF, name)
        decks[name].add_note(genanki.Note(model=model, fields=[_front(question), _back(question), question.id],
                                          guid=genanki.guid_for("deeproots", question.id),
                                          tags=[question.node, question.kind]))
        counts[name] = counts.get(name, 0) + 1
    try:
        genanki.Package(list(decks.values())).write_to_file(str(path))
    except OSError as error:
        raise DeeprootsError(f"cannot write {path} ({error.strerror}); choose another file") from None
    return counts
