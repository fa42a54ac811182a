"""The project harness against a learner tempted to cheat or simply broken: budgets enforced by
the grader, plain-data states, sealed reference solutions, hidden data that never leaves the
grader, and every failure a clear verdict. Toy learner files in a NumPy worker keep it fast."""
from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest

from deeproots.grading.host import project as harness
from deeproots.grading.host.state import BadState, check_state, load_state, save_state
from deeproots.grading.messages import Handle, Tensor
from deeproots.projects.catalog import projects

PACKAGE = Path(harness.__file__).resolve().parents[2]
COUNT_LINES = PACKAGE / "projects" / "count_lines"
FAST = harness.Limits(kind="numpy", memory_mb=1024, seconds=2.0, threads=1, eval_seconds=10.0, grace_s=1.0)


def learner_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "project.py"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


GOOD = """
import numpy as np

def train(ctx):
    w = np.zeros(3)
    while not ctx.done():
        ctx.count(1)
        w += 1
        ctx.log(w=float(w[0]))
        if ctx.steps_used() % 10 == 0:
            ctx.checkpoint({"w": w.copy()})
    return {"w": w, "meta": {"steps": ctx.steps_used()}}

def load(state):
    return state["w"]

def predict(model, x):
    return x.sum(axis=1) * 0 + model[0]
"""


def test_training_returns_plain_state_rows_and_counts_steps(tmp_path):
    limits = harness.Limits(**{**FAST.__dict__, "steps": 25})
    result = harness.train(learner_file(tmp_path, GOOD), limits, seed=1, quick=True)
    assert result.status == "finished", result.problem
    assert result.steps == 25 and result.state["meta"]["steps"] == 25
    assert np.array_equal(result.state["w"], np.full(3, 25.0)) and not result.from_checkpoint
    assert [row[2]["w"] for row in result.rows] == [float(i) for i in range(1, 26)]


def test_a_loop_that_ignores_the_budget_is_stopped_and_keeps_its_last_checkpoint(tmp_path):
    path = learner_file(tmp_path, """
        import numpy as np
        def train(ctx):
            i = 0
            while True:  # never asks ctx.done()
                i += 1
                if i % 200_000 == 0:
                    ctx.checkpoint({"i": np.array(i)})
        """)
    kept = []
    result = harness.train(path, FAST, seed=1, quick=True, on_checkpoint=lambda state, *_: kept.append(state))
    assert result.status == "time" and result.from_checkpoint
    assert int(result.state["i"]) == int(kept[-1]["i"]) > 0
    assert "time budget" in result.problem


def test_a_step_budget_spent_inside_train_scores_the_last_checkpoint(tmp_path):
    path = learner_file(tmp_path, """
        import numpy as np
        def train(ctx):
            for i in range(10**9):  # ignores ctx.done(); the kit's counter stops it
                ctx.count(1)
                if i % 5 == 0:
                    ctx.checkpoint({"i": np.array(i)})
        """)
    result = harness.train(path, harness.Limits(**{**FAST.__dict__, "steps": 12}), seed=1, quick=True)
    assert result.status == "steps" and int(result.state["i"]) == 10


@pytest.mark.parametrize("body, words", [
    ("import os\ndef train(ctx):\n    os._exit(3)\n", "exited with code 3"),
    ("def train(ctx):\n    raise ValueError('boom')\n", "train() raised ValueError: boom"),
    ("def train(ctx):\n    while True:\n        print('x' * 10000)\n", "printed more than"),
    ("import numpy as np\ndef train(ctx):\n    blocks = []\n    while True:\n        blocks.append(np.empty(10**8))\n",
     "MemoryError"),
    ("class Model:\n    pass\ndef train(ctx):\n    return Model()\n", "return plain data"),
    ("import numpy as np\ndef train(ctx):\n    return {'w': np.array([object()])}\n", "plain data"),
])
def test_broken_training_ends_in_a_clear_failing_verdict(tmp_path, body, words):
    result = harness.train(learner_file(tmp_path, body), FAST, seed=1, quick=True)
    assert result.status == "error" and result.state is None
    assert words in result.problem, result.problem


