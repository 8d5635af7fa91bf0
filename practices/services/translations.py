"""Translations of a practice's title, summary and description, written by its editors."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from members.models import User
from practices.models import Practice, PracticeTranslation
from practices.permissions import can_edit_practice
from practices.services.search_index import practices_reindex


def _check(practice: Practice, language: str, by: User) -> None:
    if not can_edit_practice(by, practice):
        raise PermissionDenied
    if language not in dict(settings.LANGUAGES) or language == practice.original_language:
        raise ValidationError(_("Choose a language other than the original."))


@transaction.atomic
def practice_translation_save(
    *, practice: Practice, language: str, title: str, summary: str, description: str, by: User
) -> PracticeTranslation:
    """Create or replace the practice's text in ``language``. Raises ``PermissionDenied`` unless ``by``
    may edit the practice (its owner's staff, curators), ``ValidationError`` for its original language
    or one the portal does not offer. Side effect: refreshes the practice's search vector."""
    _check(practice, language, by)
    row, _created = PracticeTranslation.objects.update_or_create(
        practice=practice,
        language=language,
        defaults={"title": title, "summary": summary, "description": description},
    )
    practices_reindex(practice_ids=[practice.pk])
    return row


@transaction.atomic
def practice_translation_delete(*, practice: Practice, language: str, by: User) -> None:
    """Remove the practice's text in ``language`` (readers then see the original). Same checks and side
    effect as ``practice_translation_save``."""
    _check(practice, language, by)
    PracticeTranslation.objects.filter(practice=practice, language=language).delete()
    practices_reindex(practice_ids=[practice.pk])
