"""The projects: every ``projects/<name>/project.toml`` loaded and validated (no NumPy here).

A project is one folder, like an exercise: ``project.toml`` (title, node, budget, score,
tiers, paper), ``statement.md``, ``starter.py`` (the learner's weak but working start),
``reference.py`` (ours: the worker refuses to open it for a learner's file), ``evaluate.py``
(the trusted evaluation: runs in the grader's process) and, optionally, ``kit.py`` (helpers the
learner's ``train`` gets as ``ctx.kit``: data generators that respect the budget, environments).
The folder's name with ``_`` as ``-`` is the project's id.
"""
from __future__ import annotations

import difflib
import math
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from deeproots.errors import DeeprootsError

PROJECTS_DIR = Path(__file__).resolve().parent
FILES = ("project.toml", "statement.md", "starter.py", "reference.py", "evaluate.py")
APIS = {"predict": "predict", "act": "act", "score": "score", "probe": "probe"}
BRANCHES = ("trunk", "lab", "rl", "research")
TIER_NAMES = ("bronze", "silver", "gold")
_KEYS = {"title", "node", "branch", "minutes", "worker", "api", "summary", "forbidden", "budget", "score",
         "tiers", "paper", "order"}
_BUDGET_KEYS = {"seconds", "quick_seconds", "steps", "quick_steps", "threads", "memory_mb", "eval_seconds",
                "quick_eval_seconds", "gpu_note"}


@dataclass(frozen=True)
class Tier:
    """A level stated up front: ``metric`` reaches ``threshold`` (or beats the baseline)."""

    name: str
    metric: str
    text: str
    source: str
    threshold: float | None = None  # None: the naive baseline's score on the same hidden data
    higher_is_better: bool = True

    @property
    def beats_baseline(self) -> bool:
        return self.threshold is None


@dataclass(frozen=True)
class Budget:
    seconds: float
    quick_seconds: float
    steps: int = 0
    quick_steps: int = 0
    threads: int = 2
    memory_mb: int = 4096
    eval_seconds: float = 10.0
    quick_eval_seconds: float = 10.0
    gpu_note: str = ""


@dataclass(frozen=True)
class Project:
    id: str
    title: str
    node: str
    branch: str
    minutes: int
    worker: str
    api: str
    summary: str
    budget: Budget
    score_metric: str
    score_label: str
    higher_is_better: bool
    score_format: str
    tiers: tuple[Tier, ...]
    paper: dict = field(default_factory=dict, compare=False)
    forbidden: tuple[str, ...] = ()
    order: int = 0
    folder: Path = field(default=PROJECTS_DIR, compare=False, repr=False)

    @property
    def module(self) -> str:
        """The dotted name of the project's package (``deeproots.projects.count_lines``)."""
        return f"deeproots.projects.{self.folder.name}"

    @property
    def kit(self) -> str:
        return f"{self.module}.kit" if (self.folder / "kit.py").exists() else ""

    def file(self, name: str) -> Path:
        return self.folder / name

    def statement(self) -> str:
        return self.file("statement.md").read_text(encoding="utf-8")

    def starter_text(self) -> str:
        return self.file("starter.py").read_text(encoding="utf-8")

    def format_score(self, value: float | None) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "—"
        try:
            return self.score_format.format(value)
        except (ValueError, TypeError):
            return f"{value:.4g}"


def _fail(path: Path, message: str) -> DeeprootsError:
    return DeeprootsError(f"{path}: {message}")


