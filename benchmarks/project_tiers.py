"""Every project's starter and reference, trained and evaluated in the sandbox as a learner's file:
the scores and tiers behind the silver thresholds (quick budget) and the full-budget check that
the reference reaches silver there too.

Each run draws fresh hidden data, so repeats give the spread a threshold must sit below. Prints
one line per run and a table: per project and file, the scores (min / median / max), the tiers
reached, the training and evaluation seconds.

    python benchmarks/project_tiers.py [--project ID ...] [--full] [--repeats 3] [--files starter,reference]
"""
from __future__ import annotations

import argparse
import statistics

from deeproots.app.projectcheck import run_file
from deeproots.projects.catalog import projects


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", action="append", help="a project id (default: every project)")
    parser.add_argument("--full", action="store_true", help="the full budget (default: the quick one)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--files", default="starter,reference")
    args = parser.parse_args()
    catalog = projects()
    chosen = [catalog.get(project_id) for project_id in args.project] if args.project else list(catalog)
    rows = []
    for project in chosen:
        for role in args.files.split(","):
            outcomes = []
            for repeat in range(args.repeats):
                outcome = run_file(project, role, full=args.full, seed=repeat)
                outcomes.append(outcome)
                print(f"{project.id} {role} run {repeat + 1}: {project.format_score(outcome.score)} "
                      f"{outcome.tier or 'below bronze'} train {outcome.train_seconds:.0f} s "
                      f"eval {outcome.eval_seconds:.1f} s {outcome.problem}", flush=True)
            scores = sorted(o.score for o in outcomes if o.score is not None)
            spread = (" / ".join(project.format_score(s) for s in (scores[0], statistics.median(scores), scores[-1]))
                      if scores else "not scored")
            rows.append((project.id, role, spread, ", ".join(o.tier or "none" for o in outcomes),
                         statistics.median(o.train_seconds for o in outcomes),
                         statistics.median(o.eval_seconds for o in outcomes)))
    budget = "full" if args.full else "quick"
    print(f"\n| project | file | score min / median / max ({budget}) | tiers | train s | eval s |")
    print("| --- | --- | --- | --- | --- | --- |")
    for project_id, role, spread, tiers, train_s, eval_s in rows:
        print(f"| {project_id} | {role} | {spread} | {tiers} | {train_s:.0f} | {eval_s:.1f} |")


if __name__ == "__main__":
    main()
