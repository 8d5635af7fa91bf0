"""One practice for its page, the sessions where it was presented, related practices, the feed."""

from django.db import connection
from django.db.models import F, OuterRef, Prefetch, Subquery, prefetch_related_objects
from django.db.models.expressions import RawSQL

from portal.content_language import ShownText, reader_language, shown_text
from practices import cache as practices_cache
from practices.enums import PracticeStatus
from practices.models import Adoption, Practice, PracticeDimension, Theme
from practices.selectors.catalogue import (
    CARD_PREFETCHES,
    ThemeLink,
    practice_cards,
    published_practices,
)
from practices.selectors.translations import with_reader_translation

RELATED_LIMIT = 4
FEED_LIMIT = 30
# The sessions app sits above this one: its sessions are reached through the reverse relation, and
# shown only where its own rules would show them (programme published or over; members-only ones to
# members; never a cancelled session).
VISIBLE_PROGRAMME_STATUSES = ("published", "completed", "archived")
PUBLIC_VISIBILITY = "public"
CANCELLED_SESSION = "cancelled"
# The practices sharing most themes and dimensions with one practice (then the newest): the links of its
# themes and dimensions counted per practice, in one pass over two indexes (a correlated count per
# candidate would visit most of the catalogue twice).
RELATED_SQL = """
SELECT hit.practice_id FROM (
    SELECT {link_practice} AS practice_id FROM {theme_link} WHERE {link_theme} IN
        (SELECT {link_theme} FROM {theme_link} WHERE {link_practice} = %s)
    UNION ALL
    SELECT {dimension_practice} FROM {dimension_table} WHERE {dimension} IN
        (SELECT {dimension} FROM {dimension_table} WHERE {dimension_practice} = %s)
) hit JOIN {practice} practice ON practice.{practice_pk} = hit.practice_id
WHERE practice.{status} = %s AND practice.{practice_pk} <> %s
GROUP BY hit.practice_id, practice.{published_at}
ORDER BY COUNT(*) DESC, practice.{published_at} DESC NULLS LAST, hit.practice_id
LIMIT %s
"""


def practice_for_detail(slug: str) -> Practice:
    """The practice in the reader's language, with its owner (and the owner's parents, for who may edit
    it), federation and contact person: one query. Raises ``Practice.DoesNotExist``.

    Unpublished practices are returned too: the view decides who sees them.
    """
    return (
        with_reader_translation(Practice.objects.all(), description=True)
        .select_related("owner__parent__parent", "federation", "contact_person")
        .defer("search_vector")
        .get(slug=slug)
    )


def prepare_page(practice: Practice) -> list[Practice]:
    """Fill in what the shared part of the page shows (themes, dimensions, audiences, links, images) and
    return the related practices: six queries, the related cards' themes and dimensions fetched with
    the practice's own. Which practices are related is cached until the catalogue changes."""
    key = (practice.pk, RELATED_LIMIT)
    version, cached_ids = practices_cache.read("related", key)
    chosen = cached_ids if cached_ids is not None else _related_ids_sql(practice.pk)
    cards = practice_cards(with_reader_translation(Practice.objects.filter(pk__in=chosen).order_by()))
    related = list(cards)
    prefetch_related_objects([practice, *related], *CARD_PREFETCHES)
    prefetch_related_objects([practice], "audiences", "links", "images")
    if cached_ids is None:
        related.sort(key=_sharing_most_with(practice))  # the ranking query's order, which IN loses
        practices_cache.store("related", key, version, [card.pk for card in related])
        return related
    by_id = {card.pk: card for card in related}
    return [by_id[pk] for pk in cached_ids if pk in by_id]


def _sharing_most_with(practice: Practice):
    """Sort key: most shared themes and dimensions, then the newest, then by id (as RELATED_SQL)."""
    themes = {theme.pk for theme in practice.themes.all()}
    dimensions = {row.dimension for row in practice.dimensions.all()}

    def key(card: Practice) -> tuple:
        shared = len(themes & {theme.pk for theme in card.themes.all()})
        shared += len(dimensions & {row.dimension for row in card.dimensions.all()})
        newest = -card.published_at.timestamp() if card.published_at else float("inf")
        return (-shared, newest, card.pk)

    return key


