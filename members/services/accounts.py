"""Writes a person makes to their own account: the profile, and deleting the account.

Deleting anonymises rather than removes the ``User`` row, so anything that only counts people
(attendance numbers, sign-ups per month) keeps adding up. Other apps hold data about people too; each
registers a deleter in its ``AppConfig.ready``::

    from members.services.accounts import DELETERS

    def registrations_forget(user) -> None:
        Registration.objects.filter(user=user).update(name="", email="")

    DELETERS.append(registrations_forget)

A deleter receives the user before anything is anonymised (``user.email`` is still the real one), runs
inside the same transaction, and must keep no personal data: delete rows that only describe the person,
blank the personal fields of rows that are counted.
"""

from collections.abc import Callable

from django.apps import apps
from django.db import transaction

from members.enums import DigestFrequency
from members.models import JoinRequest, Membership, User
from members.selectors.accounts import invitations_addressed_to

PROFILE_FIELDS = frozenset(
    {
        "full_name",
        "country",
        "preferred_language",
        "time_zone",
        "notify_session_reminders",
        "notify_session_summaries",
        "practice_digest",
    }
)

DELETERS: list[Callable[[User], None]] = []


@transaction.atomic
def profile_update(*, user: User, **fields) -> User:
    """Change the person's own profile fields (only those in ``PROFILE_FIELDS``); no other side effects."""
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise ValueError(f"not profile fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(user, name, value)
    user.save(update_fields=sorted(fields))
    return user


def _forget_members_data(user: User) -> None:
    from allauth.account.models import EmailAddress

    # Every invitation to one of their addresses, whatever its state: each holds the address itself.
    invitations_addressed_to(user).delete()
    JoinRequest.objects.filter(user=user).delete()
    # A membership says who belonged where: gone. Organisations keep their other members.
    Membership.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    if apps.is_installed("allauth.socialaccount"):
        from allauth.socialaccount.models import SocialAccount

        SocialAccount.objects.filter(user=user).delete()


def _anonymise(user: User) -> None:
    user.email = f"deleted-{user.pk}@invalid"
    user.full_name = ""
    user.set_unusable_password()
    user.is_active = user.is_staff = user.is_superuser = False
    user.last_login = None
    user.country = ""
    user.preferred_language = User._meta.get_field("preferred_language").default
    user.time_zone = ""
    user.notify_session_reminders = user.notify_session_summaries = False
    user.practice_digest = DigestFrequency.OFF
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


@transaction.atomic
def user_delete(*, user: User) -> User:
    """Delete a person's account: personal data removed, the anonymous row kept for counts.

    Side effects, in one transaction: every deleter in ``DELETERS`` runs first; then invitations to
    their addresses, their requests to join, their memberships, their allauth e-mail addresses (and
    social accounts, where installed) are deleted; the user row is anonymised (``deleted-<id>@invalid``,
    no name, unusable password, inactive, profile cleared). The unusable password also ends every other
    signed-in session of theirs. Invitations they sent and decisions they made stay, pointing at the
    anonymous row. The caller logs the current session out.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    for deleter in DELETERS:
        deleter(user)
    _forget_members_data(user)
    _anonymise(user)
    return user
