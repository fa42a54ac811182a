"""Issue 18 §2: every training path picks CUDA when present and reports its device in its metrics.

No GPU here: each path's tiny run must say "cpu" in metrics.json, and with torch's CUDA faked each
path's choice must be CUDA (nothing is run on the fake GPU). The policy itself: tests/runs/test_device.py.
"""
from __future__ import annotations

import json
import sys
import textwrap

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from deeproots.errors import DeeprootsError  # noqa: E402
from deeproots.grading.host import project as harness  # noqa: E402
from deeproots.grading.worker import training as worker_training  # noqa: E402

pytestmark = pytest.mark.skipif(torch.cuda.is_available(), reason="these runs assert the CPU of a GPU-less machine")


@pytest.fixture
def fake_gpu(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "current_device", lambda: 0)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda index=None: "Fake H100")


def recorded(report_or_folder) -> dict:
    folder = report_or_folder if report_or_folder.is_dir() else report_or_folder.parent
    return json.loads((folder / "metrics.json").read_text())["metrics"]


# --------------------------------------------------------------------------- the lab

LAB_TINY = {"image_size": 16, "square": 3, "deconv_epochs": 2, "coordconv_epochs": 2, "deconv_width": 8,
            "coordconv_width": 8, "eval_every": 1, "gallery_size": 2, "splits": ("uniform",)}


def test_a_lab_run_reports_its_device(tmp_path):
    from deeproots.lab.run import run_experiment

    outcome, report = run_experiment("coordconv", root=tmp_path, overrides=LAB_TINY)
    assert outcome.metrics["device"] == recorded(report)["device"] == "cpu"


def test_every_lab_experiment_puts_its_device_into_its_metrics():
    """The six other experiments run for minutes even when tiny: their return line is checked instead."""
    import ast
    import inspect

    from deeproots.lab.experiments import EXPERIMENTS, experiment_module

    for name in EXPERIMENTS:
        module = experiment_module(name)
        returns = [node for node in ast.walk(ast.parse(inspect.getsource(module.run)))
                   if isinstance(node, ast.Return) and "Outcome(" in ast.unparse(node)]
        assert returns and all('"device": device_label(device)' in ast.unparse(node).replace("'", '"')
                               for node in returns), f"{name}: its Outcome must carry metrics['device']"


def test_the_lab_picks_cuda_when_present(fake_gpu):
    from deeproots.lab.experiments.length_generalisation import sequence_device
    from deeproots.lab.training import device_and_threads

    assert device_and_threads() == sequence_device() == "cuda"


# --------------------------------------------------------------------------- deep RL

def test_the_deep_rl_context_picks_cuda_when_present(fake_gpu):
    from deeproots.rl.deep import common

    ctx = common.RunContext(algorithm="ppo", params=None, env_id="CartPole-v1")
    assert ctx.device.type == "cuda" and ctx.device_label == "cuda:0 (Fake H100)"


def test_the_cpu_by_design_algorithms_say_cpu_even_on_a_gpu_machine(fake_gpu, tmp_path):
    from deeproots.rl.deep import bc, common

    ctx = common.RunContext(algorithm="bc", params=bc.SMOKE, env_id="CartPole-v1", run_path=tmp_path)
    assert ctx.device.type == "cuda"
    result = bc.train(bc.SMOKE, "CartPole-v1", ctx)  # trains on the CPU: nothing touches the fake GPU
    assert result["step"] > 0 and ctx.device_label == "cpu"


def test_every_deep_rl_algorithm_uses_ctx_device_or_is_cpu_by_design():
    import inspect

    from deeproots.rl.train import ALGORITHMS
    from deeproots.runs.device import CPU_BY_DESIGN

    cpu_by_design = next(key for key in CPU_BY_DESIGN if key.startswith("deep RL"))
    for name, module in ALGORITHMS.items():
        source = inspect.getsource(module.train)
        if 'ctx.device = torch.device("cpu")' in source:
            assert f" {name}" in cpu_by_design.replace(",", " "), f"{name}: CPU by design but not in CPU_BY_DESIGN"
        else:
            assert "ctx.device" in source, f"{name}: train() must use ctx.device (the one policy)"


