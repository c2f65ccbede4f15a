"""Chunking: heading paths, passage sizes, overlap between passages."""

from __future__ import annotations

import itertools

from agent.knowledge import MAX_WORDS, OVERLAP_WORDS, chunk_markdown, chunk_text


def words(count: int, stem: str = "w") -> str:
    return " ".join(f"{stem}{n}" for n in range(count))


def test_heading_path_follows_levels() -> None:
    text = (
        "Intro line.\n\n# Pricing\n\nAll plans.\n\n## Plans\n\n### Growth\n\nGrowth text.\n\n"
        "## Discounts ##\n\nAnnual saves 20%.\n\n# FAQ\n\nQuestions."
    )
    chunks = chunk_markdown(text)
    assert [(c.heading, c.text) for c in chunks] == [
        ("", "Intro line."),
        ("Pricing", "All plans."),
        ("Pricing > Plans > Growth", "Growth text."),
        ("Pricing > Discounts", "Annual saves 20%."),
        ("FAQ", "Questions."),
    ]


def test_code_fences_and_hashtags_are_not_headings() -> None:
    text = "# Setup\n\n```sh\n# install\npip install x\n```\n\n#hashtag is text\n"
    [chunk] = chunk_markdown(text)
    assert chunk.heading == "Setup"
    assert "# install" in chunk.text and "#hashtag is text" in chunk.text


def test_paragraphs_pack_into_passages_with_overlap() -> None:
    paragraphs = [words(45, f"p{n}-") for n in range(12)]  # 540 words
    chunks = chunk_markdown("# Long section\n\n" + "\n\n".join(paragraphs))
    assert len(chunks) >= 3
    assert all(len(c.text.split()) <= MAX_WORDS for c in chunks)
    assert {c.heading for c in chunks} == {"Long section"}
    for previous, current in itertools.pairwise(chunks):
        tail = previous.text.split()[-OVERLAP_WORDS:]
        assert current.text.split()[:OVERLAP_WORDS] == tail
    joined = " ".join(c.text for c in chunks)
    assert all(paragraph in joined for paragraph in paragraphs)  # paragraphs are never cut


def test_long_paragraph_is_cut_into_overlapping_windows() -> None:
    chunks = chunk_text(words(500))
    assert all(len(c.text.split()) <= MAX_WORDS for c in chunks)
    assert chunks[0].text.split()[0] == "w0" and chunks[-1].text.split()[-1] == "w499"
    first, second = chunks[0].text.split(), chunks[1].text.split()
    assert second[:OVERLAP_WORDS] == first[-OVERLAP_WORDS:]
    covered = {word for c in chunks for word in c.text.split()}
    assert covered == set(words(500).split())


def test_plain_text_and_empty_input() -> None:
    chunks = chunk_text("First para.\r\n\r\nSecond para.\n", "page 2")
    assert [(c.heading, c.text) for c in chunks] == [("page 2", "First para.\n\nSecond para.")]
    assert chunk_text("  \n\n ") == []
    assert chunk_markdown("# Only a heading\n## And another\n") == []
