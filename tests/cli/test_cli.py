"""The CLI end to end, as a learner uses it (in subprocesses: exit codes and output)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from deeproots.content.catalog import catalog


def run(workdir, *args, stdin: str | None = None, env_extra=None):
    env = dict(os.environ, COLUMNS="120")
    env.pop("DEEPROOTS_WORKSPACE", None)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "deeproots", *args], cwd=workdir, capture_output=True,
                          text=True, input=stdin, env=env, timeout=120)


def test_bare_command_creates_the_workspace_and_shows_the_tree(tmp_path):
    result = run(tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "workspace" / ".deeproots").is_dir()
    assert "tree of knowledge" in result.stdout and "Linear algebra" in result.stdout
    assert "next:" in result.stdout and "finish around" in result.stdout
    # Run again after the learner edited a stub: the learner's work is never touched, nothing
    # is added or rewritten, and the tree is shown again.
    workspace = tmp_path / "workspace"
    edited = workspace / "roots" / "linear-algebra" / "01_vectors_dot_norms.py"
    edited.write_text(edited.read_text() + "\n# my work in progress\n")
    before = {path: path.read_bytes() for path in workspace.rglob("*.py")}
    again = run(tmp_path)
    assert again.returncode == 0, again.stderr
    assert "tree of knowledge" in again.stdout
    assert {path: path.read_bytes() for path in workspace.rglob("*.py")} == before


def test_solving_an_exercise_marks_it_done_in_the_path(tmp_path):
    run(tmp_path, "init")
    workspace = tmp_path / "workspace"
    exercise = catalog().get("vectors-dot-norms")
    failing = run(workspace, "check", "vectors-dot-norms")
    assert failing.returncode == 1 and "not implemented yet" in failing.stdout
    (workspace / exercise.workspace_name).write_text(exercise.solution_file.read_text())
    passing = run(workspace, "check", "vectors-dot-norms")
    assert passing.returncode == 0, passing.stdout
    assert "checks passed" in passing.stdout
    listing = run(workspace, "list")
    assert "✓" in listing.stdout.splitlines()[3]
    path = run(workspace, "path")
    assert f"1/{len(catalog().for_node('linear-algebra'))} exercises" in path.stdout
    assert "vectors-dot-norms" not in path.stdout.split("next:")[1]
    solution = run(workspace, "solution", "vectors-dot-norms")
    assert solution.returncode == 0 and "def angle" in solution.stdout


def test_check_reports_expected_got_and_the_failing_input(tmp_path):
    run(tmp_path, "init")
    workspace = tmp_path / "workspace"
    exercise = catalog().get("vectors-dot-norms")
    (workspace / exercise.workspace_name).write_text(
        exercise.solution_file.read_text().replace("np.sqrt(dot(x, x))", "dot(x, x)"))
    result = run(workspace, "check", "vectors-dot-norms")
    assert result.returncode == 1
    for fragment in ("norm(x)", "max abs error", "max rel error", "tolerance", "input x", "np.linalg.norm"):
        assert fragment in result.stdout, fragment


@pytest.mark.parametrize("args, message", [
    (["check", "no-such-thing"], "no exercise 'no-such-thing'"),
    (["hint", "vectorsdot-norms"], "did you mean 'vectors-dot-norms'"),
    (["plan", "--hours-per-week", "0"], "--hours-per-week must be between"),
    (["export", "progress.txt"], "give a .json file name"),
    (["list", "--node", "astrology"], "no node 'astrology'"),
])
def test_bad_input_is_one_line_and_no_traceback(tmp_path, args, message):
    run(tmp_path, "init")
    result = run(tmp_path / "workspace", *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert len(result.stderr.strip().splitlines()) == 1


def test_outside_a_workspace_commands_say_how_to_make_one(tmp_path):
    result = run(tmp_path, "list")
    assert result.returncode == 2 and "deeproots init" in result.stderr


def test_hints_are_progressive_and_solution_needs_confirmation(tmp_path):
    run(tmp_path, "init")
    workspace = tmp_path / "workspace"
    first = run(workspace, "hint", "vectors-dot-norms")
    second = run(workspace, "hint", "vectors-dot-norms")
    assert "hint 1/3" in first.stdout and "hint 2/3" not in first.stdout
    assert "hint 2/3" in second.stdout
    refused = run(workspace, "solution", "vectors-dot-norms")
    assert refused.returncode == 2 and "--reveal" in refused.stderr
    declined = run(workspace, "solution", "vectors-dot-norms", "--reveal", stdin="n\n")
    assert declined.returncode == 1 and "def angle" not in declined.stdout
    revealed = run(workspace, "solution", "vectors-dot-norms", "--reveal", stdin="y\n")
    assert revealed.returncode == 0 and "def angle" in revealed.stdout


def test_reset_keeps_a_backup(tmp_path):
    run(tmp_path, "init")
    workspace = tmp_path / "workspace"
    exercise = catalog().get("vectors-dot-norms")
    (workspace / exercise.workspace_name).write_text("# mine\n")
    declined = run(workspace, "reset", "vectors-dot-norms", stdin="n\n")
    assert declined.returncode == 1 and (workspace / exercise.workspace_name).read_text() == "# mine\n"
    done = run(workspace, "reset", "vectors-dot-norms", "--yes")
    assert done.returncode == 0
    backups = list((workspace / ".deeproots" / "backups").glob("vectors-dot-norms-*.py"))
    assert [b.read_text() for b in backups] == ["# mine\n"]


def test_plan_and_export(tmp_path):
    run(tmp_path, "init")
    workspace = tmp_path / "workspace"
    plan = run(workspace, "plan", "--hours-per-week", "12", "--months", "12")
    assert plan.returncode == 0 and "Study plan at 12 h/week" in plan.stdout and "months" in plan.stdout
    exported = run(workspace, "export", "progress.json")
    assert exported.returncode == 0 and (workspace / "progress.json").exists()


@pytest.mark.parametrize("args", [["path"], ["check", "vectors-dot-norms"]])
def test_numpy_commands_do_not_import_torch_or_matplotlib(tmp_path, args):
    run(tmp_path, "init")
    probe = ("import sys, runpy; sys.argv = ['deeproots', *sys.argv[1:]]\n"
             "try:\n    runpy.run_module('deeproots', run_name='__main__')\n"
             "except SystemExit:\n    pass\n"
             "heavy = [m for m in ('torch', 'matplotlib') if m in sys.modules]\n"
             "print('HEAVY', heavy, file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", probe, *args], cwd=tmp_path / "workspace",
                            capture_output=True, text=True, timeout=120)
    assert "HEAVY []" in result.stderr, result.stderr[-500:]


def test_init_inside_a_workspace_completes_it_instead_of_nesting(tmp_path):
    run(tmp_path, "init")
    workspace = tmp_path / "workspace"
    first = catalog().exercises[0]
    (workspace / first.workspace_name).unlink()
    result = run(workspace / "roots", "init")
    assert result.returncode == 0, result.stderr
    assert (workspace / first.workspace_name).exists()
    assert not (workspace / "roots" / "workspace").exists() and not (workspace / "workspace").exists()
    assert "deeproots watch" in result.stdout


def test_check_all_leaves_untouched_stubs_todo(tmp_path):
    run(tmp_path, "init")
    workspace = tmp_path / "workspace"
    solved = workspace / "roots" / "linear-algebra" / "01_vectors_dot_norms.py"
    from deeproots.content.catalog import catalog

    solved.write_text(catalog().get("vectors-dot-norms").solution_file.read_text())
    result = run(workspace, "check", "--all")
    assert result.returncode == 1, result.stdout  # not every exercise passes
    assert "todo (untouched stub)" in result.stdout
    listing = run(workspace, "list", "--node", "linear-algebra")
    rows = [line for line in listing.stdout.splitlines() if "-" in line and "│" in line]
    assert any("vectors-dot-norms" in row and "✓" in row for row in rows), listing.stdout
    untouched = [row for row in rows if "matmul-three-ways" in row]
    assert untouched and "•" not in untouched[0] and "·" in untouched[0], listing.stdout


@pytest.mark.parametrize("args", [["reset", "vectors-dot-norms"], ["solution", "vectors-dot-norms", "--reveal"]])
def test_answering_no_says_cancelled_and_changes_nothing(tmp_path, args):
    run(tmp_path, "init")
    workspace = tmp_path / "workspace"
    learner_file = workspace / catalog().get("vectors-dot-norms").workspace_name
    learner_file.write_text("# my work\n")
    result = run(workspace, *args, stdin="n\n")
    assert result.returncode == 1, result.stderr  # declined: nothing was done
    assert "Cancelled." in result.stdout and "def angle" not in result.stdout
    assert learner_file.read_text() == "# my work\n"


def test_a_workspace_option_naming_a_file_says_so(tmp_path):
    (tmp_path / "notes.txt").write_text("not a workspace")
    for env in ({}, {"DEEPROOTS_WORKSPACE": str(tmp_path / "notes.txt")}):
        args = [] if env else ["--workspace", "notes.txt"]
        result = run(tmp_path, *args, "list", env_extra=env)
        assert result.returncode == 2
        assert "is a file, not a folder" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [["plan"], ["check"], [], ["lab", "run"]])
def test_dash_h_is_help_everywhere(tmp_path, command):
    result = run(tmp_path, *command, "-h")
    assert result.returncode == 0, result.stderr
    assert "Usage:" in result.stdout and "--help" in result.stdout


def test_hints_reach_the_terminal_with_their_brackets(tmp_path):
    run(tmp_path, "init")
    workspace = tmp_path / "workspace"
    for _ in range(3):
        result = run(workspace, "hint", "gaussian-elimination", env_extra={"COLUMNS": "400"})
    assert "U[[k, r]] = U[[r, k]]" in result.stdout and "U[k+1:, k] / U[k, k]" in result.stdout


def test_lab_list_shows_verdicts_and_paths_verbatim(tmp_path):
    run_folder = tmp_path / "runs [old]" / "count-lines" / "20260101-000000"
    run_folder.mkdir(parents=True)
    (run_folder / "metrics.json").write_text('{"metrics": {"verdict": "accuracy [0.91, 0.95] at n=[1..4]"}, '
                                             '"wall_time_s": 3}')
    result = run(tmp_path, "lab", "list", "--out", "runs [old]", env_extra={"COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    assert "accuracy [0.91, 0.95] at n=[1..4]" in result.stdout and "runs [old]" in result.stdout


def test_doctor_shows_paths_verbatim(tmp_path):
    folder = tmp_path / "course [2026]"
    folder.mkdir()
    run(folder, "init")
    result = run(folder / "workspace", "doctor", env_extra={"COLUMNS": "300"})
    assert result.returncode == 0, result.stderr
    assert "course [2026]" in result.stdout and "progress database is sound" in result.stdout
