"""The system prompt: the versioned template from ``prompts/`` and a summary of the lead.

The summary quotes the prospect's words, so the middleware pseudonymises the whole system
message like any other before it leaves.
"""

from __future__ import annotations

from datetime import date

from agent.facts import LeadFacts, LeadScore
from prompts import Prompt, load_prompt

_NOTHING_YET = "- Nothing yet."


def system_template() -> Prompt:
    """The system prompt template in use (its ref goes into every processing record)."""
    return load_prompt("system")


def lead_summary(
    facts: LeadFacts,
    custom: dict[str, str],
    lead_score: LeadScore,
    profile_name: str | None = None,
) -> str:
    """What is known about the lead, one line per fact, in the prospect's words. The channel's
    profile name leads it, so the model can greet the prospect (by its placeholder: the whole
    summary is pseudonymised before it leaves)."""
    lines = []
    if facts.need:
        lines.append(f"- Need: {facts.need.text}")
    if facts.budget:
        b = facts.budget
        lines.append(f"- Budget: {b.amount} {b.currency} per {b.period} ({b.text!r})")
    if facts.authority:
        role = "decides" if facts.authority.is_decision_maker else "does not decide alone"
        lines.append(f"- Authority: {role} ({facts.authority.text!r})")
    if facts.timeline:
        t = facts.timeline
        lines.append(f"- Timeline: {t.start} to {t.end} ({t.text!r})")
    if facts.team_size:
        lines.append(f"- Team size: {facts.team_size.value} ({facts.team_size.text!r})")
    if facts.company_size:
        lines.append(f"- Company size: {facts.company_size.value} ({facts.company_size.text!r})")
    lines.extend(f"- {name}: {value}" for name, value in sorted(custom.items()))
    if lines:
        lines.append(f"- Lead score: {lead_score.score} ({lead_score.priority})")
    if profile_name:
        lines.insert(0, f"- Name (from their profile): {profile_name}")
    return "\n".join(lines) or _NOTHING_YET


def render_system_prompt(
    template: Prompt,
    *,
    company: str,
    channel: str,
    today: date,
    custom_fields: tuple[str, ...],
    summary: str,
) -> str:
    """The template filled in for one turn."""
    extra = f", and also: {', '.join(custom_fields)}" if custom_fields else ""
    return template.text.format(
        company=company,
        channel=channel,
        today=today.isoformat(),
        custom_fields=extra,
        lead_summary=summary,
    )
