"""A reminder reaches a Maltese or Bulgarian reader in their own language, with the date written in it."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import dateformat, timezone, translation

from sessions_app.models import ProgrammeTranslation, SessionTranslation
from sessions_app.tasks import send_due_reminders
from tests.factories.members import UserFactory
from tests.sessions_app.test_reminders import make_session, register


def say(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


@pytest.mark.parametrize(
    ("language", "zone"), [("mt", "Europe/Malta"), ("bg", "Europe/Sofia")], ids=["maltese", "bulgarian"]
)
def test_the_reminder_is_written_in_the_readers_language(db, language, zone):
    session = make_session(starts_in=timedelta(minutes=40), offsets=[60], title="Cloud tools for coops")
    register(session, UserFactory(preferred_language=language, time_zone=zone))

    send_due_reminders()

    message = mail.outbox[0]
    assert say(language, "Join the meeting:") != "Join the meeting:"
    assert say(language, "Join the meeting:") in message.body
    assert say(language, "Organiser's time:") in message.body
    assert "Cloud tools for coops" in message.subject
    assert not message.subject.startswith("Reminder:")
    local = timezone.localtime(session.starts_at, ZoneInfo(zone))
    with translation.override(language):
        weekday, month = dateformat.format(local, "l"), dateformat.format(local, "E")  # as after a day
    with translation.override("en"):
        assert (weekday, month) != (dateformat.format(local, "l"), dateformat.format(local, "F"))
    assert f"{weekday} {local.day} {month} {local.year}, {local:%H:%M} ({zone})" in message.body


def test_an_english_reader_gets_the_english_reminder(db):
    session = make_session(starts_in=timedelta(minutes=40), offsets=[60], title="Cloud tools for coops")
    register(session, UserFactory(preferred_language="en", time_zone="Europe/Rome"))

    send_due_reminders()

    assert mail.outbox[0].subject == "Reminder: Cloud tools for coops starts in 1 hour"
    assert "Join the meeting:" in mail.outbox[0].body


def test_titles_come_in_the_readers_language_where_translated(db):
    session = make_session(starts_in=timedelta(minutes=40), offsets=[60], title="Cloud tools for coops")
    SessionTranslation.objects.create(session=session, language="it", title="Strumenti cloud per le coop")
    ProgrammeTranslation.objects.create(
        programme=session.programme, language="it", title="Transizioni digitali"
    )
    register(session, UserFactory(email="ada@example.org", preferred_language="it"))
    register(session, UserFactory(email="aino@example.org", preferred_language="fi"))

    send_due_reminders()

    by_person = {message.to[0]: message for message in mail.outbox}
    italian, finnish = by_person["ada@example.org"], by_person["aino@example.org"]
    assert "Strumenti cloud per le coop" in italian.subject
    assert "Strumenti cloud per le coop" in italian.body
    assert "Transizioni digitali" in italian.body
    assert "Cloud tools for coops" in finnish.subject  # no Finnish text: the original
    assert session.programme.title in finnish.body
