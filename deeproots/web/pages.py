"""Every page's route, gathered from the pages modules (each exposes ``ROUTES``)."""
from __future__ import annotations

from deeproots.web import progress_pages, quiz_pages, runs_pages, tree_pages

ROUTES = [*tree_pages.ROUTES, *progress_pages.ROUTES, *quiz_pages.ROUTES, *runs_pages.ROUTES]
