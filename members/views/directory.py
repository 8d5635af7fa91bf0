from datetime import datetime, timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from members import selectors
from members.forms.directory import DirectoryFilterForm
from members.models import Organisation
from members.permissions import can_manage_organisation, can_see_contact_details
from members.sections import sections_for
from portal import page_cache

LIST_TEMPLATE = "members/organisation_list.html"
SEARCH_TIMEOUT = timedelta(minutes=5)  # names typed as you go leave many one-off results: kept briefly


@require_safe
@vary_on_headers("HX-Request")  # the fragment and the full page share one URL
def organisation_list(request: HttpRequest) -> HttpResponse:
    key = f"pages:directory-countries:{translation.get_language()}"
    countries = page_cache.VERSION.cached(key, selectors.directory_countries, page_cache.TIMEOUT)
    form = DirectoryFilterForm(request.GET or None, countries=countries)
    filters = form.filters() if form.is_bound else {"q": "", "country": "", "kind": ""}

    def render_results() -> tuple[str, datetime | None]:
        organisations = list(selectors.organisations_for_directory(**filters))
        context = {
            "form": form,
            "filtered": any(filters.values()),
            "groups": selectors.group_by_country(organisations),
            "total": len(organisations),
            "federation_kinds": selectors.FEDERATION_KINDS,
            "country_count": len({o.country.code for o in organisations if o.country}),
        }
        until = timezone.now() + SEARCH_TIMEOUT if filters["q"] else None
        return render_to_string(f"{LIST_TEMPLATE}#results", context), until

    # The same for every reader (no one's own data in it): rendered once per filters and language until
    # an organisation or membership changes (portal.page_cache). At a hundred federations and five
    # thousand cooperatives, counting their members was most of the page.
    parts = (tuple(sorted(filters.items())), bool(form.errors))
    results = page_cache.cached_html("directory", parts, render_results)
    if request.htmx and not request.htmx.history_restore_request:
        return HttpResponse(results)
    return render(request, LIST_TEMPLATE, {"form": form, "cached_results": results})


@require_safe
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        organisation = selectors.organisation_for_detail(slug)
    except Organisation.DoesNotExist:
        raise Http404 from None
    if not organisation.is_active and not can_manage_organisation(request.user, organisation):
        raise Http404
    context = {
        "organisation": organisation,
        "show_contact_details": can_see_contact_details(request.user),
        "sections": sections_for(organisation, request.user),
    }
    return render(request, "members/organisation_detail.html", context)
