"""Dates read as each language writes them: each language's DATE_FORMAT (portal/formats/ over
Django's), the genitive in Polish and Finnish, lower-case months in Italian, Romanian and Bulgarian
(Django's catalogues capitalise them: ours in locale_vendor/ take precedence), English as Europe
writes it, not America."""

import gettext
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from portal.dates import weekday_datetime
from tests.factories.sessions import ProgrammeFactory, SessionFactory
from tests.portal.pofiles import read_po

JUNE_7 = {
    "en": "7 June 2023",
    "it": "7 giugno 2023",
    "ro": "7 iunie 2023",
    "bg": "7 юни 2023",
    "pl": "7 czerwca 2023",
    "fi": "7. kesäkuuta 2023",
    "sv": "7 juni 2023",
    "mt": "7 Ġunju 2023",
}
VENDOR = sorted(Path(settings.BASE_DIR, "locale_vendor").glob("*/LC_MESSAGES/django.po"))


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_a_date_reads_as_the_language_writes_it(language):
    with translation.override(language):
        assert date_format(date(2023, 6, 7), "DATE_FORMAT") == JUNE_7[language]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Wednesday 7 June 2023, 10:00"),
        ("fi", "keskiviikko 7. kesäkuuta 2023, 10.00"),
        ("it", "mercoledì 7 giugno 2023, 10:00"),
        ("pl", "środa 7 czerwca 2023, 10:00"),
        ("ro", "miercuri 7 iunie 2023, 10:00"),
    ],
)
def test_a_session_start_names_the_weekday_then_the_languages_date_and_time(language, expected):
    with translation.override(language):
        assert weekday_datetime(datetime(2023, 6, 7, 10, tzinfo=UTC)) == expected


@pytest.mark.parametrize(
    ("language", "date_text", "datetime_text"),
    [
        ("en", "7 June 2023", "7 June 2023, 10:00"),  # Django's: "June 7, 2023, 10 a.m."
        ("it", "7 giugno 2023", "7 giugno 2023, 10:00"),  # Django's: "07 Giugno 2023"
        ("ro", "7 iunie 2023", "7 iunie 2023, 10:00"),
        ("bg", "7 юни 2023", "7 юни 2023, 10:00"),  # Django's: "Юни 7, 2023, 10 преди обяд"
    ],
)
def test_the_date_formats_put_the_day_first_with_no_capital_month_or_leading_zero(
    language, date_text, datetime_text
):
    with translation.override(language):
        assert date_format(date(2023, 6, 7), "DATE_FORMAT") == date_text
        assert date_format(datetime(2023, 6, 7, 10, tzinfo=UTC), "DATETIME_FORMAT") == datetime_text


@pytest.mark.parametrize(("language", "expected"), [("it", "7 giugno 2023"), ("pl", "7 czerwca 2023")])
def test_the_programme_report_dates_its_sessions_in_the_readers_language(db, language, expected):
    starts = datetime(2023, 6, 7, 10, tzinfo=UTC)
    programme = ProgrammeFactory()
    SessionFactory(programme=programme, starts_at=starts)

    page = Client().get(
        reverse("sessions_app:programme_report", args=[programme.slug]), HTTP_ACCEPT_LANGUAGE=language
    )

    assert expected in page.text


@pytest.mark.parametrize("po", VENDOR, ids=lambda path: path.parts[-3])
def test_the_vendor_catalogues_are_compiled_as_committed(po):
    with po.with_suffix(".mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)

    for entry in read_po(po)[1:]:
        key = (entry.key, 0) if entry.msgid_plural else entry.key
        assert translations._catalog[key] == entry.msgstr[0], entry.msgid


def test_short_dates_put_the_day_first():
    with translation.override("en"):
        assert (
            date_format(datetime(2026, 11, 28, 15, 35, tzinfo=UTC), "SHORT_DATETIME_FORMAT")
            == "28/11/2026 15:35"
        )


def test_a_completed_session_and_a_completed_programme_agree_in_gender():
    from sessions_app.enums import ProgrammeStatus, SessionStatus

    with translation.override("it"):
        assert (str(SessionStatus.COMPLETED.label), str(ProgrammeStatus.COMPLETED.label)) == (
            "Completata",  # la sessione
            "Completato",  # il programma
        )
