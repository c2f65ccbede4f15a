"""The scripted playbook: conversations to completion, skipping, answers, disclosure, handoff."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from agent.conversation import ConversationMessage
from agent.errors import NoProspectMessage
from agent.facts import Criterion
from agent.playbook import Playbook, PlaybookReply
from agent.playbook_lines import load_playbook_lines
from agent.search import Hit, KnowledgeSearch

TODAY = date(2026, 11, 25)
START = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
LINES = load_playbook_lines()
EN, HI = LINES.en, LINES.hi
ALL_CRITERIA = [
    Criterion.NEED,
    Criterion.BUDGET,
    Criterion.AUTHORITY,
    Criterion.TIMELINE,
    Criterion.COMPANY_SIZE,
]


@dataclass(frozen=True)
class Passage:
    text: str
    source: str
    heading: str
    score: float


class FakeKnowledge:
    """An in-memory knowledge base: passages whose keywords appear in the query, best first."""

    def __init__(self, passages: dict[str, Passage]) -> None:
        self.passages = passages
        self.queries: list[str] = []

    def search(self, query: str, k: int = 4) -> Sequence[Hit]:
        self.queries.append(query)
        found = [p for word, p in self.passages.items() if word in query.lower()]
        return sorted(found, key=lambda p: -p.score)[:k]


PRICING = Passage(
    "## Pricing\n\nOur **Starter** plan costs ₹999 per user per month, billed "
    "[annually](https://example.com/pricing). The *Growth* plan adds WhatsApp automation "
    "and CRM sync. Enterprise plans are priced on request.\n\n- 14-day free trial\n",
    "docs/pricing.md",
    "## Pricing & plans",
    0.82,
)
HINDI_SUPPORT = Passage("Yes, Aspinix replies in Hindi and Hinglish.", "faq.md", "Languages", 0.3)


def talk(
    playbook: Playbook, turns: Sequence[str], today: date = TODAY
) -> tuple[list[ConversationMessage], list[PlaybookReply]]:
    """Play the prospect's turns, appending each reply as the business's message."""
    history: list[ConversationMessage] = []
    replies: list[PlaybookReply] = []
    moment = START
    for turn in turns:
        history.append(ConversationMessage("prospect", turn, moment))
        reply = playbook.reply(history, today)
        replies.append(reply)
        history.append(ConversationMessage("business", reply.text, moment + timedelta(minutes=1)))
        moment += timedelta(minutes=5)
    return history, replies


def test_english_conversation_reaches_completion() -> None:
    _, replies = talk(
        Playbook(),
        [
            "Hi there",
            "We need a CRM for our WhatsApp leads",
            "Around ₹5 lakh per year",
            "I'm the founder, I decide",
            "By March",
            "We're 40 people",
        ],
    )
    assert [r.asked for r in replies] == [*ALL_CRITERIA, None]
    assert replies[0].text.startswith(EN.intro)
    assert all(EN.intro not in r.text for r in replies[1:])
    for reply, criterion in zip(replies, ALL_CRITERIA, strict=False):
        assert reply.text.endswith(EN.questions.of(criterion))
        assert not reply.handoff
    last = replies[-1]
    assert last.handoff and last.asked is None
    assert "₹5,00,000 per year" in last.text
    assert "25 Nov 2026 to 31 Mar 2027" in last.text
    assert "a team of 40" in last.text and "you make the decision" in last.text
    assert "A sales rep will follow up" in last.text
    assert last.score.score == 90 and last.score.priority == "hot"
    assert last.facts.budget is not None and last.facts.budget.currency == "INR"
    assert {r.prompt_ref for r in replies} == {"playbook@v1"}


def test_hinglish_conversation_reaches_completion_in_hinglish() -> None:
    _, replies = talk(
        Playbook(),
        [
            "Namaste, hume WhatsApp leads ke liye CRM chahiye",
            "budget 5 lakh saal ka hai",
            "main hi decide karunga",
            "agle mahine tak shuru karna hai",
            "hum 40 log hain",
        ],
    )
    assert [r.asked for r in replies] == [*ALL_CRITERIA[1:], None]
    assert replies[0].text.startswith(HI.intro)
    assert replies[0].text.endswith(HI.questions.budget)
    last = replies[-1].text
    assert "₹5,00,000 har saal" in last
    assert "25 Nov 2026 se 31 Dec 2026" in last
    assert "team mein 40 log" in last and "final decision aapka hai" in last
    assert replies[-1].handoff


def test_usd_summary_and_one_message_with_every_fact() -> None:
    _, [reply] = talk(
        Playbook(),
        ["We need a CRM for 40 seats by March. Budget $8k a month, I'm the founder."],
    )
    assert reply.asked is None and reply.handoff
    assert reply.text.startswith(EN.intro)
    assert "USD 8,000 per month" in reply.text


def test_an_answer_with_several_facts_skips_those_questions() -> None:
    _, replies = talk(
        Playbook(),
        ["Hi", "We need a lead inbox. Budget $2,000 a month, by next quarter, team of 12."],
    )
    assert replies[0].asked is Criterion.NEED
    assert replies[1].asked is Criterion.AUTHORITY  # budget, timeline and size were all given
    assert replies[1].text == EN.questions.authority


def test_order_comes_from_the_lines() -> None:
    reordered = LINES.model_copy(update={"order": tuple(reversed(ALL_CRITERIA))})
    _, [reply] = talk(Playbook(lines=reordered), ["hello"])
    assert reply.asked is Criterion.COMPANY_SIZE


def test_product_question_answered_from_the_knowledge_base() -> None:
    knowledge = FakeKnowledge({"cost": PRICING})
    _, replies = talk(Playbook(knowledge=knowledge), ["Hi", "How much does it cost?"])
    text = replies[1].text
    answer = text.removesuffix(" " + EN.questions.need)
    assert answer != text  # the next qualification question follows the answer
    assert answer.startswith('From "Pricing & plans": Our Starter plan costs ₹999')
    assert "**" not in answer and "](" not in answer and "#" not in answer
    assert "Enterprise" not in answer  # two sentences at most
    assert len(answer) <= 300 + len('From "Pricing & plans": ')
    assert knowledge.queries == ["How much does it cost?"]


def test_hinglish_question_gets_the_hinglish_template() -> None:
    knowledge = FakeKnowledge({"price": PRICING})
    _, [reply] = talk(Playbook(knowledge=knowledge), ["price kitna hai?"])
    assert '"Pricing & plans" ke baare mein: Our Starter plan' in reply.text


def test_low_score_hits_are_not_quoted() -> None:
    knowledge = FakeKnowledge({"hindi": HINDI_SUPPORT})
    _, [reply] = talk(Playbook(knowledge=knowledge), ["Does it work in Hindi?"])
    assert HINDI_SUPPORT.text not in reply.text
    assert EN.pass_to_team in reply.text
    assert knowledge.queries == ["Does it work in Hindi?"]


def test_no_knowledge_base_passes_the_question_to_the_team() -> None:
    _, replies = talk(Playbook(), ["Hi", "Do you integrate with Zoho?"])
    assert replies[1].text == f"{EN.pass_to_team} {EN.questions.need}"


def test_statements_do_not_search_the_knowledge_base() -> None:
    knowledge = FakeKnowledge({"crm": PRICING})
    talk(Playbook(knowledge=knowledge), ["We need a CRM for our sales team"])
    assert knowledge.queries == []


@pytest.mark.parametrize(
    "question", ["Are you a bot?", "is this a real person", "Am I talking to an AI?"]
)
def test_bot_question_gets_the_disclosure(question: str) -> None:
    _, replies = talk(Playbook(), ["Hi", question])
    assert replies[1].text.startswith(EN.disclosure)
    assert not replies[1].handoff


def test_hinglish_bot_question_gets_the_hinglish_disclosure() -> None:
    _, [reply] = talk(Playbook(), ["kya aap bot ho?"])
    assert reply.text.startswith(HI.disclosure)
    assert HI.intro not in reply.text  # the disclosure stands in for the introduction


def test_a_bot_question_is_not_sent_to_the_knowledge_base() -> None:
    knowledge = FakeKnowledge({"bot": PRICING})
    _, [reply] = talk(Playbook(knowledge=knowledge), ["Are you a bot? What does it cost?"])
    assert knowledge.queries == ["What does it cost?"]
    assert reply.text.startswith(EN.disclosure)


@pytest.mark.parametrize(
    "request_text",
    ["Can I talk to a human please?", "kisi insaan se baat karni hai", "Just call me"],
)
def test_asking_for_a_person_hands_off(request_text: str) -> None:
    _, replies = talk(Playbook(), ["We need a CRM", request_text])
    assert replies[1].handoff and replies[1].asked is None
    assert replies[1].text in (EN.handoff, HI.handoff)
    assert "automated assistant" in EN.handoff


def test_unanswered_question_is_asked_at_most_max_asks_times() -> None:
    _, replies = talk(Playbook(), ["We need a CRM", "not sure", "no idea yet", "hmm"])
    assert [r.asked for r in replies] == [
        Criterion.BUDGET,
        Criterion.BUDGET,
        Criterion.AUTHORITY,
        Criterion.AUTHORITY,
    ]


def test_everything_asked_without_answers_still_completes() -> None:
    one_ask = LINES.model_copy(update={"max_asks": 1})
    _, replies = talk(Playbook(lines=one_ask), ["hello", "ok", "ok", "ok", "ok", "ok"])
    assert [r.asked for r in replies] == [*ALL_CRITERIA, None]
    assert "nothing specific yet" in replies[-1].text and replies[-1].handoff


def test_a_timeline_that_has_passed_is_asked_again() -> None:
    history = [
        ConversationMessage("prospect", "We need a CRM, budget ₹5 lakh a year", START),
        ConversationMessage("prospect", "I'm the founder. Team of 30. Live by March.", START),
    ]
    playbook = Playbook()
    assert playbook.reply(history, TODAY).asked is None
    later = playbook.reply(history, date(2027, 4, 2))
    assert later.asked is Criterion.TIMELINE
    assert later.facts.timeline is not None  # still reported as stated


def test_replies_are_deterministic() -> None:
    turns = ["Hi", "How much does it cost?", "We need a CRM, around 8 lakh"]
    first = talk(Playbook(knowledge=FakeKnowledge({"cost": PRICING})), turns)[1]
    second = talk(Playbook(knowledge=FakeKnowledge({"cost": PRICING})), turns)[1]
    assert first == second


def test_fake_satisfies_the_protocol() -> None:
    knowledge: KnowledgeSearch = FakeKnowledge({})
    assert list(knowledge.search("anything")) == []


def test_no_prospect_message_is_refused() -> None:
    with pytest.raises(NoProspectMessage):
        Playbook().reply([ConversationMessage("business", "Hello!", START)], TODAY)
