"""The tree of knowledge (``/``), a node (``/node/{id}``), an exercise (``/exercise/{id}``) and the
projects (``/projects``): the facts ``deeproots path``, ``read``, ``show`` and ``project list`` print."""
from __future__ import annotations

import datetime as dt

from starlette.routing import Route

from deeproots.errors import DeeprootsError
from deeproots.web.layout import dashboard, error_page, render



def _projects_in_tree_order(learner, tree) -> list:
    return [project for node in tree.nodes for project in learner.projects.catalog.in_node(node.id)]


async def home(request):
    from deeproots.app.planner import make_plan, node_done_fraction
    from deeproots.content.tree import tree as load_tree

    board = dashboard(request)
    learner, summary = board.snapshot()
    tree = load_tree()
    due = board.quiz().due_by_node()
    noted = learner.nodes_with_notes()
    standings = {project.id: learner.projects.standing(project) for project in _projects_in_tree_order(learner, tree)}
    stages = []
    for stage, nodes in tree.stages():
        rows = []
        for node in nodes:
            done = sum(1 for exercise in node.exercises if exercise.id in summary and summary[exercise.id].done)
            projects = [(project, *standings[project.id].words(project))
                        for project in learner.projects.catalog.in_node(node.id)]
            rows.append({"node": node, "done": done, "total": len(node.exercises),
                         "percent": round(100 * node_done_fraction(node, summary)), "due": due.get(node.id, 0),
                         "noted": node.id in noted, "projects": projects})
        stages.append((stage, rows))
    upcoming = learner.next_exercise()
    plan = make_plan(tree, summary, learner.hours_per_week())
    return render(request, "tree.html", title="deeproots — the tree of knowledge", stages=stages,
                  upcoming=upcoming, upcoming_file=learner.workspace.file_for(upcoming) if upcoming else None,
                  project=learner.next_project(), reviews=sum(due.values()), pace=plan.forecast())


def _when(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp).strftime("%d %b %Y %H:%M")


def _attempts(learner, exercise_id: str) -> list[dict]:
    rows = learner.progress.attempts(exercise_id)
    for row in rows:
        row["when"] = _when(row["at"])
    return sorted(rows, key=lambda row: (row["at"], row["id"]), reverse=True)


async def node_page(request):
    from deeproots.content.tree import tree as load_tree
    from deeproots.quiz.notes import note_path

    board = dashboard(request)
    try:
        node = load_tree().get(request.path_params["node_id"])
    except DeeprootsError as error:
        return error_page(request, 404, str(error))
    learner, summary = board.snapshot()
    exercises = [{"exercise": exercise, "status": learner.status(exercise, summary),
                  "attempts": summary[exercise.id].attempts if exercise.id in summary else 0}
                 for exercise in node.exercises]
    note = note_path(learner.workspace.root, node.id)
    questions = [question for question in board.quiz().questions if question.node == node.id]
    projects = [(project, *learner.projects.standing(project).words(project))
                for project in learner.projects.catalog.in_node(node.id)]
    return render(request, "node.html", title=node.title, node=node, exercises=exercises, questions=questions,
                  note=note.read_text(encoding="utf-8", errors="replace") if note.is_file() else None,
                  note_path=note, projects=projects, due=board.quiz().due_by_node().get(node.id, 0))


async def exercise_page(request):
    board = dashboard(request)
    learner, summary = board.snapshot()
    try:
        exercise = learner.catalog.get(request.path_params["exercise_id"])
    except DeeprootsError as error:
        return error_page(request, 404, str(error))
    shown = learner.progress.count_events(exercise.id, "hint")
    record = summary.get(exercise.id)
    return render(request, "exercise.html", title=exercise.title, exercise=exercise,
                  statement=exercise.statement(), status=learner.status(exercise, summary),
                  attempts=_attempts(learner, exercise.id), record=record,
                  first_pass=_when(record.first_pass) if record and record.first_pass else None,
                  hints=list(enumerate(exercise.hints[:shown], start=1)), hint_count=len(exercise.hints),
                  file=learner.workspace.file_for(exercise))


async def projects_page(request):
    from deeproots.content.tree import tree as load_tree

    learner, _ = dashboard(request).snapshot()
    rows = []
    for project in _projects_in_tree_order(learner, load_tree()):
        standing = learner.projects.standing(project)
        medal, detail = standing.words(project)
        rows.append({"project": project, "best": project.format_score(standing.best_score), "medal": medal,
                     "detail": detail, "runs": standing.runs})
    return render(request, "projects.html", title="Projects", rows=rows)


ROUTES = [Route("/", home, name="home"),
          Route("/node/{node_id}", node_page, name="node"),
          Route("/exercise/{exercise_id}", exercise_page, name="exercise"),
          Route("/projects", projects_page, name="projects")]
