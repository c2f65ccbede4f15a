"""Charts drawn as inline SVG on the server: no JavaScript library, no CDN, nothing the
console's Content-Security-Policy would have to allow. Each chart carries the same numbers as
a table, the text alternative the page shows beside it, and its SVG names itself and sums
itself up for screen readers (``role="img"`` with a title and a description).

Colours are CSS classes (``tone-*``) styled in ``console.css``: inline ``style`` attributes are
refused by the policy. Every text is escaped here, so callers may pass any label.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

# Tones for series without a colour of their own (entity types), used in turn.
SERIES_TONES = tuple(f"tone-series-{n}" for n in range(8))

_FONT = 12
_CHAR_WIDTH = _FONT * 0.62  # an average glyph's width, for fitting labels under columns
_BAR_ROW = 30
_BAR_HEIGHT = 20
_BAR_LABEL_WIDTH = 120
_BAR_AREA = 320
_BAR_VALUE_ROOM = 50
_COLUMNS_WIDTH = 640
_COLUMNS_HEIGHT = 240
_LEFT = 48
_TOP = 12
_BOTTOM = 44
_RIGHT = 12


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value and its tone (a CSS class)."""

    label: str
    value: int
    tone: str


@dataclass(frozen=True)
class Series:
    """One layer of a stacked column chart: a value per category."""

    name: str
    values: tuple[int, ...]
    tone: str


