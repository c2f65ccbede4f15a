"""The 24-hour customer-service window: free text is allowed only within it.

WhatsApp lets a business send free-form messages only within 24 hours of the customer's last
message; outside it only approved templates go through (Graph error 131047). Checking before the
call turns a wasted request and a confusing error into a clear refusal.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from connectors.whatsapp.errors import OutsideServiceWindow

SERVICE_WINDOW = timedelta(hours=24)


def require_open_window(last_inbound_at: datetime | None, now: datetime) -> None:
    """Raise ``OutsideServiceWindow`` unless the customer wrote less than 24 hours before ``now``.

    ``last_inbound_at`` is the time of the customer's latest message (None: never wrote). Both
    times must be timezone-aware, so a naive local time cannot shift the window by hours.
    """
    if now.tzinfo is None or (last_inbound_at is not None and last_inbound_at.tzinfo is None):
        raise ValueError("the service-window times must be timezone-aware (use UTC)")
    if last_inbound_at is None or now - last_inbound_at >= SERVICE_WINDOW:
        raise OutsideServiceWindow()
