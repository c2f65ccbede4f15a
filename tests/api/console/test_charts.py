"""The server-side SVG charts: round axes, bars and columns in proportion, every label
escaped, and the same numbers as a table for those who cannot see the picture."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from api.console.charts import (
    Bar,
    Series,
    axis_ticks,
    bar_chart,
    label_every,
    nice_ceiling,
    stacked_columns,
)

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    """The SVG as XML (it must be well-formed), namespaced as a browser would read it."""
    return ET.fromstring(str(svg).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def _rects(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}rect"))


@pytest.mark.parametrize(
    ("value", "ceiling"),
    [(0, 1), (1, 1), (2, 2), (3, 5), (5, 5), (6, 10), (11, 20), (21, 50), (51, 100), (101, 200)],
)
def test_the_axis_ends_on_a_round_number(value: int, ceiling: int) -> None:
    assert nice_ceiling(value) == ceiling


@pytest.mark.parametrize(
    ("top", "ticks"),
    [
        (1, (0, 1)),
        (2, (0, 1, 2)),
        (5, (0, 1, 2, 3, 4, 5)),
        (20, (0, 5, 10, 15, 20)),
        (100, (0, 20, 40, 60, 80, 100)),
    ],
)
def test_ticks_are_whole_numbers_from_zero_to_the_top(top: int, ticks: tuple[int, ...]) -> None:
    assert axis_ticks(top) == ticks


def test_bars_are_in_proportion_and_labelled_with_their_values() -> None:
    chart = bar_chart(
        "Leads by priority",
        [Bar("Hot", 4, "tone-hot"), Bar("Warm", 2, "tone-warm"), Bar("Cold", 0, "tone-cold")],
        "Conversations",
    )
    root = _parse(chart.svg)
    bars = _rects(root)
    assert [bar.get("class") for bar in bars] == ["tone-hot", "tone-warm", "tone-cold"]
    widths = [float(bar.get("width", "")) for bar in bars]
    assert widths[0] == 2 * widths[1] and widths[2] == 0
    assert [bar.findtext(f"{SVG}title") for bar in bars] == ["Hot: 4", "Warm: 2", "Cold: 0"]
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert {"Hot", "Warm", "Cold", "4", "2", "Conversations"} <= set(texts)
    assert chart.columns == ("", "Conversations")
    assert chart.rows == (("Hot", "4"), ("Warm", "2"), ("Cold", "0"))


def test_the_svg_is_an_image_named_and_described_for_screen_readers() -> None:
    chart = bar_chart("Leads by stage", [Bar("New", 3, "tone-accent")], "Conversations")
    root = _parse(chart.svg)
    assert root.get("role") == "img"
    title_id, desc_id = (root.get("aria-labelledby") or "").split()
    assert root.find(f"{SVG}title[@id='{title_id}']") is not None
    assert root.findtext(f"{SVG}title") == "Leads by stage"
    assert root.findtext(f"{SVG}desc[@id='{desc_id}']") == "New: 3"
    assert "style=" not in chart.svg  # the console's CSP refuses inline styles


def test_columns_stack_their_series_bottom_to_top() -> None:
    chart = stacked_columns(
        "Entities",
        ["01 Mar", "02 Mar"],
        [Series("PERSON", (2, 0), "tone-series-0"), Series("EMAIL", (2, 1), "tone-series-1")],
        "Entities",
        "Day (UTC)",
    )
    root = _parse(chart.svg)
    rects = _rects(root)
    assert [rect.findtext(f"{SVG}title") for rect in rects] == [
        "01 Mar, PERSON: 2",
        "01 Mar, EMAIL: 2",
        "02 Mar, EMAIL: 1",
    ]  # a zero draws nothing
    person, email, second = ((float(r.get("y", "")), float(r.get("height", ""))) for r in rects)
    assert person[1] == email[1] == 2 * second[1]
    assert email[0] + email[1] == pytest.approx(person[0])  # EMAIL sits on PERSON
    assert chart.legend == (("PERSON", "tone-series-0"), ("EMAIL", "tone-series-1"))
    assert chart.columns == ("Day (UTC)", "PERSON", "EMAIL")
    assert chart.rows == (("01 Mar", "2", "2"), ("02 Mar", "0", "1"))
    assert root.findtext(f"{SVG}desc") == "Totals: PERSON: 2, EMAIL: 3"
    texts = {text.text for text in root.iter(f"{SVG}text")}
    assert {"01 Mar", "02 Mar", "Day (UTC)", "Entities", "0", "4"} <= texts  # 4 tops the axis


def test_nothing_to_show_still_draws_axes_and_says_so() -> None:
    chart = stacked_columns(
        "Blocked", ["01 Mar"], [Series("Blocked", (0,), "tone-bad")], "n", "Day"
    )
    root = _parse(chart.svg)
    assert _rects(root) == [] and root.findtext(f"{SVG}desc") == "nothing yet"
    assert bar_chart("Empty", [], "n").rows == ()


def test_labels_are_escaped() -> None:
    hostile = '<script>alert("x")</script> & "quotes"'
    chart = stacked_columns(hostile, [hostile], [Series(hostile, (1,), "tone-x")], hostile, "d")
    assert "<script>" not in chart.svg
    _parse(chart.svg)  # still well-formed
    assert "<script>" not in bar_chart(hostile, [Bar(hostile, 1, "t")], hostile).svg


def test_two_charts_on_a_page_get_different_ids() -> None:
    first = bar_chart("Leads by priority", [], "n").svg
    second = bar_chart("Leads by stage", [], "n").svg
    ids = re.compile(r'id="([^"]+)"')
    assert not set(ids.findall(first)) & set(ids.findall(second))


def test_a_crowded_axis_labels_every_other_column_ending_with_the_newest() -> None:
    days = [f"{n:02d} Nov" for n in range(1, 15)]
    assert label_every(days, 40) == 2 and label_every(days, 80) == 1
    chart = stacked_columns("Days", days, [Series("x", (1,) * 14, "tone-bad")], "n", "Day (UTC)")
    labels = [t.text for t in _parse(chart.svg).iter(f"{SVG}text") if t.text in days]
    assert labels == days[1::2]  # 02, 04, ... 14 Nov: the newest is labelled
    assert [row[0] for row in chart.rows] == days  # the table still names every day
