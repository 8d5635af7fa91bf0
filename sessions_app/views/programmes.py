"""The public pages of programmes and sessions; what each reader sees is decided by
sessions_app.permissions (a programme they may not see is a 404, so its existence does not leak)."""

from datetime import datetime

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from portal import page_cache
from portal.content_language import translation_statuses
from sessions_app import charts, report_sections, selectors
from sessions_app.permissions import (
    can_create_programme,
    can_manage_programme,
    can_offer_follow_up,
    can_register,
    can_see_meeting_url,
)
from sessions_app.selectors.programmes import session_countries
from sessions_app.selectors.registrations import registration_context
from sessions_app.selectors.report import next_session_start
from sessions_app.selectors.report import programme_report as select_programme_report
from sessions_app.selectors.translations import hand_over_texts, languages_done
from sessions_app.timezones import country_times, display_zone, reader_zone

SESSION_LIST = "sessions_app/session_list.html"
REPORT = "sessions_app/programme_report.html"
PER_PAGE = 20


def _render_in_zone(request: HttpRequest, organiser_zone: str, template: str, context: dict) -> HttpResponse:
    """Render with the reader's zone active, or the organiser's when the reader has none of their own."""
    with timezone.override(display_zone(request, organiser_zone)):
        return render(request, template, context)


def _programme_zone(sessions) -> str:
    return sessions[0].organiser_time_zone if sessions else "Europe/Brussels"


def _translation_links(may_manage: bool, obj, url_name: str, *args) -> list[dict]:
    """For the programme's staff: every language but the original, done or not, with its translate
    page (from the page query's own annotation: no query)."""
    if not may_manage:
        return []
    return translation_statuses(
        obj.original_language,
        languages_done(obj),
        lambda code: reverse(f"sessions_app:{url_name}", args=[*args, code]),
    )


@require_safe
def programme_list(request: HttpRequest) -> HttpResponse:
    context = {
        "programmes": selectors.programmes_for_list(request.user),
        "can_create": can_create_programme(request.user),
    }
    return render(request, "sessions_app/programme_list.html", context)


@require_safe
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = selectors.programme_for_page(slug, request.user)
    sessions = selectors.sessions_of_programme(programme)
    now = timezone.now()
    may_manage = can_manage_programme(request.user, programme)
    context = {
        "programme": programme,
        "sessions": sessions,
        "may_manage": may_manage,
        "translation_links": _translation_links(may_manage, programme, "programme_translate", slug),
        "may_register": can_register(request.user, programme)
        and any(session.status == "scheduled" and session.starts_at > now for session in sessions),
    }
    return _render_in_zone(request, _programme_zone(sessions), "sessions_app/programme_detail.html", context)


def _report_context(request: HttpRequest, programme, may_manage: bool) -> tuple[dict, str]:
    report = select_programme_report(programme)
    context = {
        "programme": programme,
        "report": report,
        "chart": charts.participation_chart(report.countries),
        "may_manage": may_manage,
        "sections": report_sections.sections_for(programme, request.user),
    }
    return context, _programme_zone(report.sessions)


@require_safe
@page_cache.whole_page_for_visitors("report")
def programme_report(request: HttpRequest, slug: str) -> HttpResponse:
    programme = selectors.programme_for_page(slug, request.user)
    if request.user.is_authenticated and can_manage_programme(request.user, programme):
        # Its staff see their links and the organisations' own notes: rendered for them each time.
        context, zone = _report_context(request, programme, may_manage=True)
        return _render_in_zone(request, zone, REPORT, context)

    def render_body() -> tuple[str, datetime | None]:
        context, zone = _report_context(request, programme, may_manage=False)
        with timezone.override(display_zone(request, zone)):
            html = render_to_string(f"{REPORT}#body", context, request=request)
        # Kept until a write, or until the next session starts: its registrants then count.
        return html, next_session_start(context["report"])

    body, until = page_cache.cached_part("report", (programme.pk, reader_zone(request)), render_body)
    response = render(request, REPORT, {"programme": programme, "cached_body": body})
    response.page_cache_until = until
    return response


@require_safe
@vary_on_headers("HX-Request")  # the fragment and the full page share one URL
def session_list(request: HttpRequest) -> HttpResponse:
    past = request.GET.get("when") == "past"
    sessions = selectors.sessions_for_list(request.user, past=past)
    # Upcoming sessions are paged too: a confederation's year can hold hundreds of them.
    page = Paginator(sessions, PER_PAGE).get_page(request.GET.get("page"))
    context = {"past": past, "sessions": hand_over_texts(page.object_list), "page": page}
    fragment = request.htmx and not request.htmx.history_restore_request
    return render(request, f"{SESSION_LIST}#results" if fragment else SESSION_LIST, context)


@require_safe
def session_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    session = selectors.session_for_page(slug, number, request.user, with_registration=False)
    programme = session.programme
    box = registration_context(user=request.user, session=session)  # the registration box's own context
    registration = session.viewer_registration = box["registration"]
    codes = session_countries(session)
    may_manage = can_manage_programme(request.user, programme)
    context = {
        **box,
        "session": session,
        "programme": programme,
        "may_manage": may_manage,
        "translation_links": _translation_links(may_manage, session, "session_translate", slug, number),
        "show_meeting_url": can_see_meeting_url(request.user, session, registration),
        "offer_follow_up": can_offer_follow_up(request.user, session),
        "country_times": country_times(session.starts_at, session.ends_at, codes),
    }
    return _render_in_zone(request, session.organiser_time_zone, "sessions_app/session_detail.html", context)
