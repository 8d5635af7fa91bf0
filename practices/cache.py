"""What the catalogue caches, and when it forgets.

Every write to a practice (its text, classification, status or a translation) bumps one version
number after its transaction commits (``practices_reindex`` does it: every write service calls it), and
every cached catalogue answer is keyed by that version, so a change shows at once. Organisations'
countries feed the country facet too but are written by the members app: the hour's timeout bounds that.
"""

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "practices:catalogue-version"
TIMEOUT = 3600


def catalogue_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, None)
    return version


def catalogue_changed() -> None:
    """Forget every cached catalogue answer, once the current transaction has committed."""
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there (evicted, or a fresh cache): any new value differs from the old keys
        cache.set(VERSION_KEY, catalogue_version() + 1, None)


def _key(name: str, parts: object) -> str:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"practices:{name}:{catalogue_version()}:{digest}"


def cached[T](name: str, parts: object, compute: Callable[[], T]) -> T:
    return cache.get_or_set(_key(name, parts), compute, TIMEOUT)


def get(name: str, parts: object):
    return cache.get(_key(name, parts))


def put(name: str, parts: object, value) -> None:
    cache.set(_key(name, parts), value, TIMEOUT)
