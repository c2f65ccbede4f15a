"""Bank account numbers: 9-18 digits, certain when a banking word or an IFSC is near."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from guardrails.entities import EntityType


class BankAccountRecognizer(PatternRecognizer):
    """Long digit runs are identifiers more often than not; money amounts have currency marks
    and are protected as business facts before this finding could remove them."""

    PATTERN = Pattern(
        "account", r"(?<![\d₹$€£]|rs\.?\s?|inr\s?)(?<![\d,.]\d)\d{9,18}(?!\d|[,.]\d)", 0.5
    )
    CONTEXT = ["account", "acct", "a/c", "bank", "ifsc", "khata", "savings", "current",
               "neft", "rtgs", "imps", "transfer", "beneficiary"]  # fmt: skip

    def __init__(self) -> None:
        super().__init__(
            supported_entity=EntityType.BANK_ACCOUNT.value,
            patterns=[self.PATTERN],
            context=self.CONTEXT,
        )
