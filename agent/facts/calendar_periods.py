"""Calendar arithmetic for timelines: months, quarters, weeks and festivals, relative to a day.

Kept apart from the phrase patterns so each rule ("the next March that has not started") is
written once and tested on its own.
"""

from __future__ import annotations

import calendar
import json
from datetime import date, timedelta
from functools import cache
from importlib import resources

from agent.facts.errors import CalendarDataError


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the target month's length (31 Jan + 1 = 28 Feb)."""
    year, month_index = divmod(day.year * 12 + day.month - 1 + months, 12)
    month = month_index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_month_occurrence(month: int, today: date) -> int:
    """The year of the next occurrence of ``month`` that has not yet started.

    "By March" said in March or later means next year's March: the current month is already under
    way, so a prospect naming it means the next one. Said in February, it is this year's.
    """
    return today.year if month > today.month else today.year + 1


def quarter_of(day: date) -> int:
    """The calendar quarter (1-4) a day falls in."""
    return (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of a calendar quarter."""
    first_month = 3 * (quarter - 1) + 1
    return date(year, first_month, 1), month_end(year, first_month + 2)


def next_quarter_occurrence(quarter: int, today: date) -> int:
    """The year of the next ``quarter`` that has not yet started, by the same rule as months."""
    return today.year if quarter > quarter_of(today) else today.year + 1


def week_bounds(day: date) -> tuple[date, date]:
    """Monday and Sunday of the week ``day`` falls in."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


@cache
def _diwali_table() -> dict[int, date]:
    try:
        raw = resources.files("agent.facts.data").joinpath("diwali.json").read_text("utf-8")
        return {int(y): date.fromisoformat(d) for y, d in json.loads(raw)["dates"].items()}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CalendarDataError(f"cannot read the Diwali table: {exc}") from exc


def next_diwali(today: date) -> date:
    """The first Diwali on or after ``today``.

    Diwali follows the lunar calendar, so the dates come from a small shipped table rather than a
    formula.

    Raises:
        CalendarDataError: the table does not reach past ``today``.
    """
    upcoming = sorted(d for d in _diwali_table().values() if d >= today)
    if not upcoming:
        raise CalendarDataError(f"the Diwali table ends before {today.isoformat()}")
    return upcoming[0]
