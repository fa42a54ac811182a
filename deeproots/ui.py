"""Rich rendering shared by the CLI and the watch loop: verdicts, the tree, plans."""
from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.tree import Tree as RichTree

from deeproots.path.planner import Plan, make_plan, node_done_fraction
from deeproots.path.tree import Tree
from deeproots.runner.api import Learner
from deeproots.runner.catalog import Exercise
from deeproots.runner.grader import Verdict

STATUS_STYLE = {"done": ("✓", "green"), "started": ("•", "yellow"), "todo": ("·", "dim")}
VERDICT_STYLE = {"passed": "green", "failed": "red", "not-started": "yellow", "error": "red"}


def verbatim(content: object, style: str = "") -> Text:
    """Learner-facing content (statements, hints, check messages, questions, values) as Rich
    shows it: exactly as written. Markup is for our own chrome only; never put content into a
    markup string, where Rich would eat ``[...]``."""
    return Text(str(content), style=style)


def hints_text(shown: int, hints: tuple[str, ...]) -> str:
    """The hints revealed so far, numbered out of all of them."""
    return "\n".join(f"[bold]hint {number}/{len(hints)}[/]: {text}"
                     for number, text in enumerate(hints[:shown], start=1))


def exercise_header(exercise: Exercise, path: str) -> Text:
    text = Text()
    text.append(f"{exercise.title}", style="bold")
    text.append(f"  [{exercise.id}]  ~{exercise.minutes} min  ({exercise.node})\n", style="dim")
    text.append(f"edit: {path}", style="cyan")
    return text


def exercise_intro(exercise: Exercise, path: str) -> Group:
    """What to do: the header and the stub's teaching docstring."""
    import ast

    docstring = ast.get_docstring(ast.parse(exercise.stub_file.read_text(encoding="utf-8"))) or ""
    return Group(exercise_header(exercise, path), Text(), Text(docstring))


def verdict_panel(exercise: Exercise, verdict: Verdict, path: str) -> Panel:
    body: list = [exercise_header(exercise, path), Text()]
    headline = {
        "passed": f"✓ all {len(verdict.checks)} checks passed",
        "failed": f"✗ {sum(not c.passed for c in verdict.checks)} of {len(verdict.checks)} checks failed",
        "not-started": "not started yet: the functions still raise NotImplementedError",
        "error": f"✗ {verdict.problem}",
    }[verdict.status]
    body.append(Text(headline, style=f"bold {VERDICT_STYLE[verdict.status]}"))
    for check in verdict.checks:
        mark, style = ("✓", "green") if check.passed else ("✗", "red")
        line = Text(f" {mark} {check.title}", style=style)
        if not check.passed and check.message:
            line.append(f"\n     {check.message}", style="default")
        body.append(line)
        if not check.passed and check.details:
            table = Table.grid(padding=(0, 1))
            table.add_column(style="dim", justify="right")
            table.add_column(overflow="fold")
            for key, value in check.details.items():
                table.add_row(f"     {key}", value)
            body.append(table)
    if verdict.output.strip():
        body.append(Text("\nyour code printed:", style="dim"))
        body.append(Text(verdict.output.strip()[-1500:], style="dim"))
    body.append(Text(f"\nchecked in {verdict.seconds * 1000:.0f} ms", style="dim"))
    return Panel(Group(*body), border_style=VERDICT_STYLE[verdict.status])


def path_view(learner: Learner, tree: Tree) -> Group:
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
            branch.add(label)
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
    reviews = sum(due.values())
    lines.append(Text.assemble(("theory: ", "bold"), (f"{reviews} review(s) due" if reviews
                                                      else "concept questions for every node", ""),
                               ("  →  deeproots quiz", "green")))
    lines.append(pace_line(plan))
    return Group(*lines)


def pace_line(plan: Plan) -> Text:
    pace = plan.pace
    if pace.measured:
        how = f"your pace: {pace.factor:.2f}× our estimates over {pace.passed_exercises} passed exercises"
    else:
        how = "pace: our estimates until you have passed a few exercises"
    return Text(f"{how}; {plan.remaining_hours:.0f} h left at {plan.hours_per_week:g} h/week "
                f"→ finish around {plan.finish:%d %b %Y}", style="dim")


def plan_view(plan: Plan, tree: Tree, months: float | None) -> Group:
    table = Table(title=f"Study plan at {plan.hours_per_week:g} h/week", show_lines=False)
    table.add_column("week", justify="right")
    table.add_column("starts")
    table.add_column("study")
    table.add_column("hours", justify="right")
    for week in plan.weeks:
        study = ", ".join(f"{tree.get(node_id).title} ({hours:.1f} h)" for node_id, hours in week.items)
        table.add_row(str(week.number), f"{week.starts:%d %b %Y}", study, f"{week.hours:.1f}")
    lines: list = [table, pace_line(plan)]
    if months is not None and plan.hours_per_week_for_deadline is not None:
        fits = plan.months_needed <= months
        lines.append(Text(
            f"{'fits' if fits else 'does not fit'} in {months:g} months: it needs "
            f"{plan.months_needed:.1f} months at {plan.hours_per_week:g} h/week, or "
            f"{plan.hours_per_week_for_deadline:.1f} h/week to finish in {months:g} months",
            style="green" if fits else "yellow"))
    return Group(*lines)


def make_console() -> Console:
    return Console(highlight=False)


def with_progress(label: str, work):
    """Run ``work(progress)`` under a transient progress bar; ``progress(fraction, message)``
    moves it. Every long-running track command (lab, rl, research) reports through this."""
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task(label, total=1.0)
        return work(lambda done, message: bar.update(task, completed=done, description=message))
