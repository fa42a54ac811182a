"""Rich rendering shared by the CLI and the watch loop: verdicts, the tree, plans."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.tree import Tree as RichTree

if TYPE_CHECKING:  # type-only: importing the CLI must not import the grader (and NumPy with it)
    from deeproots.app.learner import Learner
    from deeproots.app.planner import Plan
    from deeproots.app.devcheck import ExerciseReport
    from deeproots.app.progress import ExerciseProgress
    from deeproots.content.catalog import Exercise
    from deeproots.content.tree import Node, Tree
    from deeproots.grading.checks import CheckResult
    from deeproots.grading.host.grader import Verdict

STATUS_STYLE = {"done": ("✓", "green"), "started": ("•", "yellow"), "todo": ("·", "dim")}
VERDICT_STYLE = {"passed": "green", "failed": "red", "not-started": "yellow", "error": "red"}


def verbatim(content: object, style: str = "") -> Text:
    """Learner-facing content (statements, hints, check messages, questions, values) as Rich
    shows it: exactly as written. Markup is for our own chrome only; never put content into a
    markup string, where Rich would eat ``[...]``."""
    return Text(str(content), style=style)


def hints_text(shown: int, hints: tuple[str, ...]) -> Text:
    """The hints revealed so far, numbered out of all of them (each hint verbatim)."""
    text = Text()
    for number, hint in enumerate(hints[:shown], start=1):
        if number > 1:
            text.append("\n")
        text.append(f"hint {number}/{len(hints)}", style="bold")
        text.append(": ")
        text.append_text(verbatim(hint))
    return text


def exercise_header(exercise: Exercise, path: str) -> Text:
    text = Text()
    text.append_text(verbatim(exercise.title, style="bold"))
    text.append_text(verbatim(f"  [{exercise.id}]  ~{exercise.minutes} min  ({exercise.node})\n", style="dim"))
    text.append_text(verbatim(f"edit: {path}", style="cyan"))
    return text


# A statement line that starts a list item keeps its own line when prose around it is reflowed.
_LIST_ITEM = re.compile(r"^([-*•]|\d+[.)]|\([a-z0-9]+\))\s")
# Labelled lines start their own paragraph even without a blank line before them.
_OWN_LINE = ("Source:", "Sources:", "Do not use:")


def reflow(statement: str) -> Group:
    """A hard-wrapped docstring reflowed to the console: runs of plain prose lines become one
    line that Rich wraps to the terminal's width; indented lines (formulas, examples, shapes),
    list items and blank lines keep their own lines, and one too long for the terminal wraps
    under its own indent (a hanging indent) rather than back at the left edge."""
    lines: list[str] = []
    joinable = False  # whether the last entry of ``lines`` is prose that may continue
    for line in statement.splitlines():
        prose = bool(line.strip()) and not line[0].isspace() and not _LIST_ITEM.match(line)
        if prose and joinable and not line.startswith(_OWN_LINE):
            lines[-1] += " " + line.strip()
        else:
            lines.append(line)
        joinable = prose
    return Group(*(Padding(verbatim(line.lstrip()), (0, 0, 0, len(line) - len(line.lstrip())))
                   if line[:1].isspace() else verbatim(line) for line in lines))


def exercise_intro(exercise: Exercise, path: str) -> Group:
    """What to do: the header and the stub's teaching docstring, reflowed to the terminal."""
    return Group(exercise_header(exercise, path), Text(), reflow(exercise.statement()))


# Long verdicts are folded so that the first failure is on screen without scrolling.
DETAILED_FAILURES = 2
OUTPUT_LINES = 20
PASSED_TITLES = 4


def _failure(check: CheckResult, detailed: bool) -> list:
    line = Text(" ✗ ", style="red")
    line.append_text(verbatim(check.title, style="red"))
    parts: list = [line]
    if check.message:
        parts.append(Padding(verbatim(check.message), (0, 0, 0, 5)))
    if detailed and check.details:
        table = Table.grid(padding=(0, 1))
        table.add_column(style="dim", justify="right")
        table.add_column(overflow="fold")
        for key, value in check.details.items():
            # A str cell is parsed as markup: array previews like [nan nan] would vanish.
            table.add_row(verbatim(f"     {key}"), verbatim(value))
        parts.append(table)
    return parts


def _passed_summary(passed: list[CheckResult]) -> Text:
    titles = ", ".join(check.title for check in passed[:PASSED_TITLES])
    more = f", and {len(passed) - PASSED_TITLES} more" if len(passed) > PASSED_TITLES else ""
    return verbatim(f" ✓ {len(passed)} other check(s) passed: {titles}{more}", style="green")


def _printed_output(output: str) -> list:
    lines = output.strip().splitlines()
    shown = [line[:300] for line in lines[-OUTPUT_LINES:]]
    parts: list = [Text("\nyour code printed:", style="dim")]
    if len(lines) > OUTPUT_LINES:
        parts.append(Text(f"(the first {len(lines) - OUTPUT_LINES} of {len(lines)} lines not shown)",
                          style="dim italic"))
    parts.append(verbatim("\n".join(shown), style="dim"))
    return parts


