"""Reads for curation, interest, adoption and bookmarks, each shaped for its page and scoped to its reader."""

from django.db.models import Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from members.models import Membership, Organisation
from members.permissions import is_platform_admin, managed_organisation_ids, staff_organisation_ids
from practices.enums import PracticeStatus
from practices.models import (
    Adoption,
    AdoptionInterest,
    Bookmark,
    Practice,
    PracticeTransition,
)
from practices.permissions import can_express_interest, can_view_practice
from practices.selectors.catalogue import (
    CatalogueFilters,
    practices_for_page,
    practices_matching,
    published_practices,
)
from practices.services.curation import practice_editable_by, transitions_available

QUEUE_STATUSES = [PracticeStatus.SUBMITTED, PracticeStatus.IN_REVIEW]
_MANAGED_CACHE = "_practices_managed_org_ids"


def _managed_ids(user) -> frozenset[int] | None:
    """``managed_organisation_ids`` once per request (cached on the user), for the pages that ask often."""
    if not hasattr(user, _MANAGED_CACHE):
        setattr(user, _MANAGED_CACHE, managed_organisation_ids(user))
    return getattr(user, _MANAGED_CACHE)


def _with_owner(queryset: QuerySet[Practice]) -> QuerySet[Practice]:
    # The permission predicates walk the owner's parents: load them with the practice.
    return queryset.select_related("owner__parent__parent")


def practice_visible_to(user, slug: str) -> Practice:
    """The practice if ``user`` may see it; 404 otherwise, so an unpublished one does not leak."""
    practice = get_object_or_404(_with_owner(Practice.objects.all()), slug=slug)
    if not can_view_practice(user, practice):
        raise Http404
    return practice


def practice_published(slug: str) -> Practice:
    return get_object_or_404(_with_owner(Practice.objects.all()), slug=slug, status=PracticeStatus.PUBLISHED)


def curator_queue() -> QuerySet[Practice]:
    """Submitted and in-review practices, the longest waiting first (by their latest submission)."""
    submitted_at = Max("transitions__created_at", filter=Q(transitions__to_status=PracticeStatus.SUBMITTED))
    return (
        _with_owner(Practice.objects.filter(status__in=QUEUE_STATUSES))
        .select_related("submitted_by")
        .annotate(submitted_at=submitted_at)
        .order_by("submitted_at", "pk")
    )


def queue_row(pk: int) -> Practice:
    """One row of the curator queue, re-read after an action (any status: it may have left the queue)."""
    submitted_at = Max("transitions__created_at", filter=Q(transitions__to_status=PracticeStatus.SUBMITTED))
    return (
        _with_owner(Practice.objects.filter(pk=pk))
        .select_related("submitted_by")
        .annotate(submitted_at=submitted_at)
        .get()
    )


def latest_change_request(practice: Practice) -> PracticeTransition | None:
    """The curator's last request for changes, shown while the practice is sent back to its submitter."""
    if practice.status != PracticeStatus.CHANGES_REQUESTED:
        return None
    steps = practice.transitions.filter(to_status=PracticeStatus.CHANGES_REQUESTED).select_related("by")
    return steps.order_by("-created_at", "-pk").first()


def with_actions(user, practices) -> list[Practice]:
    """Attach what ``user`` may do to each practice (no queries beyond the cached staff lookup)."""
    practices = list(practices)
    for practice in practices:
        practice.available_transitions = transitions_available(user, practice)
        practice.editable = practice_editable_by(user, practice)
    return practices


def bookmarked_practices(user) -> QuerySet[Practice]:
    """The practices ``user`` bookmarked and may still see, most recently bookmarked first."""
    bookmarks = Bookmark.objects.filter(user=user, practice=OuterRef("pk"))
    visible = Q(status=PracticeStatus.PUBLISHED) | Q(owner_id__in=_own_managed_ids(user))
    return (
        _with_owner(Practice.objects.filter(bookmarks__user=user))
        .filter(visible)
        .annotate(bookmarked_at=Subquery(bookmarks.values("created_at")[:1]))
        .order_by("-bookmarked_at", "pk")
    )


def interests_told(user) -> QuerySet[AdoptionInterest]:
    """What ``user`` told owners they are interested in adopting, newest first, of practices still
    published: one query."""
    return (
        AdoptionInterest.objects.filter(user=user, practice__status=PracticeStatus.PUBLISHED)
        .select_related("practice__owner", "organisation")
        .only(
            "created_at", "practice__title", "practice__slug", "practice__owner__name", "organisation__name"
        )
        .order_by("-created_at", "-pk")
    )


def _own_managed_ids(user) -> frozenset[int]:
    """The organisations ``user`` manages as staff (for an admin too: their own, not every one)."""
    managed = _managed_ids(user)
    if managed is None:
        return staff_organisation_ids(user)
    return managed


