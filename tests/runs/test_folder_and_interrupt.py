"""A run's folder and its Ctrl-C, the same for every track; the one atomic writer underneath."""
from __future__ import annotations

import json
import os

import pytest

from deeproots import files
from deeproots.errors import DeeprootsError
from deeproots.runs import folder
from deeproots.runs.interrupt import NOTHING_KEPT, RunInterrupted, message_for


def test_create_writes_params_first_and_lists_the_run_until_metrics_exist(tmp_path):
    run = folder.create(tmp_path, "ppo-CartPole-v1", track="rl")
    assert run.path.parent == tmp_path / "rl" / "ppo-CartPole-v1"
    folder.write_params(run.path, {"experiment": "ppo-CartPole-v1", "params": {"seed": 1}})
    assert folder.unfinished(tmp_path / "rl", "ppo-CartPole-v1/*") == [run.path]
    assert folder.read_unfinished(run.path, folder.PARAMS_FILE, "ppo-CartPole-v1", "run")["params"] == {"seed": 1}
    (run.path / folder.METRICS_FILE).write_text("{}")
    assert folder.unfinished(tmp_path / "rl", "ppo-CartPole-v1/*") == []
    with pytest.raises(DeeprootsError, match="is finished"):
        folder.read_unfinished(run.path, folder.PARAMS_FILE, "ppo-CartPole-v1", "run")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_a_root_that_cannot_be_written_is_one_line_naming_out(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    with pytest.raises(DeeprootsError, match=f"cannot write runs under {locked} .*; choose another --out"):
        folder.create(locked, "eeg", track="research")


def test_a_folder_with_no_work_is_removed_and_one_with_work_kept(tmp_path):
    empty = folder.create(tmp_path, "x").path
    folder.write_params(empty, {"experiment": "x"})
    folder.mark_resumed(empty)
    assert folder.remove_if_nothing_done(empty) and not empty.exists()
    busy = folder.create(tmp_path, "x").path
    (busy / "checkpoint.pt").write_bytes(b"state")
    with pytest.raises(ValueError):
        with folder.removed_if_nothing_done(busy):
            raise ValueError
    assert busy.is_dir()


def test_ctrl_c_is_one_message_and_still_a_keyboard_interrupt(tmp_path):
    command = folder.resume_command("lab run coordconv", tmp_path)
    stop = RunInterrupted(tmp_path, command)
    assert isinstance(stop, KeyboardInterrupt) and isinstance(stop, DeeprootsError) and stop.folder == tmp_path
    assert message_for(stop) == str(stop) == f"interrupted; resume with: deeproots lab run coordconv --resume {tmp_path}"
    assert message_for(KeyboardInterrupt()) == str(RunInterrupted(None, command)) == NOTHING_KEPT


def test_atomic_writes_replace_whole_files_and_exclusive_keeps_the_old(tmp_path):
    target = tmp_path / "a.json"
    files.write_json(target, {"a": 1})
    assert json.loads(target.read_text()) == {"a": 1} and target.read_text().endswith("\n")
    assert not files.write_text(target, "new", exclusive=True) and json.loads(target.read_text()) == {"a": 1}
    source = tmp_path / "source.py"
    source.write_text("x = 1\n")
    assert files.copy_file(source, tmp_path / "copy.py") and (tmp_path / "copy.py").read_text() == "x = 1\n"
    with pytest.raises(ZeroDivisionError):
        files.write_with(target, lambda temporary: 1 / 0)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "copy.py", "source.py"], "no temporary left"
