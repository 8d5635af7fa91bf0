from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal import health
from portal.outbox import outbox_message, outbox_messages


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 404 page; API clients get JSON, as from every other API answer."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Nothing is at this address.")}, status=404)
    return defaults.page_not_found(request, exception)


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's own login has no rate limit: visitors go to allauth's rate-limited one, keeping
    ?next=. Signed-in staff go on to the admin; anyone else signed in was sent here by the admin for
    not being staff: a 403 page, where a redirect to the sign-in page would send them straight back,
    round and round."""
    if request.user.is_authenticated:
        if not (request.user.is_active and request.user.is_staff):
            raise PermissionDenied
        wanted = request.GET.get("next", "")
        safe = url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()})
        return redirect(wanted if wanted and safe else reverse("admin:index"))
    query = request.META.get("QUERY_STRING", "")
    return redirect(reverse("account_login") + (f"?{query}" if query else ""))


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {
        "database": health.check_database(),
        "cache": health.check_cache(),
        "broker": health.check_broker(),
    }
    ok = all(result for result, _ in checks.values())
    body = {
        "status": "ok" if ok else "unavailable",
        "checks": {name: {"ok": result, "detail": detail} for name, (result, detail) in checks.items()},
    }
    if checks["database"][0]:
        body["worker"] = health.last_worker_heartbeat()
    return JsonResponse(body, status=200 if ok else 503)


def _require_debug() -> None:
    if not settings.DEBUG:
        raise Http404


@require_safe
def outbox_list(request: HttpRequest) -> HttpResponse:
    _require_debug()
    return render(request, "portal/outbox_list.html", {"messages_in_outbox": outbox_messages()})


@require_safe
def outbox_detail(request: HttpRequest, name: str) -> HttpResponse:
    _require_debug()
    message = outbox_message(name)
    if message is None:
        raise Http404
    return render(request, "portal/outbox_detail.html", {"mail": message})
