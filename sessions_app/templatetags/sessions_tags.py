from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.utils import translation

from portal.templatetags.portal_tags import in_its_language
from sessions_app import timezones
from sessions_app.permissions import can_manage_programme

register = template.Library()


@register.inclusion_tag("sessions_app/_session_time.html", takes_context=True)
def session_time(context, session, compact: bool = False) -> dict:
    """``{% session_time session %}``: "Sunday 25 October 2026, 10:00–12:00 Rome · 11:00–13:00 Helsinki".

    The first time is in the reader's zone (profile, else browser), else the organiser's; the
    organiser's zone follows when it differs.
    """
    shown = timezones.display_zone(context.get("request"), session.organiser_time_zone)
    times = timezones.session_times(
        session.starts_at, session.ends_at, shown_zone=shown, organiser_zone=session.organiser_time_zone
    )
    return {"session": session, "first": times[0], "others": times[1:], "compact": compact}


@register.simple_tag
def country_times(session, codes) -> list:
    """``{% country_times session codes as rows %}``: (country, ZonedTime) for each participating country."""
    return timezones.country_times(session.starts_at, session.ends_at, codes)


@register.filter
def city(zone_name: str) -> str:
    return timezones.city(zone_name or "")


@register.filter
def language_name(code: str) -> str:
    """ "it" -> "Italian" (in the reader's language); an unknown code as it is."""
    try:
        return translation.get_language_info(code)["name_translated"]
    except KeyError:
        return code


# portal's, for the sessions templates that load only this library
register.filter("in_its_language", in_its_language)


@register.filter
def published_summary(session):
    """The session's summary once published, else None (never a query when select_related)."""
    try:
        summary = session.summary
    except ObjectDoesNotExist:
        return None
    return summary if summary.published_at else None


@register.simple_tag(takes_context=True)
def may_manage(context, programme) -> bool:
    """``{% may_manage programme as staff %}``: links to staff pages only for those who may use them."""
    request = context.get("request")
    return can_manage_programme(getattr(request, "user", None), programme)
