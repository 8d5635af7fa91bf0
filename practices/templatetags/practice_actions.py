"""The practice page's action buttons (bookmark, interest, adoption, edit, curation moves)."""

from django import template
from django.utils.translation import gettext_lazy as _

from practices.enums import PracticeStatus
from practices.selectors import curation as selectors

register = template.Library()

# What the button that moves a practice to a status says.
TRANSITION_LABELS = {
    PracticeStatus.SUBMITTED: _("Submit for review"),
    PracticeStatus.IN_REVIEW: _("Start review"),
    PracticeStatus.CHANGES_REQUESTED: _("Request changes"),
    PracticeStatus.PUBLISHED: _("Publish"),
    PracticeStatus.ARCHIVED: _("Archive"),
}


@register.simple_tag(takes_context=True)
def practice_actions(context, practice) -> dict:
    request = context.get("request")
    return selectors.practice_actions(getattr(request, "user", None), practice)


@register.filter
def transition_label(status: str) -> str:
    return TRANSITION_LABELS.get(status, status)


@register.filter
def curator_moves(statuses) -> bool:
    """Whether any of these moves is a curator's (they take a comment for the submitter)."""
    return any(status != PracticeStatus.SUBMITTED for status in statuses or ())
