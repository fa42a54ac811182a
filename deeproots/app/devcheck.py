"""`deeproots dev check`: proves that every exercise can fail and can pass.

For every exercise: its stub fails its checks, its reference solution passes them, every
mutant (a broken copy of the solution, listed in its exercise.toml) fails them; every folder
loads (ids unique, metadata valid, files present), its stub can be made from solution.py,
and every exercise's node is in the tree.
"""
from __future__ import annotations

import ast
import re
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from deeproots.errors import DeeprootsError
from deeproots.content.tree import load_tree
from deeproots.content.catalog import STAGES, Exercise, catalog, load_catalog
from deeproots.content.stubs import solution_blocks
from deeproots.grading.host.grader import Grader, Verdict
from deeproots.grading.host.pool import WorkerPool
from deeproots.grading.worker.traps import enforcement_problem


@dataclass
class ExerciseReport:
    exercise: Exercise
    stub: Verdict | None = None
    solution: Verdict | None = None
    mutants: list[tuple[str, Verdict | None]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def mutants_caught(self) -> int:
        return sum(1 for _, verdict in self.mutants if verdict is not None and not verdict.passed)


def structural_problems() -> list[str]:
    """The folders' and the tree's validity, and every stub's, as readable lines."""
    try:
        exercises = load_catalog()
        load_tree(exercises=exercises)
    except DeeprootsError as error:
        return [str(error)]
    problems = []
    for exercise in exercises:
        try:
            problems += stub_problems(exercise)
        except DeeprootsError as error:  # a marker out of place
            problems.append(f"{exercise.id}: {error}")
            continue
        problems += forbidden_line_problems(exercise)
        problems += source_url_problems(exercise)
    return problems


def stub_problems(exercise: Exercise) -> list[str]:
    """The stub made from solution.py parses, asks for work (a '# TODO' and 'raise
    NotImplementedError') and holds none of the solution's marked blocks."""
    source = exercise.solution_file.read_text(encoding="utf-8")
    stub, problems = exercise.stub_text(), []
    for name, text in (("stub", stub), ("reference solution", exercise.solution_text())):
        try:
            ast.parse(text)
        except SyntaxError as error:
            problems.append(f"{exercise.id}: the {name} made from solution.py does not parse ({error})")
    if "# TODO" not in stub or "raise NotImplementedError" not in stub:
        problems.append(f"{exercise.id}: the stub needs a '# TODO' and 'raise NotImplementedError' "
                        "(a '# TODO' line right above a '### BEGIN SOLUTION' block)")
    for block in solution_blocks(source):
        if block.strip() and block in stub:
            problems.append(f"{exercise.id}: the stub still holds a solution block: {block.strip().splitlines()[0]!r}")
    return problems


def source_url_problems(exercise: Exercise, stub: Path | None = None) -> list[str]:
    """The statement's "Source:" paragraph cites its resource with a link the learner can open."""
    statement = exercise.statement() if stub is None else ast.get_docstring(ast.parse(stub.read_text(encoding="utf-8"))) or ""
    source = next((paragraph for paragraph in statement.split("\n\n") if re.match(r"Sources?:", paragraph)), "")
    if "https://" not in source:
        return [f"{exercise.id}: the statement's 'Source:' paragraph needs the https:// URL of what it cites"]
    return []


FORBIDDEN_LINE = "Do not use:"
# Prose that forbids something outside the one "Do not use:" line (exercise.toml would not know).
_PROSE_FORBIDS = re.compile(r"\b(do not|don't|never) (use|call)\b|\bwithout (using|calling)\b|: no (np|numpy|scipy|sklearn|torch)\.",
                            re.IGNORECASE)


def statement_forbids(statement: str) -> tuple[str, ...] | None:
    """The names on the statement's "Do not use:" line (it may wrap until a line that ends
    with a period or a blank line), as exercise.toml writes them (``np.`` is ``numpy.``);
    None when the statement has no such line."""
    lines = statement.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith(FORBIDDEN_LINE)), None)
    if start is None:
        return None
    text = lines[start][len(FORBIDDEN_LINE):]
    for line in lines[start + 1:]:
        if text.rstrip().endswith(".") or not line.strip():
            break
        text += " " + line.strip()
    names = (name.strip().strip("`").rstrip(".").strip("`") for name in text.split(","))
    return tuple(re.sub(r"^np\.", "numpy.", name) for name in names if name)


def forbidden_line_problems(exercise: Exercise) -> list[str]:
    """exercise.toml's ``forbidden`` list is the single source of what an exercise forbids:
    its statement names exactly those names on one "Do not use:" line, and forbids nothing
    in prose."""
    statement = exercise.statement()
    named = statement_forbids(statement)
    listed = set(exercise.forbidden)
    problems = []
    if named is None and listed:
        problems.append(f"{exercise.id}: the statement needs a line '{FORBIDDEN_LINE} "
                        f"{', '.join(exercise.forbidden)}.' (its exercise.toml forbids them)")
    elif named is not None and set(named) != listed:
        problems.append(f"{exercise.id}: the statement's '{FORBIDDEN_LINE}' line names {sorted(named)} but the "
                        f"exercise.toml forbids {sorted(listed)}; they must agree")
    prose = "\n".join(line for line in statement.splitlines() if not line.startswith(FORBIDDEN_LINE))
    match = _PROSE_FORBIDS.search(prose)
    if match:
        problems.append(f"{exercise.id}: the statement forbids in prose ({match.group(0)!r}); name what is "
                        f"forbidden on the '{FORBIDDEN_LINE}' line and in exercise.toml's forbidden list")
    return problems


