"""Collection names: valid for chromadb whatever the slug, and never shared by two slugs."""

from __future__ import annotations

import re

import pytest
from chromadb.api import ClientAPI

from agent.knowledge import collection_name

# chromadb's rule: 3-512 of [a-zA-Z0-9._-], starting and ending with a letter or digit, no "..".
CHROMA_NAME = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9._-]{1,510}[a-zA-Z0-9]")
ODD_SLUGS = ["acme-", "Acme", "acme corp", "टाटा", "a" * 300, "x..y", "-", "a"]


def test_plain_slug_reads_as_itself() -> None:
    assert collection_name("acme-traders") == "kb-acme-traders"


def test_every_slug_gets_a_valid_distinct_name(client: ClientAPI) -> None:
    names = [collection_name(slug) for slug in ["acme", *ODD_SLUGS]]
    assert len(set(names)) == len(names)
    for name in names:
        assert CHROMA_NAME.fullmatch(name) and ".." not in name, name
        client.create_collection(name)  # chromadb accepts it


def test_empty_slug_is_refused() -> None:
    with pytest.raises(ValueError, match="ASPINIX_WORKSPACE"):
        collection_name("")
