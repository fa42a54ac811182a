"""`deeproots notebook ID|NODE`: writes into the workspace, never over an existing notebook,
and an unknown name is one line of error."""
from __future__ import annotations

from tests.cli.test_cli import run


def test_notebook_writes_once_and_then_leaves_it_alone(tmp_path):
    assert run(tmp_path, "init").returncode == 0
    workspace = tmp_path / "workspace"
    first = run(workspace, "notebook", "vectors-dot-norms")
    path = workspace / "notebooks" / "linear-algebra" / "01_vectors_dot_norms.ipynb"
    assert first.returncode == 0 and f"notebook written: {path}" in first.stdout
    path.write_text(path.read_text().replace("Scratch", "Mine"))
    again = run(workspace, "notebook", "vectors-dot-norms")
    assert again.returncode == 0 and "exists already; left as it is" in again.stdout
    assert "Mine" in path.read_text()


def test_notebook_of_an_unknown_name_is_one_line(tmp_path):
    assert run(tmp_path, "init").returncode == 0
    result = run(tmp_path / "workspace", "notebook", "linear-algebr")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "did you mean 'linear-algebra'" in result.stderr and "Traceback" not in result.stderr
