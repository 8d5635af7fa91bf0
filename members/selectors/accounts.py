"""Reads for a person's own account: their memberships, requests, and everything held about them.

``user_data_export`` is a registry: each entry of ``EXPORTERS`` takes the user and returns a dict of
sections (``{"registrations": [...]}``) that must be JSON-serialisable with ``DjangoJSONEncoder``
(datetimes, dates, decimals and UUIDs are fine). Apps higher up register theirs in ``AppConfig.ready``,
so ``members`` never imports them::

    from members.selectors.accounts import EXPORTERS

    def registrations_export(user) -> dict:
        return {"session_registrations": list(Registration.objects.filter(user=user).values(...))}

    EXPORTERS.append(registrations_export)

Export only what describes the person, never other people's personal data (who invited them, who
decided their request) nor secrets (invitation tokens, password hashes).
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from members.enums import JoinRequestStatus
from members.models import Invitation, JoinRequest, Membership, User


def memberships_of(user: User) -> QuerySet[Membership]:
    """The person's memberships with their organisations, for the account page: one query."""
    return Membership.objects.filter(user=user).select_related("organisation").order_by("organisation__name")


def pending_join_requests_of(user: User) -> QuerySet[JoinRequest]:
    return (
        JoinRequest.objects.filter(user=user, status=JoinRequestStatus.PENDING)
        .select_related("organisation")
        .order_by("-created_at")
    )


def _profile(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "country": user.country.code if user.country else "",
        "preferred_language": user.preferred_language,
        "time_zone": user.time_zone,
        "notify_session_reminders": user.notify_session_reminders,
        "notify_session_summaries": user.notify_session_summaries,
        "practice_digest": user.practice_digest,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_active": user.is_active,
    }


def invitations_addressed_to(user: User) -> QuerySet[Invitation]:
    """Invitations to the person's login address or any of their other addresses, in any state."""
    from allauth.account.models import EmailAddress

    emails = {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    query = Q(pk__in=[])
    for email in emails:
        query |= Q(email__iexact=email)
    return Invitation.objects.filter(query)


def _email_addresses(user: User) -> list[dict[str, Any]]:
    from allauth.account.models import EmailAddress

    return list(
        EmailAddress.objects.filter(user=user).order_by("email").values("email", "primary", "verified")
    )


def _invitations(user: User) -> list[dict[str, Any]]:
    invitations = invitations_addressed_to(user).select_related("organisation").order_by("created_at")
    return [
        {
            "email": invitation.email,
            "organisation": invitation.organisation.name,
            "role": invitation.role,
            "status": str(invitation.status),
            "created_at": invitation.created_at,
            "expires_at": invitation.expires_at,
            "sent_count": invitation.sent_count,
            "last_sent_at": invitation.last_sent_at,
            "accepted_at": invitation.accepted_at,
            "revoked_at": invitation.revoked_at,
        }
        for invitation in invitations
    ]


def members_export(user: User) -> dict[str, Any]:
    """What ``members`` holds: the profile, e-mail addresses, memberships, invitations, join requests."""
    return {
        "profile": _profile(user),
        "email_addresses": _email_addresses(user),
        "memberships": [
            {"organisation": m.organisation.name, "role": m.role, "since": m.created_at}
            for m in memberships_of(user)
        ],
        "invitations": _invitations(user),
        "join_requests": [
            {
                "organisation": r.organisation.name,
                "message": r.message,
                "status": r.status,
                "created_at": r.created_at,
                "decided_at": r.decided_at,
            }
            for r in JoinRequest.objects.filter(user=user)
            .select_related("organisation")
            .order_by("created_at")
        ],
    }


EXPORTERS: list[Callable[[User], dict[str, Any]]] = [members_export]


def user_data_export(user: User) -> dict[str, Any]:
    """Everything the portal holds about ``user``: the sections of every registered exporter."""
    data: dict[str, Any] = {"exported_at": timezone.now()}
    for exporter in EXPORTERS:
        data.update(exporter(user))
    return data
