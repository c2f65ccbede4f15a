"""What a prospect's message asks for, beyond the facts: a product answer, a bot check, a person.

Cue patterns in English and Hinglish, kept apart from the playbook so each is tested on its own and
the playbook only decides what to say. Deliberately narrow: a missed cue costs a generic reply,
while a false handoff or a false "I'm a bot" costs the conversation.
"""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?।])\s+|\n+")
_AUTOMATON = r"(?:bot|chat\s?bot|robot|human|real\sperson|person|machine|ai|a\.i\.|automated)"
_BOT_QUESTION = re.compile(
    r"\b(?:are|r)\s(?:you|u)\s(?:an?\s|really\s|just\s)*" + _AUTOMATON + r"\b"
    r"|\b(?:is\s(?:this|it)|am\si)\s(?:talking\sto\s|speaking\s(?:to|with)\s|chatting\swith\s)?"
    r"(?:an?\s|the\s)?(?:real\s)?(?:bot|chat\s?bot|robot|human|person|machine|ai|automated)\b"
    r"(?=\s*(?:\?|$|or\b|,|\.|!))"
    r"|\b(?:aap|ap|tum|ye|yeh|yah)\s(?:ek\s|koi\s)?(?:bot|robot|machine|insaan|insan|human|asli"
    r"|real)\s(?:ho|hai|hain|hu|hoon)\b"
    r"|\bbot\sse\sbaat\b|आप\s(?:एक\s)?(?:बॉट|रोबोट|मशीन|इंसान)",
    re.IGNORECASE,
)
_HUMAN_REQUEST = re.compile(
    r"\b(?:talk|speak|chat)\s(?:to|with)\s(?:a\s|an\s|your\s|some\s)?(?:real\s|actual\s|live\s)?"
    r"(?:human|person|agent|representative|rep|salesperson|sales\s(?:rep|team|person|guy)"
    r"|some\s?one|somebody|any\s?one|your\steam)\b"
    r"|\b(?:connect|transfer|put)\sme\s(?:to|through|with)\b"
    r"|\b(?:human|real\sperson|agent|representative)\s(?:please|pls|plz)\b"
    r"|(?<!don't\s)(?<!dont\s)(?<!not\s)(?<!never\s)\b(?:call\sme|give\sme\sa\scall)\b"
    r"|\b(?:insaan|insan|kisi|human|person|banda|bande|sales\steam)\s(?:se\s)?baat\s(?:karni|karna"
    r"|karwa|karao|karwao|kara\sdo)"
    r"|\bbaat\skarwa(?:o|iye|dijiye|do)\b|\bcall\skar(?:o|iye|na|en|ein|wao|vao)\b"
    r"|इंसान\sसे\sबात",
    re.IGNORECASE,
)
_QUESTION_START = re.compile(
    r"^\W*(?:what|what's|whats|how|does|do\syou|do\sthey|can|could|is\sthere|are\sthere|is\sit"
    r"|which|when|where|why|will|tell\sme|explain)\b",
    re.IGNORECASE,
)
_QUESTION_WORD = re.compile(
    r"\b(?:kya|kitna|kitne|kitni|kaise|kaun|kab|kahan|kyun|batao|bataiye|batayein|price|prices"
    r"|pricing|cost|costs|charges|fees?)\b|क्या|कितना|कैसे",
    re.IGNORECASE,
)


def sentences(text: str) -> list[str]:
    """``text`` split into sentences at end punctuation followed by a space, and at line breaks.

    A dot inside a number ("5.5 lakh") is no break, since no space follows it.
    """
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


def asks_if_bot(text: str) -> bool:
    """Whether the prospect asks if they are talking to a bot, a person or an AI."""
    return _BOT_QUESTION.search(text) is not None


def asks_for_human(text: str) -> bool:
    """Whether the prospect asks to talk to a person."""
    return _HUMAN_REQUEST.search(text) is not None


def is_question(sentence: str) -> bool:
    """Whether one sentence asks something: a "?", a question opening, or a question word."""
    return (
        "?" in sentence
        or _QUESTION_START.search(sentence) is not None
        or _QUESTION_WORD.search(sentence) is not None
    )


def product_question(text: str) -> str | None:
    """The sentences of ``text`` that ask about the product, joined; None when there are none.

    A sentence asking whether this is a bot, or for a person, is answered by its own line, so it
    is left out of what goes to the knowledge base.
    """
    asked = [
        sentence
        for sentence in sentences(text)
        if is_question(sentence) and not asks_if_bot(sentence) and not asks_for_human(sentence)
    ]
    return " ".join(asked) if asked else None
