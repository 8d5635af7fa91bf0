"""Every write to members' data goes through here."""

from django.db import transaction

from members.models import Organisation, User


@transaction.atomic
def organisation_ensure(*, slug: str, **fields) -> Organisation:
    """Create the organisation with ``slug`` or bring its fields up to date; idempotent."""
    organisation, _ = Organisation.objects.update_or_create(slug=slug, defaults=fields)
    return organisation


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
