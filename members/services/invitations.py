"""Invitations: staff invite a person by e-mail; the person follows a signed, expiring, single-use link.

``site_url`` (scheme and host, e.g. ``https://portal.example.org``) is passed in by the caller, which has
the request; the e-mail task builds the link from it and the invitation's *current* token, so a queued
e-mail never carries a link that a later re-send has already killed.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.enums import InvitationStatus, JoinRequestStatus, MembershipRole
from members.models import Invitation, JoinRequest, Membership, Organisation, User
from portal.deferred_tasks import enqueue_on_commit

INVITATION_VALID_FOR = timedelta(days=14)
SIGNING_SALT = "members.invitation"


def invitation_signed_token(*, invitation: Invitation) -> str:
    """The token as it appears in the link: signed, so a tampered link fails before any lookup."""
    return signing.TimestampSigner(salt=SIGNING_SALT).sign(invitation.token)


def invitation_unsign_token(signed: str) -> str:
    """The raw token inside a link; raises ``signing.BadSignature`` for a tampered or made-up one."""
    return signing.TimestampSigner(salt=SIGNING_SALT).unsign(signed)


def invitation_accept_url(*, invitation: Invitation, site_url: str) -> str:
    path = reverse("members:invitation_accept", args=[invitation_signed_token(invitation=invitation)])
    return site_url.rstrip("/") + path


def _refused(status: str) -> ValidationError:
    messages = {
        InvitationStatus.ACCEPTED: _("This invitation has already been used."),
        InvitationStatus.REVOKED: _("This invitation has been withdrawn."),
        InvitationStatus.EXPIRED: _("This invitation has expired."),
    }
    return ValidationError(messages[status], code=status)


def _queue_email(invitation: Invitation, *, site_url: str) -> None:
    """Fresh token and expiry, one more send, e-mail queued after commit. Caller holds the transaction."""
    from members.tasks import send_invitation_email

    invitation.token = secrets.token_urlsafe(32)
    invitation.expires_at = timezone.now() + INVITATION_VALID_FOR
    invitation.sent_count += 1
    # last_sent_at is cleared while queued: the task claims the send by setting it (see invitation_send).
    invitation.last_sent_at = None
    invitation.save()
    sent = invitation.sent_count
    enqueue_on_commit(send_invitation_email, invitation_id=invitation.pk, send_number=sent, site_url=site_url)


@transaction.atomic
def invitation_create(
    *, organisation: Organisation, email: str, role: str, invited_by: User, site_url: str
) -> Invitation:
    """Invite ``email`` to ``organisation`` with ``role``.

    An open (not accepted, not revoked) invitation for the same address and organisation is re-sent,
    with the new role, instead of duplicated. Raises ``ValidationError`` (code ``already_member``) when
    the address belongs to a member. Side effects: locks the organisation row (two staff inviting the
    same person at once make one invitation); queues the invitation e-mail after commit.
    """
    email = User.objects.normalize_email(email).lower()
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError(
            _("%(email)s is already a member of %(organisation)s."),
            code="already_member",
            params={"email": email, "organisation": organisation},
        )
    invitation = (
        Invitation.objects.select_for_update()
        .filter(organisation=organisation, email__iexact=email, accepted_at=None, revoked_at=None)
        .order_by("-created_at")
        .first()
    )
    if invitation is None:
        invitation = Invitation(organisation=organisation, email=email)
    invitation.role = role
    invitation.invited_by = invited_by
    _queue_email(invitation, site_url=site_url)
    return invitation


def _locked(invitation: Invitation) -> Invitation:
    return Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by: User, site_url: str) -> Invitation:
    """Send the invitation again with a new token (old links stop working) and a new expiry.

    Refused with ``ValidationError`` (code ``accepted`` or ``revoked``) once the invitation is closed.
    Side effects: locks the invitation row; queues the e-mail after commit.
    """
    invitation = _locked(invitation)
    if invitation.status in {InvitationStatus.ACCEPTED, InvitationStatus.REVOKED}:
        raise _refused(invitation.status)
    _queue_email(invitation, site_url=site_url)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    """Withdraw an invitation so its link stops working; revoking twice changes nothing.

    Refused with ``ValidationError`` (code ``accepted``) once it has been used. Side effects: locks the row.
    """
    invitation = _locked(invitation)
    if invitation.accepted_at:
        raise _refused(InvitationStatus.ACCEPTED)
    if not invitation.revoked_at:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """``user`` joins the invitation's organisation with the invited role.

    Accepting again as the same person returns the same membership. An expired, revoked or already
    used invitation raises ``ValidationError`` whose code is that status. An existing membership is
    raised to staff when invited as staff, never lowered. Side effects: locks the invitation row;
    closes the person's pending request to join the same organisation (approved).
    """
    invitation = _locked(invitation)
    organisation = invitation.organisation
    if invitation.accepted_at:
        membership = Membership.objects.filter(user=user, organisation=organisation).first()
        if invitation.accepted_by_id == user.pk and membership is not None:
            return membership
        raise _refused(InvitationStatus.ACCEPTED)
    if invitation.status != InvitationStatus.PENDING:
        raise _refused(invitation.status)
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": invitation.role}
    )
    if not created and invitation.role == MembershipRole.STAFF and membership.role != MembershipRole.STAFF:
        membership.role = MembershipRole.STAFF
        membership.save(update_fields=["role", "updated_at"])
    now = timezone.now()
    invitation.accepted_at = now
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    JoinRequest.objects.filter(user=user, organisation=organisation, status=JoinRequestStatus.PENDING).update(
        status=JoinRequestStatus.APPROVED, decided_at=now, updated_at=now
    )
    return membership


@transaction.atomic
def invitation_send(*, invitation: Invitation, send_number: int, site_url: str) -> bool:
    """E-mail the invitation link, at most once per send number; returns whether it was sent.

    Claims the send with a conditional update (``last_sent_at`` from empty to now), so a second run of
    the same task, a send superseded by a later re-send, or a closed invitation sends nothing. If the
    mail server fails the claim rolls back with the transaction, and the task may be retried.
    """
    claimed = Invitation.objects.filter(
        pk=invitation.pk,
        sent_count=send_number,
        last_sent_at=None,
        accepted_at=None,
        revoked_at=None,
        expires_at__gt=timezone.now(),
    ).update(last_sent_at=timezone.now())
    if not claimed:
        return False
    invitation.refresh_from_db()
    context = {
        "invitation": invitation,
        "organisation": invitation.organisation,
        "inviter": invitation.invited_by,
        "accept_url": invitation_accept_url(invitation=invitation, site_url=site_url),
    }
    subject = _("Invitation to join %(organisation)s") % {"organisation": invitation.organisation}
    body = render_to_string("members/email/invitation.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    return True