def _related_ids_sql(practice_id: int) -> RawSQL:
    quote = connection.ops.quote_name
    link, dimension, practice = ThemeLink._meta, PracticeDimension._meta, Practice._meta
    sql = RELATED_SQL.format(
        theme_link=quote(link.db_table),
        link_practice=quote(link.get_field("practice").column),
        link_theme=quote(link.get_field("theme").column),
        dimension_table=quote(dimension.db_table),
        dimension=quote(dimension.get_field("dimension").column),
        dimension_practice=quote(dimension.get_field("practice").column),
        practice=quote(practice.db_table),
        practice_pk=quote(practice.pk.column),
        status=quote(practice.get_field("status").column),
        published_at=quote(practice.get_field("published_at").column),
    )
    params = (practice_id, practice_id, PracticeStatus.PUBLISHED.value, practice_id, RELATED_LIMIT)
    # Identifiers come from the models' metadata, quoted; every value is a parameter.
    return RawSQL(sql, params)  # noqa: S611  # nosec B611


def visible_sessions(practice_id: int, *, member: bool) -> list:
    """The sessions where the practice was presented that a reader (a member or not) may see, in order,
    each with ``shown_title`` and its programme's ``shown_title`` in the reader's language where
    translated (the original otherwise, with its language): one query."""
    session_model = Practice._meta.get_field("sessions").related_model
    programme_model = session_model._meta.get_field("programme").related_model
    sessions = session_model.objects.filter(
        practices=practice_id, programme__status__in=VISIBLE_PROGRAMME_STATUSES
    ).exclude(status=CANCELLED_SESSION)
    if not member:
        sessions = sessions.filter(programme__visibility=PUBLIC_VISIBILITY)
    shown = (
        "number",
        "title",
        "original_language",
        "starts_at",
        "programme__slug",
        "programme__title",
        "programme__original_language",
        "summary__published_at",
    )
    sessions = sessions.annotate(
        translated_title=_title_in_reader_language(session_model),
        programme_translated_title=_title_in_reader_language(programme_model, outer="programme_id"),
    )
    sessions = list(
        sessions.select_related("programme", "summary").only(*shown).order_by("starts_at", "number")
    )
    for session in sessions:
        session.shown_title = _shown_title(session.title, session.original_language, session.translated_title)
        session.programme.shown_title = _shown_title(
            session.programme.title,
            session.programme.original_language,
            session.programme_translated_title,
        )
    return sessions


def _title_in_reader_language(model, outer: str = "pk") -> Subquery:
    """The title of ``model``'s translation (its ``translations``, as the sessions app keeps them) into
    the reader's language, or None."""
    relation = model._meta.get_field("translations")
    rows = relation.related_model.objects.filter(
        **{relation.field.name: OuterRef(outer)}, language=reader_language()
    )
    return Subquery(rows.values("title")[:1])


def _shown_title(original: str, original_language: str, translated: str | None) -> ShownText:
    return shown_text(
        original={"title": original},
        original_language=original_language,
        translated={"title": translated},
    )


def adoptions_of(practice_id: int) -> list[Adoption]:
    """Who reported adopting the practice, by organisation name: one query."""
    adoptions = Adoption.objects.filter(practice_id=practice_id).select_related("organisation")
    shown = ("organisation__name", "organisation__slug", "organisation__country")
    return list(adoptions.only(*shown).order_by("organisation__name"))


def latest_published(*, limit: int = FEED_LIMIT) -> list[Practice]:
    """The newest published practices, with owner and themes, for the Atom feed: two queries."""
    return list(
        published_practices()
        .select_related("owner")
        .defer("search_vector")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
        .order_by(F("published_at").desc(nulls_last=True), "-pk")[:limit]
    )
