"""runs.backends: the local backend (order, resume, refusals) and the Ray backend on a real local cluster
(cells run, a killed worker's cell is retried from its checkpoint, a GPU cell waits, Ctrl-C cancels)."""
from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from deeproots.errors import DeeprootsError
from deeproots.runs import backends
from deeproots.runs.backends import Cell, CellStatus, Resources, check_backend, describe, run_cells

CALLS: list[str] = []


def record_work(folder: Path, value: int, progress) -> None:
    """A trivial cell: metrics.json holds its value (and the pid that computed it)."""
    CALLS.append(folder.name)
    progress(0.5, "half way")
    (folder / "metrics.json").write_text(json.dumps({"metrics": {"value": value * 2}, "pid": os.getpid()}))


def killable_work(folder: Path, progress) -> None:
    """Saves a checkpoint, writes its pid and waits to be killed; run again, resumes from the checkpoint."""
    with open(folder / "pids", "a") as pids:
        pids.write(f"{os.getpid()}\n")
    checkpoint = folder / "checkpoint"
    if not checkpoint.exists():
        checkpoint.write_text("half of the work")
        (folder / "waiting").write_text(str(os.getpid()))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # the test kills this process meanwhile
            progress(0.5, "waiting to be killed")
            time.sleep(0.1)
    (folder / "metrics.json").write_text(json.dumps({"metrics": {"resumed_from": checkpoint.read_text()}}))


def cells_in(tmp_path: Path, n: int, work=record_work, resources=Resources()) -> list[Cell]:
    cells = []
    for index in range(n):
        folder = tmp_path / f"cell{index}"
        folder.mkdir()
        cells.append(Cell(f"cell{index}", folder, work, (index,) if work is record_work else (), resources))
    return cells


def test_local_backend_runs_cells_in_order_and_skips_finished_ones(tmp_path):
    cells = cells_in(tmp_path, 3)
    (cells[1].folder / "metrics.json").write_text('{"metrics": {"value": -1}}')
    CALLS.clear()
    updates: list[dict[str, CellStatus]] = []
    run_cells(cells, on_update=updates.append)
    assert CALLS == ["cell0", "cell2"]
    assert json.loads((cells[1].folder / "metrics.json").read_text())["metrics"]["value"] == -1
    assert updates[0]["cell1"].state == "done" and updates[0]["cell0"].state == "waiting"
    assert CellStatus("running", 0.5, "half way") in [u["cell2"] for u in updates]
    assert all(status.state == "done" for status in updates[-1].values())
    CALLS.clear()
    run_cells(cells)  # everything finished: nothing runs again
    assert CALLS == []


@pytest.mark.parametrize("backend, address, match", [
    ("gpu", None, "--backend must be 'local' or 'ray'"),
    ("local", "auto", "add --backend ray, or drop --address"),
])
def test_bad_backend_and_address_are_one_line(backend, address, match):
    with pytest.raises(DeeprootsError, match=match) as error:
        check_backend(backend, address)
    assert "\n" not in str(error.value)


def test_ray_missing_names_the_extra(monkeypatch):
    monkeypatch.setattr(backends.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(DeeprootsError, match=r"pip install 'deeproots\[ray\]'"):
        run_cells([], "ray")


def test_a_gpu_cell_is_refused_locally_without_cuda(tmp_path, monkeypatch):
    monkeypatch.setattr(backends, "_cuda_available", lambda: False)
    cells = cells_in(tmp_path, 2, resources=Resources(cpus=1, gpus=1))
    CALLS.clear()
    with pytest.raises(DeeprootsError, match="need a GPU .* torch sees no CUDA"):
        run_cells(cells)
    assert CALLS == [], "nothing may start when a cell cannot run"


def test_describe_counts_states_and_shows_running_messages():
    fraction, line = describe({"a": CellStatus("done", 1.0), "b": CellStatus("running", 0.5, "epoch 2"),
                               "c": CellStatus("waiting", 0.0, "waiting for a GPU")})
    assert fraction == pytest.approx(0.5)
    assert line == "1/3 done, 1 running, 1 waiting · b: epoch 2"


ray = pytest.importorskip("ray", reason="the Ray backend's tests need ray (pip install 'deeproots[ray]')")


@pytest.fixture(scope="module")
def cluster():
    import sys

    from ray import cloudpickle

    # pytest imports this file as "tests.runs.test_backends", a name workers cannot import: send its
    # work functions by value (a package's module-level work function travels by reference).
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def test_an_address_that_does_not_answer_is_one_line(tmp_path):
    with pytest.raises(DeeprootsError, match="no Ray cluster answers at 127.0.0.1:9"):
        run_cells(cells_in(tmp_path, 1), "ray", address="127.0.0.1:9")


def test_ray_backend_runs_every_unfinished_cell_in_worker_processes(tmp_path, cluster):
    cells = cells_in(tmp_path, 3)
    (cells[0].folder / "metrics.json").write_text('{"metrics": {"value": -1}}')
    updates: list[dict[str, CellStatus]] = []
    run_cells(cells, "ray", on_update=updates.append)
    records = [json.loads((cell.folder / "metrics.json").read_text()) for cell in cells]
    assert [record["metrics"]["value"] for record in records] == [-1, 2, 4]
    assert all(record["pid"] != os.getpid() for record in records[1:]), "Ray cells run in worker processes"
    assert all(status.state == "done" for status in updates[-1].values())
    assert not any((cell.folder / backends.PROGRESS_FILE).exists() for cell in cells)


def test_a_killed_worker_is_retried_from_its_checkpoint(tmp_path, cluster):
    [cell] = cells_in(tmp_path, 1, work=killable_work)
    killed: list[int] = []

    def kill_when_waiting() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (cell.folder / "waiting").exists():
            time.sleep(0.05)
        pid = int((cell.folder / "waiting").read_text())
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)

    killer = threading.Thread(target=kill_when_waiting, daemon=True)
    killer.start()
    states: list[str] = []
    run_cells([cell], "ray", retries=2, on_update=lambda statuses: states.append(statuses[cell.name].state))
    killer.join(timeout=5)
    pids = [int(line) for line in (cell.folder / "pids").read_text().split()]
    assert killed and pids[0] == killed[0] and len(pids) == 2 and pids[1] != pids[0], "killed once, run again"
    assert json.loads((cell.folder / "metrics.json").read_text())["metrics"] == {"resumed_from": "half of the work"}
    assert states[-1] == "done"


def test_a_gpu_cell_waits_for_a_gpu_and_ctrl_c_cancels_it(tmp_path, cluster):
    [cell] = cells_in(tmp_path, 1, resources=Resources(cpus=1, gpus=1))
    seen: list[CellStatus] = []

    def press_ctrl_c_once_waiting(statuses):
        seen.append(statuses[cell.name])
        if statuses[cell.name].message.startswith("waiting for a GPU"):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_cells([cell], "ray", on_update=press_ctrl_c_once_waiting)
    assert seen[-1].state == "waiting"
    assert not (cell.folder / "metrics.json").exists(), "a GPU cell never runs on a CPU instead"
