"""Reads for the staff pages (invitations, requests to join) and the organisation page's action buttons."""

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from members.enums import JoinRequestStatus, MembershipRole
from members.models import Invitation, JoinRequest, Membership, Organisation
from members.permissions import MAX_DEPTH, can_invite_to, can_manage_organisation

RECENT_DECISIONS = 20


def organisation_for_staff(slug: str) -> Organisation:
    """An active organisation with the parents the permission predicates walk, or 404."""
    return get_object_or_404(Organisation.objects.select_related("parent__parent"), slug=slug, is_active=True)


def invitations_for(organisation: Organisation) -> QuerySet[Invitation]:
    return Invitation.objects.filter(organisation=organisation).select_related("invited_by", "accepted_by")


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation whose current token is ``token`` (an unsigned one), or None once it was replaced."""
    return (
        Invitation.objects.select_related("organisation", "invited_by", "accepted_by")
        .filter(token=token)
        .first()
    )


def join_requests_pending(organisation: Organisation) -> QuerySet[JoinRequest]:
    return (
        JoinRequest.objects.filter(organisation=organisation, status=JoinRequestStatus.PENDING)
        .select_related("user")
        .order_by("created_at")
    )


def join_requests_decided(organisation: Organisation) -> QuerySet[JoinRequest]:
    """The most recent answered (or withdrawn) requests, newest first."""
    return (
        JoinRequest.objects.filter(organisation=organisation)
        .exclude(status=JoinRequestStatus.PENDING)
        .select_related("user", "decided_by")
        .order_by("-decided_at", "-created_at")[:RECENT_DECISIONS]
    )


def join_request_for(organisation: Organisation, pk: int) -> JoinRequest:
    return get_object_or_404(JoinRequest.objects.select_related("user"), pk=pk, organisation=organisation)


def join_request_staff_recipients(organisation: Organisation) -> list[tuple[str, str]]:
    """(e-mail address, preferred language) of the staff who decide: the organisation's own, else the
    nearest parent's."""
    chain: list[int] = []
    node = organisation
    while node is not None and len(chain) < MAX_DEPTH:
        chain.append(node.pk)
        node = node.parent
    rows = Membership.objects.filter(
        organisation_id__in=chain, role=MembershipRole.STAFF, user__is_active=True
    ).values_list("organisation_id", "user__email", "user__preferred_language")
    by_level: dict[int, list[tuple[str, str]]] = {}
    for organisation_id, email, language in rows:
        by_level.setdefault(organisation_id, []).append((email, language))
    return next((sorted(by_level[pk]) for pk in chain if pk in by_level), [])


def organisation_actions(user, organisation: Organisation) -> dict:
    """What the organisation page offers this person: join, a pending note, or the staff links.

    At most one query beyond the (per-request cached) staff lookup, none for anonymous visitors.
    """
    state = {
        "signed_in": bool(user and user.is_authenticated),
        "can_invite": can_invite_to(user, organisation),
        "can_manage": can_manage_organisation(user, organisation),
        "is_member": False,
        "has_pending_request": False,
        "pending_count": 0,
    }
    if not state["signed_in"]:
        return state
    pending = JoinRequest.objects.filter(organisation=OuterRef("pk"), status=JoinRequestStatus.PENDING)
    expressions = {
        "is_member": Exists(Membership.objects.filter(user=user, organisation=OuterRef("pk"))),
        "has_pending_request": Exists(pending.filter(user=user)),
    }
    if state["can_manage"]:
        counted = pending.order_by().values("organisation").annotate(n=Count("pk")).values("n")
        expressions["pending_count"] = Subquery(counted)
    row = Organisation.objects.filter(pk=organisation.pk).values(**expressions).first() or {}
    state.update({key: value for key, value in row.items() if value is not None})
    return state
