"""Writes of the catalogue's content (demo data, admin): a practice with its vocabulary, kept searchable."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from practices.enums import Audience, MaturityDimension, PracticeStatus
from practices.models import Practice, PracticeAudience, PracticeDimension, Theme
from practices.services.search_index import practices_reindex


@transaction.atomic
def theme_ensure(*, slug: str, name: str, description: str = "") -> Theme:
    """Create the theme with ``slug`` or bring its name and description up to date; idempotent."""
    theme, _ = Theme.objects.update_or_create(slug=slug, defaults={"name": name, "description": description})
    return theme


@transaction.atomic
def practice_save(
    *,
    practice: Practice,
    themes: Iterable[Theme] | None = None,
    dimensions: Iterable[MaturityDimension | str] | None = None,
    audiences: Iterable[Audience | str] | None = None,
) -> Practice:
    """Save ``practice`` and, when given, replace its themes, dimensions and audiences.

    Side effects: the stored search vector is recomputed (PostgreSQL) in the same transaction.
    """
    practice.save()
    _set_vocabulary(practice, themes=themes, dimensions=dimensions, audiences=audiences)
    practices_reindex(practice_ids=[practice.pk])
    return practice


@transaction.atomic
def practice_ensure_published(
    *,
    slug: str,
    fields: dict,
    themes: Iterable[Theme],
    dimensions: Iterable[str],
    audiences: Iterable[str] = (),
) -> Practice:
    """Create or update the published practice ``slug`` with exactly ``fields``; idempotent (demo data).

    Side effects: the search vector is recomputed; ``published_at`` is set once, on first publication;
    a practice already as wanted is not saved again (its ``updated_at`` stays).
    """
    practice = Practice.objects.filter(slug=slug).first() or Practice(slug=slug)
    wanted = {**fields, "status": PracticeStatus.PUBLISHED}
    if practice.pk and all(getattr(practice, name) == value for name, value in wanted.items()):
        _set_vocabulary(practice, themes=themes, dimensions=dimensions, audiences=audiences)
        practices_reindex(practice_ids=[practice.pk])
        return practice
    for name, value in wanted.items():
        setattr(practice, name, value)
    practice.published_at = practice.published_at or timezone.now()
    return practice_save(practice=practice, themes=themes, dimensions=dimensions, audiences=audiences)


def _set_vocabulary(practice: Practice, *, themes, dimensions, audiences) -> None:
    if themes is not None:
        practice.themes.set(themes)
    if dimensions is not None:
        _replace_rows(practice, PracticeDimension, "dimension", dimensions)
    if audiences is not None:
        _replace_rows(practice, PracticeAudience, "audience", audiences)


def _replace_rows(practice: Practice, model, field: str, values: Iterable[str]) -> None:
    wanted = {str(value) for value in values}
    rows = model.objects.filter(practice=practice)
    rows.exclude(**{f"{field}__in": wanted}).delete()
    existing = set(rows.values_list(field, flat=True))
    model.objects.bulk_create(
        [model(practice=practice, **{field: value}) for value in sorted(wanted - existing)]
    )
