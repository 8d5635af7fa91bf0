"""Registration: register / cancel (one session or a whole programme), my sessions, and the staff list of
registrants with one-click attendance and the CSV export.

A programme the person may not see answers 404; a visible programme that the person does not manage
answers 403 on the staff pages. Anonymous visitors are sent to sign in.
"""

import csv
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from portal.http import site_url
from sessions_app.enums import RegistrationStatus
from sessions_app.forms.registrations import RegistrantAddForm
from sessions_app.models import Registration, Session
from sessions_app.permissions import can_manage_programme, can_see_meeting_url, can_view_programme
from sessions_app.selectors import registrations as selectors
from sessions_app.services import registrations as services
from sessions_app.timezones import display_zone

FRAGMENT = "sessions_app/_session_registration.html"
MEETING = "sessions_app/_session_meeting.html"


def _visible_session(request: HttpRequest, slug: str, number: int) -> Session:
    session = selectors.session_by_number(slug, number)
    if not can_view_programme(request.user, session.programme):
        raise Http404
    return session


def _managed_session(request: HttpRequest, slug: str, number: int) -> Session:
    session = _visible_session(request, slug, number)
    if not can_manage_programme(request.user, session.programme):
        raise PermissionDenied
    return session


def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and safe else default


def _registration_fragment(request: HttpRequest, session: Session, **extra) -> HttpResponse:
    context = {
        "session": session,
        "programme": session.programme,
        **selectors.registration_context(user=request.user, session=session),
        "next_url": _next_url(request, session.get_absolute_url()),
        **extra,
    }
    with timezone.override(display_zone(request, session.organiser_time_zone)):  # as on the session page
        response = render(request, FRAGMENT, context)
    current = request.htmx.current_url if request.htmx else None
    if current and urlsplit(current).path == session.get_absolute_url():
        # On the session page the meeting link shows or hides with the place: swapped in beside the box.
        meeting = {
            "session": session,
            "show_meeting_url": can_see_meeting_url(request.user, session, context["registration"]),
            "oob": True,
        }
        response.content += render_to_string(MEETING, meeting, request=request).encode()
    return response


def _registration_action(request: HttpRequest, session: Session, action: Callable[[], str]) -> HttpResponse:
    """Run ``action``; htmx gets the registration box back, a plain POST a redirect with a message."""
    try:
        notice, failed = action(), False
    except ValidationError as error:
        notice, failed = error.messages[0], True
    if request.htmx:
        return _registration_fragment(request, session, notice=notice, notice_failed=failed)
    messages.add_message(request, messages.ERROR if failed else messages.SUCCESS, notice)
    return redirect(_next_url(request, session.get_absolute_url()))


# --- Register and cancel (signed in) ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def session_register(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    session = selectors.session_to_register(slug, number, request.user)
    if not can_view_programme(request.user, session.programme):
        raise Http404
    if request.method == "GET":  # back from signing in: the session page has the button
        return redirect(session.get_absolute_url())

    def register() -> str:
        registration = services.registration_create(
            session=session, user=request.user, site_url=site_url(request)
        )
        if registration.status == RegistrationStatus.CONFIRMED:
            return _("You are registered for “%(title)s”.") % {"title": session.title}
        return _("The session is full: you are on the waiting list.")

    return _registration_action(request, session, register)


