"""A batch writes each reminder once per session, language, zone and lead time and fills in the names:
every person still gets, byte for byte, the e-mail a whole rendering of their own would have given.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test.signals import template_rendered
from django.utils import timezone, translation
from django.utils.translation import gettext

from sessions_app.models import ProgrammeTranslation, Reminder, SessionTranslation
from sessions_app.services import reminder_sending
from sessions_app.services.notifications import email_context
from tests.factories.members import UserFactory
from tests.sessions_app.test_reminders import make_session, register

READERS = [  # language, zone ("" = none in the profile: the organiser's), name
    ("en", "Europe/Rome", "Ada Lovelace"),
    ("en", "Europe/Rome", "Grace Hopper"),
    ("en", "", "Zoë Ångström"),
    ("it", "Europe/Rome", "O'Brien&<Co>{{user.email}} Jr"),
    ("it", "Europe/Helsinki", "%(name)s Rossi"),
    ("mt", "Europe/Malta", "Ġorġ Borg"),
    ("bg", "Europe/Sofia", "Цветан Петров"),
    ("bg", "America/New_York", ""),  # no name: the e-mail address stands in
    ("fi", "Asia/Tokyo", "Aino Virtanen"),
]


def rendered_alone(reminder: Reminder) -> tuple[str, str]:
    """The reminder as it was written before batches shared the text: the whole template, per person."""
    user = reminder.registration.user
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        lead = reminder_sending.lead_time(reminder.offset_minutes)
        context = {**email_context(registration=reminder.registration), "lead": lead}
        subject = gettext("Reminder: %(title)s starts in %(lead)s") % {
            "title": context["session_title"],
            "lead": lead,
        }
        return subject, render_to_string("sessions_app/email/reminder.txt", context)


@pytest.fixture
def two_sessions(db):
    """Everyone of READERS registered for a session an hour away and for one a day away, with titles
    translated into Italian: all their reminders are due."""
    soon = make_session(starts_in=timedelta(minutes=40), offsets=[60], title="Cloud tools for coops")
    tomorrow = make_session(starts_in=timedelta(hours=23, minutes=50), offsets=[24 * 60], title="Open books")
    SessionTranslation.objects.create(session=soon, language="it", title="Strumenti cloud per le coop")
    ProgrammeTranslation.objects.create(programme=soon.programme, language="it", title="Transizioni")
    for number, (language, zone, name) in enumerate(READERS):
        user = UserFactory(
            email=f"reader{number}@example.org", preferred_language=language, time_zone=zone, full_name=name
        )
        register(soon, user)
        register(tomorrow, user)
    return soon, tomorrow


def claimed_batch() -> list[Reminder]:
    now = timezone.now()
    due = Reminder.objects.filter(due_at__lte=now).order_by("due_at", "pk")
    return reminder_sending._claimed_reminders(reminder_sending.claim_batch(due, now=now))


def test_a_batch_writes_what_each_reminder_rendered_alone_would(two_sessions):
    reminders = claimed_batch()
    written = {}

    batch = [reminder_sending.reminder_message(reminder=r, written=written) for r in reminders]

    assert len(reminders) == 2 * len(READERS)
    assert batch == [rendered_alone(reminder) for reminder in reminders]
    bodies = dict(
        zip([r.registration.user.email for r in reminders], [body for _, body in batch], strict=False)
    )
    assert "O'Brien&<Co>{{user.email}}," in bodies["reader3@example.org"]  # verbatim, never a template
    assert "reader7@example.org" in bodies["reader7@example.org"]


def test_a_batch_renders_the_template_once_per_session_language_zone_and_lead(two_sessions):
    reminders = claimed_batch()
    rendered = []

    def record(sender, template, **_kwargs):
        rendered.append(template.name)

    template_rendered.connect(record)
    try:
        written = {}
        for reminder in reminders:
            reminder_sending.reminder_message(reminder=reminder, written=written)
    finally:
        template_rendered.disconnect(record)

    # per session: en/Rome (three people, one of them without a zone of their own: the organiser's, Rome),
    # it/Rome, it/Helsinki, mt/Malta, bg/Sofia, bg/New York, fi/Tokyo
    distinct = {(language, zone or "Europe/Rome") for language, zone, _ in READERS}
    assert len(rendered) == 2 * len(distinct)
    assert set(rendered) == {"sessions_app/email/reminder.txt"}
