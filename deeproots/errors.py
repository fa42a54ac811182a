"""The one error type the CLI turns into a one-line message (and never a traceback)."""


class DeeprootsError(Exception):
    """A problem the user can fix: the message names the problem and the fix."""
