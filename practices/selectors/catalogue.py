"""The public catalogue: published practices matching a search and facet filters, shaped for a page.

Search: on PostgreSQL the stored full-text vector (title weighs most, GIN index); only when nothing at all
has the words does it allow typos (every word in the text or close to a word of the title or summary,
trigram GIN indexes), so a broad term never pays for the typo matching. Elsewhere every word must
appear in the title, summary or description. Facets narrow: every ticked value is one more condition
(AND), so the count next to a value is exactly the number of results ticking it leads to.
"""

import re
from dataclasses import dataclass, field, replace

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower, NullIf

from practices.enums import MaturityDimension, PracticeStatus
from practices.models import Practice, PracticeDimension, PracticeTranslation, Theme
from practices.selectors.translations import with_reader_translation
from practices.services.search_index import SEARCH_CONFIG

FACETS = ("theme", "dimension", "country", "kind", "sector", "cost", "setup")
SORTS = ("relevance", "newest", "title")
MAX_TERMS = 8
WEBSEARCH_OPERATORS = re.compile(r'"|(^|\s)-')
ThemeLink = Practice.themes.through
# What a result card shows (templates/practices/_practice_card.html; ``Practice.shown`` reads the
# description too), and its themes and dimensions in their order.
CARD_FIELDS = (
    "title",
    "slug",
    "summary",
    "description",
    "original_language",
    "country",
    "cost_band",
    "setup_time",
    "published_at",
    "owner__name",
    "owner__kind",
    "owner__country",
)


@dataclass(frozen=True)
class CatalogueFilters:
    """What a visitor asked for: the search words and the ticked value(s) of each facet."""

    q: str = ""
    theme: tuple[str, ...] = ()
    dimension: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    sector: tuple[str, ...] = ()
    cost: tuple[str, ...] = ()
    setup: tuple[str, ...] = ()
    sort: str = field(default="", compare=False)

    @property
    def active(self) -> list[tuple[str, str]]:
        """(facet, value) of every ticked value, in facet order."""
        return [(facet, value) for facet in FACETS for value in getattr(self, facet)]

    @property
    def is_filtered(self) -> bool:
        return bool(self.q or self.active)

    @property
    def default_sort(self) -> str:
        return "relevance" if self.q else "newest"

    @property
    def effective_sort(self) -> str:
        if self.sort in SORTS and (self.sort != "relevance" or self.q):
            return self.sort
        return self.default_sort

    @property
    def explicit_sort(self) -> str:
        """The sort to keep in the URL: empty when it is the default one."""
        sort = self.effective_sort
        return "" if sort == self.default_sort else sort

    def sorted_by(self, sort: str) -> "CatalogueFilters":
        return replace(self, sort=sort)

    def adding(self, facet: str, value: str) -> "CatalogueFilters":
        current = getattr(self, facet)
        return self if value in current else replace(self, **{facet: (*current, value)})

    def removing(self, facet: str, value: str) -> "CatalogueFilters":
        if facet == "q":
            return replace(self, q="")
        return replace(self, **{facet: tuple(v for v in getattr(self, facet) if v != value)})

    def query_items(self) -> list[tuple[str, str]]:
        """The filters as query-string pairs (the URL of this state)."""
        items = [("q", self.q)] if self.q else []
        items += self.active
        if self.explicit_sort:
            items.append(("sort", self.explicit_sort))
        return items


def effective_country():
    """The practice's own country, or else its owner's."""
    return Coalesce(NullIf(F("country"), Value("")), F("owner__country"), output_field=CharField())


def dimensions_in_order() -> QuerySet[PracticeDimension]:
    """Dimension rows in the assessment's own order (not alphabetically by code)."""
    position = Case(
        *[When(dimension=value, then=Value(i)) for i, value in enumerate(MaturityDimension.values)],
        output_field=IntegerField(),
    )
    return PracticeDimension.objects.order_by(position)


CARD_PREFETCHES = (
    Prefetch("themes", queryset=Theme.objects.order_by("name")),
    Prefetch("dimensions", queryset=dimensions_in_order()),
)


