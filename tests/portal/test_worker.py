"""The whole chain with real parts: a task enqueued through Redis, run by a real Celery worker process."""

import pytest

from portal.models import WorkerHeartbeat
from portal.tasks import heartbeat

pytestmark = pytest.mark.redis_worker


def test_task_sent_through_redis_is_run_by_a_real_worker(celery_worker_process):
    heartbeat.apply_async(kwargs={"worker": "through-redis"}, queue=celery_worker_process.queue)

    ran = celery_worker_process.wait_for(WorkerHeartbeat.objects.filter(worker="through-redis").exists)

    assert ran, celery_worker_process.log.read_text()
    assert WorkerHeartbeat.objects.get(worker="through-redis").beats == 1


def test_task_without_a_queue_is_run_by_the_workers_queue(celery_worker_process):
    heartbeat.delay(worker="default-queue")

    ran = celery_worker_process.wait_for(WorkerHeartbeat.objects.filter(worker="default-queue").exists)

    assert ran, celery_worker_process.log.read_text()