@login_required
@require_http_methods(["GET", "POST"])
def session_cancel_registration(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    session = _visible_session(request, slug, number)
    if request.method == "GET":
        return redirect(session.get_absolute_url())

    def cancel() -> str:
        registration = Registration.objects.filter(session=session, user=request.user).first()
        if registration is None or registration.status == RegistrationStatus.CANCELLED:
            return _("You are not registered for this session.")
        was_waiting = registration.status == RegistrationStatus.WAITLISTED
        services.registration_cancel(registration=registration, by=request.user, site_url=site_url(request))
        if was_waiting:
            return _("You have left the waiting list.")
        return _("Your registration is cancelled.")

    return _registration_action(request, session, cancel)


@login_required
@require_http_methods(["GET", "POST"])
def programme_register(request: HttpRequest, slug: str) -> HttpResponse:
    programme = selectors.programme_by_slug(slug)
    if not can_view_programme(request.user, programme):
        raise Http404
    if request.method == "GET":
        return redirect(programme.get_absolute_url())
    try:
        registrations = services.programme_register(
            programme=programme, user=request.user, site_url=site_url(request)
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _programme_notice(registrations))
    return redirect(_next_url(request, programme.get_absolute_url()))


def _programme_notice(registrations: list[Registration]) -> str:
    if not registrations:
        return _("No session of this programme is open for registration.")
    waiting = sum(r.status == RegistrationStatus.WAITLISTED for r in registrations)
    confirmed = len(registrations) - waiting
    text = ngettext(
        "You are registered for %(confirmed)d session.",
        "You are registered for %(confirmed)d sessions.",
        confirmed,
    ) % {"confirmed": confirmed}
    if waiting:
        text += " " + ngettext(
            "For %(waiting)d session you are on the waiting list.",
            "For %(waiting)d sessions you are on the waiting list.",
            waiting,
        ) % {"waiting": waiting}
    return text


@login_required
@require_safe
def my_sessions(request: HttpRequest) -> HttpResponse:
    registrations = selectors.my_registrations(request.user)
    now = timezone.now()
    feed = selectors.calendar_feed_of(request.user)
    feed_url = ""
    if feed is not None:
        feed_url = request.build_absolute_uri(reverse("sessions_app:personal_feed", args=[feed.token]))
    context = {
        "upcoming": [r for r in registrations if r.session.ends_at > now],
        "past": [r for r in registrations if r.session.ends_at <= now][::-1],
        "feed_url": feed_url,
        "webcal_url": "webcal://" + feed_url.split("://", 1)[-1] if feed_url else "",
    }
    return render(request, "sessions_app/my_sessions.html", context)


# --- Staff: registrants, attendance, CSV -----------------------------------------------------------


def _registration_list_page(request: HttpRequest, session: Session, form: RegistrantAddForm) -> HttpResponse:
    context = {
        "session": session,
        "programme": session.programme,
        "form": form,
        "registrations": [selectors.registrant_details(r) for r in selectors.registrants_for_staff(session)],
        "counts": selectors.registration_counts(session),
    }
    return render(request, "sessions_app/registration_list.html", context)


@login_required
@require_safe
def registration_list(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    session = _managed_session(request, slug, number)
    return _registration_list_page(request, session, RegistrantAddForm())


@login_required
@require_POST
def registration_add(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    session = _managed_session(request, slug, number)
    form = RegistrantAddForm(request.POST)
    if form.is_valid():
        try:
            registration = services.registration_add(
                session=session, user=form.user, by=request.user, site_url=site_url(request)
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            label = registration.get_status_display()
            messages.success(
                request,
                _("%(person)s added (%(status)s).") % {"person": registration.user, "status": label},
            )
            return redirect("sessions_app:registration_list", slug=slug, number=number)
    return _registration_list_page(request, session, form)


def _registrant(session: Session, pk: int) -> Registration:
    return get_object_or_404(Registration.objects.select_related("user"), pk=pk, session=session)


@login_required
@require_POST
def registration_remove(request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
    session = _managed_session(request, slug, number)
    registration = _registrant(session, pk)
    try:
        services.registration_remove(registration=registration, by=request.user, site_url=site_url(request))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("%(person)s was removed.") % {"person": registration.user})
    if request.htmx:  # asked after a confirmation: the whole list again, with the message
        return HttpResponseClientRedirect(reverse("sessions_app:registration_list", args=[slug, number]))
    return redirect("sessions_app:registration_list", slug=slug, number=number)


@login_required
@require_POST
def attendance_toggle(request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
    session = _managed_session(request, slug, number)
    registration = _registrant(session, pk)
    wanted = request.POST.get("attended")
    attended = wanted == "true" if wanted in {"true", "false"} else not registration.attended
    notice = ""
    try:
        services.attendance_set(registration=registration, attended=attended, by=request.user)
    except ValidationError as error:
        notice = error.messages[0]
    if request.htmx:
        row = selectors.registrant_details(selectors.registrants_for_staff(session).get(pk=pk))
        context = {"session": session, "programme": session.programme, "registration": row, "notice": notice}
        return render(request, "sessions_app/registration_list.html#row", context)
    if notice:
        messages.error(request, notice)
    return redirect("sessions_app:registration_list", slug=slug, number=number)


class _Echo:
    """A file-like object whose ``write`` hands the CSV line back, for streaming."""

    def write(self, value: str) -> str:
        return value


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    # A spreadsheet would run a cell starting with "=" as a formula (CSV injection).
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_rows(session: Session) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(
        [_("Name"), _("E-mail"), _("Organisation"), _("Country"), _("Role"), _("Status"), _("Attended")]
    )
    attended = {True: _("yes"), False: _("no"), None: ""}
    for row in selectors.registrants_for_staff(session).iterator(chunk_size=500):
        row = selectors.registrant_details(row)
        cells = [row.user.get_full_name(), row.user.email, row.organisation_name, row.country_name]
        cells += [row.role_label, row.get_status_display(), attended[row.attended]]
        yield writer.writerow([_cell(cell) for cell in cells])


@login_required
@require_safe
def registration_csv(request: HttpRequest, slug: str, number: int) -> StreamingHttpResponse:
    session = _managed_session(request, slug, number)
    response = StreamingHttpResponse(_csv_rows(session), content_type="text/csv; charset=utf-8")
    filename = f"{session.programme.slug}-{session.number}-registrations.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