def theme_choices() -> list[tuple[str, str]]:
    """(slug, name) of every theme of the vocabulary, by name: one query."""
    return list(Theme.objects.order_by("name").values_list("slug", "name"))


def published_practices() -> QuerySet[Practice]:
    return Practice.objects.filter(status=PracticeStatus.PUBLISHED)


def practices_matching(filters: CatalogueFilters) -> QuerySet[Practice]:
    """Published practices matching the search words and every ticked facet value (unordered)."""
    practices = published_practices()
    if filters.q:
        practices = _search(practices, filters.q)
    return _narrow(practices, filters)


def _search(practices: QuerySet[Practice], q: str) -> QuerySet[Practice]:
    """The practices matching ``q``, with their ``relevance`` (an alias the page can order by)."""
    terms = _terms(q)
    if connection.vendor != "postgresql":
        for term in terms:
            in_translation = PracticeTranslation.objects.filter(practice_id=OuterRef("pk")).filter(
                Q(title__icontains=term) | Q(summary__icontains=term) | Q(description__icontains=term)
            )
            practices = practices.filter(
                Q(title__icontains=term)
                | Q(summary__icontains=term)
                | Q(description__icontains=term)
                | Exists(in_translation)
            )
        practices = practices.alias(relevance=_weights(terms))
        return practices if terms else practices.none()
    # The query as typed (websearch syntax: "phrases", or, -not), or else every word as the start of a
    # word ("platform" finds "platforms": the multilingual config does no stemming), through the GIN index.
    if terms and not WEBSEARCH_OPERATORS.search(q):
        query = SearchQuery(
            " & ".join(f"{term}:*" for term in terms), config=SEARCH_CONFIG, search_type="raw"
        )
    else:
        query = SearchQuery(q, config=SEARCH_CONFIG, search_type="websearch")
    rank = SearchRank(F("search_vector"), query)
    found = practices.filter(search_vector=query)
    if not terms or WEBSEARCH_OPERATORS.search(q) or found.exists():
        return found.alias(relevance=rank)
    # Nothing has these words (a typo?): every word, found in the text or close to a word of the title
    # or summary (trigram indexes), a title close to the words ranking first.
    every_word = Q()
    for term in terms:
        every_word &= (
            Q(search_vector=SearchQuery(term, config=SEARCH_CONFIG))
            | Q(title__trigram_word_similar=term)
            | Q(summary__trigram_word_similar=term)
        )
    return practices.filter(every_word).alias(relevance=rank + _close_title(q))


def _terms(q: str) -> list[str]:
    return re.findall(r"\w+", q)[:MAX_TERMS]


def _narrow(practices: QuerySet[Practice], filters: CatalogueFilters) -> QuerySet[Practice]:
    for slug in filters.theme:
        practices = practices.filter(
            Exists(ThemeLink.objects.filter(practice_id=OuterRef("pk"), theme__slug=slug))
        )
    for dimension in filters.dimension:
        practices = practices.filter(
            Exists(PracticeDimension.objects.filter(practice_id=OuterRef("pk"), dimension=dimension))
        )
    if filters.country:
        practices = practices.alias(effective_country=effective_country())
    for code in filters.country:
        practices = practices.filter(effective_country=code)
    for kind in filters.kind:
        practices = practices.filter(owner__kind=kind)
    for sector in filters.sector:
        practices = practices.filter(sector=sector)
    for band in filters.cost:
        practices = practices.filter(cost_band=band)
    for setup in filters.setup:
        practices = practices.filter(setup_time=setup)
    return practices


def practices_for_page(practices: QuerySet[Practice], filters: CatalogueFilters) -> QuerySet[Practice]:
    """``practices`` in the asked order, with what a result card shows (owner, themes, dimensions)."""
    sort = filters.effective_sort
    if sort == "title":
        ordered = practices.order_by(Lower("title"), "pk")
    elif sort == "newest":
        ordered = practices.order_by("-published_at", "-pk")  # the covering index's order (0007)
    else:
        ordered = practices.order_by("-relevance", "-published_at", "-pk")
    return (
        with_reader_translation(ordered)
        .select_related("owner")
        .defer("search_vector")
        .prefetch_related(*CARD_PREFETCHES)
    )


