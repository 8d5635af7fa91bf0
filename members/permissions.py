"""Who may do what: the only place that decides. Every staff view in every app asks these predicates.

Rules:
- platform admins (superusers) may do everything;
- staff of an organisation manage it, and everything beneath it: federation staff manage their member
  cooperatives, confederation staff their member federations (and their cooperatives);
- members (anyone with a membership in an active organisation) see members-only content;
- anonymous visitors see public pages only.
"""

from collections.abc import Iterable

from members.enums import MembershipRole
from members.models import Membership, Organisation

# How far down "manages everything beneath it" reaches: confederation -> federation -> cooperative.
MAX_DEPTH = 3
_STAFF_CACHE = "_members_staff_org_ids"
_MEMBER_CACHE = "_members_is_member"


def is_platform_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def staff_organisation_ids(user) -> frozenset[int]:
    """Ids of the organisations where the user is staff; one query per request, then cached on the user."""
    if not (user and user.is_authenticated):
        return frozenset()
    if not hasattr(user, _STAFF_CACHE):
        ids = Membership.objects.filter(user=user, role=MembershipRole.STAFF).values_list(
            "organisation_id", flat=True
        )
        setattr(user, _STAFF_CACHE, frozenset(ids))
    return getattr(user, _STAFF_CACHE)


def managed_organisation_ids(user) -> frozenset[int] | None:
    """Every organisation the user manages (their own and beneath); None means all (admin)."""
    if is_platform_admin(user):
        return None
    ids = set(staff_organisation_ids(user))
    frontier = set(ids)
    for _ in range(MAX_DEPTH - 1):
        if not frontier:
            break
        frontier = set(Organisation.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - ids
        ids |= frontier
    return frozenset(ids)


def _ancestor_ids(organisation: Organisation) -> list[int]:
    """The organisation and its parents, up to MAX_DEPTH levels, without extra queries past the ids."""
    ids = [organisation.pk]
    parent_id = organisation.parent_id
    node = organisation
    for _ in range(MAX_DEPTH - 1):
        if parent_id is None:
            break
        ids.append(parent_id)
        node = node.parent
        parent_id = node.parent_id
    return ids


def can_manage_organisation(user, organisation: Organisation) -> bool:
    if is_platform_admin(user):
        return True
    staff_ids = staff_organisation_ids(user)
    return bool(staff_ids) and any(pk in staff_ids for pk in _ancestor_ids(organisation))


def can_manage_any(user, organisations: Iterable[Organisation]) -> bool:
    """For things organised or co-hosted by several organisations (a programme): staff of any of them."""
    return any(can_manage_organisation(user, organisation) for organisation in organisations)


def is_member(user) -> bool:
    """Members-only content: a signed-in person with a membership in an active organisation."""
    if not (user and user.is_authenticated):
        return False
    if is_platform_admin(user):
        return True
    if not hasattr(user, _MEMBER_CACHE):
        setattr(
            user,
            _MEMBER_CACHE,
            Membership.objects.filter(user=user, organisation__is_active=True).exists(),
        )
    return getattr(user, _MEMBER_CACHE)


def answer_membership_predicates(user) -> None:
    """Answer ``is_member`` and ``staff_organisation_ids`` for the person from one query of their
    memberships (each predicate makes its own otherwise), cached on ``user`` where those predicates look
    first. For lists that ask both about a person who is not the one signed in (a calendar feed).
    tests/sessions_app/test_calendar_privacy.py checks the answers against the predicates' own."""
    if not (user and user.is_authenticated):
        return
    rows = list(
        Membership.objects.filter(user=user).values_list("organisation_id", "role", "organisation__is_active")
    )
    setattr(user, _MEMBER_CACHE, any(active for _organisation, _role, active in rows))
    staff = frozenset(organisation for organisation, role, _active in rows if role == MembershipRole.STAFF)
    setattr(user, _STAFF_CACHE, staff)


def can_see_contact_details(user) -> bool:
    """People's e-mail addresses and contact persons: members only (an account alone is not enough)."""
    return is_member(user)


def can_invite_to(user, organisation: Organisation) -> bool:
    return organisation.is_active and can_manage_organisation(user, organisation)


def can_decide_join_request(user, join_request) -> bool:
    return can_manage_organisation(user, join_request.organisation)


def can_request_to_join(user, organisation: Organisation) -> bool:
    return bool(user and user.is_authenticated) and organisation.is_active


def should_use_two_factor(user, memberships: Iterable[Membership]) -> bool:
    """Staff and admins see other people's data: a stolen password must not be enough. ``memberships``
    are the person's own, already loaded by the page."""
    return is_platform_admin(user) or any(row.role == MembershipRole.STAFF for row in memberships)
