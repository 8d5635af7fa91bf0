import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_reports_every_part_ok(client):
    response = client.get(reverse("healthz"))

    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["worker"] == {"seen": False}


@pytest.mark.django_db
def test_healthz_is_503_when_the_cache_is_unreachable(client, settings):
    # Port 9 on loopback: nothing listens there, so the connection is refused at once.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["cache"]["ok"] is False
    assert response.json()["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_healthz_shows_the_last_worker_heartbeat(client):
    from portal.tasks import heartbeat

    heartbeat.delay(worker="worker-a")

    worker = client.get(reverse("healthz")).json()["worker"]

    assert worker["seen"] is True
    assert worker["worker"] == "worker-a"
    assert worker["recent"] is True


def test_healthz_refuses_post(client):
    assert client.post(reverse("healthz")).status_code == 405
