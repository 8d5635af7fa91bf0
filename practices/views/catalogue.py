"""The public catalogue: search with facets, a practice's page, the Atom feed of new practices."""

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from members.permissions import is_member
from portal.page_cache import whole_page_for_visitors
from practices import cache as practices_cache
from practices.feeds import LatestPracticesFeed
from practices.forms.search import PracticeSearchForm
from practices.models import Practice
from practices.permissions import can_edit_practice, can_see_practice_contact, can_view_practice
from practices.selectors import catalogue, detail
from practices.selectors.catalogue import FACETS, CatalogueFilters
from practices.selectors.translations import translation_statuses, translations_of

LIST_TEMPLATE = "practices/practice_list.html"
FACETS_TEMPLATE = "practices/_catalogue_facets.html"
RESULTS_TEMPLATE = "practices/_catalogue_results.html"
BODY_TEMPLATE = "practices/_practice_body.html"
BODY_PARTS = ("header", "main", "facts", "links", "related")
PER_PAGE = 20
SEARCH_PAGE_TIMEOUT = 600  # seconds
# What a catalogue page depends on in its query string (anything else is ignored, as the form does).
LIST_PARAMETERS = ("q", *FACETS, "sort", "page")
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


@dataclass(frozen=True)
class ListParts:
    """The parts of a catalogue page that are the same for every reader of one query in one language."""

    q: str
    filtered: bool  # a facet value is ticked: the filter panel starts open
    facets: str
    results: str


@require_safe
@vary_on_headers("HX-Request")  # the fragment and the full page share one URL
@whole_page_for_visitors("practice-list", practices_cache.VERSION, fragments=True)
def practice_list(request: HttpRequest) -> HttpResponse:
    # Rendered once per query string and language until the catalogue changes (practices.cache); no
    # reader's own data (CSRF token, account) is in them: base.html adds that around them. Searches typed
    # as you go leave many one-off pages (some 50 kB each): those are kept for minutes, not the hour.
    timeout = SEARCH_PAGE_TIMEOUT if request.GET.get("q") else practices_cache.TIMEOUT
    parts = practices_cache.cached(
        "list", _list_key(request.GET), lambda: _list_parts(request.GET), timeout=timeout
    )
    if request.htmx and not request.htmx.history_restore_request:
        response = HttpResponse(parts.facets + parts.results)
    else:
        form = PracticeSearchForm(themes=[])  # unbound: the search box's label and id
        response = render(request, LIST_TEMPLATE, {"form": form, "parts": parts})
    # Kept for visitors, whole or as htmx results, no longer than the parts themselves.
    response.page_cache_until = timezone.now() + timedelta(seconds=timeout)
    return response


def _list_key(query: QueryDict) -> tuple:
    values = tuple((name, tuple(query.getlist(name))) for name in LIST_PARAMETERS if name in query)
    return (translation.get_language(), values)


def _list_parts(query: QueryDict) -> ListParts:
    themes = practices_cache.cached("themes", (), catalogue.theme_choices)
    form = PracticeSearchForm(query or None, themes=themes)
    filters = form.filters()
    matching = catalogue.practices_matching(filters)
    # The heaviest query of the page (it counts every match by every facet): cached per set of filters,
    # so the other pages and orders of the same results reuse it.
    counted = (filters.q, filters.active)  # not the order
    facets = practices_cache.cached("facets", counted, lambda: catalogue.facet_counts(matching))
    cards = catalogue.practice_cards(catalogue.practices_for_page(matching, filters))
    page = CountedPaginator(cards, PER_PAGE, count=facets.total).get_page(query.get("page"))
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
    return ListParts(
        q=filters.q,
        filtered=bool(filters.active),
        facets=render_to_string(FACETS_TEMPLATE, context),
        results=render_to_string(RESULTS_TEMPLATE, context),
    )


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


@require_safe
@whole_page_for_visitors("practice", practices_cache.VERSION)
def practice_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Members see members-only sessions; dates are in the reader's time zone.
    member = is_member(request.user)
    key = (slug, member, translation.get_language(), timezone.get_current_timezone_name())
    # A visitor gets the page as every visitor sees it, from the cache (only a published practice's is
    # cached, and any change it shows forgets it): nothing else of the practice is needed.
    body = None if request.user.is_authenticated else practices_cache.get("page", key)
    practice = None
    if body is None:
        practice, body = _practice_and_body(request.user, slug, key)
    context = {"practice": practice, "body": body, "show_contact": can_see_practice_contact(request.user)}
    return render(request, "practices/practice_detail.html", context)


@dataclass(frozen=True)
class PracticeBody:
    """What a practice's page shows every reader of one kind (member or not) in one language and time
    zone: the rendered parts of BODY_TEMPLATE, and what the rest of the page needs to know."""

    title: str
    has_contact: bool
    header: str
    main: str
    facts: str
    links: str
    related: str


def _practice_and_body(user, slug: str, key: tuple) -> tuple[Practice, PracticeBody]:
    try:
        practice = detail.practice_for_detail(slug)
    except Practice.DoesNotExist:
        raise Http404 from None
    if not can_view_practice(user, practice):
        raise Http404
    member = is_member(user)
    if can_edit_practice(user, practice):  # its editors also see the way to its translations
        links = translation_statuses(practice, translations_of(practice))
        return practice, _practice_body(practice, links, member=member)
    # Published (nobody else sees it otherwise): rendered once until the catalogue changes.
    return practice, practices_cache.cached("page", key, lambda: _practice_body(practice, [], member=member))


def _practice_body(practice: Practice, translation_links: list[dict], *, member: bool) -> PracticeBody:
    shown = practice.shown
    context = {
        "practice": practice,
        "shown": shown,
        "related": detail.prepare_page(practice),
        "sessions": detail.visible_sessions(practice.pk, member=member),
        "adoptions": detail.adoptions_of(practice.pk),
        "translation_links": translation_links,
    }
    return PracticeBody(
        title=shown.title,
        has_contact=practice.contact_person_id is not None,
        **{part: render_to_string(f"{BODY_TEMPLATE}#{part}", context) for part in BODY_PARTS},
    )


@require_safe
def practice_feed(request: HttpRequest) -> HttpResponse:
    return LatestPracticesFeed()(request)
