"""What replaces a detected value: a vault placeholder, a mask, a keyed hash, or nothing.

Presidio's anonymizer offers similar operators, but its hash is an unkeyed digest (a phone number
is brute-forced from it in seconds) and its custom operator cannot reach a conversation's vault,
so the four operators live here; each is a few lines.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from typing import Protocol

from guardrails.errors import PolicyError
from guardrails.findings import Finding
from guardrails.policy import Operator, Policy

_MASK_KEEP = 2  # characters shown at each end of a long masked value
_MASK_MIN_LENGTH = 8
_HASH_CHARS = 16


class PlaceholderSource(Protocol):
    """Whatever hands out stable placeholders: a conversation's vault."""

    def placeholder_for(self, entity_type: str, value: str) -> str:
        """The placeholder standing for ``value``, the same one every time."""
        ...


def apply_operators(
    text: str,
    findings: Sequence[Finding],
    policy: Policy,
    placeholders: PlaceholderSource,
    hash_key: bytes | None,
) -> str:
    """Replace every finding in ``text`` (findings must not overlap)."""
    pieces: list[str] = []
    cursor = 0
    for finding in sorted(findings, key=lambda f: f.start):
        value = text[finding.start : finding.end]
        operator = policy.rule_for(finding.entity_type).operator
        pieces.append(text[cursor : finding.start])
        pieces.append(_replacement(operator, finding.entity_type, value, placeholders, hash_key))
        cursor = finding.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _replacement(
    operator: Operator,
    entity_type: str,
    value: str,
    placeholders: PlaceholderSource,
    hash_key: bytes | None,
) -> str:
    if operator is Operator.PLACEHOLDER:
        return placeholders.placeholder_for(entity_type, value)
    if operator is Operator.MASK:
        return mask(value)
    if operator is Operator.HASH:
        if hash_key is None:  # GuardrailEngine refuses such a policy at start-up
            raise PolicyError("the policy uses the hash operator: set ASPINIX_HASH_KEY")
        return f"<{entity_type}:{keyed_hash(value, hash_key)}>"
    return ""


def mask(value: str) -> str:
    """``9876543210`` -> ``98******10``; short values are masked whole."""
    if len(value) < _MASK_MIN_LENGTH:
        return "*" * len(value)
    hidden = len(value) - 2 * _MASK_KEEP
    return value[:_MASK_KEEP] + "*" * hidden + value[-_MASK_KEEP:]


def keyed_hash(value: str, key: bytes) -> str:
    """HMAC-SHA256 of the normalised value: stable per key, useless without it."""
    digest = hmac.new(key, " ".join(value.lower().split()).encode(), hashlib.sha256)
    return digest.hexdigest()[:_HASH_CHARS]
