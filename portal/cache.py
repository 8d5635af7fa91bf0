"""A Redis cache that degrades to no cache while Redis cannot be reached.

Nothing in the portal needs the cache to be right, only to be fast: a page must not answer 500 because
Redis restarted. While Redis is unreachable every operation answers as Django's ``DummyCache`` does (a
miss, nothing stored, ``add`` succeeds) and logs a warning; the next call tries Redis again. Other Redis
errors (a bad command, a full memory) still raise: those are bugs or configuration, not an outage.
"""

import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


class CacheUnreachable(ValueError):  # noqa: N818 - a ValueError, as DummyCache's "not found", to callers that only know that
    """``incr`` could not reach Redis: what DummyCache answers (a ValueError), told apart for those who
    must do the increment later (``portal.cache_versions``)."""


class TolerantRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        # Django builds a new redis.Redis for every operation (about 0.1 ms, a tenth of a page served from
        # the cache); one per connection pool does the same, as redis.Redis is safe to share.
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def _or(self, fallback, operation, *args):
        try:
            return operation(*args)
        except UNREACHABLE as error:
            logger.warning("cache unreachable (%s: %s): answering as no cache", operation.__name__, error)
            return fallback

    def add(self, key, value, timeout):
        return self._or(True, super().add, key, value, timeout)

    def get(self, key, default):
        return self._or(default, super().get, key, default)

    def set(self, key, value, timeout):
        return self._or(None, super().set, key, value, timeout)

    def touch(self, key, timeout):
        return self._or(False, super().touch, key, timeout)

    def delete(self, key):
        return self._or(False, super().delete, key)

    def get_many(self, keys):
        return self._or({}, super().get_many, keys)

    def has_key(self, key):
        return self._or(False, super().has_key, key)

    def incr(self, key, delta):
        try:
            return super().incr(key, delta)
        except UNREACHABLE as error:
            logger.warning("cache unreachable (incr: %s): answering as no cache", error)
            raise CacheUnreachable(f"Key {key!r} not found.") from error  # what DummyCache answers

    def set_many(self, data, timeout):
        return self._or(None, super().set_many, data, timeout)

    def delete_many(self, keys):
        return self._or(None, super().delete_many, keys)

    def clear(self):
        return self._or(False, super().clear)


class TolerantRedisCache(RedisCache):
    """Django's Redis cache, answering as no cache (``DummyCache``) while Redis is unreachable."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = TolerantRedisCacheClient
