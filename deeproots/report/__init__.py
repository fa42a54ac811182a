"""The shared run report: ``runs/<experiment>/<timestamp>/`` with report.html, PNGs and metrics.json.

Importing this package imports neither matplotlib nor torch.
"""
from deeproots.report.png import encode_png
from deeproots.report.writer import Report, ReportError, RunExistsError, RunFolder

__all__ = ["Report", "RunFolder", "ReportError", "RunExistsError", "encode_png"]
