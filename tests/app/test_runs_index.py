"""The runs index: every track's folders, sweeps, unfinished and damaged runs, project evaluations."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from deeproots.app import runs_index
from deeproots.app.runs_index import find, index_runs, learner_runs, sort_runs


def write_run(folder: Path, params: dict | None = None, metrics: dict | None = None, *,
              record_file: str = "params.json", raw_metrics: str | None = None, wall: float = 1.5) -> Path:
    folder.mkdir(parents=True)
    if params is not None:
        (folder / record_file).write_text(json.dumps(params))
    if metrics is not None:
        (folder / "metrics.json").write_text(json.dumps({
            "title": f"{folder.parent.name} run", "wall_time_s": wall, "metrics": metrics,
            "params": (params or {}).get("params", {})}))
        (folder / "report.html").write_text("<h1>report</h1>")
    if raw_metrics is not None:
        (folder / "metrics.json").write_text(raw_metrics)
    return folder


def make_tree(runs: Path) -> None:
    write_run(runs / "count-lines" / "2024-01-01_10-00-00", {"experiment": "count-lines", "params": {"lr": 0.1}},
              {"accuracy": 0.9, "verdict": "the CNN counts", "curves": {"loss": 0.2}, "note": "x" * 500})
    write_run(runs / "count-lines" / "2024-01-02_10-00-00", {"experiment": "count-lines", "params": {"lr": 0.01}})
    write_run(runs / "count-lines-sweep" / "2024-01-03_10-00-00",
              {"experiment": "count-lines", "grid": {"lr": [0.1]}}, record_file="sweep.json")
    write_run(runs / "rl" / "ppo-CartPole-v1" / "2024-01-04_10-00-00",
              {"experiment": "ppo-CartPole-v1", "algorithm": "ppo", "env_id": "CartPole-v1", "params": {"seed": 0}})
    write_run(runs / "rl" / "dqn-CartPole-v1" / "2024-01-05_10-00-00", {"algorithm": "dqn"},
              {"return": 200.0, "verdict": "solved"})
    write_run(runs / "rl" / "crafter" / "2024-01-06_10-00-00", {"experiment": "crafter", "params": {}})
    write_run(runs / "research" / "eeg" / "2024-01-07_10-00-00", None, {"auc": 0.7, "verdict": "above chance"})
    write_run(runs / "count-lines" / "2024-01-08_10-00-00", raw_metrics="{not json")
    (runs / "count-lines" / "2024-01-09_10-00-00").mkdir()  # an empty folder is no run


def test_every_track_is_indexed_newest_first(tmp_path):
    make_tree(tmp_path / "runs")
    runs = index_runs(tmp_path / "runs")
    assert [(run.track, run.name) for run in runs] == [
        ("lab", "count-lines"), ("research", "eeg"), ("rl", "crafter"), ("rl", "dqn-CartPole-v1"),
        ("rl", "ppo-CartPole-v1"), ("sweep", "count-lines-sweep"), ("lab", "count-lines"), ("lab", "count-lines")]


def test_a_finished_run_has_its_verdict_flattened_metrics_and_params(tmp_path):
    make_tree(tmp_path / "runs")
    run = find(index_runs(tmp_path / "runs"), "lab~count-lines~2024-01-01_10-00-00")
    assert run.finished and run.status == "finished" and run.verdict == "the CNN counts"
    assert run.metrics == {"accuracy": 0.9, "curves.loss": 0.2}  # long strings and the verdict are left out
    assert run.params == {"lr": 0.1} and run.wall_time_s == 1.5
    assert run.report == run.folder / "report.html" and run.resume is None


def test_unfinished_runs_show_the_resume_command_of_their_kind(tmp_path):
    make_tree(tmp_path / "runs")
    runs = index_runs(tmp_path / "runs")
    lab = find(runs, "lab~count-lines~2024-01-02_10-00-00")
    assert lab.status == "unfinished" and lab.report is None and lab.params == {"lr": 0.01}
    assert lab.resume == f"deeproots lab run count-lines --resume {lab.folder}"
    sweep = find(runs, "sweep~count-lines-sweep~2024-01-03_10-00-00")
    assert sweep.resume == f"deeproots lab sweep count-lines --resume {sweep.folder}"
    rl = find(runs, "rl~ppo-CartPole-v1~2024-01-04_10-00-00")
    assert rl.resume == f"deeproots rl train ppo --env CartPole-v1 --resume {rl.folder}"
    crafter = find(runs, "rl~crafter~2024-01-06_10-00-00")
    assert crafter.resume == f"deeproots rl crafter train --resume {crafter.folder}"


def test_damaged_json_is_listed_as_damaged_not_an_error(tmp_path):
    make_tree(tmp_path / "runs")
    run = find(index_runs(tmp_path / "runs"), "lab~count-lines~2024-01-08_10-00-00")
    assert run.status == "damaged" and run.verdict == "damaged" and "not valid JSON" in run.damaged
    assert run.report is None and run.resume is None


def test_ids_are_url_safe_and_stable(tmp_path):
    make_tree(tmp_path / "runs")
    first = [run.id for run in index_runs(tmp_path / "runs")]
    assert first == [run.id for run in index_runs(tmp_path / "runs")]
    assert all(set(ident) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-~")
               for ident in first)
    assert runs_index.run_id("lab", "a b/c", "t") == "lab~a_b_c~t"


def test_sorting_by_a_metric_puts_runs_without_it_last(tmp_path):
    make_tree(tmp_path / "runs")
    runs = index_runs(tmp_path / "runs")
    up = sort_runs(runs, "accuracy")
    down = sort_runs(runs, "accuracy", descending=True)
    assert up[0].metrics["accuracy"] == 0.9 and down[0].metrics["accuracy"] == 0.9
    assert "accuracy" not in up[-1].metrics and "accuracy" not in down[-1].metrics
    assert [run.wall_time_s for run in sort_runs(runs, "wall_time_s")][:3] == [1.5, 1.5, 1.5]


def test_a_missing_runs_root_is_an_empty_list(tmp_path):
    assert index_runs(tmp_path / "nowhere") == []


def test_project_evaluations_carry_the_progress_stores_score_tier_and_budget(learner):
    folder = learner.workspace.root / "projects" / "count-lines" / "runs" / "evaluations" / "2024-02-01_09-00-00"
    write_run(folder, None, {"accuracy": 0.7})
    learner.progress.record_project_run("count-lines", "full", "scored", 0.7, "silver", 12.0,
                                        str(folder / "report.html"), "")
    runs = learner_runs(learner, None)
    assert len(runs) == 1
    run = runs[0]
    assert run.id == "project~count-lines~2024-02-01_09-00-00" and run.track == "project"
    assert (run.score, run.tier, run.budget) == (0.7, "silver", "full")
    assert run.verdict == "silver · score 70.0% · full" and run.root == learner.workspace.root


def test_indexing_a_hundred_runs_imports_no_numpy(tmp_path):
    runs = tmp_path / "runs"
    for index in range(100):
        write_run(runs / f"exp{index % 5}" / f"2024-01-01_10-00-{index:02d}", {"params": {"lr": index}},
                  {"accuracy": index / 100, "verdict": "ok"} if index % 3 else None)
    script = ("import sys, time; from deeproots.app.runs_index import index_runs; "
              f"runs = index_runs({str(runs)!r}); print(len(runs), 'numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["100", "False"]


def test_the_resume_line_is_the_run_folders_own(tmp_path):
    from deeproots.runs import folder as run_folder

    assert runs_index.resume_command("lab run x", tmp_path) == run_folder.resume_command("lab run x", tmp_path)


def test_multi_seed_groups_are_listed_with_their_resume_commands(tmp_path):
    """rl train --seeds and project run --seeds groups: seeds.json first, the summary's metrics.json last."""
    runs, workspace = tmp_path / "runs", tmp_path / "ws"
    write_run(runs / "rl" / "ppo-CartPole-v1-seeds" / "2024-02-01_10-00-00",
              {"experiment": "ppo-CartPole-v1-seeds", "algorithm": "ppo", "env_id": "CartPole-v1", "seeds": [0, 1]},
              {"eval_mean_return.mean": 200.0, "verdict": "2 seeds"}, record_file="seeds.json")
    write_run(runs / "rl" / "ppo-CartPole-v1-seeds" / "2024-02-02_10-00-00",
              {"experiment": "ppo-CartPole-v1-seeds", "algorithm": "ppo", "env_id": "CartPole-v1", "seeds": [0, 1]},
              record_file="seeds.json")
    write_run(workspace / "projects" / "count-lines" / "seeds" / "2024-02-03_10-00-00",
              {"project": "count-lines", "seeds": [3, 4], "budget": "quick"}, record_file="seeds.json")
    listed = {run.id: run for run in index_runs(runs, workspace)}
    finished = listed["rl~ppo-CartPole-v1-seeds~2024-02-01_10-00-00"]
    assert finished.finished and finished.verdict == "2 seeds"
    unfinished = listed["rl~ppo-CartPole-v1-seeds~2024-02-02_10-00-00"]
    assert unfinished.verdict == "unfinished"
    assert unfinished.resume == f"deeproots rl train ppo --resume {unfinished.folder}"
    group = listed["project~count-lines~seeds~2024-02-03_10-00-00"]
    assert group.track == "project" and group.verdict == "unfinished"
    assert group.resume == "deeproots project run count-lines --seeds 3,4 --resume"
