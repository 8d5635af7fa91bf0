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

from portal.cache import CacheUnreachable
from portal.cache_versions import CacheVersion
from portal.models import DeferredTask
from portal.tasks import deferred_tasks_sweep
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


def test_a_change_made_while_redis_is_down_still_forgets_the_cached_pages_once_it_is_back(
    db, settings, broker, django_capture_on_commit_callbacks
):
    """Redis (cache and broker) unreachable during a write: the version bump that makes readers forget
    the pages they had is kept as a row, and made once Redis answers again, so nobody reads the old
    page for the hour it would otherwise be kept."""
    reachable = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "back"}}
    settings.CACHES = reachable
    version = CacheVersion("pages:test-outage")
    before = version.current()
    version.store("page", before, "old page", 3600)

    settings.CACHES = tolerant(STOPPED)  # Redis goes away...
    with broker.down(), django_capture_on_commit_callbacks(execute=True):
        version.changed()  # ...as a write commits
    settings.CACHES = reachable  # Redis is back, with what it kept
    owed = list(DeferredTask.objects.values_list("task", flat=True))
    stale = version.read("page")
    deferred_tasks_sweep()

    assert owed == ["portal.cache_version_bump"]
    assert stale == (before, "old page")  # until the owed bump is made
    assert not DeferredTask.objects.exists()
    assert version.current() != before
    assert version.read("page")[1] is None


def test_the_owed_bump_waits_while_redis_is_still_down(settings):
    settings.CACHES = tolerant(STOPPED)

    with pytest.raises(CacheUnreachable):
        CacheVersion("pages:test-outage").bump(later_if_unreachable=False)  # the task retries then
