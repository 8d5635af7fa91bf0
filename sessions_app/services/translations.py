"""Translations of a programme's and a session's text (and its summary's), written by the programme's
staff beside the original."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from members.models import User
from sessions_app.models import (
    Programme,
    ProgrammeTranslation,
    Session,
    SessionTranslation,
    Summary,
    SummaryTranslation,
)
from sessions_app.permissions import can_manage_programme


def _check(programme: Programme, original_language: str, language: str, by: User) -> None:
    if not can_manage_programme(by, programme):
        raise PermissionDenied
    if language not in dict(settings.LANGUAGES) or language == original_language:
        raise ValidationError(_("Choose a language other than the original."))


@transaction.atomic
def programme_translation_save(
    *, programme: Programme, language: str, title: str, theme: str, description: str, aims: str, by: User
) -> ProgrammeTranslation:
    """Create or replace the programme's text in ``language``. Raises ``PermissionDenied`` unless ``by``
    manages the programme, ``ValidationError`` for its original language or one the portal does not
    offer. No side effects beyond the row."""
    _check(programme, programme.original_language, language, by)
    row, _created = ProgrammeTranslation.objects.update_or_create(
        programme=programme,
        language=language,
        defaults={"title": title, "theme": theme, "description": description, "aims": aims},
    )
    return row


@transaction.atomic
def programme_translation_delete(*, programme: Programme, language: str, by: User) -> None:
    """Remove the programme's text in ``language`` (readers then see the original). Same checks as
    ``programme_translation_save``."""
    _check(programme, programme.original_language, language, by)
    ProgrammeTranslation.objects.filter(programme=programme, language=language).delete()


def session_calendar_touch(*, session: Session) -> None:
    """A translated title or agenda is part of the calendar entry people subscribed to in that
    language: increase the session's SEQUENCE so that calendar apps take the new text."""
    Session.objects.filter(pk=session.pk).update(ical_sequence=F("ical_sequence") + 1)
    session.refresh_from_db(fields=["ical_sequence"])


@transaction.atomic
def session_translation_save(
    *,
    session: Session,
    language: str,
    title: str,
    agenda: str,
    by: User,
    summary_body: str = "",
    summary_takeaways: str = "",
) -> SessionTranslation:
    """Create or replace the session's title and agenda in ``language``, and its summary's body and
    takeaways when it has a summary (an empty body removes the summary's translation). Same checks as
    ``programme_translation_save``, the original being the session's text language. Side effect: the
    session's calendar SEQUENCE increases when its title or agenda in that language changed."""
    _check(session.programme, session.original_language, language, by)
    before = SessionTranslation.objects.filter(session=session, language=language).first()
    row, _created = SessionTranslation.objects.update_or_create(
        session=session, language=language, defaults={"title": title, "agenda": agenda}
    )
    summary = Summary.objects.filter(session=session).first()
    if summary is not None:
        _summary_translation_set(summary, language, summary_body, summary_takeaways)
    if before is None or (before.title, before.agenda) != (title, agenda):
        session_calendar_touch(session=session)
    return row


def _summary_translation_set(summary: Summary, language: str, body: str, takeaways: str) -> None:
    if body.strip():
        SummaryTranslation.objects.update_or_create(
            summary=summary, language=language, defaults={"body": body, "takeaways": takeaways}
        )
    else:
        SummaryTranslation.objects.filter(summary=summary, language=language).delete()


@transaction.atomic
def session_translation_delete(*, session: Session, language: str, by: User) -> None:
    """Remove the session's (and its summary's) text in ``language``; readers then see the original.
    Same checks and calendar side effect as ``session_translation_save``."""
    _check(session.programme, session.original_language, language, by)
    deleted, _rows = SessionTranslation.objects.filter(session=session, language=language).delete()
    SummaryTranslation.objects.filter(summary__session=session, language=language).delete()
    if deleted:
        session_calendar_touch(session=session)
