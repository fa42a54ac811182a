"""The exercise catalog: every exercise folder's ``exercise.toml`` loaded and validated.

An exercise is one folder, ``<stage>/<node>/<NN_name>/``, holding its metadata
(``exercise.toml``), its single source (``solution.py``: statement, reference solution and
markers; see ``deeproots.content.stubs``) and its checks (``test_exercise.py``). The folder
says the stage and the node; the order is the tree's node order (``path.toml``), then ``NN``.
"""
from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from deeproots.content.stubs import make_stub, strip_solution
from deeproots.errors import DeeprootsError

EXERCISES_DIR = Path(__file__).resolve().parent.parent / "exercises"
PATH_FILE = Path(__file__).resolve().parent / "path.toml"
META = "exercise.toml"
FILES = (META, "solution.py", "test_exercise.py")
STAGES = ("roots", "trunk", "branches")
HINTS = (2, 3)
DEFAULT_TIME_LIMIT_S = 10.0
DEFAULT_MEMORY_MB = {"numpy": 2048, "torch": 6144}
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_FOLDER = re.compile(r"^\d\d_[a-z0-9_]+$")
_KNOWN_KEYS = {"id", "title", "minutes", "time_limit", "memory_mb", "requires", "hints", "mutants", "forbidden"}


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
    root: Path = field(default=EXERCISES_DIR, repr=False, compare=False)

    @property
    def folder(self) -> Path:
        return self.root / self.path

    @property
    def stage(self) -> str:
        return self.path.split("/")[0]

    @property
    def solution_file(self) -> Path:
        """The single source: it runs as the reference solution (its markers are comments)."""
        return self.folder / "solution.py"

    @property
    def check_file(self) -> Path:
        return self.folder / "test_exercise.py"

    def stub_text(self) -> str:
        """The learner's stub, made from ``solution.py``."""
        return make_stub(self.solution_file.read_text(encoding="utf-8"), f"{self.path}/solution.py")

    def statement(self) -> str:
        """The stub's docstring: the statement the learner reads."""
        import ast

        return ast.get_docstring(ast.parse(self.stub_text())) or ""

    def solution_text(self) -> str:
        """The reference solution as the learner sees it (no markers, no TODO comments)."""
        return strip_solution(self.solution_file.read_text(encoding="utf-8"), f"{self.path}/solution.py")

    @property
    def workspace_name(self) -> str:
        """Where the learner's copy lives inside a workspace."""
        return f"{self.path}.py"

    @property
    def worker_kind(self) -> str:
        return "torch" if "torch" in self.requires else "numpy"


def _fail(path: str, problem: str) -> DeeprootsError:
    return DeeprootsError(f"{path}/{META}: {problem}")


def _parse(raw: dict, path: str, root: Path) -> Exercise:
    unknown = set(raw) - _KNOWN_KEYS
    if unknown:
        raise _fail(path, f"unknown key(s) {sorted(unknown)}; allowed: {sorted(_KNOWN_KEYS)}")
    for key in ("id", "title", "minutes", "hints"):
        if key not in raw:
            raise _fail(path, f"missing key {key!r}")
    if not _ID.match(raw["id"]):
        raise _fail(path, "id must be kebab-case (lowercase letters, digits and dashes)")
    if not HINTS[0] <= len(raw["hints"]) <= HINTS[1]:
        raise _fail(path, f"give two or three progressive hints (has {len(raw['hints'])})")
    requires = tuple(raw.get("requires", ["numpy"]))
    if not set(requires) <= set(DEFAULT_MEMORY_MB):
        raise _fail(path, f"requires must name only {sorted(DEFAULT_MEMORY_MB)}")
    kind = "torch" if "torch" in requires else "numpy"
    try:
        mutants = tuple(Mutant(m["name"], m["find"], m["replace"]) for m in raw.get("mutants", []))
    except (KeyError, TypeError):
        raise _fail(path, "each mutant needs name, find and replace") from None
    return Exercise(
        id=raw["id"], path=path, node=path.split("/")[1], title=raw["title"],
        minutes=int(raw["minutes"]), hints=tuple(raw["hints"]),
        time_limit=float(raw.get("time_limit", DEFAULT_TIME_LIMIT_S)),
        memory_mb=int(raw.get("memory_mb", DEFAULT_MEMORY_MB[kind])),
        requires=requires, mutants=mutants, forbidden=tuple(raw.get("forbidden", ())), root=root,
    )


class Catalog:
    """All exercises in the tree's order, with lookups by id and by node."""

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


def node_order(path_file: Path = PATH_FILE) -> list[str]:
    """The node ids in ``path.toml``'s order (validated by the tree; unreadable: no order)."""
    try:
        return [raw.get("id") for raw in tomllib.loads(path_file.read_text(encoding="utf-8")).get("node", [])]
    except (OSError, tomllib.TOMLDecodeError):
        return []


def folders_on_disk(root: Path = EXERCISES_DIR) -> list[str]:
    """Every exercise folder present (one with any of an exercise's files), as ``stage/node/NN_name``."""
    return sorted({str(file.parent.relative_to(root)).replace("\\", "/")
                   for name in (*FILES, "exercise.py") for file in root.glob(f"*/*/*/{name}")})


def _sort_key(path: str, order: dict[str, int]) -> tuple:
    stage, node, name = path.split("/")
    return order.get(node, len(order)), node, name


def load_catalog(root: Path = EXERCISES_DIR, path_file: Path = PATH_FILE) -> Catalog:
    """Load and validate every exercise folder: its path's shape, its metadata, unique ids and
    every file present. A node missing from the tree is the tree's error (``load_tree``)."""
    order = {node: index for index, node in enumerate(node_order(path_file))}
    exercises = []
    for path in sorted(folders_on_disk(root), key=lambda path: _sort_key(path, order)):
        stage, _, name = path.split("/")
        if stage not in STAGES or not _FOLDER.match(name):
            raise _fail(path, f"an exercise folder must be <stage>/<node>/<NN_name> with stage in {STAGES}")
        for file in FILES:
            if not (root / path / file).is_file():
                raise _fail(path, f"missing file {path}/{file}")
        try:
            raw = tomllib.loads((root / path / META).read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise _fail(path, f"not valid TOML ({error})") from None
        exercises.append(_parse(raw, path, root))
    seen: dict[str, str] = {}
    for exercise in exercises:
        if exercise.id in seen:
            raise _fail(exercise.path, f"duplicate id {exercise.id!r} (also {seen[exercise.id]})")
        seen[exercise.id] = exercise.path
    return Catalog(exercises)


@cache
def catalog() -> Catalog:
    return load_catalog()
