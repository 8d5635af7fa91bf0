"""Check-in e-mails sent by a real Celery worker through Redis, on PostgreSQL: one per check-in.

The sweep runs in the test process (as beat would enqueue it) so its fan-out lands on the worker's
private queue; the worker writes one .eml file per e-mail into its outbox.
"""

from collections import Counter
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assessments.models import CheckIn
from assessments.services import checkins
from assessments.tasks import send_checkin
from portal.models import WorkerHeartbeat
from portal.tasks import heartbeat
from sessions_app.enums import DeliveryState
from tests.assessments.test_commitments import commit

pytestmark = [pytest.mark.redis_worker, pytest.mark.postgres]
PEOPLE = 5


def emails(outbox) -> list:
    if not outbox.exists():
        return []
    return [message_from_bytes(path.read_bytes(), policy=policy.default) for path in outbox.glob("*.eml")]


@transaction.atomic
def due_commitments(count: int) -> list:
    made = [commit() for _ in range(count)]
    CheckIn.objects.filter(months=3).update(due_at=timezone.now() - timedelta(minutes=1))
    return made


def test_each_due_checkin_reaches_the_outbox_exactly_once(celery_worker_process):
    worker = celery_worker_process
    made = due_commitments(PEOPLE)

    claimed = checkins.checkins_sweep()
    again = checkins.checkins_sweep()  # beat firing twice: nothing left to claim
    first = CheckIn.objects.filter(months=3).order_by("pk").first()
    send_checkin.delay(checkin_id=first.pk, attempt=first.attempts)  # a redelivered message
    heartbeat.delay(worker="after-the-duplicate")  # a solo worker runs in order: last one in
    drained = worker.wait_for(WorkerHeartbeat.objects.filter(worker="after-the-duplicate").exists)

    assert (claimed, again) == (PEOPLE, 0)
    assert drained, worker.log.read_text()
    messages = emails(worker.outbox)
    per_person = Counter(message["To"] for message in messages)
    assert sorted(per_person) == sorted(commitment.created_by.email for commitment in made)
    assert set(per_person.values()) == {1}
    tokens = {row.token for row in CheckIn.objects.filter(months=3)}
    bodies = " ".join(message.get_content() for message in messages)
    assert all(reverse("assessments:checkin_answer", args=[token]) in bodies for token in tokens)
    assert CheckIn.objects.filter(months=3).exclude(state=DeliveryState.SENT).count() == 0
    assert CheckIn.objects.filter(months=6, state=DeliveryState.PENDING).count() == PEOPLE