def organisation_practices(user) -> QuerySet[Practice]:
    """Practices of my organisations: every status where I am staff, published ones where a member."""
    member_of = Membership.objects.filter(user=user).values("organisation_id")
    last_comment = PracticeTransition.objects.filter(practice=OuterRef("pk")).exclude(comment="")
    return (
        _with_owner(Practice.objects.all())
        .filter(
            Q(owner_id__in=_own_managed_ids(user))
            | Q(owner_id__in=member_of, status=PracticeStatus.PUBLISHED)
        )
        .annotate(last_comment=Subquery(last_comment.order_by("-created_at", "-pk").values("comment")[:1]))
        .order_by("owner__name", "title")
    )


def interest_dashboard_practices(user) -> QuerySet[Practice]:
    """Practices of the organisations ``user`` manages that someone wants to adopt or has adopted.

    Latest request first; their interests and adoptions come prefetched (two queries, any size).
    """
    managed = _managed_ids(user)
    practices = Practice.objects.all() if managed is None else Practice.objects.filter(owner_id__in=managed)
    interests = AdoptionInterest.objects.filter(practice=OuterRef("pk"))
    adopted = Exists(Adoption.objects.filter(practice=OuterRef("pk")))
    latest = Subquery(interests.order_by("-created_at").values("created_at")[:1])
    return (
        practices.filter(Exists(interests) | adopted)
        .select_related("owner")
        .annotate(latest_interest=latest)
        .order_by(F("latest_interest").desc(nulls_last=True), "title", "pk")
        .prefetch_related(
            Prefetch(
                "interests",
                queryset=AdoptionInterest.objects.select_related("user", "organisation").order_by(
                    "-created_at"
                ),
            ),
            Prefetch("adoptions", queryset=Adoption.objects.select_related("organisation", "reported_by")),
        )
    )


def may_see_interest_dashboard(user) -> bool:
    managed = _managed_ids(user)
    return managed is None or bool(managed)


def organisations_of(user, *, exclude: Organisation | None = None) -> QuerySet[Organisation]:
    """The active organisations ``user`` belongs to (staff or member), for interest and adoption forms."""
    organisations = Organisation.objects.filter(memberships__user=user, is_active=True).order_by("name")
    return organisations.exclude(pk=exclude.pk) if exclude is not None else organisations


def managed_organisations(user) -> QuerySet[Organisation]:
    """Active organisations ``user`` may submit practices for (their own and beneath; all for admins)."""
    managed = _managed_ids(user)
    organisations = Organisation.objects.filter(is_active=True).order_by("name")
    return organisations if managed is None else organisations.filter(pk__in=managed)


def may_create_practices(user) -> bool:
    if is_platform_admin(user):
        return True
    return managed_organisations(user).exists()


def practice_actions(user, practice: Practice) -> dict:
    """What the practice page offers ``user``: bookmark, interest, adoption, edit, curation moves.

    One query for a signed-in person (their bookmark, interest and whether they belong to the owner),
    none for anonymous visitors.
    """
    state = {"signed_in": bool(user and user.is_authenticated), "bookmarked": False, "interested": False}
    if not state["signed_in"]:
        return state
    flags = (
        Practice.objects.filter(pk=practice.pk)
        .values(
            bookmarked=Exists(Bookmark.objects.filter(user=user, practice=OuterRef("pk"))),
            interested=Exists(AdoptionInterest.objects.filter(user=user, practice=OuterRef("pk"))),
            in_owner=Exists(Membership.objects.filter(user=user, organisation=OuterRef("owner"))),
            elsewhere=Exists(Membership.objects.filter(user=user).exclude(organisation=OuterRef("owner"))),
        )
        .first()
    )
    state.update(flags or {})
    # Someone of the owner who also belongs elsewhere may still speak for that other organisation.
    only_owner = state.get("in_owner", False) and not state.get("elsewhere", False)
    state["can_express_interest"] = can_express_interest(user, practice, in_owner=only_owner)
    state["editable"] = practice_editable_by(user, practice)
    state["transitions"] = transitions_available(user, practice)
    return state


# --- The JSON API: the catalogue's own search and filters, with what the API's records show. ---


def _api_shape(practices: QuerySet[Practice]) -> QuerySet[Practice]:
    return practices.select_related("owner", "federation").prefetch_related(
        "audiences",
        "links",
        Prefetch(
            "adoptions", queryset=Adoption.objects.select_related("organisation").order_by("created_at")
        ),
    )


def api_practices(filters: CatalogueFilters) -> QuerySet[Practice]:
    """Published practices as the catalogue finds, filters and orders them."""
    return _api_shape(practices_for_page(practices_matching(filters), filters))


def api_practice(slug: str) -> Practice | None:
    return _api_shape(practices_for_page(published_practices(), CatalogueFilters())).filter(slug=slug).first()
