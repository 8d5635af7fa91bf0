"""A version number that keys a family of cached answers: bumping it forgets them all at once.

An answer is stored with the version it was computed at, under a key of its own: reading it and the
current version is one round trip to the cache, an answer of an older version is computed again (and
overwrites the old one, so forgotten answers do not pile up). The version is bumped after the commit of
a write, by the services that write or by model signals (``watch``), so a change shows at once.
"""

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

from portal.cache import CacheUnreachable


class CacheVersion:
    def __init__(self, key: str):
        self.key = key

    def current(self) -> int:
        version = cache.get(self.key)
        if version is None:
            version = 1
            cache.add(self.key, version, None)
        return version

    def changed(self, **_signal) -> None:
        """Forget every answer of this family once the current transaction has committed (a signal
        receiver too)."""
        transaction.on_commit(self.bump)

    def bump(self, *, later_if_unreachable: bool = True) -> None:
        """A new version. While Redis cannot be reached the bump is owed, not dropped: answers of the old
        version kept in Redis would be read again once it is back, for up to their timeout. So it is
        made later by a task (``portal.cache_version_bump``, kept as a row while the broker is down
        too, and retried while the cache is); with ``later_if_unreachable=False`` (that task) it raises
        ``CacheUnreachable``."""
        try:
            cache.incr(self.key)
        except CacheUnreachable:
            if not later_if_unreachable:
                raise
            from portal.deferred_tasks import enqueue_on_commit
            from portal.tasks import cache_version_bump

            enqueue_on_commit(cache_version_bump, key=self.key)
        except ValueError:  # not there (evicted, or a fresh cache): any new value differs from the old keys
            cache.set(self.key, self.current() + 1, None)

    def watch(self, *models: type[Model]) -> None:
        """Every save or delete of these models, and every change of their many-to-many fields, bumps."""
        for model in models:
            uid = f"{self.key}:{model._meta.label}"
            post_save.connect(self.changed, sender=model, dispatch_uid=uid, weak=False)
            post_delete.connect(self.changed, sender=model, dispatch_uid=uid, weak=False)
            for field in model._meta.local_many_to_many:
                through, field_uid = field.remote_field.through, f"{uid}.{field.name}"
                m2m_changed.connect(self.changed, sender=through, dispatch_uid=field_uid, weak=False)

    def read(self, key: str) -> tuple[int, Any]:
        """The current version, and what is stored under ``key`` if it was computed at that version."""
        found = cache.get_many([self.key, key])
        version = found.get(self.key) or self.current()
        stored = found.get(key)
        return version, (stored[1] if stored is not None and stored[0] == version else None)

    def store(self, key: str, version: int, value: Any, timeout: int) -> None:
        """Keep ``value``, computed at ``version`` (read before computing: if the version moved
        meanwhile, the value is never read)."""
        cache.set(key, (version, value), timeout)

    def cached[T](self, key: str, compute: Callable[[], T], timeout: int) -> T:
        version, value = self.read(key)
        if value is None:
            value = compute()
            self.store(key, version, value, timeout)
        return value
