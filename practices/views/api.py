"""The read-only JSON API of published practices, and its OpenAPI description. Public, any origin (CORS)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, JsonResponse, QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from portal.markdown import render_markdown
from practices import api_schema
from practices.enums import CostBand, SetupTime
from practices.models import Practice, Theme
from practices.selectors import curation as selectors
from practices.selectors.catalogue import CatalogueFilters

SINGLE = {"q", "sort", "page", "page_size"}
# The API's parameter names (documented, stable) -> the catalogue's filter fields.
CATALOGUE_FIELDS = {"owner_kind": "kind", "cost_band": "cost", "setup_time": "setup"}


def public_api(view: Callable[..., JsonResponse]) -> Callable[..., JsonResponse]:
    """GET only, and readable from any site: federations show the catalogue on their own pages.
    No CSRF check: nothing here changes anything, and every other method is answered 405 (the CSRF
    middleware would answer a 403 first)."""

    @csrf_exempt
    @require_safe
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> JsonResponse:
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped


def _integer(raw: str, name: str, errors: dict, *, low: int, high: int | None = None) -> int:
    try:
        value = int(raw)
    except ValueError:
        errors[name] = [_("Give a whole number.")]
        return low
    if value < low or (high is not None and value > high):
        message = _("Give a number from %(low)s to %(high)s.") if high else _("Give a number from %(low)s.")
        errors[name] = [message % {"low": low, "high": high}]
    return value


def _check_values(name: str, values: list[str], errors: dict) -> list[str]:
    parameter = api_schema.LIST_PARAMETERS[name]
    if name == "country":
        wrong = [value for value in values if not (value.isupper() or value.islower())]
        values = [value.upper() for value in values]
        wrong += [value for value in values if value not in api_schema.COUNTRY_CODES]
    elif name == "theme":
        known = set(Theme.objects.filter(slug__in=values).values_list("slug", flat=True))
        wrong = [value for value in values if value not in known]
    elif parameter.enum:
        wrong = [value for value in values if value not in parameter.enum]
    else:
        limit = parameter.schema.get("maxLength", 200)
        wrong = [value for value in values if len(value) > limit]
    if wrong:
        errors[name] = [_("Unknown or invalid value: %(value)s.") % {"value": value} for value in wrong]
    return values


def parse_list_parameters(query: QueryDict) -> tuple[CatalogueFilters, int, int, dict[str, list[str]]]:
    """Validated filters, page and page size from the query string, and the errors by parameter."""
    errors: dict[str, list[str]] = {}
    filters: dict[str, Any] = {}
    for name in query:
        values = [value.strip() for value in query.getlist(name) if value.strip()]
        if name not in api_schema.LIST_PARAMETERS:
            errors[name] = [_("Unknown parameter. See /api/openapi.json.")]
        elif name in SINGLE and len(values) > 1:
            errors[name] = [_("Give this parameter once.")]
        elif any("\x00" in value for value in values):
            # PostgreSQL cannot compare text holding NUL: refuse it before any value reaches a query.
            errors[name] = [
                _("Unknown or invalid value: %(value)s.") % {"value": value.replace("\x00", "")}
                for value in values
                if "\x00" in value
            ]
        elif values and name not in {"page", "page_size"}:
            checked = _check_values(name, values, errors)
            filters[CATALOGUE_FIELDS.get(name, name)] = checked[0] if name in SINGLE else tuple(checked)
    # Given but empty is an error, as any other non-number: only a missing parameter takes the default.
    page = _integer(query.get("page", "1"), "page", errors, low=1)
    size = query.get("page_size", str(api_schema.DEFAULT_PAGE_SIZE))
    page_size = _integer(size, "page_size", errors, low=1, high=api_schema.MAX_PAGE_SIZE)
    return CatalogueFilters(**filters), page, page_size, errors


def _organisation(request: HttpRequest, organisation) -> dict[str, Any]:
    return {
        "name": organisation.name,
        "slug": organisation.slug,
        "kind": organisation.kind,
        "country": organisation.country.code or "",
        "url": request.build_absolute_uri(organisation.get_absolute_url()),
    }


def _code_label(enum, value: str) -> dict[str, str] | None:
    return {"code": value, "label": str(enum(value).label)} if value else None


def practice_summary(request: HttpRequest, practice: Practice) -> dict[str, Any]:
    return {
        "slug": practice.slug,
        "title": practice.title,
        "summary": practice.summary,
        "url": request.build_absolute_uri(practice.get_absolute_url()),
        "api_url": request.build_absolute_uri(reverse("practices:api_practice_detail", args=[practice.slug])),
        "owner": _organisation(request, practice.owner),
        "federation": _organisation(request, practice.federation) if practice.federation else None,
        "country": practice.effective_country.code or "",
        "themes": [{"slug": theme.slug, "name": theme.name} for theme in practice.themes.all()],
        "dimensions": [_code_label_of(row, "dimension") for row in practice.dimensions.all()],
        "audiences": [_code_label_of(row, "audience") for row in practice.audiences.all()],
        "sector": practice.sector,
        "year_started": practice.year_started,
        "cost_band": _code_label(CostBand, practice.cost_band),
        "setup_time": _code_label(SetupTime, practice.setup_time),
        "published_at": practice.published_at.isoformat() if practice.published_at else None,
        "adopted_by": [
            _organisation(request, adoption.organisation) for adoption in practice.adoptions.all()
        ],
    }


def _code_label_of(row, field: str) -> dict[str, str]:
    return {"code": getattr(row, field), "label": str(getattr(row, f"get_{field}_display")())}


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@public_api
def practice_list(request: HttpRequest) -> JsonResponse:
    filters, page_number, page_size, errors = parse_list_parameters(request.GET)
    if errors:
        return JsonResponse({"errors": errors}, status=400)
    paginator = Paginator(selectors.api_practices(filters), page_size)
    if page_number > max(paginator.num_pages, 1):
        pages = paginator.num_pages
        message = ngettext("There is only %(pages)s page.", "There are only %(pages)s pages.", pages)
        return JsonResponse({"detail": message % {"pages": pages}}, status=404)
    page = paginator.page(page_number)
    return JsonResponse(
        {
            "count": paginator.count,
            "next": _page_url(request, page_number + 1) if page.has_next() else None,
            "previous": _page_url(request, page_number - 1) if page.has_previous() else None,
            "results": [practice_summary(request, practice) for practice in page.object_list],
        }
    )


@public_api
def practice_detail(request: HttpRequest, slug: str) -> JsonResponse:
    practice = selectors.api_practice(slug)
    if practice is None:
        return JsonResponse({"detail": _("No published practice has this address.")}, status=404)
    data = practice_summary(request, practice)
    data |= {
        "description": practice.description,
        "description_html": render_markdown(practice.description),
        "transferability": {
            "prerequisites": practice.prerequisites,
            "skills_needed": practice.skills_needed,
            "transferable": practice.transferable,
            "local_context": practice.local_context,
        },
        "links": [{"url": link.url, "label": link.label} for link in practice.links.all()],
    }
    return JsonResponse(data)


@public_api
def openapi(request: HttpRequest) -> JsonResponse:
    server_url = request.build_absolute_uri("/").rstrip("/")
    themes = list(Theme.objects.order_by("slug").values_list("slug", flat=True))
    document = api_schema.openapi_document(server_url=server_url, theme_slugs=themes)
    return JsonResponse(document, json_dumps_params={"indent": 1})
