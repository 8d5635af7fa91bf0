import pytest
from django.utils import timezone

from portal.models import WorkerHeartbeat
from portal.tasks import heartbeat


@pytest.mark.django_db
def test_heartbeat_twice_keeps_one_row_and_counts_beats():
    heartbeat.delay(worker="w1")
    first_seen = WorkerHeartbeat.objects.get(worker="w1").last_seen
    heartbeat.delay(worker="w1")

    beat = WorkerHeartbeat.objects.get(worker="w1")
    assert WorkerHeartbeat.objects.count() == 1
    assert beat.beats == 2
    assert first_seen <= beat.last_seen <= timezone.now()


@pytest.mark.django_db  # Celery's Django fixup runs the system checks, which ask SQLite about JSON support
def test_every_scheduled_task_is_registered():
    from django.conf import settings

    from portal.celery import app

    app.loader.import_default_modules()
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert names
    assert names <= set(app.tasks)
