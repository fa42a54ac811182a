"""`deeproots notebook ID|NODE`: write a Jupyter notebook for an exercise or a node into the
workspace (parsing and printing only; the notebook is deeproots.app.notebooks')."""
from __future__ import annotations

import typer

from deeproots.cli.options import console, learner
from deeproots.cli.views import verbatim

notebook_app = typer.Typer(add_completion=False)


@notebook_app.command()
def notebook(target: str = typer.Argument(..., metavar="ID|NODE",
                                          help="An exercise (one notebook) or a node (every exercise of it).")) -> None:
    """Write a notebook (statement, your code in a %%deeproots cell graded by the same grader,
    a scratch cell) into the workspace's notebooks/; an existing one is never overwritten."""
    from deeproots.app.notebooks import write_notebook

    me = learner()
    path, written = write_notebook(me, target)
    if written:
        console().print(verbatim(f"notebook written: {path}\nopen it: jupyter lab {path}"), soft_wrap=True)
    else:
        console().print(verbatim(f"{path} exists already; left as it is (your edits are kept). "
                                 "Delete or rename it to get a fresh one."), soft_wrap=True)
