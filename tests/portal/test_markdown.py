"""Markdown written by people renders to HTML with no way left to run script or restyle the page."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from portal.markdown import ALLOWED_TAGS, render_markdown

FORBIDDEN = ("<script", "onerror", "javascript:", "<iframe", "style=", "onload")

XSS_PAYLOADS = {
    "script-tag": "<script>alert(1)</script>",
    "script-src-uppercase": "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "html-javascript-link": '<a href="javascript:alert(1)">click</a>',
    "markdown-javascript-link": "[click](javascript:alert(1))",
    "markdown-mixed-case-scheme": "[click](JaVaScRiPt:alert(1))",
    "markdown-entity-in-scheme": "[click](&#106;avascript:alert(1))",
    "tab-entity-in-scheme": '<a href="jav&#x09;ascript:alert(1)">click</a>',
    "all-hex-entities": (
        '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">click</a>'
    ),
    "markdown-data-url": "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "html-data-url": '<a href="data:text/html,<script>alert(1)</script>">click</a>',
    "style-attribute": '<p style="background:url(javascript:alert(1))">styled</p>',
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "svg-onload": "<svg onload=alert(1)>",
    "svg-script": "<svg><script>alert(1)</script></svg>",
    "body-onload": "<body onload=alert(1)>",
    "markdown-image-breakout": '![x](x" onerror="alert(1))',
    "nested-script": "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "details-ontoggle": "<details open ontoggle=alert(1)>x</details>",
    "math-mutation": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "autolink-javascript": "<javascript:alert(1)>",
    "reference-javascript-link": "[click][1]\n\n[1]: javascript:alert(1)",
    "handler-on-a-safe-link": '<a href="https://ok.example/" onclick="alert(1)" style="color:red">ok</a>',
}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


@pytest.mark.parametrize("payload", XSS_PAYLOADS.values(), ids=XSS_PAYLOADS.keys())
def test_render_markdown_strips_xss_payload(payload):
    html = render_markdown(payload)

    assert [word for word in FORBIDDEN if word in html.lower()] == []
    for tag, attributes in tags_of(html):
        assert tag in ALLOWED_TAGS
        assert set(attributes) <= {"href", "title", "rel", "scope"}
        assert urlsplit(attributes.get("href") or "https:").scheme in {"http", "https", "mailto"}


def test_render_markdown_keeps_the_safe_part_of_a_link_with_handlers():
    html = render_markdown(XSS_PAYLOADS["handler-on-a-safe-link"])

    assert html == '<p><a href="https://ok.example/" rel="noopener noreferrer nofollow">ok</a></p>'


def test_render_markdown_shows_escaped_markup_as_text():
    html = render_markdown("&lt;script&gt;alert(1)&lt;/script&gt;")

    assert html == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"


def test_render_markdown_keeps_ordinary_markdown():
    text = (
        "## Our practice\n\n### Steps\n\n1. First\n2. Second\n\n- **bold** and *em*\n- `code`\n\n"
        '> quoted\n\nSee [the guide](https://example.org/guide "Guide") '
        "or [mail](mailto:info@example.org).\n\n"
        "| Step | Time |\n| --- | --- |\n| Plan | 1 h |\n"
    )

    html = render_markdown(text)

    assert html == (
        "<h2>Our practice</h2>\n<h3>Steps</h3>\n<ol>\n<li>First</li>\n<li>Second</li>\n</ol>\n"
        "<ul>\n<li><strong>bold</strong> and <em>em</em></li>\n<li><code>code</code></li>\n</ul>\n"
        "<blockquote>\n<p>quoted</p>\n</blockquote>\n"
        '<p>See <a href="https://example.org/guide" title="Guide" rel="noopener noreferrer nofollow">'
        'the guide</a> or <a href="mailto:info@example.org" rel="noopener noreferrer nofollow">'
        "mail</a>.</p>\n"
        "<table>\n<thead>\n<tr>\n<th>Step</th>\n<th>Time</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>Plan</td>\n<td>1 h</td>\n</tr>\n</tbody>\n</table>"
    )


@pytest.mark.parametrize("text", ["", None], ids=["empty", "none"])
def test_render_markdown_of_nothing_is_empty(text):
    assert render_markdown(text) == ""


def test_one_text_leaves_nothing_behind_for_the_next():
    # The parser is reused: a link reference defined in one text must not resolve in another.
    render_markdown("See [the guide][guide].\n\n[guide]: https://example.org/guide")

    html = render_markdown("Also [the guide][guide].")

    assert "href" not in html
    assert "[the guide][guide]" in html
