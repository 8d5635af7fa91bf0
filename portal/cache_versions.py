"""A version number in the cache that keys a family of cached answers: bumping it forgets them all."""

from django.core.cache import cache
from django.db import transaction


class CacheVersion:
    def __init__(self, key: str):
        self.key = key

    def current(self) -> int:
        version = cache.get(self.key)
        if version is None:
            version = 1
            cache.add(self.key, version, None)
        return version

    def bump_on_commit(self) -> None:
        """Forget every answer keyed by this version, once the current transaction has committed."""
        transaction.on_commit(self.bump)

    def bump(self) -> None:
        try:
            cache.incr(self.key)
        except ValueError:  # not there (evicted, or a fresh cache): any new value differs from the old keys
            cache.set(self.key, self.current() + 1, None)
