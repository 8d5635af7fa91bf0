"""Requests to join: a signed-in person asks, the organisation's staff approve or decline, both by e-mail.

``site_url`` (scheme and host) comes from the caller's request, for the links in the e-mails.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from members.enums import JoinRequestStatus, MembershipRole
from members.models import JoinRequest, Membership, Organisation, User
from members.selectors.staff import join_request_staff_recipients
from portal.deferred_tasks import enqueue_on_commit
from portal.mass_mail import send_each_in_their_language


@transaction.atomic
def join_request_create(
    *, user: User, organisation: Organisation, message: str, site_url: str
) -> JoinRequest:
    """``user`` asks to join ``organisation``.

    Raises ``ValidationError`` with code ``already_member`` or ``already_pending`` (the database's
    one-pending constraint backs the check up against a double submit). Side effects: queues an e-mail
    to the organisation's staff after commit.
    """
    if Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError(
            _("You are already a member of %(organisation)s."),
            code="already_member",
            params={"organisation": organisation},
        )
    pending = ValidationError(
        _("You have already asked to join %(organisation)s; its staff will answer soon."),
        code="already_pending",
        params={"organisation": organisation},
    )
    if JoinRequest.objects.filter(
        user=user, organisation=organisation, status=JoinRequestStatus.PENDING
    ).exists():
        raise pending
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(user=user, organisation=organisation, message=message)
    except IntegrityError:
        raise pending from None
    from members.tasks import send_join_request_to_staff

    enqueue_on_commit(send_join_request_to_staff, join_request_id=join_request.pk, site_url=site_url)
    return join_request


@transaction.atomic
def join_request_decide(*, join_request: JoinRequest, by: User, approve: bool, site_url: str) -> JoinRequest:
    """Approve (the person becomes a member) or decline a pending request.

    Raises ``ValidationError`` (code ``already_decided``) when it is no longer pending, so a second click
    changes nothing. Side effects: locks the request row; on approval creates the membership (an existing
    one is kept as it is); queues an e-mail to the requester after commit.
    """
    join_request = (
        JoinRequest.objects.select_for_update().select_related("organisation").get(pk=join_request.pk)
    )
    if join_request.status != JoinRequestStatus.PENDING:
        raise ValidationError(
            _("This request has already been answered (%(status)s)."),
            code="already_decided",
            params={"status": join_request.get_status_display()},
        )
    join_request.status = JoinRequestStatus.APPROVED if approve else JoinRequestStatus.DECLINED
    join_request.decided_by = by
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    if approve:
        Membership.objects.get_or_create(
            user_id=join_request.user_id,
            organisation=join_request.organisation,
            defaults={"role": MembershipRole.MEMBER},
        )
    from members.tasks import send_join_request_decision

    enqueue_on_commit(send_join_request_decision, join_request_id=join_request.pk, site_url=site_url)
    return join_request


def join_request_notify_staff(*, join_request: JoinRequest, site_url: str) -> int:
    """E-mail the staff who decide (the organisation's own, else the nearest parent's), each in their own
    language; returns how many."""
    recipients = join_request_staff_recipients(join_request.organisation)
    if not recipients:
        return 0
    organisation = join_request.organisation
    context = {
        "join_request": join_request,
        "organisation": organisation,
        "requester": join_request.user,
        "list_url": site_url.rstrip("/") + reverse("members:join_request_list", args=[organisation.slug]),
    }

    def render() -> tuple[str, str]:
        subject = _("%(person)s asks to join %(organisation)s") % {
            "person": join_request.user,
            "organisation": organisation,
        }
        return subject, render_to_string("members/email/join_request_new.txt", context)

    return send_each_in_their_language(recipients, render)


def join_request_notify_requester(*, join_request: JoinRequest, site_url: str) -> None:
    """E-mail the requester the decision, in their own language."""
    organisation = join_request.organisation
    context = {
        "join_request": join_request,
        "organisation": organisation,
        "approved": join_request.status == JoinRequestStatus.APPROVED,
        "organisation_url": site_url.rstrip("/") + organisation.get_absolute_url(),
    }
    with translation.override(join_request.user.preferred_language):
        if context["approved"]:
            subject = _("Welcome to %(organisation)s") % {"organisation": organisation}
        else:
            subject = _("Your request to join %(organisation)s") % {"organisation": organisation}
        body = render_to_string("members/email/join_request_decided.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [join_request.user.email])
