"""The six dimensions of an assessment as a radar chart, drawn on the server as SVG.

Like sessions_app.charts: a title and description for screen readers, the same numbers in a table beside
it on the page, no script and no inline style (colours come from classes in assessments.css). The
previous assessment, when there is one, is a dashed outline, so the two differ by more than colour.
"""

import math
import textwrap

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

SIZE_X, SIZE_Y = 500, 420
CX, CY = SIZE_X / 2, SIZE_Y / 2
RADIUS = 130
RINGS = (25, 50, 75, 100)
LABEL_GAP = 16
LABEL_WIDTH = 16  # characters per label line


def _point(index: int, count: int, value: float) -> tuple[float, float]:
    """Where ``value`` (0..100) lies on axis ``index`` of ``count``; the first axis points up."""
    angle = -math.pi / 2 + 2 * math.pi * index / count
    distance = RADIUS * value / 100
    return round(CX + distance * math.cos(angle), 1), round(CY + distance * math.sin(angle), 1)


def _points(values: list[float]) -> str:
    return " ".join(f"{x},{y}" for x, y in (_point(i, len(values), v) for i, v in enumerate(values)))


def _grid(count: int) -> SafeString:
    rings = format_html_join(
        "",
        '<polygon class="radar-ring" points="{}"></polygon>',
        ((_points([ring] * count),) for ring in RINGS),
    )
    axes = format_html_join(
        "",
        '<line class="radar-axis" x1="{}" y1="{}" x2="{}" y2="{}"></line>',
        ((CX, CY, *_point(i, count, 100)) for i in range(count)),
    )
    return rings + axes


def _label(index: int, count: int, label: str, score) -> SafeString:
    x, y = _point(index, count, 100 + 100 * LABEL_GAP / RADIUS)
    anchor = "middle" if abs(x - CX) < 1 else ("start" if x > CX else "end")
    lines = [*textwrap.wrap(label, LABEL_WIDTH), f"{score}"]
    top = (
        y - (len(lines) - 1) * 15
        if y < CY - 1
        else (y - (len(lines) - 1) * 7.5 if abs(y - CY) < 60 else y + 8)
    )
    tspans = format_html_join(
        "",
        '<tspan x="{}" y="{}" class="{}">{}</tspan>',
        (
            (x, round(top + i * 15, 1), "radar-score" if i == len(lines) - 1 else "", line)
            for i, line in enumerate(lines)
        ),
    )
    return format_html('<text class="radar-label" text-anchor="{}">{}</text>', anchor, tspans)


def radar_chart(rows: list, *, chart_id: str) -> SafeString:
    """``rows``: objects with ``label``, ``score`` and ``previous`` (None without an earlier assessment)."""
    if len(rows) < 3:
        return SafeString("")
    count = len(rows)
    previous = ""
    if all(row.previous is not None for row in rows):
        previous = format_html(
            '<polygon class="radar-previous" points="{}"></polygon>',
            _points([float(r.previous) for r in rows]),
        )
    current = format_html(
        '<polygon class="radar-current" points="{}"></polygon>', _points([float(r.score) for r in rows])
    )
    dots = format_html_join(
        "",
        '<circle class="radar-dot" cx="{}" cy="{}" r="4"></circle>',
        (_point(i, count, float(row.score)) for i, row in enumerate(rows)),
    )
    labels = SafeString(  # nosec B703 - joins format_html() output, each label already escaped
        "".join(_label(i, count, row.label, row.score) for i, row in enumerate(rows))
    )
    description = "; ".join(
        _("%(dimension)s: %(score)s out of 100") % {"dimension": row.label, "score": row.score}
        for row in rows
    )
    return format_html(
        '<svg class="radar-chart" role="img" viewBox="0 0 {w} {h}" aria-labelledby="{id}-title {id}-desc" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{title}</title>'
        '<desc id="{id}-desc">{desc}</desc>{grid}{previous}{current}{dots}{labels}</svg>',
        w=SIZE_X, h=SIZE_Y, id=chart_id, title=_("Digital maturity by dimension, out of 100"),
        desc=description, grid=_grid(count), previous=previous, current=current, dots=dots, labels=labels,
    )  # fmt: skip
