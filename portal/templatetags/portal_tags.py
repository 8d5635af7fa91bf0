from django import template
from django.utils.safestring import mark_safe

from portal.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> str:
    # Safe to mark: render_markdown sanitises with an allow-list (nh3).
    return mark_safe(render_markdown(text))  # noqa: S308  # nosec B308 B703 - nh3 allow-list output
