"""An invitation e-mail sent by a real Celery worker through Redis, exactly once per send."""

import re
from email import message_from_bytes, policy

import pytest

from members.enums import MembershipRole
from members.models import Invitation
from members.services.invitations import invitation_create, invitation_unsign_token
from members.tasks import send_invitation_email
from portal.models import WorkerHeartbeat
from portal.tasks import heartbeat
from tests.factories.members import FederationFactory, MembershipFactory

pytestmark = pytest.mark.redis_worker

SITE = "http://portal.example.org"
LINK = re.compile(r"http://portal\.example\.org/invitations/([^/\s]+)/")


def emails_in(outbox) -> list:
    if not outbox.exists():
        return []
    return [message_from_bytes(path.read_bytes(), policy=policy.default) for path in outbox.glob("*.eml")]


def test_invitation_email_is_sent_once_by_the_worker(celery_worker_process):
    worker = celery_worker_process
    federation = FederationFactory(name="Lega Test")
    staff = MembershipFactory(organisation=federation, role=MembershipRole.STAFF).user

    invitation = invitation_create(
        organisation=federation,
        email="ana@example.org",
        role=MembershipRole.MEMBER,
        invited_by=staff,
        site_url=SITE,
    )
    sent = worker.wait_for(lambda: len(emails_in(worker.outbox)) >= 1)
    send_invitation_email.delay(invitation_id=invitation.pk, send_number=1, site_url=SITE)
    # The solo worker runs its queue in order: once this heartbeat is recorded, the second send has run.
    heartbeat.delay(worker="after-the-second-send")
    drained = worker.wait_for(WorkerHeartbeat.objects.filter(worker="after-the-second-send").exists)

    assert sent, worker.log.read_text()
    assert drained, worker.log.read_text()
    (email,) = emails_in(worker.outbox)
    invitation.refresh_from_db()
    assert email["To"] == "ana@example.org"
    assert email["Subject"] == "Invitation to join Lega Test"
    link = LINK.search(email.get_body().get_content())
    assert link, email.get_body().get_content()
    assert invitation_unsign_token(link.group(1)) == invitation.token
    assert invitation.sent_count == 1
    assert invitation.last_sent_at is not None
    assert Invitation.objects.count() == 1
