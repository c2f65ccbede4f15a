"""The scripted qualification playbook: what Aspinix says when no AI model is configured, or when
the provider fails. Pure code over the conversation so far; the same history gives the same reply.

Each reply is built from at most three parts, all worded in ``prompts/playbook.v<N>.yaml``:

1. an opening: the disclosure that this is an automated assistant, when the prospect asks ("are
   you a bot", "kya aap bot ho"), else the introduction (which discloses it too) when the
   conversation holds none yet;
2. an answer, when the prospect's latest message asks something: a short excerpt of the best
   knowledge-base hit, naming its heading, or the line saying the team will answer;
3. the next qualification question, skipping every fact already known, or, when nothing is left
   to ask, the closing summary and the note that a sales rep will follow up.

A prospect asking for a person gets the handoff line alone. Facts are read by the offline
extractor, the one the rest of Aspinix uses, from every prospect message so far, so an answer that
states several facts skips several questions. A question is asked at most ``max_asks`` times
(counted from the business's earlier messages), so a prospect who does not answer is not asked
forever.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from agent.conversation import ConversationMessage
from agent.errors import NoProspectMessage
from agent.excerpt import excerpt, inline_text
from agent.extractor import OfflineExtractor
from agent.facts import Criterion, LeadFacts, LeadScore, Rubric, load_rubric, score
from agent.intents import asks_for_human, asks_if_bot, product_question
from agent.language import conversation_language
from agent.playbook_lines import LineSet, PlaybookLines, load_playbook_lines
from agent.playbook_summary import summarise
from agent.search import KnowledgeSearch

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PlaybookReply:
    """One scripted reply and what it is based on.

    ``asked`` is the criterion whose question ends the reply (None when none does); ``handoff``
    says a sales rep should take the conversation over, because the prospect asked for a person
    or because qualification is complete.
    """

    text: str
    facts: LeadFacts
    score: LeadScore
    asked: Criterion | None
    handoff: bool
    prompt_ref: str


class Playbook:
    """Qualifies a prospect with scripted questions and answers from the knowledge base."""

    def __init__(
        self,
        lines: PlaybookLines | None = None,
        knowledge: KnowledgeSearch | None = None,
        rubric: Rubric | None = None,
    ) -> None:
        """Use ``lines`` (the shipped latest playbook when None), ``knowledge`` (None: no
        knowledge base, questions are passed to the team) and ``rubric`` (the shipped one)."""
        self._lines = lines if lines is not None else load_playbook_lines()
        self._knowledge = knowledge
        self._rubric = rubric if rubric is not None else load_rubric()
        self._extractor = OfflineExtractor()

    def reply(
        self, history: Sequence[ConversationMessage], today: date, rubric: Rubric | None = None
    ) -> PlaybookReply:
        """The reply to the prospect's latest message in ``history`` (the whole conversation,
        oldest first).

        ``today`` is the day of the reply: a timeline whose end has passed by then is no longer
        a plan, so the playbook asks for it again (the facts returned still hold it as stated).
        ``rubric`` scores the lead instead of the playbook's own (a workspace's saved one).

        Raises:
            NoProspectMessage: ``history`` holds no prospect message to reply to.
        """
        prospect = [message.text for message in history if message.sender == "prospect"]
        if not prospect:
            raise NoProspectMessage("the conversation has no prospect message to reply to")
        latest = prospect[-1]
        said = [message.text for message in history if message.sender == "business"]
        facts = self._extractor.extract(history)
        lead_score = score(facts, rubric or self._rubric)
        language = conversation_language(prospect)
        lines = self._lines.lines_for(language)
        if asks_for_human(latest):
            logger.debug("playbook handoff requested", extra={"language": language})
            return PlaybookReply(
                text=lines.handoff,
                facts=facts,
                score=lead_score,
                asked=None,
                handoff=True,
                prompt_ref=self._lines.ref,
            )

        parts: list[str] = []
        if asks_if_bot(latest):
            parts.append(lines.disclosure)
        elif not self._has_introduced(said):
            parts.append(lines.intro)
        question = product_question(latest)
        if question is not None:
            parts.append(self._answer(question, lines))
        current = _current(facts, today)
        asked = self._next_criterion(current, said)
        if asked is None:
            parts.append(lines.completion.format(summary=summarise(current, lines.summary)))
        else:
            parts.append(lines.questions.of(asked))
        logger.debug(
            "playbook reply",
            extra={"language": language, "asked": asked, "answered": question is not None},
        )
        return PlaybookReply(
            text=" ".join(parts),
            facts=facts,
            score=lead_score,
            asked=asked,
            handoff=asked is None,
            prompt_ref=self._lines.ref,
        )

    def _has_introduced(self, said: Sequence[str]) -> bool:
        """Whether an earlier business message already carries the intro or the disclosure."""
        openings = [
            line
            for lines in (self._lines.en, self._lines.hi)
            for line in (lines.intro, lines.disclosure)
        ]
        return any(opening in text for text in said for opening in openings)

    def _next_criterion(self, facts: LeadFacts, said: Sequence[str]) -> Criterion | None:
        """The first criterion in the playbook's order that is unknown and not yet asked enough."""
        for criterion in self._lines.order:
            questions = (
                self._lines.en.questions.of(criterion),
                self._lines.hi.questions.of(criterion),
            )
            times_asked = sum(any(q in text for q in questions) for text in said)
            if not _is_known(criterion, facts) and times_asked < self._lines.max_asks:
                return criterion
        return None

    def _answer(self, question: str, lines: LineSet) -> str:
        """An excerpt of the best knowledge-base hit for ``question``, or the pass-to-team line."""
        if self._knowledge is None:
            return lines.pass_to_team
        hits = self._knowledge.search(question)
        rule = self._lines.knowledge
        best = max(hits, key=lambda hit: hit.score, default=None)
        if best is None or best.score < rule.min_score:
            return lines.pass_to_team
        quote = excerpt(best.text, rule.max_excerpt_chars, rule.max_excerpt_sentences)
        if not quote:
            return lines.pass_to_team
        heading = inline_text(best.heading) or best.source
        return lines.knowledge_answer.format(heading=heading, excerpt=quote)


def _current(facts: LeadFacts, today: date) -> LeadFacts:
    """``facts`` without a timeline that ended before ``today``."""
    if facts.timeline is not None and facts.timeline.end < today:
        return replace(facts, timeline=None)
    return facts


def _is_known(criterion: Criterion, facts: LeadFacts) -> bool:
    """Whether a criterion is answered; a team's size stands in for the company's, as in scoring."""
    found = {
        Criterion.NEED: facts.need,
        Criterion.BUDGET: facts.budget,
        Criterion.AUTHORITY: facts.authority,
        Criterion.TIMELINE: facts.timeline,
        Criterion.COMPANY_SIZE: facts.company_size or facts.team_size,
    }
    return found[criterion] is not None
