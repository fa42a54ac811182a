"""Every page's route, gathered from the pages modules (each exposes ``ROUTES``)."""
from __future__ import annotations

from deeproots.web import progress_pages, quiz_pages, tree_pages

# The runs pages (/runs, /runs/compare, a run's page and report) are added here by their module:
#     from deeproots.web import runs_pages
#     ROUTES = [*..., *runs_pages.ROUTES]
ROUTES = [*tree_pages.ROUTES, *progress_pages.ROUTES, *quiz_pages.ROUTES]
