"""Programme and session pages: who sees what, what a session page shows, constant query counts;
and the programme/session services (calendar SEQUENCE, reschedule and cancel, duplicate)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.enums import MembershipRole
from practices.enums import PracticeStatus
from sessions_app.enums import (
    DeliveryState,
    ProgrammeStatus,
    RegistrationStatus,
    SessionStatus,
    SpeakerRole,
    Visibility,
)
from sessions_app.models import Reminder, Session, SessionTranslation
from sessions_app.services import programmes as services
from sessions_app.services.reminders import reminders_arm
from tests.factories.members import FederationFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.practices import PracticeFactory
from tests.factories.sessions import (
    ConfirmedRegistrationFactory,
    ProgrammeFactory,
    SessionFactory,
    SpeakerFactory,
    SummaryFactory,
    TrendFactory,
)


def detail_url(programme) -> str:
    return reverse("sessions_app:programme_detail", args=[programme.slug])


def session_url(session) -> str:
    return reverse("sessions_app:session_detail", args=[session.programme.slug, session.number])


@pytest.fixture
def people(db):
    federation = FederationFactory()
    return {
        "federation": federation,
        "anonymous": None,
        "member": MembershipFactory(organisation=OrganisationFactory(parent=federation)).user,
        "staff": MembershipFactory(organisation=federation, role=MembershipRole.STAFF).user,
        "other_staff": MembershipFactory(organisation=FederationFactory(), role=MembershipRole.STAFF).user,
    }


def as_(client, person):
    if person is not None:
        client.force_login(person)
    return client


# --- Visibility ------------------------------------------------------------------------------------

VISIBILITY = [
    # (status, visibility, who, expected status code)
    (ProgrammeStatus.DRAFT, Visibility.PUBLIC, "anonymous", 404),
    (ProgrammeStatus.DRAFT, Visibility.PUBLIC, "member", 404),
    (ProgrammeStatus.DRAFT, Visibility.PUBLIC, "other_staff", 404),
    (ProgrammeStatus.DRAFT, Visibility.PUBLIC, "staff", 200),
    (ProgrammeStatus.PUBLISHED, Visibility.MEMBERS, "anonymous", 404),
    (ProgrammeStatus.PUBLISHED, Visibility.MEMBERS, "member", 200),
    (ProgrammeStatus.PUBLISHED, Visibility.PUBLIC, "anonymous", 200),
    (ProgrammeStatus.COMPLETED, Visibility.PUBLIC, "anonymous", 200),
]


@pytest.mark.parametrize(
    ("status", "visibility", "who", "expected"), VISIBILITY, ids=[f"{s}-{v}-{w}" for s, v, w, _ in VISIBILITY]
)
@pytest.mark.parametrize("page", ["programme", "report", "session"])
def test_programme_pages_are_404_for_those_who_may_not_see_them(
    client, people, status, visibility, who, expected, page
):
    programme = ProgrammeFactory(
        organiser=people["federation"], status=status, visibility=visibility, title="Secret plans"
    )
    session = SessionFactory(programme=programme, title="Secret session")
    url = {
        "programme": detail_url(programme),
        "report": reverse("sessions_app:programme_report", args=[programme.slug]),
        "session": session_url(session),
    }[page]

    response = as_(client, people[who]).get(url)

    assert response.status_code == expected
    if expected == 404:
        assert "Secret" not in response.text


@pytest.mark.parametrize(("who", "expected"), [("anonymous", 1), ("member", 2), ("staff", 3)])
def test_lists_show_only_visible_programmes_and_their_sessions(client, people, who, expected):
    public = ProgrammeFactory(title="Open to all")
    members_only = ProgrammeFactory(title="For members", visibility=Visibility.MEMBERS)
    draft = ProgrammeFactory(
        title="Still a draft", status=ProgrammeStatus.DRAFT, organiser=people["federation"]
    )
    for programme in (public, members_only, draft):
        SessionFactory(programme=programme, title=f"Session of {programme.title}")
    as_(client, people[who])

    programmes = client.get(reverse("sessions_app:programme_list")).text
    sessions = client.get(reverse("sessions_app:session_list")).text

    titles = ["Open to all", "For members", "Still a draft"]
    assert [title in programmes for title in titles] == [i < expected for i in range(3)]
    assert [f"Session of {title}" in sessions for title in titles] == [i < expected for i in range(3)]


def test_session_list_splits_upcoming_and_past(client, db):
    now = timezone.now()
    programme = ProgrammeFactory()
    SessionFactory(programme=programme, title="Happening now", starts_at=now - timedelta(minutes=30))
    SessionFactory(programme=programme, title="Next week", starts_at=now + timedelta(days=7))
    SessionFactory(programme=programme, title="Last month", starts_at=now - timedelta(days=30))
    SessionFactory(programme=programme, title="Last year", starts_at=now - timedelta(days=365))

    upcoming = client.get(reverse("sessions_app:session_list")).text
    past = client.get(reverse("sessions_app:session_list"), {"when": "past"}).text

    assert upcoming.index("Happening now") < upcoming.index("Next week")
    assert "Last month" not in upcoming
    assert past.index("Last month") < past.index("Last year")
    assert "Next week" not in past


def test_session_list_htmx_gets_the_results_fragment(client, db):
    SessionFactory(title="Soon")

    response = client.get(reverse("sessions_app:session_list"), headers={"HX-Request": "true"})

    assert "Soon" in response.text
    assert "<html" not in response.text
    assert response["Vary"] == "HX-Request, Cookie" or "HX-Request" in response["Vary"]


def test_session_lists_say_so_when_empty(client, db):
    assert "No upcoming sessions." in client.get(reverse("sessions_app:session_list")).text
    assert "No past sessions yet." in client.get(reverse("sessions_app:session_list"), {"when": "past"}).text
    assert "No programmes yet." in client.get(reverse("sessions_app:programme_list")).text


# --- The session page ------------------------------------------------------------------------------


def test_session_page_shows_agenda_speakers_language_capacity_and_practices(client, db):
    owner = OrganisationFactory(name="Drimlab")
    shown = PracticeFactory(title="Metaverse prototypes", owner=owner)
    hidden = PracticeFactory(title="Unfinished idea", status=PracticeStatus.DRAFT, owner=owner)
    session = SessionFactory(
        agenda="## Plan\n\n**Welcome** <script>alert(1)</script>",
        language="it",
        capacity=30,
        practices=[shown, hidden],
        recording_url="https://video.example.org/rec",
    )
    SpeakerFactory(session=session, name="Anna Rossi", organisation_name="Node", role=SpeakerRole.FACILITATOR)

    page = client.get(session_url(session)).text

    assert "<strong>Welcome</strong>" in page
    assert "<script>alert(1)" not in page
    assert "Anna Rossi</strong>, Node" in page
    assert "Facilitator" in page
    assert "Italian" in page
    assert "<dd>30</dd>" in page
    assert f'href="{shown.get_absolute_url()}">Metaverse prototypes</a>' in page
    assert "— Drimlab" in page
    assert "Unfinished idea" not in page
    assert "https://video.example.org/rec" in page


MEETING = [
    ("anonymous", None, False),
    ("member", None, False),
    ("member", RegistrationStatus.WAITLISTED, False),
    ("member", RegistrationStatus.CANCELLED, False),
    ("member", RegistrationStatus.CONFIRMED, True),
    ("other_staff", None, False),
    ("staff", None, True),
]


@pytest.mark.parametrize(
    ("who", "status", "shown"), MEETING, ids=[f"{w}-{s or 'not-registered'}" for w, s, _ in MEETING]
)
def test_meeting_link_only_for_confirmed_registrants_and_staff(client, people, who, status, shown):
    session = SessionFactory(programme=ProgrammeFactory(organiser=people["federation"]))
    if status:
        ConfirmedRegistrationFactory(session=session, user=people[who], status=status)

    page = as_(client, people[who]).get(session_url(session)).text

    assert ("meet.example.org/secret-room" in page) is shown


def test_staff_links_only_for_those_who_manage_the_programme(client, people):
    session = SessionFactory(programme=ProgrammeFactory(organiser=people["federation"]))
    edit = reverse("sessions_app:session_edit", args=[session.programme.slug, session.number])

    for who, shown in [("anonymous", False), ("member", False), ("other_staff", False), ("staff", True)]:
        client.logout()
        as_(client, people[who])
        assert (edit in client.get(session_url(session)).text) is shown, who
        assert (edit in client.get(detail_url(session.programme)).text) is shown, who


def test_session_page_shows_the_time_in_each_participating_country(client, db):
    session = SessionFactory(starts_at=datetime(2026, 10, 25, 9, tzinfo=UTC))
    for country in ("IT", "FI", "MT"):
        user = MembershipFactory(organisation=OrganisationFactory(country=country)).user
        ConfirmedRegistrationFactory(session=session, user=user)
    absent = MembershipFactory(organisation=OrganisationFactory(country="SE")).user
    ConfirmedRegistrationFactory(session=session, user=absent, status=RegistrationStatus.CANCELLED)

    page = client.get(session_url(session)).text

    assert 'Sun 25 Oct, 11:00–13:00 <span class="muted">(Helsinki, UTC+2)' in page
    assert "(Rome, UTC+1)" in page
    assert "(Malta, UTC+1)" in page
    assert "Stockholm" not in page


# --- Query counts ----------------------------------------------------------------------------------


def populate(size: int):
    """A programme with ``size`` sessions, each with speakers, practices and registrants."""
    programme = ProgrammeFactory(co_hosts=[FederationFactory(), FederationFactory()])
    now = timezone.now()
    for number in range(1, size + 1):
        session = SessionFactory(
            programme=programme,
            number=number,
            starts_at=now + timedelta(days=number - size // 2 - 1),  # past and upcoming at every size
            capacity=50,
            practices=PracticeFactory.create_batch(2),
        )
        SpeakerFactory.create_batch(2, session=session)
        SummaryFactory(session=session)
        for _ in range(2):
            user = MembershipFactory(organisation=OrganisationFactory()).user
            ConfirmedRegistrationFactory(session=session, user=user)
    for _ in range(size // 2):
        TrendFactory(programme=programme).sessions.set(programme.sessions.all()[:2])
    return programme


PAGES = {
    "programme": lambda p: detail_url(p),
    "session-list": lambda p: reverse("sessions_app:session_list"),
    "past-sessions": lambda p: reverse("sessions_app:session_list") + "?when=past",
    "session": lambda p: session_url(p.sessions.order_by("number").last()),
    "report": lambda p: reverse("sessions_app:programme_report", args=[p.slug]),
    "programme-list": lambda p: reverse("sessions_app:programme_list"),
}
# For an anonymous reader (a signed-in one adds the permission look-ups and their registration, once).
QUERIES = {
    "programme": 3,  # programme with hosts and dates, co-hosts, sessions with summaries
    "session-list": 2,  # the paginator's count, the page of upcoming sessions with programme and organiser
    "past-sessions": 2,  # the paginator's count, the page
    "session": 6,  # session, co-hosts, speakers, practices, countries, seats taken (registration box)
    # programme, co-hosts, sessions, trends + sessions, practices + sessions, countries, people, and the
    # commitments section that assessments registers
    "report": 10,
    "programme-list": 2,  # programmes with dates, co-hosts
}


@pytest.mark.parametrize("page", list(PAGES), ids=list(PAGES))
@pytest.mark.parametrize("size", [2, 8], ids=["2-sessions", "8-sessions"])
def test_pages_use_a_constant_number_of_queries(client, db, django_assert_num_queries, page, size):
    url = PAGES[page](populate(size))

    with django_assert_num_queries(QUERIES[page]):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("size", [2, 8], ids=["2-sessions", "8-sessions"])
def test_session_page_for_a_registrant_uses_a_constant_number_of_queries(
    client, db, django_assert_num_queries, size
):
    session = populate(size).sessions.order_by("number").last()
    client.force_login(session.registrations.first().user)

    # the anonymous six + the reader's session and user rows, their registration, their staff ids
    with django_assert_num_queries(10):
        response = client.get(session_url(session))

    assert response.status_code == 200


# --- Services --------------------------------------------------------------------------------------


@pytest.fixture
def upcoming(db):
    """A scheduled session next week with one confirmed registrant whose reminders are armed."""
    session = SessionFactory(starts_at=timezone.now() + timedelta(days=7))
    registration = ConfirmedRegistrationFactory(session=session, user=UserFactory(email="ana@example.org"))
    reminders_arm(registration=registration)
    return session


@pytest.mark.parametrize(
    ("change", "bumped"),
    [
        ({"title": "New title"}, True),
        ({"agenda": "New agenda"}, True),
        ({"duration_minutes": 90}, True),
        ({"meeting_url": "https://meet.example.org/other"}, True),
        ({"capacity": 12}, False),
        ({"recording_url": "https://video.example.org/x"}, False),
        ({}, False),
    ],
    ids=["title", "agenda", "duration", "meeting-url", "capacity", "recording", "nothing"],
)
def test_session_update_increases_the_calendar_sequence_only_for_what_calendars_show(
    upcoming, change, bumped
):
    before = upcoming.ical_sequence

    session = services.session_update(session=upcoming, **change)

    session.refresh_from_db()
    assert session.ical_sequence == before + (1 if bumped else 0)
    assert session.ical_uid == upcoming.ical_uid


def test_moving_a_session_tells_registrants_and_rearms_reminders(
    upcoming, django_capture_on_commit_callbacks
):
    Reminder.objects.filter(registration__session=upcoming).update(state=DeliveryState.SENT)
    new_start = upcoming.starts_at + timedelta(days=2)

    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(session=upcoming, starts_at=new_start)

    reminders = Reminder.objects.filter(registration__session=upcoming)
    assert {r.state for r in reminders} == {DeliveryState.PENDING}
    assert {r.due_at for r in reminders} == {new_start - timedelta(minutes=m) for m in (24 * 60, 60)}
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    assert Session.objects.get(pk=upcoming.pk).ical_sequence == 1


def test_cancelling_a_session_tells_registrants_and_stops_reminders(
    upcoming, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        session = services.session_cancel(session=upcoming)

    assert session.status == SessionStatus.CANCELLED
    assert session.ical_sequence == 1
    assert set(Reminder.objects.values_list("state", flat=True)) == {DeliveryState.CANCELLED}
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]


def test_reinstating_a_cancelled_session_rearms_reminders(upcoming, django_capture_on_commit_callbacks):
    services.session_cancel(session=upcoming)

    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(session=upcoming, status=SessionStatus.SCHEDULED)

    assert set(Reminder.objects.values_list("state", flat=True)) == {DeliveryState.PENDING}
    assert upcoming.ical_sequence == 2


def test_changing_a_past_session_tells_nobody(db, django_capture_on_commit_callbacks):
    session = SessionFactory(starts_at=timezone.now() - timedelta(days=30))
    ConfirmedRegistrationFactory(session=session)

    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(session=session, starts_at=session.starts_at - timedelta(days=1))

    assert mail.outbox == []


def test_session_update_refuses_unknown_fields(upcoming):
    with pytest.raises(TypeError, match="ical_uid"):
        services.session_update(session=upcoming, ical_uid="x")


def test_duplicate_is_a_week_later_at_the_same_local_time_across_the_clock_change(db):
    practice = PracticeFactory()
    session = SessionFactory(
        number=4,
        starts_at=datetime(2026, 10, 20, 8, tzinfo=UTC),  # 10:00 in Rome, summer time
        organiser_time_zone="Europe/Rome",
        registration_closes_at=datetime(2026, 10, 19, 8, tzinfo=UTC),
        capacity=25,
        practices=[practice],
        recording_url="https://video.example.org/4",
    )
    SpeakerFactory(session=session, name="Anna Rossi", role=SpeakerRole.FACILITATOR)
    SessionTranslation.objects.create(session=session, language="it", title="Piattaforme", agenda="1. Dati")
    session.ical_sequence = 3
    session.save()

    copy = services.session_duplicate(session=session)

    assert copy.number == 5
    assert copy.starts_at == datetime(2026, 10, 27, 9, tzinfo=UTC)  # 10:00 in Rome, winter time
    assert copy.registration_closes_at == datetime(2026, 10, 26, 9, tzinfo=UTC)
    assert (copy.capacity, copy.duration_minutes, copy.meeting_url) == (25, 120, session.meeting_url)
    assert copy.ical_uid != session.ical_uid
    assert copy.ical_sequence == 0
    assert copy.status == SessionStatus.SCHEDULED
    assert list(copy.speakers.values_list("name", "role")) == [("Anna Rossi", SpeakerRole.FACILITATOR)]
    translated = [("it", "Piattaforme", "1. Dati")]
    assert list(copy.translations.values_list("language", "title", "agenda")) == translated
    assert session.translations.count() == 1
    assert list(copy.practices.all()) == []
    assert copy.recording_url == ""


def test_programme_create_makes_a_unique_slug_and_leaves_the_organiser_out_of_co_hosts(db):
    organiser, partner = FederationFactory(), FederationFactory()
    ProgrammeFactory(slug="digital-futures")

    programme = services.programme_create(
        title="Digital futures", organiser=organiser, co_hosts=[organiser, partner]
    )

    assert programme.slug == "digital-futures-2"
    assert list(programme.co_hosts.all()) == [partner]
    assert programme.reminder_offsets == [24 * 60, 60]
    assert programme.status == ProgrammeStatus.DRAFT


def test_new_reminder_offsets_redate_pending_reminders(upcoming):
    services.programme_update(programme=upcoming.programme, reminder_offsets=[120])

    reminders = Reminder.objects.filter(registration__session=upcoming, state=DeliveryState.PENDING)
    assert list(reminders.values_list("offset_minutes", flat=True)) == [120]


@pytest.mark.django_db
def test_staff_are_offered_a_follow_up_after_the_session_but_plain_members_are_not(client):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories.members import MembershipFactory
    from tests.factories.sessions import SessionFactory

    past = SessionFactory(starts_at=timezone.now() - timedelta(days=2))
    future = SessionFactory(starts_at=timezone.now() + timedelta(days=2))
    client.force_login(MembershipFactory(role="staff").user)
    after, before = (client.get(s.get_absolute_url()).text for s in (past, future))
    client.force_login(MembershipFactory(role="member").user)
    member_view = client.get(past.get_absolute_url()).text

    assert "Record what we will try" in after
    assert "Record what we will try" not in before
    assert "Record what we will try" not in member_view
