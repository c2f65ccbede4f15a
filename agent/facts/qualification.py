"""Need and authority from cue phrases: "we need ...", "I am the CTO", "my manager decides".

Deliberately shallow: a cue and the rest of its sentence. The agent's model reads the nuance; these
give the score something deterministic to stand on and a quote a sales rep can check.
"""

from __future__ import annotations

import re

from agent.facts.models import Authority, Need

_SENTENCE_REST = r"[^.!?\n]{3,160}"
_NEED = re.compile(
    r"\b(?:we\s(?:need|want|require|are\slooking\sfor|'re\slooking\sfor|are\strying\sto)"
    r"|(?:i|we)'m\slooking\sfor|we're\slooking\sfor|looking\sfor|our\s(?:problem|challenge|pain)\sis"
    r"|(?:we\s)?(?:are\s)?struggling\swith|hume|humein|hamein|mujhe)\s" + _SENTENCE_REST,
    re.IGNORECASE,
)
# Titles whose holder normally signs the contract.
_DECIDER_TITLES = (
    r"(?:ceo|cto|cfo|coo|cmo|cio|cro|founder|co-?founder|owner|proprietor|director|md"
    r"|managing\sdirector|president|vp|vice\spresident|head\sof\s[a-z]+|partner|principal)"
)
_SELF = r"\b(?:i\s(?:am|'m)|i'm|as|main|mai)\s(?:the\s|a\s|an\s|our\s)?"
_DECIDES = re.compile(
    r"\b(?:i\s(?:decide|make\sthe\s(?:decision|call)|sign\soff|approve|own\sthe\sbudget|have\sthe"
    r"\sfinal\s(?:say|call))|i'm\sthe\sdecision[\s-]maker|i\sam\sthe\sdecision[\s-]maker"
    r"|(?:the\s)?(?:final\s(?:call|decision|say))\sis\smine|decision\s(?:is\s)?mera\s(?:hai|hoga)"
    r"|main\s(?:hi\s)?decide\skar(?:unga|ungi|ta\shoon|ti\shoon))\b"
    rf"|{_SELF}{_DECIDER_TITLES}\b",
    re.IGNORECASE,
)
_DEFERS = re.compile(
    r"\b(?:my\s(?:manager|boss|ceo|cfo|founder|director|head|team\slead|management)"
    r"\s(?:decides|will\sdecide|makes\sthe\s(?:decision|call)|has\sto\sapprove|signs\soff|approves)"
    r"|(?:need|have)\sto\s(?:check|run\sit)\s(?:with|by)\s(?:my|our|the)\s[a-z]+"
    r"|(?:need|needs)\s(?:approval|sign[\s-]off)\sfrom\s[a-z\s]{2,30}"
    r"|(?:the\s)?decision\s(?:is|lies)\swith\s[a-z\s]{2,30}"
    r"|(?:mere|humare|hamare)\s(?:boss|manager|sir|founder)\s(?:decide|final)\s[a-z\s]{0,20}"
    rf"|{_SELF}(?:just\s)?(?:an?\s)?(?:intern|analyst|associate|executive|engineer|developer"
    r"|consultant|coordinator|assistant))\b",
    re.IGNORECASE,
)


def parse_need(text: str) -> Need | None:
    """What the prospect says they need: the last cue phrase and the rest of its sentence."""
    matches = list(_NEED.finditer(text))
    return Need(matches[-1].group(0).strip()) if matches else None


def parse_authority(text: str) -> Authority | None:
    """Who decides, from the speaker's words; the last statement in ``text`` wins."""
    statements = sorted(
        [(m.start(), m.group(0), True) for m in _DECIDES.finditer(text)]
        + [(m.start(), m.group(0), False) for m in _DEFERS.finditer(text)]
    )
    if not statements:
        return None
    _, words, decides = statements[-1]
    return Authority(words.strip(), decides)
