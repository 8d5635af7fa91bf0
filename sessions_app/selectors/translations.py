"""Programmes, sessions and summaries in the reader's language.

The reader's-language text comes as annotations of each page's own query (no extra query): the models'
``shown`` properties read ``translated_*`` and fall back to the original where there is no translation.
A related object loaded with ``select_related`` cannot carry annotations, so the session queries
annotate ``programme_translated_title`` (and ``summary_translated_*``) and ``hand_over_texts`` puts them
on the session's programme (and summary) once the rows are fetched.

E-mails and calendar files, written in their recipient's language rather than the reader's, use
``session_text`` and ``programme_text``.
"""

from collections.abc import Iterable

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, OuterRef, QuerySet, StringAgg, Subquery, Value
from django.utils import translation

from portal.content_language import ShownText, reader_language, shown_text
from sessions_app.models import (
    Programme,
    ProgrammeTranslation,
    Registration,
    Session,
    SessionTranslation,
    SummaryTranslation,
)
from sessions_app.models.programmes import PROGRAMME_TEXT
from sessions_app.models.sessions import SESSION_TEXT, SUMMARY_TEXT

LIST_FIELDS = ("title", "theme")  # what lists and cards show of a programme


def _in(model: type[Model], owner: str, outer: str = "pk", language: str | None = None) -> QuerySet:
    return model.objects.filter(**{owner: OuterRef(outer)}, language=language or reader_language())


def _translated(rows: QuerySet, fields: Iterable[str], prefix: str = "") -> dict[str, Subquery]:
    return {f"{prefix}translated_{name}": Subquery(rows.values(name)[:1]) for name in fields}


def _languages_done(model: type[Model], owner: str) -> Subquery:
    """The languages the object has a translation in, as "fi,it" (for its staff's links)."""
    rows = model.objects.filter(**{owner: OuterRef("pk")}).order_by().values(owner)
    return Subquery(rows.annotate(codes=StringAgg("language", Value(","))).values("codes")[:1])


def with_programme_text(programmes: QuerySet[Programme], *, full: bool = False) -> QuerySet[Programme]:
    """Annotate the reader's-language title and theme; ``full`` adds the description and aims, and the
    languages the programme is translated into (``translation_languages``), for its own pages."""
    rows = _in(ProgrammeTranslation, "programme_id")
    if not full:
        return programmes.annotate(**_translated(rows, LIST_FIELDS))
    return programmes.annotate(
        **_translated(rows, PROGRAMME_TEXT),
        translation_languages=_languages_done(ProgrammeTranslation, "programme_id"),
    )


def with_session_text(
    sessions: QuerySet[Session], *, full: bool = False, programme: bool = True, summary: bool = False
) -> QuerySet[Session]:
    """Annotate the reader's-language session title (``full``: and agenda, and the languages it is
    translated into), its programme's title (``programme``) and its summary (``summary``)."""
    rows = _in(SessionTranslation, "session_id")
    annotations = _translated(rows, SESSION_TEXT if full else ("title",))
    if full:
        annotations["translation_languages"] = _languages_done(SessionTranslation, "session_id")
    if programme:
        annotations |= _translated(
            _in(ProgrammeTranslation, "programme_id", "programme_id"), ["title"], "programme_"
        )
    if summary:
        annotations |= _translated(_in(SummaryTranslation, "summary__session_id"), SUMMARY_TEXT, "summary_")
    return sessions.annotate(**annotations)


def with_registration_texts(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """Annotate a person's registrations with their session's and its programme's reader's-language
    title (``my sessions``); ``hand_over_registration_texts`` puts them on the sessions."""
    session_rows = _in(SessionTranslation, "session_id", "session_id")
    programme_rows = _in(ProgrammeTranslation, "programme_id", "session__programme_id")
    return registrations.annotate(
        **_translated(session_rows, ["title"], "session_"),
        **_translated(programme_rows, ["title"], "programme_"),
    )


def hand_over_texts(sessions: Iterable[Session]) -> list[Session]:
    """Put each session's ``programme_translated_title`` and ``summary_translated_*`` annotations on its
    programme and summary, where their ``shown`` reads them. No query: both are already loaded."""
    sessions = list(sessions)
    for session in sessions:
        if hasattr(session, "programme_translated_title"):
            session.programme.translated_title = session.programme_translated_title
        if hasattr(session, "summary_translated_body"):
            summary = _loaded_summary(session)
            if summary is not None:
                for name in SUMMARY_TEXT:
                    setattr(summary, f"translated_{name}", getattr(session, f"summary_translated_{name}"))
    return sessions


def hand_over_registration_texts(registrations: Iterable[Registration]) -> list[Registration]:
    registrations = list(registrations)
    for registration in registrations:
        session = registration.session
        session.translated_title = registration.session_translated_title
        session.programme.translated_title = registration.programme_translated_title
    return registrations


def _loaded_summary(session: Session):
    try:
        return session.summary
    except ObjectDoesNotExist:
        return None


# --- Staff: which languages are done ---------------------------------------------------------------


def languages_done(obj: Programme | Session) -> list[str]:
    """From the ``translation_languages`` annotation of the page's query (no query)."""
    return [code for code in (getattr(obj, "translation_languages", None) or "").split(",") if code]


# --- Another language than the reader's (e-mails, calendar files) ----------------------------------


def _text_in(obj: Programme | Session, fields: tuple[str, ...], language: str) -> ShownText:
    """One query at most, none when the object's translations are prefetched or ``language`` is its
    original."""
    row = None
    if language != obj.original_language:
        cached = getattr(obj, "_prefetched_objects_cache", {}).get("translations")
        if cached is not None:
            row = next((item for item in cached if item.language == language), None)
        else:
            row = obj.translations.filter(language=language).first()
    with translation.override(language):
        return shown_text(
            original={name: getattr(obj, name) for name in fields},
            original_language=obj.original_language,
            translated={name: getattr(row, name) for name in fields} if row else {},
        )


def session_text(session: Session, language: str) -> ShownText:
    """The session's title and agenda in ``language``, else the original (``.is_fallback`` says so).

    For e-mails and calendar files written in their recipient's language: ``session_text(session,
    user.preferred_language).title``. Prefetch ``translations`` to write many without a query each.
    """
    return _text_in(session, SESSION_TEXT, language)


def programme_text(programme: Programme, language: str) -> ShownText:
    """The programme's title, theme, description and aims in ``language``, else the original."""
    return _text_in(programme, PROGRAMME_TEXT, language)
