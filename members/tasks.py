from celery import shared_task

from members.enums import JoinRequestStatus
from members.models import Invitation, JoinRequest
from members.services import invitations, join_requests


@shared_task(name="members.send_invitation_email")
def send_invitation_email(*, invitation_id: int, send_number: int, site_url: str) -> None:
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by").filter(pk=invitation_id).first()
    )
    if invitation is None:
        return
    invitations.invitation_send(invitation=invitation, send_number=send_number, site_url=site_url)


@shared_task(name="members.send_join_request_to_staff")
def send_join_request_to_staff(*, join_request_id: int, site_url: str) -> None:
    join_request = (
        JoinRequest.objects.select_related("user", "organisation__parent__parent")
        .filter(pk=join_request_id, status=JoinRequestStatus.PENDING)
        .first()
    )
    if join_request is None:
        return
    join_requests.join_request_notify_staff(join_request=join_request, site_url=site_url)


@shared_task(name="members.send_join_request_decision")
def send_join_request_decision(*, join_request_id: int, site_url: str) -> None:
    join_request = (
        JoinRequest.objects.select_related("user", "organisation")
        .filter(pk=join_request_id, status__in=[JoinRequestStatus.APPROVED, JoinRequestStatus.DECLINED])
        .first()
    )
    if join_request is None:
        return
    join_requests.join_request_notify_requester(join_request=join_request, site_url=site_url)
