"""Translating a programme or a session: the programme's staff write its text in another language,
beside the original. Who may: ``can_manage_programme``; a programme they may not see is a 404."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.content_language import language_name, translation_statuses
from sessions_app.forms.translations import ProgrammeTranslationForm, SessionTranslationForm
from sessions_app.models import Session, Summary
from sessions_app.permissions import can_manage_programme, can_view_programme
from sessions_app.selectors.registrations import session_by_number
from sessions_app.services import translations as services
from sessions_app.views.access import managed_programme


def _check_language(language: str, original_language: str) -> None:
    if language not in dict(settings.LANGUAGES) or language == original_language:
        raise Http404


def _saved(request: HttpRequest, language: str, *, removed: bool = False) -> None:
    name = language_name(language)
    if removed:
        messages.success(request, _("The %(language)s text is removed.") % {"language": name})
    else:
        messages.success(request, _("The %(language)s text is saved.") % {"language": name})


@login_required
@require_http_methods(["GET", "POST"])
def programme_translate(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    programme = managed_programme(request, slug)
    _check_language(language, programme.original_language)
    existing = {row.language: row for row in programme.translations.all()}
    form = ProgrammeTranslationForm(request.POST or None, instance=existing.get(language), language=language)
    if request.method == "POST" and "delete" in request.POST:
        services.programme_translation_delete(programme=programme, language=language, by=request.user)
        _saved(request, language, removed=True)
        return redirect(programme)
    if request.method == "POST" and form.is_valid():
        services.programme_translation_save(
            programme=programme, language=language, by=request.user, **form.cleaned_data
        )
        _saved(request, language)
        return redirect(programme)
    context = {
        "programme": programme,
        "form": form,
        "language": language,
        "language_label": language_name(language),
        "exists": language in existing,
        "languages": translation_statuses(
            programme.original_language,
            existing,
            lambda code: reverse("sessions_app:programme_translate", args=[slug, code]),
        ),
    }
    return render(request, "sessions_app/programme_translate.html", context)


def _managed_session(request: HttpRequest, slug: str, number: int) -> Session:
    session = session_by_number(slug, number)
    if not can_view_programme(request.user, session.programme):
        raise Http404
    if not can_manage_programme(request.user, session.programme):
        raise PermissionDenied
    return session


@login_required
@require_http_methods(["GET", "POST"])
def session_translate(request: HttpRequest, slug: str, number: int, language: str) -> HttpResponse:
    session = _managed_session(request, slug, number)
    _check_language(language, session.original_language)
    existing = {row.language: row for row in session.translations.all()}
    summary = Summary.objects.filter(session=session).prefetch_related("translations").first()
    summary_translation = (
        next((row for row in summary.translations.all() if row.language == language), None)
        if summary
        else None
    )
    form = SessionTranslationForm(
        request.POST or None,
        instance=existing.get(language),
        language=language,
        has_summary=summary is not None,
        summary_translation=summary_translation,
    )
    if request.method == "POST" and "delete" in request.POST:
        services.session_translation_delete(session=session, language=language, by=request.user)
        _saved(request, language, removed=True)
        return redirect(session)
    if request.method == "POST" and form.is_valid():
        services.session_translation_save(
            session=session, language=language, by=request.user, **form.cleaned_data
        )
        _saved(request, language)
        return redirect(session)
    context = {
        "session": session,
        "programme": session.programme,
        "summary": summary,
        "form": form,
        "language": language,
        "language_label": language_name(language),
        "exists": language in existing,
        "languages": translation_statuses(
            session.original_language,
            existing,
            lambda code: reverse("sessions_app:session_translate", args=[slug, number, code]),
        ),
    }
    return render(request, "sessions_app/session_translate.html", context)
