"""The shared run report: ``runs/<experiment>/<timestamp>/`` with report.html, PNGs and metrics.json.

``folder`` (run folders), ``page`` (``Report`` and its sections), ``html`` (rendering),
``charts`` (PNG bytes, matplotlib line charts), ``heatmap``, ``png`` (image grids without
matplotlib), ``record`` (metrics.json). Importing this package imports neither matplotlib nor torch.
"""
from deeproots.report.folder import ReportError, RunExistsError, RunFolder
from deeproots.report.page import Report
from deeproots.report.png import encode_png

__all__ = ["Report", "RunFolder", "ReportError", "RunExistsError", "encode_png"]
