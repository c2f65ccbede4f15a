"""Cues in the prospect's message: a question, a bot check, a request for a person."""

from __future__ import annotations

import pytest

from agent.intents import asks_for_human, asks_if_bot, is_question, product_question, sentences


@pytest.mark.parametrize(
    "text",
    [
        "are you a bot",
        "Are you a real person?",
        "r u a bot?",
        "is this a real person",
        "Is this automated?",
        "am I talking to a human?",
        "Am I talking to an AI",
        "kya aap bot ho",
        "aap bot hai kya?",
        "ye robot hai?",
        "kya main bot se baat kar raha hoon",
        "क्या आप बॉट हैं?",
    ],
)
def test_bot_questions(text: str) -> None:
    assert asks_if_bot(text)


@pytest.mark.parametrize(
    "text",
    [
        "We need a WhatsApp bot",
        "Does your bot support Hindi?",
        "Is this bot able to handle 500 chats?",
        "Are you available tomorrow?",
        "Are you the person handling sales?",
        "aapka bot kitne ka hai",
        "हमें एक WhatsApp बॉट चाहिए",
    ],
)
def test_not_bot_questions(text: str) -> None:
    assert not asks_if_bot(text)


@pytest.mark.parametrize(
    "text",
    [
        "Can I talk to a human?",
        "I want to speak with someone",
        "let me chat with a real person",
        "connect me to sales",
        "human please",
        "please call me",
        "kisi insaan se baat karni hai",
        "sales team se baat karwao",
        "mujhe call karo",
        "इंसान से बात करनी है",
    ],
)
def test_human_requests(text: str) -> None:
    assert asks_for_human(text)


@pytest.mark.parametrize(
    "text",
    [
        "I need to talk to the team first",
        "I have to talk to my manager",
        "Please don't call me, WhatsApp is fine",
        "Are you a human?",
        "We need a CRM for our sales team",
    ],
)
def test_not_human_requests(text: str) -> None:
    assert not asks_for_human(text)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("How much does it cost", True),
        ("Does it integrate with Zoho", True),
        ("What's the setup time?", True),
        ("price kitna hai", True),
        ("ye kaise kaam karta hai", True),
        ("mujhe pricing batao", True),
        ("We need a CRM for our sales team", False),
        ("Around ₹5 lakh per year", False),
        ("hum 40 log hain", False),
        ("main hi decide karunga", False),
        ("We know what we need", False),
    ],
)
def test_questions(sentence: str, expected: bool) -> None:
    assert is_question(sentence) is expected


def test_sentences_split_at_end_punctuation_and_lines_not_inside_numbers() -> None:
    assert sentences("Budget is ₹5.5 lakh. Is there a trial?\nthanks") == [
        "Budget is ₹5.5 lakh.",
        "Is there a trial?",
        "thanks",
    ]


def test_product_question_leaves_bot_and_person_sentences_out() -> None:
    text = "Are you a bot? Can I talk to a human? What does the Growth plan include? We are 40."
    assert product_question(text) == "What does the Growth plan include?"
    assert product_question("We need a CRM.") is None
    assert product_question("are you a bot?") is None
