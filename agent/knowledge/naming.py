"""The chromadb collection that holds one workspace's knowledge base.

chromadb names are 3-512 characters of letters, digits, ``.``, ``_`` and ``-`` that start and end
with a letter or digit. A workspace slug (lower-case letters, digits and ``-``) almost always fits
as is after the ``kb-`` prefix; any other slug gets a readable part plus a digest of the whole
slug, so two different slugs never share a collection.
"""

from __future__ import annotations

import hashlib
import re

PREFIX = "kb-"
_PLAIN_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
_UNSAFE = re.compile(r"[^a-z0-9]+")


def collection_name(workspace: str) -> str:
    """``kb-<slug>`` for an ordinary slug; ``kb-<readable>-<digest>`` for any other."""
    if not workspace:
        raise ValueError("the workspace slug is empty; set ASPINIX_WORKSPACE")
    if _PLAIN_SLUG.fullmatch(workspace):
        return PREFIX + workspace
    digest = hashlib.sha256(workspace.encode()).hexdigest()[:16]
    readable = _UNSAFE.sub("-", workspace.lower()).strip("-")[:40]
    return f"{PREFIX}{readable}-{digest}" if readable else PREFIX + digest
