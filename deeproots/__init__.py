"""deeproots: learn modern machine learning by doing, with instant, trustworthy feedback."""

__version__ = "0.1.0"


def load_ipython_extension(ipython) -> None:
    """``%load_ext deeproots`` in Jupyter: the ``%%deeproots ID`` cells (deeproots.notebook)."""
    from deeproots.notebook import load_ipython_extension as load

    load(ipython)
