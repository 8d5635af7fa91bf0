"""The public catalogue: search with facets, a practice's page, the Atom feed of new practices."""

import hashlib
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from practices import cache as practices_cache
from practices.feeds import LatestPracticesFeed
from practices.forms.search import PracticeSearchForm
from practices.models import Practice
from practices.permissions import can_edit_practice, can_see_practice_contact, can_view_practice
from practices.selectors import catalogue, detail
from practices.selectors.catalogue import FACETS, CatalogueFilters
from practices.selectors.translations import translation_statuses, translations_of

LIST_TEMPLATE = "practices/practice_list.html"
PER_PAGE = 20
# Facets whose values are listed by name rather than in their vocabulary's order.
SORTED_BY_LABEL = {"country", "sector"}


class CountedPaginator(Paginator):
    """A paginator told its count (the facet query already counted the results): no COUNT query."""

    def __init__(self, object_list, per_page: int, *, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # fills the cached_property


@dataclass(frozen=True)
class FacetOption:
    facet: str
    value: str
    label: str
    count: int
    checked: bool

    @property
    def dom_id(self) -> str:
        # Stable across updates (htmx keeps focus on the element with the same id); free-text values
        # get a digest so two sectors never share an id.
        slug = slugify(self.value)
        if slug != self.value.lower():
            slug = f"{slug}-{hashlib.blake2s(self.value.encode(), digest_size=4).hexdigest()}"
        return f"facet-{self.facet}-{slug}"


@dataclass(frozen=True)
class FacetGroup:
    name: str
    legend: str
    options: list[FacetOption]


@dataclass(frozen=True)
class ActiveFilter:
    label: str
    remove_url: str


@require_GET
@vary_on_headers("HX-Request")  # the fragment and the full page share one URL
def practice_list(request: HttpRequest) -> HttpResponse:
    form = PracticeSearchForm(request.GET or None, themes=catalogue.theme_choices())
    filters = form.filters()
    matching = catalogue.practices_matching(filters)
    # The heaviest query of the page (it counts every match by every facet): cached until the catalogue
    # changes (practices.cache), per set of filters.
    facets = practices_cache.cached("facets", filters, lambda: catalogue.facet_counts(matching))
    paginator = CountedPaginator(
        catalogue.practices_for_page(matching, filters), PER_PAGE, count=facets.total
    )
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "page_links": _page_links(page, filters),
        "facets": _facet_groups(form, filters, facets.counts),
        "active_filters": _active_filters(form, filters),
        "clear_url": reverse("practices:practice_list"),
        "sort_links": _sort_links(form, filters),
    }
    fragment = request.htmx and not request.htmx.history_restore_request
    return render(request, f"{LIST_TEMPLATE}#update" if fragment else LIST_TEMPLATE, context)


def _url(filters: CatalogueFilters, **extra) -> str:
    query = urlencode([*filters.query_items(), *extra.items()])
    return reverse("practices:practice_list") + (f"?{query}" if query else "")


def _page_links(page: Page, filters: CatalogueFilters) -> dict[str, str]:
    links = {}
    if page.has_previous():
        number = page.previous_page_number()
        links["previous"] = _url(filters, **({"page": number} if number > 1 else {}))
    if page.has_next():
        links["next"] = _url(filters, page=page.next_page_number())
    return links


def _sort_links(form, filters: CatalogueFilters) -> list[tuple[str, str, bool]]:
    """(label, URL, current) of each order the results can take; "best match" only for a search."""
    current = filters.effective_sort
    return [
        (str(label), _url(filters.sorted_by(value)), value == current)
        for value, label in form.fields["sort"].choices
        if value != "relevance" or filters.q
    ]


def _labels(form: PracticeSearchForm, facet: str) -> dict[str, str]:
    return {str(value): str(label) for value, label in form.fields[facet].choices}


def _facet_groups(form, filters: CatalogueFilters, counts: dict[str, dict[str, int]]) -> list[FacetGroup]:
    groups = []
    for facet in FACETS:
        labels = _labels(form, facet)
        ticked = getattr(filters, facet)
        values = [value for value in labels if value in counts[facet] or value in ticked]
        values += [
            value for value in [*counts[facet], *ticked] if value not in labels and value not in values
        ]
        options = [
            FacetOption(facet, value, labels.get(value, value), counts[facet].get(value, 0), value in ticked)
            for value in values
        ]
        if facet in SORTED_BY_LABEL:
            options.sort(key=lambda option: option.label.casefold())
        if options:
            groups.append(FacetGroup(facet, str(form.fields[facet].label), options))
    return groups


def _active_filters(form, filters: CatalogueFilters) -> list[ActiveFilter]:
    active = [ActiveFilter(f"“{filters.q}”", _url(filters.removing("q", filters.q)))] if filters.q else []
    for facet, value in filters.active:
        label = _labels(form, facet).get(value, value)
        active.append(ActiveFilter(label, _url(filters.removing(facet, value))))
    return active


@require_GET
def practice_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        practice = detail.practice_for_detail(slug, user=request.user)
    except Practice.DoesNotExist:
        raise Http404 from None
    if not can_view_practice(request.user, practice):
        raise Http404
    context = {
        "practice": practice,
        "related": detail.related_practices(practice),
        "show_contact": can_see_practice_contact(request.user),
        # Its editors see which languages it has: one query, for them only.
        "translation_links": (
            translation_statuses(practice, translations_of(practice))
            if can_edit_practice(request.user, practice)
            else []
        ),
    }
    return render(request, "practices/practice_detail.html", context)


@require_GET
def practice_feed(request: HttpRequest) -> HttpResponse:
    return LatestPracticesFeed()(request)
