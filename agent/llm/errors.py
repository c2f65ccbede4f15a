"""Errors of the model side of the agent, specific so a caller can tell why a call did not leave."""

from __future__ import annotations

from collections.abc import Sequence


class EgressBlocked(Exception):
    """A request to an AI provider was stopped before it left: it could carry real personal data.

    Carries only the provider's host and the entity types found, never a value, so it is safe to
    log and to audit. Deliberately not an ``httpx`` error: the openai SDK wraps those in
    ``APIConnectionError`` and retries them, while this one reaches the caller as it is.
    """

    def __init__(self, host: str, entity_types: Sequence[str] = (), reason: str = "") -> None:
        self.host = host
        self.entity_types = tuple(sorted(set(entity_types)))
        self.reason = reason or f"it contained a real {', '.join(self.entity_types)} value"
        super().__init__(f"request to {host} blocked: {self.reason}")


class NoEgressScope(EgressBlocked):
    """A request was made outside any conversation's ``egress_scope``: nothing to check against."""

    def __init__(self, host: str) -> None:
        super().__init__(
            host,
            reason="no conversation scope was active; make model calls inside "
            "egress_scope(detector) for the conversation they belong to",
        )


class UncheckableBody(EgressBlocked):
    """The request body is content-encoded (compressed), so the leak check cannot read it."""

    def __init__(self, host: str, encoding: str) -> None:
        super().__init__(
            host,
            reason=f"its body is {encoding}-encoded and cannot be checked; send it uncompressed",
        )
