"""One practice for its page, the sessions where it was presented, related practices, the feed."""

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from members.permissions import is_member
from practices import cache as practices_cache
from practices.models import Adoption, Practice, PracticeDimension, Theme
from practices.selectors.catalogue import ThemeLink, dimensions_in_order, published_practices
from practices.selectors.translations import with_reader_translation

RELATED_LIMIT = 4
FEED_LIMIT = 30
# The sessions app sits above this one: its sessions are reached through the reverse relation, and
# shown only where its own rules would show them (programme published or over; members-only ones to
# members; never a cancelled session).
VISIBLE_PROGRAMME_STATUSES = ("published", "completed", "archived")
PUBLIC_VISIBILITY = "public"
CANCELLED_SESSION = "cancelled"
_CARD_PREFETCHES = (
    Prefetch("themes", queryset=Theme.objects.order_by("name")),
    Prefetch("dimensions", queryset=dimensions_in_order()),
)


def practice_for_detail(slug: str, *, user) -> Practice:
    """The practice with everything its page shows, in eight queries. Raises ``Practice.DoesNotExist``.

    Unpublished practices are returned too: the view decides who sees them.
    """
    session_model = Practice._meta.get_field("sessions").related_model
    return (
        with_reader_translation(Practice.objects.all(), description=True)
        .select_related("owner__parent__parent", "federation", "contact_person")
        .prefetch_related(
            *_CARD_PREFETCHES,
            "audiences",
            "links",
            "images",
            Prefetch(
                "sessions",
                queryset=_visible_sessions(session_model.objects.all(), user),
                to_attr="visible_sessions",
            ),
            Prefetch(
                "adoptions",
                queryset=Adoption.objects.select_related("organisation").order_by("organisation__name"),
            ),
        )
        .get(slug=slug)
    )


def _visible_sessions(sessions: QuerySet, user) -> QuerySet:
    sessions = sessions.filter(programme__status__in=VISIBLE_PROGRAMME_STATUSES).exclude(
        status=CANCELLED_SESSION
    )
    if not is_member(user):
        sessions = sessions.filter(programme__visibility=PUBLIC_VISIBILITY)
    return sessions.select_related("programme", "summary").order_by("starts_at", "number")


def related_practices(practice: Practice, *, limit: int = RELATED_LIMIT) -> list[Practice]:
    """Published practices sharing a theme or a dimension, those sharing most first: three queries.

    Which ones is cached until the catalogue changes (ranking them is the page's costliest query on a
    large catalogue); the cards are fetched by id, in the reader's language, in as many queries."""
    cached_ids = practices_cache.get("related", (practice.pk, limit))
    if cached_ids is not None:
        cards = with_reader_translation(Practice.objects.filter(pk__in=cached_ids)).select_related("owner")
        by_id = {card.pk: card for card in cards.defer("search_vector").prefetch_related(*_CARD_PREFETCHES)}
        return [by_id[pk] for pk in cached_ids if pk in by_id]
    related = _rank_related(practice, limit)
    practices_cache.put("related", (practice.pk, limit), [card.pk for card in related])
    return related


def _rank_related(practice: Practice, limit: int) -> list[Practice]:
    theme_ids = [theme.pk for theme in practice.themes.all()]
    dimensions = [row.dimension for row in practice.dimensions.all()]
    if not (theme_ids or dimensions):
        return []
    theme_links = ThemeLink.objects.filter(theme_id__in=theme_ids)
    dimension_links = PracticeDimension.objects.filter(dimension__in=dimensions)
    return list(
        with_reader_translation(published_practices())
        .filter(Q(pk__in=theme_links.values("practice_id")) | Q(pk__in=dimension_links.values("practice_id")))
        .exclude(pk=practice.pk)
        .annotate(shared=_count_of(theme_links) + _count_of(dimension_links))
        .select_related("owner")
        .defer("search_vector")
        .prefetch_related(*_CARD_PREFETCHES)
        .order_by("-shared", F("published_at").desc(nulls_last=True), "pk")[:limit]
    )


def _count_of(links: QuerySet):
    """How many of ``links`` belong to the outer practice (a correlated subquery)."""
    rows = links.filter(practice_id=OuterRef("pk")).order_by().values("practice_id")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


def latest_published(*, limit: int = FEED_LIMIT) -> list[Practice]:
    """The newest published practices, with owner and themes, for the Atom feed: two queries."""
    return list(
        published_practices()
        .select_related("owner")
        .defer("search_vector")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
        .order_by(F("published_at").desc(nulls_last=True), "-pk")[:limit]
    )