def verdict_panel(exercise: Exercise, verdict: Verdict, path: str) -> Panel:
    """The verdict, first failure first: details for the first few failures only, passing
    checks in one line when something failed, the printed output's last lines."""
    body: list = [exercise_header(exercise, path), Text()]
    failed = [check for check in verdict.checks if not check.passed]
    passed = [check for check in verdict.checks if check.passed]
    headline = {
        "passed": f"✓ all {len(verdict.checks)} checks passed",
        "failed": f"✗ {len(failed)} of {len(verdict.checks)} checks failed",
        "not-started": "not started yet: the functions still raise NotImplementedError",
        "error": f"✗ {verdict.problem}",
    }[verdict.status]
    body.append(verbatim(headline, style=f"bold {VERDICT_STYLE[verdict.status]}"))
    for number, check in enumerate(failed):
        body += _failure(check, detailed=number < DETAILED_FAILURES)
    if len(failed) > DETAILED_FAILURES and any(check.details for check in failed[DETAILED_FAILURES:]):
        body.append(Text(f"     (details shown for the first {DETAILED_FAILURES} failures; "
                         "fix those first)", style="dim italic"))
    if failed and passed:
        body.append(_passed_summary(passed))
    elif passed:
        for check in passed:
            body.append(verbatim(f" ✓ {check.title}", style="green"))
    if verdict.output.strip():
        body += _printed_output(verdict.output)
    body.append(Text(f"\nchecked in {verdict.seconds * 1000:.0f} ms", style="dim"))
    return Panel(Group(*body), border_style=VERDICT_STYLE[verdict.status])


def resources_view(node: Node, brief: bool = False) -> Group:
    """Where to learn a node: its summary, then each resource's lecture or chapter pointers
    and URL; ``brief`` gives one line per resource (title and URL) and the command for more."""
    lines: list = []
    if brief:
        lines.append(Text.assemble(("\nto read for ", "bold"), (node.title, "bold")))
        for resource in node.resources:
            lines.append(Padding(Text.assemble(resource.title, ("  " + resource.url, "cyan")), (0, 0, 0, 2)))
        lines.append(Text.assemble(("  lecture and chapter pointers: ", "dim"), (f"deeproots read {node.id}", "green")))
        return Group(*lines)
    lines.append(Text.assemble((node.title, "bold"), (f"  ({node.id}, {node.stage}, ~{node.hours:g} h)", "dim")))
    lines.append(verbatim(node.summary))
    if node.prerequisites:
        lines.append(verbatim(f"after: {', '.join(node.prerequisites)}", style="dim"))
    for resource in node.resources:
        lines.append(Text())
        lines.append(verbatim(resource.title, style="bold"))
        lines.append(Padding(verbatim(resource.pointer), (0, 0, 0, 2)))
        if resource.url:
            lines.append(Padding(verbatim(resource.url, style="cyan"), (0, 0, 0, 2)))
    if node.exercises:
        lines.append(Text())
        lines.append(verbatim(f"{len(node.exercises)} exercises: {', '.join(e.id for e in node.exercises)}",
                              style="dim"))
    return Group(*lines)


MEDALS = {"gold": "🥇 gold", "silver": "🥈 silver", "bronze": "🥉 bronze"}


def project_line(project, standing) -> Text:
    """A project under its node in the path: its title, medal and best score."""
    line = Text.assemble(("project: ", "bold cyan"), verbatim(project.title), (f"  [{project.id}]", "dim"))
    medal, detail = standing.words(project)
    if medal in MEDALS:
        line.append(f"  {MEDALS[medal]}", style="bold yellow")
    line.append(f"  {detail}", style="dim")
    return line


