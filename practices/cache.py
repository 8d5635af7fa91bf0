"""What the catalogue caches, and when it forgets.

Every write to a practice (its text, classification, status or a translation) bumps one version
number after its transaction commits (``practices_reindex`` does it: every write service calls it), and
every cached catalogue answer is keyed by that version, so a change shows at once: facet counts, related
practices, the rendered result fragments of the catalogue and the shared body of a practice's page.
What those show but other apps write (organisations, the sessions where a practice was presented) or
the admin writes (themes, deletions) bumps it through model signals: ``watch_shown_models``.

The version and how answers are kept are ``portal.cache_versions``'.
"""

import hashlib
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete

from portal.cache_versions import CacheVersion

VERSION = CacheVersion("practices:catalogue-version")
TIMEOUT = 3600


def catalogue_changed() -> None:
    """Forget every cached catalogue answer, once the current transaction has committed."""
    VERSION.changed()


def watch_shown_models() -> None:
    """Saves and deletes of everything a cached page shows that is written elsewhere than through the
    practices services bump the version too: practices and adoptions themselves (an admin deletion
    goes through no service), themes and organisations (renamed in the admin), the sessions app's
    sessions (and which practices they presented), programmes and summaries listed on a practice's page
    and the translations of those sessions' and programmes' titles (reached through the relations: this
    app may not import that one), and deleted accounts (a contact person)."""
    from members.models import Organisation
    from practices.models import Adoption, Practice, Theme

    session = Practice._meta.get_field("sessions").related_model
    programme = session._meta.get_field("programme").related_model
    VERSION.watch(
        Practice,
        Adoption,
        Theme,
        Organisation,
        session,
        programme,
        session._meta.get_field("summary").related_model,
        session._meta.get_field("translations").related_model,
        programme._meta.get_field("translations").related_model,
    )
    # A contact person's account deleted empties the practice's contact (an UPDATE, no practice signal);
    # people are saved at every sign-in, so only their deletion counts.
    person = get_user_model()
    post_delete.connect(VERSION.changed, sender=person, dispatch_uid="practices.cache:person", weak=False)


def _key(name: str, parts: object) -> str:
    return f"practices:{name}:{hashlib.sha256(repr(parts).encode()).hexdigest()[:32]}"


def cached[T](name: str, parts: object, compute: Callable[[], T], *, timeout: int = TIMEOUT) -> T:
    return VERSION.cached(_key(name, parts), compute, timeout)


def get(name: str, parts: object):
    return VERSION.read(_key(name, parts))[1]


def read(name: str, parts: object) -> tuple[int, object]:
    """The current version and the answer kept for it (None): pass the version to ``store``."""
    return VERSION.read(_key(name, parts))


def store(name: str, parts: object, version: int, value) -> None:
    VERSION.store(_key(name, parts), version, value, TIMEOUT)
