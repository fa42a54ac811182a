"""`deeproots portfolio export DIR`: a static site of what the learner did, to show to others.

    DIR/index.html        the path completed, finished projects, the lab's findings, notes
    DIR/projects.html     each finished project: best score beside the baseline, reference, paper
    DIR/runs.html         the learner's finished runs (lab, sweeps, RL, research): verdict, key metrics
    DIR/notes.html        the learner's notes, one section per node
    DIR/reports/<id>/     each shown run's report.html and the figures it references
    DIR/style.css         the dashboard's offline stylesheet
    DIR/private/          only with --private: attempts.html and a copy of the progress database

Every link is relative and no page holds an absolute path of the learner's machine (copied
reports have the workspace's and the runs root's paths replaced), so the folder can be zipped
or published as it is. Learner text is escaped. DIR must be new, empty, or a previous export
(it holds ``.deeproots-portfolio``): an unrelated folder is never overwritten.
"""
from __future__ import annotations

import html
import os
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from deeproots.app.learner import Learner
from deeproots.app.runs_index import RunEntry, learner_runs
from deeproots.errors import DeeprootsError
from deeproots.web.layout import HERE, TEMPLATES

MARKER = ".deeproots-portfolio"
KEY_METRICS = 4
COPIED = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".csv", ".json", ".txt", ".html"}
_REFERENCE = re.compile(r"""(?:src|href)\s*=\s*["']([^"'#?]+)["']""", re.IGNORECASE)
FINDING_TRACKS = ("lab", "sweep", "rl", "research")


@dataclass
class Exported:
    index: Path
    projects: int
    runs: int
    notes: int
    private: bool


def export_portfolio(learner: Learner, target: Path | str, runs_root: Path | str | None = "runs",
                     private: bool = False) -> Exported:
    """Write the portfolio into ``target``; returns what it holds."""
    target = Path(target)
    prepare(target)
    runs = learner_runs(learner, runs_root)
    hide = _private_paths(learner, runs_root) if not private else []
    context = {"private": private, "generated": time.strftime("%Y-%m-%d"),
               "path": path_completed(learner), "projects": finished_projects(learner, runs),
               "findings": [run for run in runs if run.track in FINDING_TRACKS and run.finished and not run.damaged],
               "notes": notes(learner), "key_metrics": key_metrics, "fmt": _fmt}
    for run in [*context["findings"], *(p["best"] for p in context["projects"] if p["best"])]:
        copy_report(run, target / "reports" / run.id, hide)
    shutil.copyfile(HERE / "static" / "style.css", target / "style.css")
    pages = {"index.html": "portfolio/index.html", "projects.html": "portfolio/projects.html",
             "runs.html": "portfolio/runs.html", "notes.html": "portfolio/notes.html"}
    for name, template in pages.items():
        _write(target / name, template, hide, root="", **context)
    if private:
        (target / "private").mkdir(exist_ok=True)
        progress = learner.progress.dump()
        _write(target / "private" / "attempts.html", "portfolio/attempts.html", [], root="../",
               attempts=progress["attempts"], reviews=progress["reviews"],
               workspace=str(learner.workspace.root), runs_root=str(Path(runs_root).resolve()) if runs_root else "",
               when=_when, **{k: v for k, v in context.items() if k != "private"}, private=True)
        with sqlite3.connect(target / "private" / "progress.db") as copy:
            learner.progress.db.backup(copy)
        copy.close()
    return Exported(target / "index.html", len(context["projects"]), len(context["findings"]),
                    len(context["notes"]), private)


def prepare(target: Path) -> None:
    """Make ``target`` ready: created when new; a previous export is cleared; anything else refused."""
    if target.exists() and not target.is_dir():
        raise DeeprootsError(f"{target} is a file; give a folder for the portfolio (a new one, e.g. portfolio/)")
    if target.is_dir() and any(target.iterdir()):
        if not (target / MARKER).is_file():
            raise DeeprootsError(f"{target} is not empty and is not a previous portfolio export; give a new or "
                                 "empty folder (nothing was written)")
        for child in target.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    target.mkdir(parents=True, exist_ok=True)
    (target / MARKER).write_text("written by `deeproots portfolio export`; the next export replaces this folder\n",
                                 encoding="utf-8")


def _write(path: Path, template: str, hide: list[str], /, **context) -> None:
    path.write_text(_scrub(TEMPLATES.get_template(template).render(**context), hide), encoding="utf-8")


