"""Every write to members' data goes through here."""

from django.db import transaction
from django.utils import timezone

from members.enums import MembershipRole
from members.models import Membership, Organisation, User
from portal.page_cache import content_changed


@transaction.atomic
def organisation_ensure(*, slug: str, **fields) -> Organisation:
    """Create the organisation with ``slug`` or bring its fields up to date; idempotent."""
    organisation, _ = Organisation.objects.update_or_create(slug=slug, defaults=fields)
    return organisation


@transaction.atomic
def membership_ensure(*, user: User, organisation: Organisation, role: MembershipRole) -> Membership:
    """Make ``user`` a member of ``organisation`` with ``role`` (updating the role if they already are)."""
    membership, _ = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    return membership


@transaction.atomic
def user_ensure(
    *,
    email: str,
    password: str,
    full_name: str = "",
    is_superuser: bool = False,
    verified: bool = True,
) -> User:
    """Create a user (or leave an existing one as it is) with a verified primary e-mail.

    Side effects: an allauth ``EmailAddress`` row, so the person can sign in when verification
    is mandatory. An existing user's password is not changed.
    """
    from allauth.account.models import EmailAddress

    email = email.lower()
    user = User.objects.filter(email=email).first()
    if user is None:
        create = User.objects.create_superuser if is_superuser else User.objects.create_user
        user = create(email=email, password=password, full_name=full_name)
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"primary": True, "verified": verified}
    )
    return user


@transaction.atomic
def organisation_set_active(*, organisations, active: bool) -> int:
    """Activate or deactivate ``organisations`` (a queryset or iterable); returns how many changed.

    Side effects: none beyond the rows. An inactive organisation leaves the directory and takes no new
    members (see ``members.permissions``); its memberships and history stay.
    """
    ids = [organisation.pk for organisation in organisations]
    changed = (
        Organisation.objects.filter(pk__in=ids)
        .exclude(is_active=active)
        .update(is_active=active, updated_at=timezone.now())
    )
    content_changed()  # an update sends no signals: cached pages list the active federations
    return changed
