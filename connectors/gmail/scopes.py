"""The OAuth scopes the connector asks for: the narrowest pair that lets it read and reply.

``gmail.readonly`` covers everything the inbound side calls: ``users.getProfile``,
``users.watch``/``users.stop``, ``users.history.list``, ``users.messages.list`` and
``users.messages.get`` with ``format=raw``. The narrower ``gmail.metadata`` scope is not enough:
it returns headers and labels only and Gmail refuses ``format=raw`` (and ``full``) with 403, so
the body the agent must answer could not be read.

``gmail.send`` covers ``users.messages.send`` and nothing else: it can neither read nor change
the mailbox, so a leaked access token of this scope alone could not exfiltrate mail.

``gmail.modify`` is deliberately not requested although it would let the connector mark mail as
read or label it: it also grants moving to trash and editing every message, which a sales
assistant does not need, and Google classes it as a restricted scope like ``gmail.readonly`` with
no benefit in verification effort. Reading and sending without changing anything keeps the
mailbox under its owner's control. (``https://mail.google.com/`` - full access including
permanent deletion - is out of the question.)
"""

from __future__ import annotations

from typing import Final

GMAIL_READONLY: Final = "https://www.googleapis.com/auth/gmail.readonly"
"""Read messages, history and the profile; set up push notifications (watch)."""

GMAIL_SEND: Final = "https://www.googleapis.com/auth/gmail.send"
"""Send messages on the user's behalf; no read access."""

SCOPES: Final[tuple[str, ...]] = (GMAIL_READONLY, GMAIL_SEND)
"""Everything the connector requests at consent time, in a stable order."""
