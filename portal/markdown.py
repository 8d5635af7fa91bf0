"""Markdown written by people, rendered to HTML that keeps no script, style or event handler.

Rendering is a pure function of the text, and pages show the same texts again and again (a programme's
summaries, a practice's description): recent results are kept in memory, and each thread reuses one
parser (building one costs more than converting a summary).
"""

import threading
from functools import lru_cache

import markdown as md
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
    "h2", "h3", "h4", "a", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
_parsers = threading.local()


def _parser() -> md.Markdown:
    parser = getattr(_parsers, "parser", None)
    if parser is None:
        parser = _parsers.parser = md.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    return parser


@lru_cache(maxsize=512)
def render_markdown(text: str) -> str:
    html = _parser().reset().convert(text or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
