"""Staff pages: creating and editing programmes and sessions, duplicating, cancelling, clear errors."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.enums import MembershipRole, OrganisationKind
from sessions_app.enums import EU_FUNDING_DISCLAIMER, ProgrammeStatus, SessionStatus, SpeakerRole
from sessions_app.models import Programme, Session
from sessions_app.timezones import utc_to_local
from tests.factories.members import FederationFactory, MembershipFactory, OrganisationFactory
from tests.factories.practices import PracticeFactory
from tests.factories.sessions import ConfirmedRegistrationFactory, ProgrammeFactory, SessionFactory


@pytest.fixture
def federation(db):
    confederation = OrganisationFactory(kind=OrganisationKind.CONFEDERATION)
    return FederationFactory(parent=confederation, name="Our federation", country="IT")


@pytest.fixture
def staff_client(client, federation):
    client.force_login(MembershipFactory(organisation=federation, role=MembershipRole.STAFF).user)
    return client


def programme_data(organiser, **overrides) -> dict:
    return {
        "title": "Digital transitions",
        "theme": "Digital transition",
        "organiser": organiser.pk,
        "status": ProgrammeStatus.PUBLISHED,
        "visibility": "public",
        "reminder_hours": "24, 1",
        **overrides,
    }


def session_data(**overrides) -> dict:
    return {
        "title": "Needs",
        "time_zone": "Europe/Rome",
        "starts_local": "2030-10-25T10:00",
        "ends_local": "2030-10-25T12:00",
        "language": "en",
        **overrides,
    }


def test_create_programme_with_the_eu_disclaimer_and_reminders_in_hours(staff_client, federation):
    partner = FederationFactory(name="Partner")

    response = staff_client.post(
        reverse("sessions_app:programme_create"),
        programme_data(federation, co_hosts=[partner.pk], use_eu_disclaimer="on", reminder_hours="48, 1.5"),
    )

    programme = Programme.objects.get()
    assert response.status_code == 302
    assert response.url == programme.get_absolute_url()
    assert programme.slug == "digital-transitions"
    assert programme.funding_acknowledgement == EU_FUNDING_DISCLAIMER
    assert programme.reminder_offsets == [48 * 60, 90]
    assert list(programme.co_hosts.all()) == [partner]


def test_organiser_choices_are_the_organisations_the_person_manages(staff_client, federation):
    cooperative = OrganisationFactory(parent=federation, name="Our cooperative")
    stranger = FederationFactory(name="Someone else's federation")

    page = staff_client.get(reverse("sessions_app:programme_create")).text
    response = staff_client.post(reverse("sessions_app:programme_create"), programme_data(stranger))

    organiser_select = page[
        page.index('name="organiser"') : page.index("</select>", page.index('name="organiser"'))
    ]
    assert "Our federation" in organiser_select
    assert "Our cooperative" in organiser_select
    assert cooperative.name in organiser_select
    assert "Someone else" not in organiser_select
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert Programme.objects.count() == 0


@pytest.mark.parametrize(
    ("hours", "error"),
    [("a day", "is not a number of hours"), ("0", "between 0 and 720"), ("1000", "between 0 and 720")],
    ids=["words", "zero", "too-far"],
)
def test_reminder_hours_must_be_numbers(staff_client, federation, hours, error):
    response = staff_client.post(
        reverse("sessions_app:programme_create"), programme_data(federation, reminder_hours=hours)
    )

    assert response.status_code == 200
    assert error in response.text
    assert 'class="message message-error error-summary" role="alert"' in response.text


def test_edit_programme_shows_hours_and_keeps_the_organiser_for_co_host_staff(client, federation):
    co_host = FederationFactory()
    programme = ProgrammeFactory(organiser=federation, co_hosts=[co_host], reminder_offsets=[1440, 60])
    client.force_login(MembershipFactory(organisation=co_host, role=MembershipRole.STAFF).user)
    url = reverse("sessions_app:programme_edit", args=[programme.slug])

    page = client.get(url).text
    response = client.post(
        url, programme_data(co_host, title="Renamed", co_hosts=[co_host.pk], reminder_hours="24")
    )

    assert 'value="24, 1"' in page
    assert "Only the organiser" in page
    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.title, programme.organiser, programme.reminder_offsets) == (
        "Renamed",
        federation,
        [1440],
    )


def test_create_session_in_the_organisers_zone(staff_client, federation):
    programme = ProgrammeFactory(organiser=federation)
    practice = PracticeFactory(title="Node hub")

    response = staff_client.post(
        reverse("sessions_app:session_create", args=[programme.slug]),
        session_data(
            capacity="20",
            facilitators="Anna Rossi, Confcooperative",
            speakers="Jussi Virtanen\n\nMaria",
            practices=[practice.pk],
        ),
    )

    session = Session.objects.get()
    assert response.status_code == 302
    assert response.url == session.get_absolute_url()
    assert session.number == 1
    assert session.starts_at == datetime(2030, 10, 25, 8, tzinfo=UTC)  # 10:00 in Rome, summer time
    assert (session.duration_minutes, session.capacity, session.organiser_time_zone) == (
        120,
        20,
        "Europe/Rome",
    )
    assert list(session.speakers.order_by("pk").values_list("name", "organisation_name", "role")) == [
        ("Anna Rossi", "Confcooperative", SpeakerRole.FACILITATOR),
        ("Jussi Virtanen", "", SpeakerRole.SPEAKER),
        ("Maria", "", SpeakerRole.SPEAKER),
    ]
    assert list(session.practices.all()) == [practice]


def test_new_session_form_proposes_the_organisers_country_zone(staff_client, federation):
    programme = ProgrammeFactory(organiser=federation)

    page = staff_client.get(reverse("sessions_app:session_create", args=[programme.slug])).text

    assert '<option value="Europe/Rome" selected>' in page


@pytest.mark.parametrize(
    ("overrides", "field", "error"),
    [
        ({"ends_local": "2030-10-25T09:00"}, "ends_local", "The session must end after it starts."),
        ({"ends_local": "2030-10-27T09:00"}, "ends_local", "A session lasts at most 24 hours."),
        (
            {"opens_local": "2030-10-20T10:00", "closes_local": "2030-10-19T10:00"},
            "closes_local",
            "Registration must close after it opens.",
        ),
        (
            {"closes_local": "2030-10-26T10:00"},
            "closes_local",
            "Registration must close before the session ends.",
        ),
        ({"starts_local": "2030-03-31T02:30"}, "starts_local", "This time does not exist in Europe/Rome"),
        ({"starts_local": "next tuesday"}, "starts_local", "Enter a valid date/time."),
    ],
    ids=["end-before-start", "too-long", "close-before-open", "close-after-end", "skipped-hour", "garbage"],
)
def test_session_form_errors_are_clear(staff_client, federation, overrides, field, error):
    programme = ProgrammeFactory(organiser=federation)

    response = staff_client.post(
        reverse("sessions_app:session_create", args=[programme.slug]), session_data(**overrides)
    )

    assert response.status_code == 200
    assert error in response.context["form"].errors[field][0]
    assert f'<a href="#id_{field}">' in response.text
    assert Session.objects.count() == 0


def test_session_number_must_be_free(staff_client, federation):
    programme = ProgrammeFactory(organiser=federation)
    SessionFactory(programme=programme, number=1)

    response = staff_client.post(
        reverse("sessions_app:session_create", args=[programme.slug]), session_data(number="1")
    )

    assert "already has a session number 1" in response.text


def test_editing_shows_local_times_and_moving_tells_registrants(
    staff_client, federation, django_capture_on_commit_callbacks
):
    session = SessionFactory(
        programme=ProgrammeFactory(organiser=federation),
        starts_at=datetime(2030, 10, 25, 8, tzinfo=UTC),
        organiser_time_zone="Europe/Rome",
    )
    ConfirmedRegistrationFactory(session=session)
    url = reverse("sessions_app:session_edit", args=[session.programme.slug, session.number])

    page = staff_client.get(url).text
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            url,
            session_data(starts_local="2030-10-28T10:00", ends_local="2030-10-28T12:00", status="scheduled"),
        )

    assert 'value="2030-10-25T10:00"' in page
    session.refresh_from_db()
    assert session.starts_at == datetime(2030, 10, 28, 9, tzinfo=UTC)  # winter time now
    assert session.ical_sequence == 1
    assert len(mail.outbox) == 1
    assert "Registrants are told" in staff_client.get(response.url).text


def test_cancelling_through_the_edit_form(staff_client, federation, django_capture_on_commit_callbacks):
    session = SessionFactory(
        programme=ProgrammeFactory(organiser=federation), starts_at=timezone.now() + timedelta(days=3)
    )
    ConfirmedRegistrationFactory(session=session)
    url = reverse("sessions_app:session_edit", args=[session.programme.slug, session.number])
    data = staff_client.get(url).context["form"].initial

    post = {k: v for k, v in data.items() if v is not None and k != "practices"}
    post.update(
        starts_local=data["starts_local"].strftime("%Y-%m-%dT%H:%M"),
        ends_local=data["ends_local"].strftime("%Y-%m-%dT%H:%M"),
        status=SessionStatus.CANCELLED,
    )
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, post)

    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert session.ical_sequence == 1
    assert len(mail.outbox) == 1
    assert "This session is cancelled." in staff_client.get(session.get_absolute_url()).text


def test_duplicate_goes_to_the_new_sessions_edit_page(staff_client, federation):
    session = SessionFactory(programme=ProgrammeFactory(organiser=federation), number=2)

    response = staff_client.post(
        reverse("sessions_app:session_duplicate", args=[session.programme.slug, session.number])
    )

    copy = Session.objects.get(number=3)
    assert response.url == reverse("sessions_app:session_edit", args=[session.programme.slug, 3])
    zone = session.organiser_time_zone
    assert utc_to_local(copy.starts_at, zone) == utc_to_local(session.starts_at, zone) + timedelta(days=7)
    assert (
        "is a copy of session 2, a week later, and already in the programme"
        in staff_client.get(response.url).text
    )


def test_links_to_staff_pages_only_for_those_who_may(client, staff_client, federation):
    programme = ProgrammeFactory(organiser=federation)
    create = reverse("sessions_app:programme_create")

    assert create in staff_client.get(reverse("sessions_app:programme_list")).text
    assert (
        reverse("sessions_app:session_create", args=[programme.slug])
        in staff_client.get(programme.get_absolute_url()).text
    )
    client.logout()
    client.force_login(MembershipFactory(organisation=federation).user)
    assert create not in client.get(reverse("sessions_app:programme_list")).text
    assert (
        reverse("sessions_app:programme_edit", args=[programme.slug])
        not in client.get(programme.get_absolute_url()).text
    )


@pytest.mark.parametrize(
    "name",
    ["programme_changelist", "session_changelist", "registration_changelist", "summary_changelist"],
)
def test_admin_lists_open(admin_client, name):
    session = SessionFactory()
    ConfirmedRegistrationFactory(session=session)

    assert admin_client.get(reverse(f"admin:sessions_app_{name}")).status_code == 200
    assert (
        admin_client.get(reverse("admin:sessions_app_session_change", args=[session.pk])).status_code == 200
    )


def test_admin_session_changes_go_through_the_service(admin_client, rf):
    from django.contrib.admin.sites import site

    session = SessionFactory(title="Old")
    session.title = "New"
    form = type("Form", (), {"changed_data": ["title"]})()

    site._registry[Session].save_model(rf.post("/"), session, form, change=True)

    session.refresh_from_db()
    assert (session.title, session.ical_sequence) == ("New", 1)
