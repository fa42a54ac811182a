"""The exercise catalog: the manifest ``exercises.toml`` loaded and validated.

The manifest is the single source of order, titles, nodes, hints and limits; an
exercise's folder holds only code (stub, solution, checks).
"""
from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from deeproots.errors import DeeprootsError

EXERCISES_DIR = Path(__file__).resolve().parent.parent / "exercises"
MANIFEST = EXERCISES_DIR / "exercises.toml"
FILES = ("exercise.py", "solution.py", "test_exercise.py")
STAGES = ("roots", "trunk", "branches")
DEFAULT_TIME_LIMIT_S = 10.0
DEFAULT_MEMORY_MB = {"numpy": 2048, "torch": 6144}
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_KNOWN_KEYS = {"id", "path", "node", "title", "minutes", "time_limit", "memory_mb", "requires",
               "hints", "mutants", "forbidden"}


@dataclass(frozen=True)
class Mutant:
    """A broken copy of the solution that the checks must catch (maintainers only)."""

    name: str
    find: str
    replace: str


@dataclass(frozen=True)
class Exercise:
    id: str
    path: str
    node: str
    title: str
    minutes: int
    hints: tuple[str, ...]
    time_limit: float = DEFAULT_TIME_LIMIT_S
    memory_mb: int = DEFAULT_MEMORY_MB["numpy"]
    requires: tuple[str, ...] = ("numpy",)
    forbidden: tuple[str, ...] = ()
    mutants: tuple[Mutant, ...] = field(default=(), repr=False)

    @property
    def folder(self) -> Path:
        return EXERCISES_DIR / self.path

    @property
    def stage(self) -> str:
        return self.path.split("/")[0]

    @property
    def stub_file(self) -> Path:
        return self.folder / "exercise.py"

    @property
    def solution_file(self) -> Path:
        return self.folder / "solution.py"

    @property
    def check_file(self) -> Path:
        return self.folder / "test_exercise.py"

    @property
    def workspace_name(self) -> str:
        """Where the learner's copy lives inside a workspace."""
        return f"{self.path}.py"

    @property
    def worker_kind(self) -> str:
        return "torch" if "torch" in self.requires else "numpy"


def _fail(entry: str, problem: str) -> DeeprootsError:
    return DeeprootsError(f"{MANIFEST.name}: exercise {entry}: {problem}")


def _parse(raw: dict, index: int) -> Exercise:
    entry = f"#{index + 1} ({raw.get('id', 'no id')!r})"
    unknown = set(raw) - _KNOWN_KEYS
    if unknown:
        raise _fail(entry, f"unknown key(s) {sorted(unknown)}; allowed: {sorted(_KNOWN_KEYS)}")
    for key in ("id", "path", "node", "title", "minutes", "hints"):
        if key not in raw:
            raise _fail(entry, f"missing key {key!r}")
    if not _ID.match(raw["id"]):
        raise _fail(entry, "id must be kebab-case (lowercase letters, digits and dashes)")
    if raw["path"].split("/")[0] not in STAGES or raw["path"].count("/") != 2:
        raise _fail(entry, f"path must look like <stage>/<node>/<NN_name> with stage in {STAGES}")
    if not 1 <= len(raw["hints"]) <= 5:
        raise _fail(entry, "give between 1 and 5 hints (two or three is best)")
    requires = tuple(raw.get("requires", ["numpy"]))
    if not set(requires) <= set(DEFAULT_MEMORY_MB):
        raise _fail(entry, f"requires must name only {sorted(DEFAULT_MEMORY_MB)}")
    kind = "torch" if "torch" in requires else "numpy"
    try:
        mutants = tuple(Mutant(m["name"], m["find"], m["replace"]) for m in raw.get("mutants", []))
    except (KeyError, TypeError):
        raise _fail(entry, "each mutant needs name, find and replace") from None
    return Exercise(
        id=raw["id"], path=raw["path"], node=raw["node"], title=raw["title"],
        minutes=int(raw["minutes"]), hints=tuple(raw["hints"]),
        time_limit=float(raw.get("time_limit", DEFAULT_TIME_LIMIT_S)),
        memory_mb=int(raw.get("memory_mb", DEFAULT_MEMORY_MB[kind])),
        requires=requires, mutants=mutants, forbidden=tuple(raw.get("forbidden", ())),
    )


class Catalog:
    """All exercises in manifest order, with lookups by id and by node."""

    def __init__(self, exercises: list[Exercise]):
        self.exercises = exercises
        self.by_id = {exercise.id: exercise for exercise in exercises}

    def __iter__(self):
        return iter(self.exercises)

    def __len__(self) -> int:
        return len(self.exercises)

    def get(self, exercise_id: str) -> Exercise:
        if exercise_id in self.by_id:
            return self.by_id[exercise_id]
        close = difflib.get_close_matches(exercise_id, list(self.by_id), n=1)
        suggestion = f"did you mean '{close[0]}'? " if close else ""
        raise DeeprootsError(f"no exercise '{exercise_id}'; {suggestion}(`deeproots list` shows them all)")

    def for_node(self, node: str) -> list[Exercise]:
        return [exercise for exercise in self.exercises if exercise.node == node]


def load_catalog(manifest: Path = MANIFEST) -> Catalog:
    """Load and validate the manifest: unique ids, known keys, and every file present."""
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise DeeprootsError(f"{manifest.name}: not valid TOML ({error})") from None
    exercises = [_parse(raw, index) for index, raw in enumerate(data.get("exercise", []))]
    seen: set[str] = set()
    for exercise in exercises:
        if exercise.id in seen:
            raise _fail(repr(exercise.id), "duplicate id")
        seen.add(exercise.id)
        for name in FILES:
            if not (exercise.folder / name).is_file():
                raise _fail(repr(exercise.id), f"missing file {exercise.path}/{name}")
    paths = [exercise.path for exercise in exercises]
    if len(set(paths)) != len(paths):
        duplicate = next(path for path in paths if paths.count(path) > 1)
        raise _fail(repr(duplicate), "two entries share this path")
    return Catalog(exercises)


@cache
def catalog() -> Catalog:
    return load_catalog()


def folders_on_disk() -> list[str]:
    """Every exercise folder present in the package, as a manifest path."""
    return sorted(
        str(stub.parent.relative_to(EXERCISES_DIR)).replace("\\", "/")
        for stub in EXERCISES_DIR.glob("*/*/*/exercise.py")
    )
