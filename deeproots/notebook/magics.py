"""The IPython magics: parsing and displaying only (the work is deeproots.app's).

    %load_ext deeproots
    %%deeproots ID            the cell is your solution to exercise ID: written into your
                              workspace file for it and graded by the deeproots grader
    %deeproots hint ID        the next hint (recorded, as `deeproots hint`)
    %deeproots show ID        the statement and your status
    %deeproots workspace PATH use another workspace

A problem (an unknown ID, no workspace) is one line, never a traceback."""
from __future__ import annotations

from pathlib import Path

from IPython.core.magic import Magics, cell_magic, line_magic, magics_class

from deeproots.errors import DeeprootsError
from deeproots.notebook.render import HTML, hints_html, statement_html, verdict_html, verdict_text

USAGE = ("usage: %%deeproots ID (a cell: your solution) · %deeproots hint ID · %deeproots show ID · "
         "%deeproots workspace PATH")


@magics_class
class DeeprootsMagics(Magics):
    def __init__(self, shell):
        super().__init__(shell)
        self._learner = None
        self._root: Path | None = None  # None: found as the CLI finds it

    def learner(self):
        from deeproots.app.learner import Learner

        if self._learner is None:
            self._learner = Learner.open(self._root)
        return self._learner

    def announce(self) -> None:
        try:
            print(f"deeproots: workspace {self.learner().workspace.root}")
        except DeeprootsError as error:
            print(f"deeproots: {error} (or `%deeproots workspace PATH`)")

    @line_magic("deeproots")
    def deeproots_line(self, line: str):
        words = line.split(None, 1)
        if len(words) != 2 or words[0] not in ("hint", "show", "workspace"):
            print(USAGE)
            return None
        command, argument = words[0], words[1].strip()
        try:
            if command == "workspace":
                return self._workspace(argument)
            me = self.learner()
            exercise = me.catalog.get(argument)
            if command == "hint":
                shown, hints = me.next_hint(exercise)
                text = "\n".join(f"hint {n}/{len(hints)}: {hint}" for n, hint in enumerate(hints[:shown], 1))
                return HTML(hints_html(exercise, shown, hints), text)
            me.opened(exercise)
            status = me.status(exercise)
            return HTML(statement_html(exercise, str(me.workspace.file_for(exercise)), status),
                        f"{exercise.statement()}\n\nstatus: {status}")
        except DeeprootsError as error:
            print(f"error: {error}")
            return None

    def _workspace(self, argument: str):
        from deeproots.app.learner import Learner

        root = Path(argument).expanduser()
        self._learner = Learner.open(root)
        self._root = root
        print(f"deeproots: workspace {self._learner.workspace.root}")

    @cell_magic("deeproots")
    def deeproots_cell(self, line: str, cell: str):
        from deeproots.app.notebooks import submit

        exercise_id = line.strip()
        if not exercise_id or len(exercise_id.split()) != 1:
            print(USAGE)
            return None
        try:
            submission = submit(self.learner(), exercise_id, cell)
        except DeeprootsError as error:
            print(f"error: {error}")
            return None
        return HTML(verdict_html(submission), verdict_text(submission))


def register(ipython) -> None:
    magics = DeeprootsMagics(ipython)
    ipython.register_magics(magics)
    magics.announce()