def forbidden_enforcement_problems(exercise: Exercise) -> list[str]:
    """Every name the exercise forbids can be trapped in the worker (a name that cannot would
    be forbidden in the statement and allowed in fact). Not among structural_problems: it
    imports the names' libraries, so check_all runs it only for the exercises it checks,
    before its grader threads (two threads importing torch at once may see it half-made)."""
    return [f"{exercise.id}: forbidden name {name} cannot be enforced by a trap; {problem}"
            for name in exercise.forbidden if (problem := enforcement_problem(name))]


def check_exercise(exercise: Exercise, grader: Grader) -> ExerciseReport:
    report = ExerciseReport(exercise)
    source = exercise.solution_text()
    with tempfile.TemporaryDirectory(prefix="deeproots-check-") as folder:
        stub, solution = Path(folder) / "exercise.py", Path(folder) / "solution.py"
        stub.write_text(exercise.stub_text(), encoding="utf-8")
        solution.write_text(source, encoding="utf-8")
        report.stub = grader.check(exercise, stub)
        if report.stub.passed:
            report.problems.append("the unsolved stub passes its checks")
        report.solution = grader.check(exercise, solution)
        if not report.solution.passed:
            failing = [c.title for c in report.solution.checks if not c.passed]
            report.problems.append(f"the solution fails: {report.solution.problem or ', '.join(failing)}")
        for mutant in exercise.mutants:
            if mutant.find not in source:
                report.mutants.append((mutant.name, None))
                report.problems.append(f"mutant '{mutant.name}': its find text is not in the reference "
                                       "solution (solution.py without its markers)")
                continue
            path = Path(folder) / "mutant.py"
            path.write_text(source.replace(mutant.find, mutant.replace), encoding="utf-8")
            verdict = grader.check(exercise, path)
            report.mutants.append((mutant.name, verdict))
            if verdict.passed:
                report.problems.append(f"mutant '{mutant.name}' passes: the checks miss this bug")
    return report


@contextmanager
def graders_side_by_side(parallel: int = 2) -> Iterator[Callable[[Exercise], Future]]:
    """``submit(exercise)`` -> a future ExerciseReport, graded by ``parallel`` graders side by
    side: grading is mostly waiting for worker processes, so two threads keep two cores busy.
    The graders' spare workers are closed on exit."""
    local = threading.local()
    graders: list[Grader] = []
    lock = threading.Lock()

    def run(exercise: Exercise) -> ExerciseReport:
        if not hasattr(local, "grader"):
            local.grader = Grader(WorkerPool(prewarm=True))
            with lock:
                graders.append(local.grader)
        return check_exercise(exercise, local.grader)

    try:
        with ThreadPoolExecutor(max_workers=max(1, parallel)) as executor:
            yield lambda exercise: executor.submit(run, exercise)
    finally:
        for grader in graders:
            grader.pool.close()


def check_all(only: list[str] | None = None, on_report=None,
              parallel: int = 2) -> tuple[list[str], list[ExerciseReport]]:
    """Structural problems, then one report per exercise in catalog order (``on_report``
    sees each as it ends)."""
    problems = structural_problems()
    try:
        exercises = load_catalog()
        load_tree(exercises=exercises)
    except DeeprootsError:  # structural_problems said why
        return problems, []
    chosen = [exercises.get(exercise_id) for exercise_id in only] if only else list(exercises)
    problems += [problem for exercise in chosen for problem in forbidden_enforcement_problems(exercise)]
    with graders_side_by_side(parallel) as submit:
        futures = [submit(exercise) for exercise in chosen]
        if on_report:
            for future in as_completed(futures):
                on_report(future.result())
        reports = [future.result() for future in futures]
    return problems, reports


@dataclass
class DevCheck:
    """What `deeproots dev check` found: structural problems, one report per exercise, and,
    when the whole content was checked, how many concept questions were self-checked and
    what was wrong with them (``questions`` is None when they were not)."""
    problems: list[str]
    reports: list[ExerciseReport]
    questions: int | None = None
    question_problems: list[str] = field(default_factory=list)

    @property
    def bad(self) -> int:
        return len(self.problems) + sum(not report.ok for report in self.reports)


def dev_check(only: list[str] | None = None, stage: str | None = None, on_report=None,
              parallel: int = 2) -> DevCheck:
    """Check the exercises named in ``only`` and those of ``stage`` (roots, trunk or
    branches); with neither, every exercise and the concept questions too."""
    if stage is not None:
        if stage not in STAGES:
            raise DeeprootsError(f"--stage must be one of {', '.join(STAGES)} (got {stage!r})")
        only = [*(only or []), *(exercise.id for exercise in catalog() if exercise.stage == stage)]
    problems, reports = check_all(only, on_report=on_report, parallel=parallel)
    result = DevCheck(problems, reports)
    if not only:  # the whole content: the concept questions too
        from deeproots.content.questions import load_questions
        from deeproots.quiz.answers import self_check

        questions = load_questions()
        result.questions = len(questions)
        result.question_problems = self_check(questions)
        result.problems += result.question_problems
    return result
