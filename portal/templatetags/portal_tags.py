from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import get_text_list
from django.utils.translation import pgettext

from portal import dates
from portal.markdown import render_markdown

register = template.Library()


@register.filter
def and_list(items) -> str:
    """'a, b and c' with the reader's word for 'and'."""
    return get_text_list([str(item) for item in items], pgettext("joining the last item of a list", "and"))


@register.filter(name="markdown")
def markdown_filter(text: str) -> str:
    # Safe to mark: render_markdown sanitises with an allow-list (nh3).
    return mark_safe(render_markdown(text))  # noqa: S308  # nosec B308 B703 - nh3 allow-list output


@register.filter
def in_its_language(shown, field: str):
    """``{{ shown|in_its_language:"title" }}``: a text (of a ``ShownText``) marked with the language it is
    in, for a text inside a sentence of the interface (``{% blocktranslate with title=... %}``)."""
    return format_html('<span lang="{}">{}</span>', shown.language, getattr(shown, field))


@register.filter(expects_localtime=True)
def weekday_date(value) -> str:
    """``{{ when|weekday_date }}``: "Wednesday 7 June 2023" in the reader's language and zone."""
    return dates.weekday_date(value) if value else ""


@register.filter(expects_localtime=True)
def weekday_datetime(value) -> str:
    """``{{ when|weekday_datetime }}``: "Wednesday 7 June 2023, 10:00" in the reader's language and zone."""
    return dates.weekday_datetime(value) if value else ""
