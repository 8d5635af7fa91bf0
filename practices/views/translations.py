"""Translating a practice: its editors write its text in another language, beside the original."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.content_language import language_name
from practices.forms.translations import PracticeTranslationForm
from practices.permissions import can_edit_practice
from practices.selectors import curation as selectors_curation
from practices.selectors.translations import translation_statuses, translations_of
from practices.services import translations as services


@login_required
@require_http_methods(["GET", "POST"])
def practice_translate(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    practice = selectors_curation.practice_visible_to(request.user, slug)
    if not can_edit_practice(request.user, practice):
        raise PermissionDenied
    if language not in dict(settings.LANGUAGES) or language == practice.original_language:
        raise Http404
    existing = translations_of(practice)
    form = PracticeTranslationForm(request.POST or None, instance=existing.get(language))
    if request.method == "POST" and "delete" in request.POST:
        services.practice_translation_delete(practice=practice, language=language, by=request.user)
        messages.success(
            request, _("The %(language)s text is removed.") % {"language": language_name(language)}
        )
        return redirect(practice.get_absolute_url())
    if request.method == "POST" and form.is_valid():
        services.practice_translation_save(
            practice=practice, language=language, by=request.user, **form.cleaned_data
        )
        messages.success(
            request, _("The %(language)s text is saved.") % {"language": language_name(language)}
        )
        return redirect(practice.get_absolute_url())
    context = {
        "practice": practice,
        "form": form,
        "language": language,
        "language_label": language_name(language),
        "exists": language in existing,
        "languages": translation_statuses(practice, existing),
    }
    return render(request, "practices/practice_translate.html", context)