def _tier(path: Path, raw: dict, higher_is_better: bool) -> Tier:
    unknown = set(raw) - {"name", "metric", "text", "source", "threshold", "baseline", "higher_is_better"}
    if unknown:
        raise _fail(path, f"unknown tier keys {sorted(unknown)}")
    if raw.get("name") not in TIER_NAMES:
        raise _fail(path, f"a tier's name must be one of {TIER_NAMES} (got {raw.get('name')!r})")
    if raw.get("baseline") is True and "threshold" in raw:
        raise _fail(path, f"tier {raw['name']}: baseline = true or a threshold, not both")
    if raw.get("baseline") is not True and not isinstance(raw.get("threshold"), (int, float)):
        raise _fail(path, f"tier {raw['name']}: needs a numeric threshold or baseline = true")
    for key in ("metric", "text", "source"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise _fail(path, f"tier {raw['name']}: '{key}' must be a non-empty string (every threshold says "
                              "where it comes from)")
    threshold = None if raw.get("baseline") is True else float(raw["threshold"])
    return Tier(raw["name"], raw["metric"], raw["text"], raw["source"], threshold,
                bool(raw.get("higher_is_better", higher_is_better)))


def load_project(folder: Path) -> Project:
    path = folder / "project.toml"
    missing = [name for name in FILES if not (folder / name).is_file()]
    if missing:
        raise _fail(folder, f"missing {', '.join(missing)}")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise _fail(path, f"not valid TOML ({error})") from None
    unknown = set(raw) - _KEYS
    if unknown:
        raise _fail(path, f"unknown keys {sorted(unknown)}")
    for key in ("title", "node", "summary"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise _fail(path, f"'{key}' must be a non-empty string")
    if raw.get("branch") not in BRANCHES:
        raise _fail(path, f"'branch' must be one of {BRANCHES}")
    if raw.get("worker") not in ("numpy", "torch"):
        raise _fail(path, "'worker' must be 'numpy' or 'torch'")
    if raw.get("api") not in APIS:
        raise _fail(path, f"'api' must be one of {sorted(APIS)}")
    budget_raw = raw.get("budget", {})
    if set(budget_raw) - _BUDGET_KEYS or "seconds" not in budget_raw or "quick_seconds" not in budget_raw:
        raise _fail(path, f"[budget] needs seconds and quick_seconds; keys allowed: {sorted(_BUDGET_KEYS)}")
    budget = Budget(**budget_raw)
    score = raw.get("score", {})
    if not isinstance(score.get("metric"), str) or not isinstance(score.get("label"), str):
        raise _fail(path, "[score] needs 'metric' and 'label'")
    higher = bool(score.get("higher_is_better", True))
    tiers = tuple(_tier(path, tier, higher) for tier in raw.get("tiers", []))
    names = [tier.name for tier in tiers]
    if names != sorted(names, key=TIER_NAMES.index) or len(set(names)) != len(names):
        raise _fail(path, f"tiers must be listed once each, in the order {TIER_NAMES} (got {names})")
    if raw["api"] != "probe" and names != list(TIER_NAMES):
        raise _fail(path, "a scored project states bronze, silver and gold")
    return Project(
        id=folder.name.replace("_", "-"), title=raw["title"], node=raw["node"], branch=raw["branch"],
        minutes=int(raw.get("minutes", 60)), worker=raw["worker"], api=raw["api"], summary=raw["summary"],
        budget=budget, score_metric=score["metric"], score_label=score["label"], higher_is_better=higher,
        score_format=str(score.get("format", "{:.4g}")), tiers=tiers, paper=dict(raw.get("paper", {})),
        forbidden=tuple(raw.get("forbidden", ())), order=int(raw.get("order", 0)), folder=folder)


class Projects:
    def __init__(self, projects: list[Project]):
        self.all = sorted(projects, key=lambda p: (BRANCHES.index(p.branch), p.order, p.id))
        self.by_id = {project.id: project for project in self.all}

    def __iter__(self):
        return iter(self.all)

    def __len__(self) -> int:
        return len(self.all)

    def get(self, project_id: str) -> Project:
        if project_id in self.by_id:
            return self.by_id[project_id]
        close = difflib.get_close_matches(project_id, list(self.by_id), n=3)
        hint = f"; did you mean {' or '.join(close)}?" if close else "; see `deeproots project list`"
        raise DeeprootsError(f"no project '{project_id}'{hint}")

    def in_node(self, node: str) -> list[Project]:
        return [project for project in self.all if project.node == node]


@cache
def projects(root: Path = PROJECTS_DIR) -> Projects:
    folders = sorted(path.parent for path in root.glob("*/project.toml"))
    return Projects([load_project(folder) for folder in folders])
