"""`deeproots project ...` as a learner uses it (subprocesses: exit codes and output)."""
from __future__ import annotations

import os
import subprocess
import sys

from deeproots.content.tree import tree
from deeproots.projects.catalog import projects


def run(workdir, *args):
    env = dict(os.environ, COLUMNS="80")  # a narrow terminal: ids must still show whole
    env.pop("DEEPROOTS_WORKSPACE", None)
    return subprocess.run([sys.executable, "-m", "deeproots", *args], cwd=workdir, capture_output=True,
                          text=True, env=env, timeout=120)


def test_every_project_sits_in_a_node_of_the_tree():
    nodes = {node.id for node in tree().nodes}
    assert len(projects()) >= 12
    assert {project.id: project.node for project in projects() if project.node not in nodes} == {}


def test_list_shows_every_project_id_whole(tmp_path):
    result = run(tmp_path, "project", "list")
    assert result.returncode == 0, result.stderr
    for project in projects():
        assert project.id in result.stdout


def test_show_gives_the_statement_the_budget_and_every_tiers_source(tmp_path):
    result = run(tmp_path, "project", "show", "count-lines")
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "ink-controlled" in text and "budget:" in text and "200,000 steps" in text
    for tier in projects().get("count-lines").tiers:
        assert " ".join(tier.source.split())[:60] in text
    assert (tmp_path / "workspace" / "projects" / "count-lines" / "project.py").is_file()


def test_an_unknown_project_or_a_resume_without_checkpoint_is_one_line(tmp_path):
    unknown = run(tmp_path, "project", "run", "count-line")
    assert unknown.returncode == 2 and unknown.stderr.strip().count("\n") == 0
    assert "no project 'count-line'; did you mean count-lines?" in unknown.stderr
    resume = run(tmp_path, "project", "run", "easy21", "--resume")
    assert resume.returncode == 2 and "no unfinished run of easy21 to resume" in resume.stderr