def test_rewriting_the_package_is_undone_and_fails_the_run(tmp_path):
    target = COUNT_LINES / "evaluate.py"
    before = target.read_bytes()
    path = learner_file(tmp_path, f"""
        def train(ctx):
            open({str(target)!r}, "w").write("def evaluate(*a): return 'gold'\\n")
            return {{}}
        """)
    result = harness.train(path, FAST, seed=1, quick=True)
    assert target.read_bytes() == before
    assert result.status == "error" and "modified deeproots' own files" in result.problem


@pytest.mark.parametrize("attempt", [
    "from deeproots.projects.count_lines import reference",
    "import importlib; importlib.import_module('deeproots.projects.count_lines.reference')",
    f"open({str(COUNT_LINES / 'reference.py')!r}).read()",
    "import os, tempfile; link = tempfile.mktemp(); "
    f"os.symlink({str(COUNT_LINES / 'reference.py')!r}, link); open(link).read()",
    "import subprocess; subprocess.run(['cat', " + repr(str(COUNT_LINES / "reference.py")) + "])",
    "import os; os.system('cat " + str(COUNT_LINES / "reference.py") + "')",
])
def test_a_learner_cannot_reach_the_reference_solution(tmp_path, attempt):
    path = learner_file(tmp_path, f"def train(ctx):\n    {attempt}\n    return {{}}\n")
    result = harness.train(path, FAST, seed=1, quick=True)
    assert result.status == "error", result.problem
    assert "PermissionError" in result.problem or "SealedFile" in result.problem, result.problem
    assert "def train" not in result.output  # nothing of the reference was printed


def test_an_exercise_solution_is_sealed_too(tmp_path):
    solution = next((PACKAGE / "exercises").rglob("solution.py"))
    path = learner_file(tmp_path, f"def train(ctx):\n    open({str(solution)!r}).read()\n    return {{}}\n")
    result = harness.train(path, FAST, seed=1, quick=True)
    assert result.status == "error" and "reference solution" in result.problem


def test_a_forbidden_import_fails_the_run(tmp_path):
    limits = harness.Limits(**{**FAST.__dict__, "forbidden": ("deeproots.lab.datasets.*",)})
    path = learner_file(tmp_path, "def train(ctx):\n    from deeproots.lab.datasets import lines\n    return {}\n")
    result = harness.train(path, limits, seed=1, quick=True)
    assert result.status == "error" and "deeproots.lab.datasets" in result.problem


def test_ctrl_c_keeps_the_checkpoint_and_a_resumed_run_goes_on_from_it(tmp_path):
    path = learner_file(tmp_path, """
        import numpy as np
        def train(ctx):
            w = np.array(0.0) if ctx.resume is None else ctx.resume["w"]
            while not ctx.done():
                ctx.count(1)
                w = w + 1
                ctx.checkpoint({"w": w})
            return {"w": w}
        """)
    limits = harness.Limits(**{**FAST.__dict__, "steps": 40, "seconds": 30.0})
    kept = []

    def stop_after_some(progress):
        if progress.steps >= 10:
            raise KeyboardInterrupt

    first = harness.train(path, limits, seed=1, quick=True, on_progress=stop_after_some,
                          on_checkpoint=lambda state, steps, seconds: kept.append((state, steps)))
    assert first.status == "interrupted" and first.state is not None
    state, steps = kept[-1]
    resumed = harness.train(path, limits, seed=1, quick=True, resume=state, resumed_steps=steps)
    assert resumed.status == "finished" and float(resumed.state["w"]) == 40.0


EVAL_SPY = """
import hashlib, json, os
import numpy as np

def train(ctx):
    return {{}}

def load(state):
    return "model"

def predict(model, *args, **kwargs):
    with open({log!r}, "a") as log:
        log.write(json.dumps({{"args": len(args), "kwargs": sorted(kwargs),
                              "hash": hashlib.sha1(args[0].tobytes()).hexdigest()}}) + "\\n")
    return np.zeros(len(args[0]))
"""


