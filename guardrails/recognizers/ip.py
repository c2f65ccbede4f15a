"""IP addresses, v4 and v6: Presidio's own recogniser, which validates with ipaddress."""

from __future__ import annotations

from presidio_analyzer.predefined_recognizers import IpRecognizer as PresidioIpRecognizer

from guardrails.entities import EntityType


class IpAddressRecognizer(PresidioIpRecognizer):
    """Presidio's recogniser under the guardrail's entity name."""

    def __init__(self) -> None:
        super().__init__(supported_entity=EntityType.IP_ADDRESS.value)
