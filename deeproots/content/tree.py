"""The tree of knowledge: ``path.toml`` loaded, validated and joined with the exercises."""
from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from deeproots.errors import DeeprootsError
from deeproots.content.catalog import PATH_FILE, STAGES, Catalog, Exercise, catalog

_NODE_KEYS = {"id", "stage", "title", "summary", "hours", "prerequisites", "resources"}


@dataclass(frozen=True)
class Resource:
    title: str
    pointer: str
    url: str = ""


@dataclass(frozen=True)
class Node:
    id: str
    stage: str
    title: str
    summary: str
    hours: float
    prerequisites: tuple[str, ...]
    resources: tuple[Resource, ...]
    exercises: tuple[Exercise, ...]


class Tree:
    """Nodes in a prerequisite-respecting order (stable: file order breaks ties)."""

    def __init__(self, nodes: list[Node], exercises: Catalog):
        self.nodes = nodes
        self.by_id = {node.id: node for node in nodes}
        self.catalog = exercises

    def __iter__(self):
        return iter(self.nodes)

    def get(self, node_id: str) -> Node:
        if node_id not in self.by_id:
            close = difflib.get_close_matches(node_id, list(self.by_id), n=1)
            suggestion = f"did you mean '{close[0]}'? " if close else ""
            raise DeeprootsError(f"no node '{node_id}'; {suggestion}nodes are: {', '.join(self.by_id)}")
        return self.by_id[node_id]

    def stages(self) -> list[tuple[str, list[Node]]]:
        return [(stage, [node for node in self.nodes if node.stage == stage]) for stage in STAGES]


def _fail(source: Path, entry: str, problem: str) -> DeeprootsError:
    return DeeprootsError(f"{source.name}: node {entry}: {problem}")


def _topological(nodes: list[dict], source: Path) -> list[dict]:
    """Order nodes so that prerequisites come first; a cycle names its members."""
    by_id = {raw["id"]: raw for raw in nodes}
    ordered: list[dict] = []
    state: dict[str, str] = {}

    def visit(node_id: str, trail: list[str]) -> None:
        if state.get(node_id) == "done":
            return
        if state.get(node_id) == "visiting":
            cycle = trail[trail.index(node_id):] + [node_id]
            raise _fail(source, repr(node_id), f"prerequisite cycle {' -> '.join(cycle)}")
        state[node_id] = "visiting"
        for prerequisite in by_id[node_id]["prerequisites"]:
            visit(prerequisite, trail + [node_id])
        state[node_id] = "done"
        ordered.append(by_id[node_id])

    for raw in nodes:
        visit(raw["id"], [])
    return ordered


def load_tree(source: Path = PATH_FILE, exercises: Catalog | None = None) -> Tree:
    """Load ``path.toml``; any unknown prerequisite, cycle, duplicate id, unknown node of an
    exercise or missing exercise file is a one-line error naming the file and the entry."""
    exercises = exercises if exercises is not None else catalog()
    try:
        raw_nodes = tomllib.loads(source.read_text(encoding="utf-8")).get("node", [])
    except tomllib.TOMLDecodeError as error:
        raise DeeprootsError(f"{source.name}: not valid TOML ({error})") from None
    seen: set[str] = set()
    for index, raw in enumerate(raw_nodes):
        entry = repr(raw.get("id", f"#{index + 1}"))
        missing = _NODE_KEYS - set(raw)
        if missing:
            raise _fail(source, entry, f"missing key(s) {sorted(missing)}")
        if set(raw) - _NODE_KEYS:
            raise _fail(source, entry, f"unknown key(s) {sorted(set(raw) - _NODE_KEYS)}")
        if raw["id"] in seen:
            raise _fail(source, entry, "duplicate id")
        if raw["stage"] not in STAGES:
            raise _fail(source, entry, f"stage must be one of {STAGES}")
        seen.add(raw["id"])
    for raw in raw_nodes:
        for prerequisite in raw["prerequisites"]:
            if prerequisite not in seen:
                raise _fail(source, repr(raw["id"]), f"unknown prerequisite '{prerequisite}'")
    for exercise in exercises:
        if exercise.node not in seen:
            raise DeeprootsError(f"{exercise.path}: exercise '{exercise.id}': unknown node '{exercise.node}' "
                                 f"(the folder's node is not in {source.name})")
    nodes = [
        Node(
            id=raw["id"], stage=raw["stage"], title=raw["title"], summary=raw["summary"],
            hours=float(raw["hours"]), prerequisites=tuple(raw["prerequisites"]),
            resources=tuple(Resource(**resource) for resource in raw["resources"]),
            exercises=tuple(exercises.for_node(raw["id"])),
        )
        for raw in _topological(raw_nodes, source)
    ]
    return Tree(nodes, exercises)


@cache
def tree() -> Tree:
    return load_tree()
