"""Redis, as the cache, stopped: every page still answers, as if there were no cache (portal/cache.py).

"Stopped" is a Redis URL on loopback port 9, where nothing listens, so each connection is refused at
once. Runs on SQLite and on PostgreSQL; the last test needs a real Redis (REDIS_URL).
"""

import logging
import uuid

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import caches
from django.urls import reverse

from tests.factories.members import UserFactory

STOPPED = "redis://127.0.0.1:9/0"


def tolerant(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "portal.cache.TolerantRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": uuid.uuid4().hex,
        }
    }


@pytest.fixture
def cache_down(settings):
    settings.CACHES = tolerant(STOPPED)
    return caches["default"]


def test_an_unreachable_cache_answers_as_no_cache(cache_down, caplog):
    cache = cache_down

    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        cache.set("key", "value")
        answers = {
            "get": cache.get("key"),
            "get with default": cache.get("key", "default"),
            "add": cache.add("key", "value"),
            "get_or_set": cache.get_or_set("key", "computed"),
            "get_many": cache.get_many(["key", "other"]),
            "has_key": cache.has_key("key"),
            "touch": cache.touch("key"),
            "delete": cache.delete("key"),
            "set_many": cache.set_many({"key": 1, "other": 2}),
        }
        cache.delete_many(["key", "other"])
        cache.clear()
        with pytest.raises(ValueError, match="not found"):
            cache.incr("counter")

    assert answers == {
        "get": None,
        "get with default": "default",
        "add": True,
        "get_or_set": "computed",
        "get_many": {},
        "has_key": False,
        "touch": False,
        "delete": False,
        "set_many": [],
    }
    assert caplog.records
    assert all("cache unreachable" in record.getMessage() for record in caplog.records)


def test_signing_in_works_while_the_cache_is_down(client, db, cache_down, settings):
    # allauth keeps its rate-limit counters in the cache.
    settings.ACCOUNT_RATE_LIMITS = {"login": "30/m/ip", "login_failed": "10/m/ip,5/5m/key"}
    person = UserFactory(email="ana@example.org")
    EmailAddress.objects.create(user=person, email=person.email, primary=True, verified=True)

    page = client.get(reverse("account_login"))
    response = client.post(
        reverse("account_login"), {"login": person.email, "password": "correct horse battery"}
    )

    assert page.status_code == 200
    assert response.status_code == 302
    assert client.get(reverse("sessions_app:my_sessions")).status_code == 200


def test_healthz_still_reports_the_cache_down(client, db, cache_down):
    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["ok"] is False
    assert response.json()["checks"]["database"]["ok"] is True


def test_a_reachable_redis_is_an_ordinary_cache(settings):
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL (a real Redis)")
    settings.CACHES = tolerant(settings.REDIS_URL)
    cache = caches["default"]

    cache.set("key", "value", timeout=30)
    added = cache.add("key", "other")
    cache.set("counter", 1, timeout=30)

    assert (cache.get("key"), added, cache.incr("counter")) == ("value", False, 2)
    cache.delete_many(["key", "counter"])