def test_a_deep_rl_smoke_run_reports_its_device(tmp_path):
    from deeproots.rl.train import train

    metrics, folder = train("reinforce", overrides={"total_timesteps": 100, "episodes_per_update": 1},
                            root=tmp_path, eval_episodes=1)
    assert metrics["device"] == recorded(folder)["device"] == "cpu"


# --------------------------------------------------------------------------- Crafter PPO

def test_crafter_ppo_reports_its_device(tmp_path):
    from deeproots.rl.crafter import report as crafter_report

    tiny = {"total_timesteps": 32, "n_envs": 2, "n_steps": 16, "batch_size": 16, "n_epochs": 1, "hidden": 16,
            "checkpoint_every": 1, "eval_episodes": 0}  # device left at "auto"
    metrics, run = crafter_report.train(quick=True, overrides=tiny, root=tmp_path)
    assert metrics["device"] == recorded(run)["device"] == "cpu"


def test_crafter_ppo_asking_for_cuda_without_a_gpu_is_one_line(tmp_path):
    from deeproots.rl.crafter import report as crafter_report

    with pytest.raises(DeeprootsError, match="torch sees no CUDA GPU"):
        crafter_report.train(quick=True, overrides={"device": "cuda"}, root=tmp_path)
    assert not (tmp_path / "rl" / "crafter").exists() or not any((tmp_path / "rl" / "crafter").iterdir())


# --------------------------------------------------------------------------- projects

REPORTS_DEVICE = """
def train(ctx):
    ctx.log(x=1.0)
    return {"device": ctx.device}
"""
FAST = harness.Limits(kind="numpy", memory_mb=1024, seconds=5.0, threads=1, eval_seconds=10.0, grace_s=2.0)


@pytest.mark.parametrize("kind", ["numpy", "torch"])
def test_a_projects_worker_reports_the_device_train_gets(tmp_path, kind):
    learner_file = tmp_path / "project.py"
    learner_file.write_text(textwrap.dedent(REPORTS_DEVICE))
    limits = harness.Limits(**{**FAST.__dict__, "kind": kind, "memory_mb": 4096 if kind == "torch" else 1024,
                               "seconds": 60.0 if kind == "torch" else 5.0})
    result = harness.train(learner_file, limits, seed=1, quick=True)
    assert result.status == "finished", result.problem
    assert result.state["device"] == "cpu" and result.device == "cpu"


def test_a_project_asking_for_cuda_without_a_gpu_is_one_line_before_any_worker(tmp_path):
    limits = harness.Limits(**{**FAST.__dict__, "device": "cuda"})
    with pytest.raises(DeeprootsError, match="torch sees no CUDA GPU"):
        harness.train(tmp_path / "never-loaded.py", limits, seed=1, quick=True)


def test_a_pytorch_projects_ctx_gets_cuda_when_present(fake_gpu, monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", torch)
    assert worker_training._device("auto") == "cuda" and worker_training._device("cpu") == "cpu"
    monkeypatch.delitem(sys.modules, "torch")  # a NumPy project's worker: nothing to put on a GPU
    assert worker_training._device("auto") == "cpu"


def test_a_project_report_records_the_device():
    from deeproots.projects.catalog import projects
    from deeproots.projects.report import build

    report = build(projects().get("count-lines"), None, [], [], {"budget": "quick", "device": "cpu"}, "", True)
    assert report._metrics["device"] == "cpu"


def test_a_recorded_project_run_reports_its_device(learner, monkeypatch):
    from deeproots.projects.catalog import projects

    count_lines = projects().get("count-lines")
    monkeypatch.setattr(harness.os, "urandom", lambda n: bytes(n))
    learner.projects.ensure(count_lines).write_text(textwrap.dedent("""
        import numpy as np
        def train(ctx):
            return {"answer": np.array(3.0)}
        def load(state):
            return float(state["answer"])
        def predict(model, images):
            return np.full(len(images), model)
        """))
    result = learner.projects.run(count_lines, quick=True)
    assert recorded(result.report)["device"] == "cpu"


# --------------------------------------------------------------------------- the research track's VAE

def test_the_eeg_vae_reports_where_it_trained():
    from deeproots.research.eeg.vae import ConvVAEDetector

    windows = np.random.default_rng(0).normal(size=(8, 2, 32)).astype(np.float32)
    detector = ConvVAEDetector(epochs=1, random_state=0).fit(windows)
    assert detector.device_ == "cpu"
