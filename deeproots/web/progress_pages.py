"""Progress over time (``/progress``): passes per week, hours per week and the pace forecast against
the plan, as inline SVG charts drawn here (``charts.py``). Time spent is ``ProgressStore.time_pieces``,
the pieces ``summary()`` adds up, each in the week it happened."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from starlette.routing import Route

from deeproots.web import charts
from deeproots.web.layout import dashboard, render

MAX_WEEKS = 104  # the charts show at most the last two years
RECENT_DAYS = 28  # "your recent pace": the hours of the last four weeks


def week_of(timestamp: float) -> dt.date:
    """The Monday (local time) of the week of ``timestamp``."""
    day = dt.datetime.fromtimestamp(timestamp).date()
    return day - dt.timedelta(days=day.weekday())


def weekly(values: list[tuple[float, float]], today: dt.date) -> tuple[list[dt.date], list[float]]:
    """Sums per week, every week from the first one with a value to this week (zeros included)."""
    sums: dict[dt.date, float] = defaultdict(float)
    for at, value in values:
        sums[week_of(at)] += value
    if not sums:
        return [], []
    this_week = today - dt.timedelta(days=today.weekday())
    first = max(min(sums), this_week - dt.timedelta(weeks=MAX_WEEKS - 1))
    weeks = [first + dt.timedelta(weeks=n) for n in range((this_week - first).days // 7 + 1)]
    return weeks, [sums.get(week, 0.0) for week in weeks]


def forecast_chart(plan, recent_per_week: float, today: dt.date):
    """Hours left against weeks from today: at the plan's hours/week, and at the learner's recent rate."""
    left = plan.remaining_hours
    plan_weeks = left / plan.hours_per_week
    horizon = max(plan_weeks * 3, 1.0)
    series = [charts.Series(f"plan: {plan.hours_per_week:g} h/week", [(0.0, left), (plan_weeks, 0.0)], "plan")]
    labels = {0.0: "today", plan_weeks: f"{plan.finish:%d %b %Y}"}
    if recent_per_week > 0 and left > 0:
        weeks = left / recent_per_week
        end = min(weeks, horizon)
        series.append(charts.Series(f"your last 4 weeks: {recent_per_week:.1f} h/week",
                                    [(0.0, left), (end, left - recent_per_week * end)], "recent", dashed=True))
        if weeks <= horizon and abs(weeks - plan_weeks) > plan_weeks * 0.15:
            labels[weeks] = f"{today + dt.timedelta(days=round(7 * weeks)):%d %b %Y}"
    return charts.line_chart("chart-forecast", "Pace forecast against the plan", series, "hours left",
                             "weeks from today", labels)


async def progress_page(request):
    board = dashboard(request)
    learner, summary = board.snapshot()
    today = dt.date.today()
    passes = [(record.first_pass, 1.0) for record in summary.values() if record.first_pass is not None]
    pieces = learner.progress.time_pieces()
    pass_weeks, pass_counts = weekly(passes, today)
    hour_weeks, seconds = weekly(pieces, today)
    recent_since = (dt.datetime.combine(today, dt.time()) - dt.timedelta(days=RECENT_DAYS - 1)).timestamp()
    recent = sum(value for at, value in pieces if at >= recent_since) / 3600 / (RECENT_DAYS / 7)
    plan = learner.plan()
    charts_shown = {}
    if pass_weeks:
        charts_shown["passes"] = charts.bar_chart("chart-passes", "Exercises passed per week (first passes)",
                                                  [f"{week:%d %b}" for week in pass_weeks], pass_counts,
                                                  "exercises passed")
    if hour_weeks:
        charts_shown["hours"] = charts.bar_chart("chart-hours", "Hours of study per week",
                                                 [f"{week:%d %b}" for week in hour_weeks],
                                                 [value / 3600 for value in seconds], "hours", unit=" h")
    finish_recent = (today + dt.timedelta(days=round(7 * plan.remaining_hours / recent))
                     if recent > 0 else None)
    return render(request, "progress.html", title="Progress", charts=charts_shown,
                  forecast=forecast_chart(plan, recent, today), pace=plan.forecast(), recent=recent,
                  finish_recent=finish_recent, plan=plan, attempts=sum(record.attempts for record in summary.values()),
                  passed=len(passes), hours=sum(record.time_spent_s for record in summary.values()) / 3600)


ROUTES = [Route("/progress", progress_page, name="progress")]
