"""The grader protects all of itself: a learner file that changes any file of the deeproots
package fails as tampering and leaves the package byte for byte as it was.

Every test works on a copy of the package (never the checkout: a killed test run must not
leave the repository corrupted) and runs the grader from that copy in a subprocess.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import deeproots
from deeproots.content.catalog import catalog

PACKAGE = Path(deeproots.__file__).resolve().parent
EXERCISE_ID = "vectors-dot-norms"
CHECK_FILE = catalog().get(EXERCISE_ID).check_file.relative_to(PACKAGE).as_posix()
SOLUTION = catalog().get(EXERCISE_ID).solution_file.read_text()


def trusted_modules() -> list[str]:
    """What the grader process and its worker import for a check, derived from the tree:
    every module of the grading engine and of the content it grades, the package's top-level
    modules, and the exercise's check file (test_the_list_covers_every_module_a_check_imports
    keeps this honest)."""
    runner = sorted(path.relative_to(PACKAGE).as_posix() for folder in ("grading", "content")
                    for path in (PACKAGE / folder).rglob("*.py"))
    top = sorted(path.relative_to(PACKAGE).as_posix() for path in PACKAGE.glob("*.py")
                 if path.name in ("__init__.py", "errors.py"))
    return top + runner + [CHECK_FILE]


# Checks a list of learner files one after another with one grader (as watch mode does),
# after each one hashing every file of the package. Prints one JSON line.
DRIVER = textwrap.dedent("""
    import hashlib, json, sys
    from pathlib import Path
    import deeproots
    from deeproots.content.catalog import catalog
    from deeproots.grading.host.grader import Grader
    from deeproots.grading.host.pool import WorkerPool

    root = Path(deeproots.__file__).resolve().parent
    assert root.is_relative_to(Path(sys.argv[1]).resolve()), f"not the copy: {root}"

    def digest():
        return {p.relative_to(root).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*")) if p.is_file()}

    exercise = catalog().get(sys.argv[2])
    original = digest()
    results = []
    with Grader(WorkerPool(prewarm=True)) as grader:  # as watch mode: spares start after a restore
        for learner in sys.argv[3:]:
            verdict = grader.check(exercise, Path(learner))
            now = digest()
            results.append({"status": verdict.status, "problem": verdict.problem,
                            "changed": sorted(p for p in original.keys() | now.keys()
                                              if original.get(p) != now.get(p))})
    modules = sorted(str(Path(m.__file__).resolve().relative_to(root))
                     for name, m in list(sys.modules.items())
                     if name.startswith("deeproots") and getattr(m, "__file__", None))
    print(json.dumps({"results": results, "grader_modules": modules}))
""")


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A copy of the deeproots package under tmp_path/site/deeproots (no __pycache__)."""
    site = tmp_path / "site"
    shutil.copytree(PACKAGE, site / "deeproots", ignore=shutil.ignore_patterns("__pycache__"))
    return site


def grade(site: Path, *learners: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(site))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # the grader must hold without it, as on a learner's machine
    done = subprocess.run([sys.executable, "-c", DRIVER, str(site), EXERCISE_ID, *map(str, learners)],
                          capture_output=True, text=True, env=env, cwd=site, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def learner_file(folder: Path, name: str, attack: str) -> Path:
    path = folder / f"{name}.py"
    path.write_text(textwrap.dedent(attack) + "\n" + SOLUTION)
    return path


def tampering(result: dict) -> bool:
    return result["status"] == "error" and "modified deeproots' own files" in result["problem"]


@pytest.mark.parametrize("module", trusted_modules())
def test_a_learner_file_that_rewrites_a_trusted_module_fails_and_changes_nothing(module, package_copy, tmp_path):
    target = package_copy / "deeproots" / module
    pycache = target.parent / "__pycache__" / f"{target.stem}.cpython-{sys.version_info[0]}{sys.version_info[1]}.pyc"
    # Appends a line that would break every later import, plants a .pyc that would shadow
    # the module next time, and adds a module of its own next to it.
    hostile = learner_file(tmp_path, "hostile", f"""
        import pathlib
        target = pathlib.Path({str(target)!r})
        with open(target, "a") as f:
            f.write("\\nraise SystemExit('tampered')\\n")
        pathlib.Path({str(pycache)!r}).parent.mkdir(exist_ok=True)
        pathlib.Path({str(pycache)!r}).write_bytes(b"not bytecode")
        (target.parent / "sitecustomize.py").write_text("raise SystemExit('tampered')\\n")
    """)
    honest = learner_file(tmp_path, "honest", "")
    first, second, after = grade(package_copy, hostile, hostile, honest)["results"]
    for attempt in (first, second):
        assert tampering(attempt), attempt
        assert attempt["changed"] == [], f"the package differs after a hostile check: {attempt['changed']}"
        assert module in attempt["problem"]
    assert after["status"] == "passed", after
    assert after["changed"] == []


def test_deleting_package_files_fails_and_they_come_back(package_copy, tmp_path):
    root = package_copy / "deeproots"
    hostile = learner_file(tmp_path, "hostile", f"""
        import os, shutil
        os.remove({str(root / CHECK_FILE)!r})
        os.remove({str(root / 'grading' / 'worker' / 'main.py')!r})
        shutil.rmtree({str(root / 'quiz')!r})
    """)
    honest = learner_file(tmp_path, "honest", "")
    first, second, after = grade(package_copy, hostile, hostile, honest)["results"]
    for attempt in (first, second):
        assert tampering(attempt), attempt
        assert attempt["changed"] == [], attempt["changed"]
    assert after["status"] == "passed", after


def test_an_honest_check_leaves_the_package_alone_without_pythondontwritebytecode(package_copy, tmp_path):
    """Imports during a run (the check module in the grader, anything in the worker) write no
    .pyc into the package, so an honest file is never taken for tampering. (The driver's own
    imports before the first check may write theirs: that is before the guard's snapshot.)"""
    honest = learner_file(tmp_path, "honest", "")
    results = grade(package_copy, honest, honest)["results"]
    assert [r["status"] for r in results] == ["passed", "passed"], results
    assert not list((package_copy / "deeproots" / "exercises").rglob("*.pyc"))
    assert not list((package_copy / "deeproots" / "grading").rglob("traps.*.pyc"))  # worker-only


def test_the_list_covers_every_module_a_check_imports(package_copy, tmp_path):
    """trusted_modules() must name every deeproots module that the grader process and the
    worker import: the grader's come from its sys.modules, the worker's from a learner file
    that records them."""
    record = tmp_path / "worker_modules.json"
    probe = learner_file(tmp_path, "probe", f"""
        import json, sys
        json.dump([m.__file__ for name, m in list(sys.modules.items())
                   if name.startswith("deeproots") and getattr(m, "__file__", None)]
                  + [sys.modules["__main__"].__file__], open({str(record)!r}, "w"))
    """)
    report = grade(package_copy, probe)
    assert report["results"][0]["status"] == "passed", report
    root = (package_copy / "deeproots").resolve()
    worker_modules = [str(Path(path).resolve().relative_to(root)) for path in json.loads(record.read_text())]
    imported = set(report["grader_modules"]) | set(worker_modules)
    assert "grading/worker/main.py" in imported and "grading/host/grader.py" in imported
    assert imported <= set(trusted_modules()), imported - set(trusted_modules())


def test_a_maintainers_edit_between_runs_is_kept(tmp_path):
    """Changes made between two checks are the maintainer's: the guard accepts them."""
    from deeproots.grading.host.guard import PackageGuard

    root = tmp_path / "package"
    root.mkdir()
    (root / "checks.py").write_text("old\n")
    guard = PackageGuard(root)
    (root / "checks.py").write_text("new\n")  # between runs
    guard.accept_changes()
    (root / "checks.py").write_text("hostile\n")  # during a run
    (root / "added.py").write_text("x\n")
    assert guard.restore() == ["added.py", "checks.py"]
    assert (root / "checks.py").read_text() == "new\n" and not (root / "added.py").exists()
    assert guard.restore() == []
    assert hashlib.sha1((root / "checks.py").read_bytes()).hexdigest()


def test_read_only_directories_links_and_planted_bytecode_are_undone(tmp_path):
    from deeproots.grading.host.guard import PackageGuard

    root = tmp_path / "package"
    (root / "runner").mkdir(parents=True)
    (root / "runner" / "grader.py").write_text("trusted\n")
    (root / "errors.py").write_text("errors\n")
    guard = PackageGuard(root)
    (root / "errors.py").unlink()
    (root / "errors.py").symlink_to(tmp_path / "elsewhere.py")
    (root / "runner" / "__pycache__").mkdir()
    (root / "runner" / "__pycache__" / "grader.cpython-311.pyc").write_bytes(b"planted")
    os.chmod(root / "runner", 0o555)
    try:
        tampered = guard.restore()
    finally:
        os.chmod(root / "runner", 0o755)
    assert "errors.py" in tampered and "runner/__pycache__/grader.cpython-311.pyc" in tampered, tampered
    assert not (root / "errors.py").is_symlink() and (root / "errors.py").read_text() == "errors\n"
    assert not (root / "runner" / "__pycache__").exists()
    assert (root / "runner" / "grader.py").read_text() == "trusted\n"
