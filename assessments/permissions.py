"""Who may take, see and follow up assessments. Built on members.permissions."""

from members.enums import OrganisationKind
from members.permissions import can_manage_organisation, is_platform_admin

ANONYMITY_THRESHOLD = 5  # fewer cooperatives than this: counts are shown as "fewer than 5"


def can_take_assessment(user, organisation) -> bool:
    """Taken by a cooperative's staff on behalf of the organisation (and by those who manage it)."""
    return organisation.is_active and can_manage_organisation(user, organisation)


def can_view_assessment(user, assessment) -> bool:
    """Results are the cooperative's own: its staff and those above it (federation staff, admins)."""
    return can_manage_organisation(user, assessment.organisation)


def can_view_needs_dashboard(user, federation) -> bool:
    """The federation's needs dashboard: its staff (and the confederation above, and admins)."""
    if federation.kind not in (OrganisationKind.FEDERATION, OrganisationKind.CONFEDERATION):
        return False
    return can_manage_organisation(user, federation) or is_platform_admin(user)


def can_record_commitment(user, organisation) -> bool:
    return organisation.is_active and can_manage_organisation(user, organisation)
