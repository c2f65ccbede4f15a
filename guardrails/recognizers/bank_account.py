"""Bank account numbers: 9-18 digits, certain when a banking word or an IFSC is near."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from guardrails.entities import EntityType
from guardrails.recognizers._text import digits_of

_ACCOUNT_DIGITS = range(9, 19)
# "7913 4948 2380 66 (IFSC UTIB0575692)": the branch code right after names the number.
_IFSC_AFTER = re.compile(r"[\s,(\-]{0,4}(?:ifsc|ifs\s+code)\b", re.IGNORECASE)


class BankAccountRecognizer(PatternRecognizer):
    """Long digit runs are identifiers more often than not; money amounts have currency marks
    and are protected as business facts before this finding could remove them. Grouped digits
    ("2247 3886 3558 2791 04") are as often phones or order numbers, so they need a banking
    word before them or an IFSC after them."""

    PATTERN = Pattern(
        "account", r"(?<![\d₹$€£]|rs\.?\s?|inr\s?)(?<![\d,.]\d)\d{9,18}(?!\d|[,.]\d)", 0.5
    )
    GROUPED = Pattern(
        "grouped account",
        r"(?<![\d₹$€£.,])(?<![\d][ \-])\d{2,6}(?:[ \-]\d{1,6}){1,5}(?![ \-]?\d|[,.]\d)",
        0.3,
    )
    CONTEXT = ["account", "acct", "a/c", "bank", "ifsc", "khata", "savings", "current",
               "neft", "rtgs", "imps", "transfer", "beneficiary", "refund", "deposit"]  # fmt: skip

    def __init__(self) -> None:
        super().__init__(
            supported_entity=EntityType.BANK_ACCOUNT.value,
            patterns=[self.PATTERN, self.GROUPED],
            context=self.CONTEXT,
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """The pattern matches, raised when an IFSC follows the number."""
        results: list[RecognizerResult] = super().analyze(
            text, entities, nlp_artifacts, regex_flags
        )
        for result in results:
            if _IFSC_AFTER.match(text, result.end):
                result.score = max(result.score, 0.6)
        return results

    def validate_result(self, pattern_text: str) -> bool | None:
        """Account numbers have 9 to 18 digits; the pattern's score stands otherwise."""
        return None if len(digits_of(pattern_text)) in _ACCOUNT_DIGITS else False
