from django import template

from members.selectors.staff import organisation_actions as select_organisation_actions

register = template.Library()


@register.simple_tag(takes_context=True)
def organisation_actions(context, organisation) -> dict:
    """``{% organisation_actions organisation as actions %}``: what this page offers the reader."""
    request = context.get("request")
    return select_organisation_actions(getattr(request, "user", None), organisation)