def practice_cards(practices: QuerySet[Practice]) -> QuerySet[Practice]:
    """Only the columns a result card shows (the long transferability texts stay in the database)."""
    return practices.select_related("owner").only(*CARD_FIELDS)


def _close_title(q: str):
    """A title close to the words (a typo) counts; mere shared letters (below the threshold) do not."""
    return Case(
        When(title__trigram_word_similar=q, then=TrigramWordSimilarity(q, "title")),
        default=Value(0.0),
        output_field=FloatField(),
    )


def _weights(terms: list[str]):
    weights = [
        Case(
            When(title__icontains=term, then=Value(3)),
            When(summary__icontains=term, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
        for term in terms
    ]
    return sum(weights[1:], weights[0]) if weights else Value(0, output_field=IntegerField())


@dataclass(frozen=True)
class FacetCounts:
    total: int
    counts: dict[str, dict[str, int]]


# The matching practices are computed once (a CTE), then counted by each facet: one query, where a UNION
# of GROUP BYs over the queryset would evaluate the search once per facet. Without a search, the CTE is
# an index-only scan of the covering index (migration 0007) rather than a pass over the wide rows.
FACET_SQL = """
WITH matched (id, country, kind, sector, cost, setup) AS {materialized} ({matched})
SELECT 'total', '', COUNT(*) FROM matched
UNION ALL SELECT 'country', country, COUNT(*) FROM matched GROUP BY country
UNION ALL SELECT 'kind', kind, COUNT(*) FROM matched GROUP BY kind
UNION ALL SELECT 'sector', sector, COUNT(*) FROM matched GROUP BY sector
UNION ALL SELECT 'cost', cost, COUNT(*) FROM matched GROUP BY cost
UNION ALL SELECT 'setup', setup, COUNT(*) FROM matched GROUP BY setup
UNION ALL SELECT 'theme', theme.{theme_slug}, COUNT(*) FROM matched
    JOIN {theme_link} link ON link.{link_practice} = matched.id
    JOIN {theme} theme ON theme.{theme_pk} = link.{link_theme}
    GROUP BY theme.{theme_slug}
UNION ALL SELECT 'dimension', dimension.{dimension}, COUNT(*) FROM matched
    JOIN {dimension_table} dimension ON dimension.{dimension_practice} = matched.id
    GROUP BY dimension.{dimension}
"""


def facet_counts(practices: QuerySet[Practice]) -> FacetCounts:
    """How many ``practices`` there are, and for each facet value how many have it: one query."""
    matched = practices.order_by().values(
        "pk",
        facet_country=effective_country(),
        facet_kind=F("owner__kind"),
        facet_sector=F("sector"),
        facet_cost=F("cost_band"),
        facet_setup=F("setup_time"),
    )
    counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
    try:
        matched_sql, params = matched.query.sql_with_params()
    except EmptyResultSet:  # e.g. a search without a single word: nothing can match
        return FacetCounts(total=0, counts=counts)
    with connection.cursor() as cursor:
        cursor.execute(_facet_sql(matched_sql), params)
        rows = cursor.fetchall()
    total = 0
    for facet, value, number in rows:
        if facet == "total":
            total = number
        elif value:
            counts[facet][value] = number
    return FacetCounts(total=total, counts=counts)


def _facet_sql(matched_sql: str) -> str:
    quote = connection.ops.quote_name
    link = ThemeLink._meta
    return FACET_SQL.format(
        materialized="MATERIALIZED" if connection.vendor == "postgresql" else "",
        matched=matched_sql,
        theme=quote(Theme._meta.db_table),
        theme_pk=quote(Theme._meta.pk.column),
        theme_slug=quote(Theme._meta.get_field("slug").column),
        theme_link=quote(link.db_table),
        link_practice=quote(link.get_field("practice").column),
        link_theme=quote(link.get_field("theme").column),
        dimension_table=quote(PracticeDimension._meta.db_table),
        dimension=quote(PracticeDimension._meta.get_field("dimension").column),
        dimension_practice=quote(PracticeDimension._meta.get_field("practice").column),
    )
