"""The HTTP transport google-auth uses for token refreshes, revocation and certificate fetches.

google-auth's ``requests`` adapter waits up to 120 seconds per call by default, long enough to
stall a worker or a push request; this subclass applies our own shorter timeout to every call
that does not name one. ``requests`` is installed as a dependency of google-auth-oauthlib (via
requests-oauthlib), so no extra package is needed.
"""

from __future__ import annotations

from typing import Any

import google.auth.transport
import google.auth.transport.requests
import requests

DEFAULT_TIMEOUT = 10.0
"""Seconds to wait for a Google OAuth or certificates endpoint before giving up."""


class TimeoutRequest(google.auth.transport.requests.Request):
    """A ``google.auth.transport.Request`` over ``requests`` whose calls time out.

    Network failures surface as ``google.auth.exceptions.TransportError``, as with the base
    class. One instance may be shared by threads: ``requests.Session`` is safe for that use.
    """

    def __init__(
        self, timeout: float = DEFAULT_TIMEOUT, session: requests.Session | None = None
    ) -> None:
        if timeout <= 0:
            raise ValueError(f"the timeout must be positive, not {timeout}")
        super().__init__(session)
        self.timeout = timeout

    def __call__(
        self,
        url: str,
        method: str = "GET",
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> google.auth.transport.Response:
        response: google.auth.transport.Response = super().__call__(  # type: ignore[no-untyped-call]
            url,
            method=method,
            body=body,
            headers=headers,
            timeout=self.timeout if timeout is None else timeout,
            **kwargs,
        )
        return response
