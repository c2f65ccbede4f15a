"""Prompt and notice files, versioned. No code here but the loader that reads them by name."""

from __future__ import annotations

from importlib import resources


class PromptNotFound(LookupError):
    """No prompt file of that name and version ships with Aspinix."""


def load_prompt(name: str, version: int) -> str:
    """The text of ``prompts/<name>.v<version>.md``."""
    filename = f"{name}.v{version}.md"
    resource = resources.files(__name__).joinpath(filename)
    if not resource.is_file():
        raise PromptNotFound(f"no prompt file {filename} in the prompts package")
    return resource.read_text(encoding="utf-8")
