"""Texts that go out without a model: keyword confirmations and the privacy notice."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from agent.errors import AgentError
from agent.language import Language
from prompts import Prompt, load_prompt


class KeywordLines(BaseModel):
    """The confirmations in one language."""

    stop: str
    start: str
    paused: str


class KeywordReplies(BaseModel):
    """Confirmations per language."""

    en: KeywordLines
    hi: KeywordLines

    def for_language(self, language: Language) -> KeywordLines:
        """The lines in ``language``."""
        return self.hi if language == "hi" else self.en


@cache
def keyword_replies() -> tuple[KeywordReplies, str]:
    """The shipped confirmations and their prompt ref."""
    prompt = load_prompt("keyword_replies")
    try:
        return KeywordReplies.model_validate(yaml.safe_load(prompt.text)), prompt.ref
    except ValidationError as exc:
        raise AgentError(f"{prompt.ref} is invalid: {exc}") from exc


def privacy_notice(version: str, override_file: Path | None = None) -> Prompt:
    """The privacy notice of ``version`` ("v2"): the shipped text, or the business's own file."""
    number = int(version.removeprefix("v"))
    if override_file is not None:
        try:
            text = override_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise AgentError(
                f"cannot read the privacy notice file {override_file}: {exc.strerror}"
            ) from exc
        if not text:
            raise AgentError(f"the privacy notice file {override_file} is empty")
        return Prompt("privacy_notice", number, text)
    return load_prompt("privacy_notice", number)
