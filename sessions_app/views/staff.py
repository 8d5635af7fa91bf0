"""Staff pages: create and edit programmes and sessions, duplicate a session.

Every view asks sessions_app.permissions.can_manage_programme (staff of the organiser or a co-host, or
above them, and platform admins). Anonymous visitors are sent to sign in; a programme the person may not
even see is a 404; one they may see but not manage is a 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from members.permissions import managed_organisation_ids
from sessions_app import selectors
from sessions_app.forms.staff import ProgrammeForm, SessionForm
from sessions_app.models import Programme, Session
from sessions_app.permissions import can_create_programme, can_manage_programme
from sessions_app.services import programmes as services
from sessions_app.timezones import country_zone
from sessions_app.views.access import managed_programme


def _managed_session(request: HttpRequest, slug: str, number: int) -> Session:
    session = selectors.session_for_page(slug, number, request.user)
    if not can_manage_programme(request.user, session.programme):
        raise PermissionDenied
    return session


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    if not can_create_programme(request.user):
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None, managed_ids=managed_organisation_ids(request.user))
    if request.method == "POST" and form.is_valid():
        programme = services.programme_create(**form.service_arguments())
        messages.success(request, _("Programme created. Add its sessions next."))
        return redirect(programme)
    return render(request, "sessions_app/programme_form.html", {"form": form, "programme": None})


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, slug: str) -> HttpResponse:
    programme = managed_programme(request, slug)
    form = ProgrammeForm(
        request.POST or None, managed_ids=managed_organisation_ids(request.user), programme=programme
    )
    if request.method == "POST" and form.is_valid():
        programme = services.programme_update(programme=programme, **form.service_arguments())
        messages.success(request, _("Programme saved."))
        return redirect(programme)
    return render(request, "sessions_app/programme_form.html", {"form": form, "programme": programme})


def _default_zone(programme: Programme) -> str:
    last = programme.sessions.order_by("-number").values_list("organiser_time_zone", flat=True).first()
    return last or country_zone(programme.organiser.country.code or "") or "Europe/Brussels"


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, slug: str) -> HttpResponse:
    programme = managed_programme(request, slug)
    form = SessionForm(
        request.POST or None, programme=programme, initial={"time_zone": _default_zone(programme)}
    )
    if request.method == "POST" and form.is_valid():
        session = services.session_create(programme=programme, **form.service_arguments())
        messages.success(request, _("Session %(number)s added.") % {"number": session.number})
        return redirect(session)
    context = {"form": form, "programme": programme, "session": None}
    return render(request, "sessions_app/session_form.html", context)


def _saved_message(before: Session, after: Session) -> str:
    if after.status == "cancelled" and before.status != "cancelled":
        return _("Session cancelled. Registrants are told by e-mail; their reminders are stopped.")
    if after.starts_at != before.starts_at:
        return _("Session moved. Registrants are told by e-mail; reminders follow the new time.")
    return _("Session saved.")


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    session = _managed_session(request, slug, number)
    form = SessionForm(request.POST or None, programme=session.programme, session=session)
    if request.method == "POST" and form.is_valid():
        before = Session(starts_at=session.starts_at, status=session.status)
        session = services.session_update(session=session, **form.service_arguments())
        messages.success(request, _saved_message(before, session))
        return redirect(reverse("sessions_app:session_detail", args=[session.programme.slug, session.number]))
    context = {"form": form, "programme": session.programme, "session": session}
    return render(request, "sessions_app/session_form.html", context)


@require_POST
@login_required
def session_duplicate(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    session = _managed_session(request, slug, number)
    copy = services.session_duplicate(session=session)
    messages.success(
        request,
        _(
            "Session %(number)s is a copy of session %(original)s, a week later, and already in the "
            "programme: check it."
        )
        % {"number": copy.number, "original": session.number},
    )
    return redirect("sessions_app:session_edit", slug=slug, number=copy.number)
