"""UPI virtual payment addresses: ``name@okhdfcbank``, ``9876543210@paytm``."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from guardrails.entities import EntityType

# Handles of the large payment apps and banks; an unknown handle still counts, at a lower score.
KNOWN_HANDLES = frozenset(
    (
        "ybl ibl axl okhdfcbank okicici oksbi okaxis paytm upi apl yapl ptyes ptaxis pthdfc "
        "ptsbi axisbank hdfcbank icici sbi kotak indus federal rbl yesbank idfcbank pnb boi "
        "barodampay unionbank cnrb airtel freecharge jio fam waaxis wahdfcbank wasbi mbk ikwik "
        "timecosmos abfspay axisb dbs hsbc sc citi aubank"
    ).split()
)


class UpiRecognizer(PatternRecognizer):
    """A UPI id is ``user@handle`` where the handle has no dot, unlike an e-mail domain."""

    PATTERN = Pattern(
        "upi",
        r"(?<![\w.+-])[A-Za-z0-9][\w.\-]{1,255}@[A-Za-z][A-Za-z0-9]{1,63}(?![\w@]|\.[A-Za-z0-9])",
        0.6,
    )
    CONTEXT = ["upi", "vpa", "gpay", "phonepe", "paytm", "bhim", "pay"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity=EntityType.UPI_ID.value, patterns=[self.PATTERN], context=self.CONTEXT
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        """A known handle makes it certain; any other handle keeps the pattern's score."""
        return True if pattern_text.rsplit("@", 1)[-1].lower() in KNOWN_HANDLES else None