def _evaluator(learner, model, rng):
    """A toy evaluator: hidden inputs and labels drawn here; only the inputs are sent."""
    inputs, labels = rng.normal(size=(8, 3)), rng.integers(0, 2, size=8)
    answers = np.asarray(learner.predict(model, inputs))
    return float((answers == labels).mean())


def test_evaluation_sends_only_inputs_and_draws_fresh_data_every_time(tmp_path):
    log = tmp_path / "seen.jsonl"
    path = learner_file(tmp_path, EVAL_SPY.format(log=str(log)))
    for _ in range(2):
        result = harness.evaluate(path, FAST, {}, _evaluator)
        assert result.problem == "" and 0.0 <= result.value <= 1.0
    seen = [__import__("json").loads(line) for line in log.read_text().splitlines()]
    assert [(s["args"], s["kwargs"]) for s in seen] == [(1, []), (1, [])]  # the inputs, nothing else
    assert seen[0]["hash"] != seen[1]["hash"]  # a new draw each evaluation: nothing to cache


def test_evaluation_reports_a_wrong_answer_shape_and_a_missing_function(tmp_path):
    from deeproots.projects.evaluation import as_array

    path = learner_file(tmp_path, "def load(state):\n    return 1\ndef predict(model, x):\n    return [1, 2]\n")
    result = harness.evaluate(path, FAST, {}, lambda learner, model, rng: as_array(
        learner.predict(model, np.zeros((5, 2))), 5, "predict's answers"))
    assert result.value is None and "should have shape (5,), got (2,)" in result.problem
    result = harness.evaluate(path, FAST, {}, lambda learner, model, rng: learner.score(model, 1))
    assert result.value is None and "no function `score`" in result.problem


def test_a_state_is_saved_and_read_back_without_pickle(tmp_path):
    state = {"layer": {"weight": Tensor(np.arange(6.0).reshape(2, 3), "torch.float32", False)},
             "steps": 7, "history": [np.ones(2), 0.5], "name": "cnn"}
    back = load_state(save_state(tmp_path / "state.npz", state))
    assert np.array_equal(back["layer"]["weight"].array, state["layer"]["weight"].array)
    assert back["layer"]["weight"].dtype == "torch.float32" and back["steps"] == 7 and back["name"] == "cnn"
    assert np.array_equal(back["history"][0], np.ones(2)) and back["history"][1] == 0.5
    with np.load(tmp_path / "state.npz", allow_pickle=False) as archive:  # nothing in it needs pickle
        assert all(archive[name].dtype != object for name in archive.files)


@pytest.mark.parametrize("state", [Handle(1, "Net"), {1: np.zeros(1)}, np.array(["a"]), {"f": print}])
def test_states_that_are_not_plain_data_are_refused(state):
    with pytest.raises(BadState):
        check_state(state)


def test_every_project_folder_is_valid():
    catalog = projects()
    assert "count-lines" in catalog.by_id
    for project in catalog:
        assert (project.folder / "evaluate.py").is_file() and project.statement().strip()


def test_a_runs_seed_stream_repeats_within_a_seed_and_differs_across_seeds():
    from deeproots.grading.worker.training import Context

    def stream(seed):
        ctx = Context.bare(seed=seed)
        return [ctx.next_seed().generate_state(2).tolist() for _ in range(3)]

    assert stream(1) == stream(1)  # the same seed draws the same data
    assert stream(1) != stream(2) and len({tuple(s) for s in stream(1)}) == 3


@pytest.mark.parametrize("answer, message", [
    ([1, float("nan")], "contains NaN or infinity"), ([1, 1.5], "should be whole numbers"),
    ("ab", "should be numbers"), ([[1], [2]], r"should have shape \(2,\), got \(2, 1\)"),
])
def test_answers_are_read_as_numbers_before_any_cast_to_integers(answer, message):
    from deeproots.projects.evaluation import as_array

    with pytest.raises(ValueError, match=message):
        as_array(answer, 2, "the actions", dtype=np.int64)
    assert as_array([1.0, 2.0], 2, "the actions", dtype=np.int64).dtype == np.int64
