"""IBANs: Presidio's own recogniser, which checks the country format and the mod-97 checksum."""

from __future__ import annotations

from presidio_analyzer.predefined_recognizers import IbanRecognizer as PresidioIbanRecognizer

from guardrails.entities import EntityType


class IbanCodeRecognizer(PresidioIbanRecognizer):
    """Presidio's recogniser under the guardrail's entity name."""

    def __init__(self) -> None:
        super().__init__(supported_entity=EntityType.IBAN_CODE.value)
