"""The reader's-language text of practices, as annotations (no extra query): ``Practice.shown`` reads
them, and falls back to the original where there is no translation."""

from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse

from portal.content_language import reader_language
from portal.content_language import translation_statuses as statuses
from practices.models import Practice, PracticeTranslation


def with_reader_translation(
    practices: QuerySet[Practice], *, description: bool = False
) -> QuerySet[Practice]:
    """Annotate ``translated_title`` and ``translated_summary`` (and the description, for a page that
    shows it) in the reader's language."""
    rows = PracticeTranslation.objects.filter(practice_id=OuterRef("pk"), language=reader_language())
    fields = ["title", "summary", *(["description"] if description else [])]
    return practices.annotate(**{f"translated_{name}": Subquery(rows.values(name)[:1]) for name in fields})


def translations_of(practice: Practice) -> dict[str, PracticeTranslation]:
    """The practice's translations by language, for its editors."""
    return {row.language: row for row in practice.translations.all()}


def translation_statuses(practice: Practice, existing: dict[str, PracticeTranslation]) -> list[dict]:
    """Every offered language but the original, with whether the practice has a text in it."""
    return statuses(
        practice.original_language,
        existing,
        lambda code: reverse("practices:practice_translate", args=[practice.slug, code]),
    )
