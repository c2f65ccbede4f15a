"""Knowledge-base Markdown to a short plain excerpt for a chat message."""

from __future__ import annotations

from agent.excerpt import ELLIPSIS, excerpt, inline_text, plain_text

PASSAGE = """## Pricing

Our **Starter** plan costs ₹999 per user per month, billed [annually](https://x.example/p).
The *Growth* plan adds `WhatsApp` automation. Enterprise is priced on request.

```
curl https://api.example.com
```

| plan | price |
|---|---|
| Starter | 999 |

- 14-day free trial
- Cancel anytime
> Quoted <b>note</b>
"""


def test_plain_text_drops_markdown_but_keeps_the_words() -> None:
    text = plain_text(PASSAGE)
    assert text.startswith("Our Starter plan costs ₹999 per user per month, billed annually.")
    for mark in ("**", "*", "`", "](", "#", "curl", "---", "<b>"):
        assert mark not in text
    assert "14-day free trial. Cancel anytime." in text
    assert "Quoted note" in text


def test_excerpt_takes_at_most_two_sentences_within_the_limit() -> None:
    assert excerpt(PASSAGE, 300, 2) == (
        "Our Starter plan costs ₹999 per user per month, billed annually. "
        "The Growth plan adds WhatsApp automation."
    )
    assert excerpt(PASSAGE, 300, 1).endswith("billed annually.")
    assert (
        excerpt(PASSAGE, 80, 2)
        == "Our Starter plan costs ₹999 per user per month, billed annually."
    )


def test_a_long_first_sentence_is_cut_at_a_word() -> None:
    long = "Aspinix " + "qualifies leads " * 40 + "quickly."
    cut = excerpt(long, 60, 2)
    assert len(cut) <= 60 and cut.endswith(ELLIPSIS)
    assert cut[:-1].endswith("leads") or cut[:-1].endswith("qualifies")


def test_inline_text_cleans_a_heading() -> None:
    assert inline_text("## Pricing & *plans* ##") == "Pricing & plans"
    assert inline_text("snake_case stays") == "snake_case stays"
