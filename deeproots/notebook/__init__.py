"""The Jupyter front end: ``%load_ext deeproots`` registers ``%%deeproots ID`` (grade a cell),
``%deeproots hint ID``, ``%deeproots show ID`` and ``%deeproots workspace PATH``.

IPython is imported only when the extension is loaded; the application is ``deeproots.app``."""
from __future__ import annotations


def load_ipython_extension(ipython) -> None:
    from deeproots.notebook.magics import register

    register(ipython)
