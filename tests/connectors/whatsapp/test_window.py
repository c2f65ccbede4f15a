"""The 24-hour customer-service window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connectors.whatsapp.errors import OutsideServiceWindow
from connectors.whatsapp.window import SERVICE_WINDOW, require_open_window

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


def test_the_window_is_24_hours() -> None:
    assert timedelta(hours=24) == SERVICE_WINDOW


@given(
    age=st.timedeltas(min_value=timedelta(0), max_value=SERVICE_WINDOW - timedelta(microseconds=1))
)
def test_open_while_the_last_inbound_is_younger_than_24_hours(age: timedelta) -> None:
    require_open_window(NOW - age, NOW)


@given(age=st.timedeltas(min_value=SERVICE_WINDOW, max_value=timedelta(days=3650)))
def test_closed_from_24_hours_on(age: timedelta) -> None:
    with pytest.raises(OutsideServiceWindow, match="only an approved message template"):
        require_open_window(NOW - age, NOW)


def test_closed_when_the_customer_never_wrote() -> None:
    with pytest.raises(OutsideServiceWindow):
        require_open_window(None, NOW)


def test_an_inbound_slightly_in_the_future_keeps_it_open() -> None:
    require_open_window(NOW + timedelta(seconds=2), NOW)


def test_other_time_zones_compare_by_instant() -> None:
    plus_two = timezone(timedelta(hours=2))
    require_open_window(datetime(2026, 5, 4, 13, 30, tzinfo=plus_two), NOW)  # 11:30 UTC


@pytest.mark.parametrize(
    ("last_inbound_at", "now"),
    [
        (NOW.replace(tzinfo=None), NOW),
        (NOW, NOW.replace(tzinfo=None)),
        (None, NOW.replace(tzinfo=None)),
    ],
)
def test_naive_times_are_refused(last_inbound_at: datetime | None, now: datetime) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        require_open_window(last_inbound_at, now)