def path_view(learner: Learner, tree: Tree) -> Group:
    from deeproots.app.planner import make_plan, node_done_fraction

    summary = learner.summary()
    due = learner.quiz().due_by_node()
    noted = learner.nodes_with_notes()
    root = RichTree(Text("deeproots — the tree of knowledge", style="bold"))
    for stage, nodes in tree.stages():
        branch = root.add(Text(stage, style="bold magenta"))
        for node in nodes:
            total = len(node.exercises)
            done = sum(1 for e in node.exercises if learner.status(e, summary) == "done")
            fraction = node_done_fraction(node, summary)
            bar = "█" * round(10 * fraction) + "░" * (10 - round(10 * fraction))
            style = "green" if total and done == total else "default"
            label = Text(f"{node.title}", style=f"bold {style}")
            label.append(f"  {bar} {done}/{total} exercises" if total else "  (exercises coming)", style="dim")
            label.append(f"  ~{node.hours:g} h", style="dim")
            if due.get(node.id):
                label.append(f"  {due[node.id]} review(s) due", style="bold yellow")
            if node.id in noted:
                label.append("  ✎ notes", style="cyan")
            if node.prerequisites:
                label.append(f"  after: {', '.join(node.prerequisites)}", style="dim italic")
            twig = branch.add(label)
            for project in learner.projects.catalog.in_node(node.id):
                twig.add(project_line(project, learner.projects.standing(project)))
    hours = learner.hours_per_week()
    plan = make_plan(tree, summary, hours)
    upcoming = learner.next_exercise()
    lines = [root, Text()]
    if upcoming is None:
        lines.append(Text("Every exercise passed. The next issues bring more.", style="bold green"))
    else:
        lines.append(Text.assemble(("next: ", "bold"), (f"{upcoming.title} ", "bold cyan"),
                                   (f"[{upcoming.id}]", "dim"),
                                   ("  →  deeproots watch", "green")))
        lines.append(Text(f"      {learner.workspace.file_for(upcoming)}", style="dim"))
    project = learner.next_project()
    if project is not None:
        lines.append(Text.assemble(("project: ", "bold"), verbatim(project.title, "bold cyan"),
                                   (f" [{project.id}]", "dim"), (f"  →  deeproots project run {project.id}", "green")))
    reviews = sum(due.values())
    lines.append(Text.assemble(("theory: ", "bold"), (f"{reviews} review(s) due" if reviews
                                                      else "concept questions for every node", ""),
                               ("  →  deeproots quiz", "green")))
    lines.append(pace_line(plan))
    return Group(*lines)


def pace_line(plan: Plan) -> Text:
    return Text(plan.forecast(), style="dim")


def plan_view(plan: Plan, tree: Tree, months: float | None) -> Group:
    table = Table(title=f"Study plan at {plan.hours_per_week:g} h/week", show_lines=False)
    table.add_column("week", justify="right")
    table.add_column("starts")
    table.add_column("study")
    table.add_column("hours", justify="right")
    for week in plan.weeks:
        study = ", ".join(f"{tree.get(node_id).title} ({hours:.1f} h)" for node_id, hours in week.items)
        table.add_row(str(week.number), f"{week.starts:%d %b %Y}", verbatim(study), f"{week.hours:.1f}")
    lines: list = [table, pace_line(plan)]
    if months is not None and plan.hours_per_week_for_deadline is not None:
        fits = plan.months_needed <= months
        lines.append(Text(
            f"{'fits' if fits else 'does not fit'} in {months:g} months: it needs "
            f"{plan.months_needed:.1f} months at {plan.hours_per_week:g} h/week, or "
            f"{plan.hours_per_week_for_deadline:.1f} h/week to finish in {months:g} months",
            style="green" if fits else "yellow"))
    return Group(*lines)


def exercise_table(learner: Learner, exercises: list[Exercise], summary: dict[str, ExerciseProgress],
                   node: str | None = None) -> Table:
    """`deeproots list`: one row per exercise with its status mark and attempts."""
    done = sum(1 for exercise in exercises if learner.status(exercise, summary) == "done")
    table = Table(caption=verbatim(f"{len(exercises)} exercises{f' in {node}' if node else ''}, {done} done"))
    for column in ("", "id", "title", "node", "min", "attempts"):
        table.add_column(column)
    for exercise in exercises:
        status = learner.status(exercise, summary)
        mark, style = STATUS_STYLE[status]
        record = summary.get(exercise.id)
        table.add_row(verbatim(mark, style=style), verbatim(exercise.id), verbatim(exercise.title),
                      verbatim(exercise.node), str(exercise.minutes), str(record.attempts if record else 0))
    return table


def check_all_table(verdicts: list[tuple[Exercise, Verdict | None]]) -> Table:
    """`deeproots check --all`: one row per exercise; an untouched stub (None) is todo."""
    table = Table()
    for column in ("id", "verdict", "checks"):
        table.add_column(column)
    for exercise, verdict in verdicts:
        if verdict is None:
            table.add_row(exercise.id, "todo (untouched stub)", "-")
        else:
            table.add_row(exercise.id, verdict.status,
                          f"{sum(c.passed for c in verdict.checks)}/{len(verdict.checks)}")
    return table


def dev_report_lines(report: ExerciseReport) -> list[Text]:
    """`deeproots dev check`: an exercise's line (stub, solution, mutants caught), then its problems."""
    mark = ("ok", "green") if report.ok else ("FAIL", "red")
    lines = [Text.assemble(mark, f" {report.exercise.id}: stub {report.stub.status}, solution "
                           f"{report.solution.status}, mutants caught {report.mutants_caught}/{len(report.mutants)}")]
    return lines + [verbatim(f"    {problem}", style="red") for problem in report.problems]


def make_console() -> Console:
    return Console(highlight=False)


def with_progress(label: str, work):
    """Run ``work(progress)`` under a transient progress bar; ``progress(fraction, message)``
    moves it. Every long-running track command (lab, rl, research) reports through this."""
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task(label, total=1.0)
        return work(lambda done, message: bar.update(task, completed=done, description=message))
