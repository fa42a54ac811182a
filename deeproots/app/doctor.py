"""`deeproots doctor`: find what is wrong with a workspace and mend what can be mended."""
from __future__ import annotations

from pathlib import Path

from deeproots.app.learner import Learner
from deeproots.grading.host.grader import Grader
from deeproots.app.progress import check_database, salvage
from deeproots.grading.host.pool import WorkerPool
from deeproots.app.workspace import STATE_DIR


def run_doctor(root: Path | None = None) -> list[str]:
    """Returns what it found and did, one plain line each (no markup: paths may hold ``[...]``)."""
    learner = Learner.open(root)
    lines = []
    database = learner.workspace.root / STATE_DIR / "progress.db"
    problem = check_database(database)
    if problem is None:
        lines.append(f"progress database is sound ({database})")
    else:
        damaged, saved = salvage(database)
        lines.append(f"progress database was damaged ({problem}); moved to {damaged}")
        lines.append(f"salvaged {saved['attempts']} attempt(s), {saved['events']} event(s) and "
                     f"{saved['meta']} setting(s) from it; the journal restored {saved['journal']} more row(s)")
        lines += regrade(Learner.open(learner.workspace.root))
    added = [exercise for exercise in learner.catalog if learner.workspace.add_stub(exercise)]
    if added:
        lines.append(f"added {len(added)} missing stub(s): {', '.join(e.id for e in added)}")
    for leftover in learner.workspace.root.rglob(".*.tmp-*"):
        leftover.unlink(missing_ok=True)
        lines.append(f"removed an interrupted write: {leftover}")
    return lines


def regrade(learner: Learner) -> list[str]:
    """Rebuild lost passes from the learner's files: their work is the ground truth."""
    summary = learner.summary()
    todo = [exercise for exercise in learner.catalog
            if not (exercise.id in summary and summary[exercise.id].done)
            and learner.workspace.file_for(exercise).exists() and not learner.workspace.is_untouched(exercise)]
    if not todo:
        return []
    with Grader(WorkerPool(prewarm=True)) as grader:
        recovered = [exercise.id for exercise in todo if learner.check(exercise, grader).passed]
    return [f"re-checked {len(todo)} edited exercise(s): {len(recovered)} pass again"
            + (f" ({', '.join(recovered)})" if recovered else "")]
