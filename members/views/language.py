"""The language switcher: for everyone a cookie, for signed-in people also their profile, so that
e-mails follow the same choice. URLs carry no language, so a shared link opens in the reader's own."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.services.accounts import profile_update


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.headers.get("referer") or "/"
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else "/"


@require_POST
def set_language(request: HttpRequest) -> HttpResponseRedirect:
    code = request.POST.get("language", "")
    response = HttpResponseRedirect(_safe_next(request))
    if code not in dict(settings.LANGUAGES):
        messages.error(request, _("That language is not available."))
        return response
    if request.user.is_authenticated and request.user.preferred_language != code:
        profile_update(user=request.user, preferred_language=code)
    remember_language(response, request, code)
    translation.activate(code)
    return response


def remember_language(response: HttpResponse, request: HttpRequest, code: str) -> None:
    """The cookie LocaleMiddleware reads: the chosen language applies from the next page on."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE or request.is_secure(),
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
