"""Keep tldextract offline: it must use the public suffix list bundled in its wheel.

By default tldextract downloads the list on first use and prints tracebacks when it cannot.
Presidio's e-mail recogniser calls the module-level ``tldextract.extract``; pointing the
module's shared extractor at the bundled snapshot keeps every caller offline and quiet.
"""

from __future__ import annotations

import functools

import tldextract
import tldextract.tldextract as _tldextract_module

_OFFLINE_EXTRACTOR = tldextract.TLDExtract(
    suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True
)


def use_bundled_suffix_list() -> None:
    """Make every ``tldextract.extract`` call in this process use the bundled snapshot."""
    _tldextract_module.TLD_EXTRACTOR = _OFFLINE_EXTRACTOR


@functools.lru_cache(maxsize=4096)
def is_public_suffix(label: str) -> bool:
    """Whether ``label`` (``com``, ``in``, ``co.in``) is a public suffix such as a TLD."""
    return bool(label) and _OFFLINE_EXTRACTOR(f"example.{label.lower()}").suffix == label.lower()


use_bundled_suffix_list()
