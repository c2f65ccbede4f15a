"""Prompt and notice files, versioned. No code here but the loader that reads them by name.

A file is ``<name>.v<N>.<md|txt|yaml>``; a new wording is a new file with the next version, never
an edit of a released one, so every processing record can name exactly which text was used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

_FILENAME = re.compile(r"(?P<name>[a-z_]+)\.v(?P<version>\d+)\.(?:md|txt|yaml)")


class PromptNotFound(LookupError):
    """No prompt file of that name and version ships with Aspinix."""


@dataclass(frozen=True)
class Prompt:
    """One versioned prompt file."""

    name: str
    version: int
    text: str

    @property
    def ref(self) -> str:
        """What processing records cite: ``system@v1``."""
        return f"{self.name}@v{self.version}"


def _versions(name: str) -> dict[int, str]:
    found: dict[int, str] = {}
    for entry in resources.files(__name__).iterdir():
        match = _FILENAME.fullmatch(entry.name)
        if match and match["name"] == name:
            found[int(match["version"])] = entry.name
    return found


def load_prompt(name: str, version: int | None = None) -> Prompt:
    """The prompt ``name`` at ``version``, or its latest version when none is given."""
    versions = _versions(name)
    if not versions:
        raise PromptNotFound(f"no prompt named {name!r} in the prompts package")
    chosen = max(versions) if version is None else version
    if chosen not in versions:
        raise PromptNotFound(
            f"no version {chosen} of prompt {name!r}; shipped: "
            + ", ".join(f"v{v}" for v in sorted(versions))
        )
    text = resources.files(__name__).joinpath(versions[chosen]).read_text(encoding="utf-8")
    return Prompt(name, chosen, text)
