"""Participation by country as a horizontal bar chart, drawn on the server as SVG.

The SVG carries a title and description for screen readers; the page also shows the same numbers as a
table (the text alternative). No script, no inline style: colours come from classes in sessions.css.
"""

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

ROW = 26  # px per bar
LABEL = 110  # px for the labels at least (country names), more for longer ones
CHAR = 7  # px per character of a label at the chart's 13px font, roughly
BAR_AREA = 200  # px for the longest bar
VALUE = 34  # px for the number after the bar


def _bar(index: int, label: str, value: int, top: int, label_width: int) -> SafeString:
    length = max(2, round(BAR_AREA * value / top))
    text_y = index * ROW + ROW // 2 + 5
    return format_html(
        '<g class="chart-row"><text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text>'
        '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}" rx="3"></rect>'
        '<text class="chart-value" x="{}" y="{}">{}</text></g>',
        label_width - 8, text_y, label,
        label_width, index * ROW + 5, length, ROW - 10,
        label_width + length + 6, text_y, value,
    )  # fmt: skip


def bar_chart(rows: list[tuple[str, int]], *, title: str, description: str, chart_id: str) -> SafeString:
    """``rows`` are (label, value) pairs, drawn in the order given. Empty rows draw nothing."""
    if not rows:
        return SafeString("")
    top = max(value for _label, value in rows) or 1
    # Sized from the longest label, so that dimension names are not clipped as country names are not.
    label_width = max(LABEL, 16 + CHAR * max(len(label) for label, _value in rows))
    width, height = label_width + BAR_AREA + VALUE, ROW * len(rows)
    bars = SafeString(  # nosec B703 - joins format_html() output, each label already escaped
        "".join(_bar(index, label, value, top, label_width) for index, (label, value) in enumerate(rows))
    )
    return format_html(
        '<svg class="bar-chart" role="img" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{bars}</svg>',
        w=width, h=height, id=chart_id, title=title, desc=description, bars=bars,
    )  # fmt: skip


def participation_chart(countries: list, *, chart_id: str = "participation-chart") -> SafeString:
    """``countries``: objects with ``country`` (django-countries Country) and ``people``."""
    rows = [(str(row.country.name), row.people) for row in countries]
    description = "; ".join(
        _("%(country)s: %(count)s") % {"country": label, "count": value} for label, value in rows
    )
    return bar_chart(rows, title=_("Participants by country"), description=description, chart_id=chart_id)