@dataclass(frozen=True)
class Chart:
    """A chart ready for a page: the SVG, the legend (name, tone) when it has one, and the
    numbers as a table (column headings, then one row per category)."""

    title: str
    svg: Markup
    legend: tuple[tuple[str, str], ...]
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 times a power of ten at or above ``value`` (1 for nothing), so
    an axis ends on a round number."""
    if value <= 1:
        return 1
    power = 1
    while True:
        for step in (1, 2, 5):
            if step * power >= value:
                return step * power
        power *= 10


def axis_ticks(top: int) -> tuple[int, ...]:
    """Whole-number ticks from 0 to ``top`` (a :func:`nice_ceiling`), three to six of them:
    fifths of 1 and 5 times a power of ten, quarters of 2 times one."""
    leading = top // 10 ** (len(str(top)) - 1)
    step = top // 4 if leading == 2 else top // 5
    return tuple(range(0, top + 1, max(step, 1)))


def label_every(labels: Sequence[str], slot: float) -> int:
    """Label every how-many-th column so labels ``slot`` apart never overlap (counted from the
    last column, so the newest day always has its label; the table and each column's tooltip
    still name every one)."""
    widest = max((len(label) for label in labels), default=0) * _CHAR_WIDTH + _FONT / 2
    return max(1, math.ceil(widest / slot)) if slot > 0 else 1


def bar_chart(title: str, bars: Sequence[Bar], unit: str) -> Chart:
    """Horizontal bars, one per label, each with its value at its end; ``unit`` names what
    is counted (the axis title and the table's column)."""
    top = nice_ceiling(max((bar.value for bar in bars), default=0))
    height = _TOP + len(bars) * _BAR_ROW + _BOTTOM
    width = _BAR_LABEL_WIDTH + _BAR_AREA + _BAR_VALUE_ROOM
    parts = [_value_axis(top, height)]
    for row, bar in enumerate(bars):
        y = _TOP + row * _BAR_ROW + (_BAR_ROW - _BAR_HEIGHT) / 2
        length = _BAR_AREA * bar.value / top
        middle = y + _BAR_HEIGHT / 2 + _FONT / 3
        parts.append(
            f'<text class="label" x="{_BAR_LABEL_WIDTH - 8}" y="{middle:.1f}" '
            f'text-anchor="end">{escape(bar.label)}</text>'
            f'<rect class="{escape(bar.tone)}" x="{_BAR_LABEL_WIDTH}" y="{y:.1f}" '
            f'width="{length:.1f}" height="{_BAR_HEIGHT}"><title>{escape(bar.label)}: '
            f"{bar.value}</title></rect>"
            f'<text class="value" x="{_BAR_LABEL_WIDTH + length + 6:.1f}" y="{middle:.1f}">'
            f"{bar.value}</text>"
        )
    parts.append(
        f'<text class="axis-title" x="{_BAR_LABEL_WIDTH + _BAR_AREA / 2:.1f}" '
        f'y="{height - 6}" text-anchor="middle">{escape(unit)}</text>'
    )
    summary = "; ".join(f"{bar.label}: {bar.value}" for bar in bars) or "nothing yet"
    return Chart(
        title=title,
        svg=_svg(title, summary, width, height, parts),
        legend=(),
        columns=("", unit),
        rows=tuple((bar.label, str(bar.value)) for bar in bars),
    )


def stacked_columns(
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    unit: str,
    category_title: str,
) -> Chart:
    """One column per category (a day), its series stacked bottom to top in the given order;
    ``unit`` titles the vertical axis, ``category_title`` the horizontal one."""
    totals = [sum(layer.values[n] for layer in series) for n in range(len(categories))]
    top = nice_ceiling(max(totals, default=0))
    plot_width = _COLUMNS_WIDTH - _LEFT - _RIGHT
    plot_height = _COLUMNS_HEIGHT - _TOP - _BOTTOM
    slot = plot_width / max(len(categories), 1)
    column = slot * 0.7
    baseline = _TOP + plot_height
    every = label_every(categories, slot)
    parts = []
    for tick in axis_ticks(top):
        y = baseline - plot_height * tick / top
        parts.append(
            f'<line class="grid" x1="{_LEFT}" x2="{_LEFT + plot_width}" '
            f'y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{_LEFT - 6}" y="{y + _FONT / 3:.1f}" '
            f'text-anchor="end">{tick}</text>'
        )
    for n, category in enumerate(categories):
        x = _LEFT + n * slot + (slot - column) / 2
        stacked = 0
        for layer in series:
            value = layer.values[n]
            if value:
                y = baseline - plot_height * (stacked + value) / top
                parts.append(
                    f'<rect class="{escape(layer.tone)}" x="{x:.1f}" y="{y:.1f}" '
                    f'width="{column:.1f}" height="{plot_height * value / top:.1f}">'
                    f"<title>{escape(category)}, {escape(layer.name)}: {value}</title></rect>"
                )
                stacked += value
        if (len(categories) - 1 - n) % every == 0:
            parts.append(
                f'<text class="tick" x="{x + column / 2:.1f}" y="{baseline + _FONT + 6}" '
                f'text-anchor="middle">{escape(category)}</text>'
            )
    parts.append(
        f'<line class="axis" x1="{_LEFT}" x2="{_LEFT + plot_width}" '
        f'y1="{baseline}" y2="{baseline}"/>'
        f'<text class="axis-title" x="{_LEFT + plot_width / 2:.1f}" '
        f'y="{_COLUMNS_HEIGHT - 6}" text-anchor="middle">{escape(category_title)}</text>'
        f'<text class="axis-title" x="{-(_TOP + plot_height / 2):.1f}" y="{_FONT + 2}" '
        f'transform="rotate(-90)" text-anchor="middle">{escape(unit)}</text>'
    )
    in_all = ", ".join(f"{layer.name}: {sum(layer.values)}" for layer in series)
    summary = f"Totals: {in_all}" if sum(totals) else "nothing yet"
    return Chart(
        title=title,
        svg=_svg(title, summary, _COLUMNS_WIDTH, _COLUMNS_HEIGHT, parts),
        legend=tuple((layer.name, layer.tone) for layer in series),
        columns=(category_title, *(layer.name for layer in series)),
        rows=tuple(
            (category, *(str(layer.values[n]) for layer in series))
            for n, category in enumerate(categories)
        ),
    )


def _value_axis(top: int, height: int) -> str:
    """The bar chart's value axis: a baseline under the bars, grid lines and their numbers."""
    baseline = height - _BOTTOM
    parts = [
        f'<line class="axis" x1="{_BAR_LABEL_WIDTH}" x2="{_BAR_LABEL_WIDTH + _BAR_AREA}" '
        f'y1="{baseline}" y2="{baseline}"/>'
    ]
    for tick in axis_ticks(top):
        x = _BAR_LABEL_WIDTH + _BAR_AREA * tick / top
        parts.append(
            f'<line class="grid" x1="{x:.1f}" x2="{x:.1f}" y1="{_TOP}" y2="{baseline}"/>'
            f'<text class="tick" x="{x:.1f}" y="{baseline + _FONT + 4}" '
            f'text-anchor="middle">{tick}</text>'
        )
    return "".join(parts)


def _svg(title: str, summary: str, width: int, height: int, parts: list[str]) -> Markup:
    """The ``<svg>`` element: an image named by its title and described by ``summary``."""
    ident = "chart-" + (re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "untitled")
    return Markup(
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-size="{_FONT}">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(summary)}</desc>'
        f"{''.join(parts)}</svg>"
    )