def path_completed(learner: Learner) -> list[dict]:
    """Each node of the tree with its exercises done and in all."""
    from deeproots.content.tree import tree

    summary = learner.summary()
    rows = []
    for node in tree():
        done = sum(1 for exercise in node.exercises if exercise.id in summary and summary[exercise.id].done)
        rows.append({"id": node.id, "title": node.title, "stage": node.stage, "done": done,
                     "total": len(node.exercises)})
    return rows


def finished_projects(learner: Learner, runs: list[RunEntry]) -> list[dict]:
    """Each project with a scored evaluation: best score and tier, its report, the baseline,
    reference and paper numbers stated in its project.toml."""
    found = []
    for project in learner.projects.catalog:
        evaluations = [run for run in runs if run.track == "project" and run.name == project.id
                       and run.score is not None and run.finished]
        if not evaluations:
            continue
        full = [run for run in evaluations if run.budget == "full"] or evaluations
        pick = max if project.higher_is_better else min
        best = pick(full, key=lambda run: run.score)
        standing = learner.projects.standing(project)
        tiers = [{"name": tier.name, "metric": tier.metric, "text": tier.text, "source": tier.source,
                  "threshold": "the baseline (same hidden data)" if tier.beats_baseline
                  else project.format_score(tier.threshold)} for tier in project.tiers]
        found.append({"id": project.id, "title": project.title, "summary": project.summary,
                      "score_label": project.score_label, "best": best, "best_score": project.format_score(best.score),
                      "tier": standing.best_tier or best.tier, "evaluations": len(evaluations), "tiers": tiers,
                      "paper": {str(k): str(v) for k, v in project.paper.items()}})
    return found


def notes(learner: Learner) -> list[dict]:
    """The learner's notes, one per node that has a note file, in the tree's order."""
    from deeproots.content.tree import tree
    from deeproots.quiz.notes import note_path, nodes_with_notes

    root = learner.workspace.root
    written = nodes_with_notes(root)
    found = []
    for node in tree():
        if node.id in written:
            try:
                text = note_path(root, node.id).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            found.append({"id": node.id, "title": node.title, "text": text})
    return found


def copy_report(run: RunEntry, destination: Path, hide: list[str]) -> None:
    """The run's report.html and the files it references (inside the run folder only), with the
    learner's absolute paths in ``hide`` replaced."""
    report = run.report
    if report is None:
        return
    folder = run.folder.resolve()
    text = report.read_text(encoding="utf-8", errors="replace")
    destination.mkdir(parents=True, exist_ok=True)
    (destination / "report.html").write_text(_scrub(text, hide), encoding="utf-8")
    for reference in set(_REFERENCE.findall(text)):
        if ":" in reference or reference.startswith(("/", "\\")) or "\0" in reference:
            continue
        source = (folder / reference).resolve()
        if (not source.is_relative_to(folder) or not source.is_file() or source.suffix.lower() not in COPIED
                or source.name == "report.html"):
            continue
        copy = destination / source.relative_to(folder)
        copy.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix.lower() in {".html", ".json", ".csv", ".txt", ".svg"}:
            copy.write_text(_scrub(source.read_text(encoding="utf-8", errors="replace"), hide), encoding="utf-8")
        else:
            shutil.copyfile(source, copy)


def _private_paths(learner: Learner, runs_root) -> list[str]:
    """Absolute paths that must not appear in a public export, longest first."""
    paths = {str(learner.workspace.root), str(Path(learner.workspace.root).resolve())}
    if runs_root is not None:
        paths |= {str(Path(runs_root).resolve()), str(Path(runs_root).absolute())}
    home = os.path.expanduser("~")
    if home not in ("/", "~", ""):
        paths.add(home)
    return sorted((path for path in paths if len(path) > 1), key=len, reverse=True)


def _scrub(text: str, hide: list[str]) -> str:
    for path in hide:
        for shown in {path, html.escape(path)}:
            text = re.sub(re.escape(shown) + r"(?![A-Za-z0-9_.-])", "…", text)
    return text


def key_metrics(run: RunEntry) -> list[tuple[str, str]]:
    numbers = [(name, _fmt(value)) for name, value in run.metrics.items()
               if isinstance(value, (int, float)) and not isinstance(value, bool)]
    return numbers[:KEY_METRICS]


def _fmt(value) -> str:
    if value is None:
        return "—"
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def _when(at: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(at))
