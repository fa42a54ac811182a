"""/progress: weekly passes and hours (time counted as ProgressStore.summary counts it), the forecast."""
from __future__ import annotations

import datetime as dt
import time

from deeproots.web.progress_pages import week_of, weekly
from tests.web.pages_client import add_attempts, open_site


def test_an_empty_workspace_shows_an_empty_state_and_the_plan(tmp_path):
    page = open_site(tmp_path).client.get("/progress").text
    assert 'id="progress-empty"' in page
    assert 'id="chart-forecast"' in page and "plan: 10 h/week" in page
    assert 'id="chart-passes"' not in page and 'id="chart-hours"' not in page


def test_the_charts_are_inline_svg_with_titles_and_axis_labels(tmp_path):
    site = open_site(tmp_path)
    add_attempts(site.learner, 60)
    page = site.client.get("/progress").text
    for chart in ("chart-passes", "chart-hours", "chart-forecast"):
        assert f'<svg class="chart" id="{chart}"' in page
    for text in ("Exercises passed per week", "Hours of study per week", "Pace forecast against the plan",
                 "week starting", "hours left", "weeks from today", "your last 4 weeks"):
        assert text in page
    assert "<script" not in page


def test_hours_per_week_add_up_to_the_time_spent_of_summary(tmp_path):
    site = open_site(tmp_path)
    add_attempts(site.learner, 60)
    exercise = next(iter(site.learner.catalog))
    site.learner.opened(exercise)
    site.learner.progress.record_attempt(exercise.id, "failed", 12.0, 0, 2, at=time.time() + 120)
    pieces = site.learner.progress.time_pieces()
    spent = sum(record.time_spent_s for record in site.learner.summary().values())
    assert abs(sum(seconds for _, seconds in pieces) - spent) < 1e-6
    weeks, sums = weekly(pieces, dt.date.today())
    assert abs(sum(sums) - spent) < 1e-6
    assert weeks == sorted(weeks) and all((b - a).days == 7 for a, b in zip(weeks, weeks[1:]))


def test_passes_are_counted_in_the_week_of_the_first_pass(tmp_path):
    site = open_site(tmp_path)
    exercise = next(iter(site.learner.catalog))
    first = time.time() - 14 * 86400
    site.learner.progress.record_attempt(exercise.id, "passed", 1.0, 2, 2, at=first)
    site.learner.progress.record_attempt(exercise.id, "passed", 1.0, 2, 2, at=time.time())
    passes = [(r.first_pass, 1.0) for r in site.learner.summary().values() if r.first_pass]
    weeks, counts = weekly(passes, dt.date.today())
    assert weeks[0] == week_of(first) and counts == [1.0, 0.0, 0.0]
