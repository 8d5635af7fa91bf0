"""Who may do what with practices. Built on members.permissions (organisation staff, admins)."""

from members.permissions import can_manage_organisation, can_see_contact_details, is_platform_admin
from practices.enums import PracticeStatus


def is_curator(user) -> bool:
    """Curators review and publish practices: a platform role (the "Curators" group) or an admin."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return is_platform_admin(user) or user.has_perm("practices.curate_practice")


def can_view_practice(user, practice) -> bool:
    """Published practices are public; others only for their owner's staff and curators."""
    return practice.status == PracticeStatus.PUBLISHED or can_edit_practice(user, practice)


def can_edit_practice(user, practice) -> bool:
    return is_curator(user) or can_manage_organisation(user, practice.owner)


def can_submit_practice_for(user, organisation) -> bool:
    """Federation and cooperative staff submit practices for the organisations they manage."""
    return organisation.is_active and can_manage_organisation(user, organisation)


def can_see_practice_contact(user) -> bool:
    """The contact person of a practice: members only (as for people's contact details)."""
    return can_see_contact_details(user)


def can_express_interest(user, practice, *, in_owner: bool) -> bool:
    """Interest and adoption: a published practice, for people outside the organisation that owns it
    (``in_owner``: they belong to it and to no other organisation; its own people know the practice)."""
    signed_in = bool(user and user.is_authenticated)
    return signed_in and practice.status == PracticeStatus.PUBLISHED and not in_owner
