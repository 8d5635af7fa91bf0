"""Registration: seats, the ordered waiting list, cancelling and promotion, staff pages, CSV."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from members.enums import MembershipRole
from sessions_app.enums import DeliveryState, ProgrammeStatus, RegistrationStatus, SessionStatus, Visibility
from sessions_app.models import Registration, Reminder, Session
from sessions_app.selectors.registrations import registration_context
from sessions_app.services.registrations import (
    attendance_set,
    programme_register,
    registration_add,
    registration_cancel,
    registration_create,
    registration_remove,
    session_waitlist_fill,
)
from sessions_app.tasks_registrations import send_registration_email
from tests.factories.members import FederationFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.registrations import ProgrammeFactory, RegistrationFactory, SessionFactory

SITE = "http://testserver"
HTMX = {"HTTP_HX_REQUEST": "true"}
CONFIRMED, WAITLISTED, CANCELLED = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.CANCELLED,
)


@pytest.fixture
def session(db):
    return SessionFactory(capacity=2, title="Culture of digitalisation")


def started(session):
    """The session began an hour ago (registrations are made while it is ahead: move it after)."""
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    session.refresh_from_db()
    return session


def register(session, user=None, **kwargs):
    return registration_create(session=session, user=user or UserFactory(), site_url=SITE, **kwargs)


def statuses(session) -> list[str]:
    return list(Registration.objects.filter(session=session).order_by("pk").values_list("status", flat=True))


# --- Services ---------------------------------------------------------------------------------------


def test_registration_create_confirms_while_seats_are_free(session, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(session)

    assert registration.status == CONFIRMED
    assert registration.waitlisted_at is None
    offsets = Reminder.objects.filter(registration=registration).values_list("offset_minutes", flat=True)
    assert sorted(offsets) == [60, 24 * 60]
    (message,) = mail.outbox
    assert message.subject == "You are registered: Culture of digitalisation"
    assert message.to == [registration.user.email]
    assert "https://meet.example.org/secret-room" in message.body


def test_registration_create_puts_the_third_person_on_the_waiting_list(
    session, django_capture_on_commit_callbacks
):
    register(session), register(session)

    with django_capture_on_commit_callbacks(execute=True):
        third = register(session)

    assert third.status == WAITLISTED
    assert third.waitlisted_at is not None
    assert not Reminder.objects.filter(registration=third).exists()
    (message,) = mail.outbox
    assert message.subject == "You are on the waiting list: Culture of digitalisation"
    assert "You are number 1 on the waiting list." in message.body
    assert message.attachments == []
    assert "secret-room" not in message.body


def test_registration_create_twice_returns_the_same_place(session, django_capture_on_commit_callbacks):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = register(session, person)
        second = register(session, person)

    assert second.pk == first.pk
    assert Registration.objects.filter(session=session, user=person).count() == 1
    assert len(mail.outbox) == 1


def test_registration_without_capacity_never_waitlists(db):
    unlimited = SessionFactory(capacity=None)

    places = [register(unlimited) for _ in range(5)]

    assert {place.status for place in places} == {CONFIRMED}


def test_a_cancelled_registration_registering_again_goes_to_the_end_of_the_queue(session):
    first, second = register(session), register(session)
    waiting = register(session)
    registration_cancel(registration=second, by=second.user, site_url=SITE)  # waiting gets the seat
    latecomer = register(session)

    again = register(session, second.user)

    assert again.pk == second.pk
    assert again.status == WAITLISTED
    assert again.cancelled_at is None
    assert again.waitlisted_at > latecomer.waitlisted_at
    assert Registration.objects.get(pk=waiting.pk).status == CONFIRMED
    assert Registration.objects.get(pk=first.pk).status == CONFIRMED


def _closes_passed(session):
    session.registration_closes_at = timezone.now() - timedelta(minutes=1)


def _started(session):
    session.starts_at = timezone.now() - timedelta(minutes=1)


def _opens_later(session):
    session.registration_opens_at = timezone.now() + timedelta(days=1)


def _cancelled(session):
    session.status = SessionStatus.CANCELLED


REFUSALS = [
    (_closes_passed, "Registration for this session has closed."),
    (_started, "Registration has closed: the session has started."),
    (_opens_later, "Registration opens on"),
    (_cancelled, "This session has been cancelled."),
]


@pytest.mark.parametrize(
    ("change", "reason"), REFUSALS, ids=["closed", "started", "not-open-yet", "cancelled"]
)
def test_registration_create_refuses_when_registration_is_not_open(session, change, reason):
    change(session)
    session.save()

    with pytest.raises(ValidationError) as refused:
        register(session)

    assert refused.value.code == "closed"
    assert refused.value.messages[0].startswith(reason)
    assert statuses(session) == []


@pytest.mark.parametrize(
    ("status", "visibility"),
    [(ProgrammeStatus.DRAFT, Visibility.PUBLIC), (ProgrammeStatus.PUBLISHED, Visibility.MEMBERS)],
    ids=["draft", "members-only"],
)
def test_registration_create_refuses_a_programme_the_person_cannot_see(db, status, visibility):
    hidden = SessionFactory(programme=ProgrammeFactory(status=status, visibility=visibility))

    with pytest.raises(ValidationError) as refused:
        register(hidden, UserFactory())  # signed in, but a member of nothing

    assert refused.value.code == "not_visible"
    assert statuses(hidden) == []


def test_members_only_programme_accepts_a_member(db):
    hidden = SessionFactory(programme=ProgrammeFactory(visibility=Visibility.MEMBERS))

    registration = register(hidden, MembershipFactory().user)

    assert registration.status == CONFIRMED


def test_cancelling_a_seat_promotes_the_first_waitlisted_person(session, django_capture_on_commit_callbacks):
    seated, _other = register(session), register(session)
    first_waiting, second_waiting = register(session), register(session)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cancelled = registration_cancel(registration=seated, by=seated.user, site_url=SITE)

    assert cancelled.status == CANCELLED
    assert cancelled.cancelled_at is not None
    assert Registration.objects.get(pk=first_waiting.pk).status == CONFIRMED
    assert Registration.objects.get(pk=second_waiting.pk).status == WAITLISTED
    assert set(Reminder.objects.filter(registration=seated).values_list("state", flat=True)) == {
        DeliveryState.CANCELLED
    }
    assert Reminder.objects.filter(registration=first_waiting, state=DeliveryState.PENDING).count() == 2
    (message,) = mail.outbox
    assert message.to == [first_waiting.user.email]
    assert message.subject == "You have a seat: Culture of digitalisation"
    assert "https://meet.example.org/secret-room" in message.body


def test_leaving_the_waiting_list_promotes_nobody(session):
    register(session), register(session)
    first_waiting, second_waiting = register(session), register(session)

    registration_cancel(registration=first_waiting, by=first_waiting.user, site_url=SITE)

    assert Registration.objects.get(pk=second_waiting.pk).status == WAITLISTED


def test_cancelling_twice_changes_nothing(session):
    seated = register(session)
    registration_cancel(registration=seated, by=seated.user, site_url=SITE)
    cancelled_at = Registration.objects.get(pk=seated.pk).cancelled_at

    again = registration_cancel(registration=seated, by=seated.user, site_url=SITE)

    assert again.status == CANCELLED
    assert again.cancelled_at == cancelled_at


def test_cancelling_after_the_start_is_refused_but_staff_may_remove(session):
    seated = register(session)
    register(session), register(session)  # one seated, one waiting
    session.starts_at = timezone.now() - timedelta(minutes=5)
    session.save()

    with pytest.raises(ValidationError) as refused:
        registration_cancel(registration=seated, by=seated.user, site_url=SITE)
    removed = registration_remove(registration=seated, by=UserFactory(is_superuser=True), site_url=SITE)

    assert refused.value.code == "started"
    assert removed.status == CANCELLED
    assert statuses(session) == [CANCELLED, CONFIRMED, WAITLISTED]  # nobody promoted into a past session


def test_programme_register_takes_every_open_upcoming_session(db):
    programme = ProgrammeFactory()
    open_sessions = [SessionFactory(programme=programme, capacity=1) for _ in range(2)]
    SessionFactory(programme=programme, starts_at=timezone.now() - timedelta(days=1))
    SessionFactory(programme=programme, status=SessionStatus.CANCELLED)
    SessionFactory(programme=programme, registration_opens_at=timezone.now() + timedelta(days=1))
    register(open_sessions[1])  # its only seat is taken
    person = UserFactory()

    places = programme_register(programme=programme, user=person, site_url=SITE)

    assert [(p.session_id, p.status) for p in places] == [
        (open_sessions[0].pk, CONFIRMED),
        (open_sessions[1].pk, WAITLISTED),
    ]
    assert Registration.objects.filter(user=person).count() == 2


def test_programme_register_refuses_a_hidden_programme(db):
    programme = ProgrammeFactory(status=ProgrammeStatus.DRAFT)
    SessionFactory(programme=programme)

    with pytest.raises(ValidationError):
        programme_register(programme=programme, user=UserFactory(), site_url=SITE)

    assert not Registration.objects.exists()


def test_staff_may_add_after_registration_closed_but_not_to_a_cancelled_session(session):
    session.registration_closes_at = timezone.now() - timedelta(hours=1)
    session.save()
    staff = UserFactory(is_superuser=True)

    added = registration_add(session=session, user=UserFactory(), by=staff, site_url=SITE)
    session.status = SessionStatus.CANCELLED
    session.save()
    with pytest.raises(ValidationError):
        registration_add(session=session, user=UserFactory(), by=staff, site_url=SITE)

    assert added.status == CONFIRMED


def test_raising_the_capacity_fills_the_new_seats_from_the_waiting_list(session):
    register(session), register(session)
    waiting = [register(session) for _ in range(3)]
    session.capacity = 4
    session.save()

    promoted = session_waitlist_fill(session=session, site_url=SITE)

    assert [r.pk for r in promoted] == [waiting[0].pk, waiting[1].pk]
    assert Registration.objects.get(pk=waiting[2].pk).status == WAITLISTED


def test_attendance_set_records_and_refuses_cancelled(session):
    seated, gone = register(session), register(session)
    registration_cancel(registration=gone, by=gone.user, site_url=SITE)
    started(session)

    marked = attendance_set(registration=seated, attended=True, by=UserFactory())
    with pytest.raises(ValidationError):
        attendance_set(registration=gone, attended=True, by=UserFactory())

    assert marked.attended is True
    assert Registration.objects.get(pk=gone.pk).attended is None


def test_the_email_task_sends_nothing_for_a_place_that_changed(session):
    seated = register(session)
    registration_cancel(registration=seated, by=seated.user, site_url=SITE)
    mail.outbox.clear()

    send_registration_email.delay(registration_id=seated.pk, kind="confirmed", site_url=SITE)
    send_registration_email.delay(registration_id=seated.pk + 999, kind="confirmed", site_url=SITE)
    send_registration_email.delay(registration_id=seated.pk, kind="unknown", site_url=SITE)

    assert mail.outbox == []


def test_the_confirmation_is_written_in_the_persons_time_zone(session, django_capture_on_commit_callbacks):
    session.starts_at = timezone.make_aware(timezone.datetime(2031, 3, 30, 8, 0), timezone.UTC)
    session.save()
    person = UserFactory(time_zone="Europe/Helsinki")

    with django_capture_on_commit_callbacks(execute=True):
        register(session, person)

    (message,) = mail.outbox
    assert "11:00–13:00 (Europe/Helsinki)" in message.body


# --- Register and cancel pages ------------------------------------------------------------------------


def test_register_without_javascript_redirects_with_a_message(client, session):
    person = UserFactory()
    client.force_login(person)

    response = client.post(
        reverse("sessions_app:session_register", args=[session.programme.slug, session.number])
    )

    assert response.status_code == 302
    assert response.url == session.get_absolute_url()
    assert Registration.objects.get(user=person).status == CONFIRMED
    followed = client.get(reverse("sessions_app:my_sessions"))
    assert "You are registered for “Culture of digitalisation”." in followed.content.decode()


def test_register_goes_back_to_a_safe_next_page_only(client, session):
    client.force_login(UserFactory())
    url = reverse("sessions_app:session_register", args=[session.programme.slug, session.number])

    inside = client.post(url, {"next": "/me/sessions/"})
    outside = client.post(
        reverse("sessions_app:session_cancel_registration", args=[session.programme.slug, session.number]),
        {"next": "https://evil.example/"},
    )

    assert inside.url == "/me/sessions/"
    assert outside.url == session.get_absolute_url()


def test_register_with_htmx_answers_the_registration_box(client, session):
    register(session), register(session)
    client.force_login(UserFactory())
    url = reverse("sessions_app:session_register", args=[session.programme.slug, session.number])

    response = client.post(url, **HTMX)

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert f'id="registration-{session.pk}"' in page
    assert "You are number 1 on the waiting list." in page
    assert "Leave the waiting list" in page


def test_registering_on_the_session_page_shows_the_meeting_link_at_once(client, session):
    client.force_login(UserFactory())
    url = reverse("sessions_app:session_register", args=[session.programme.slug, session.number])
    page_url = f"http://testserver{session.get_absolute_url()}"
    before = client.get(session.get_absolute_url()).text

    on_its_page = client.post(url, HTTP_HX_CURRENT_URL=page_url, **HTMX).text
    client.post(
        reverse("sessions_app:session_cancel_registration", args=[session.programme.slug, session.number])
    )
    elsewhere = client.post(url, HTTP_HX_CURRENT_URL="http://testserver/me/sessions/", **HTMX).text

    assert "The link is shown to confirmed participants." in before
    assert f'<dd id="meeting-{session.pk}" hx-swap-oob="true">' in on_its_page
    assert session.meeting_url in on_its_page
    assert "hx-swap-oob" not in elsewhere  # no meeting link on that page to update


def test_the_registration_box_offers_the_waiting_list_when_full(client, session):
    register(session), register(session)
    person = UserFactory()
    client.force_login(person)
    cancel_url = reverse(
        "sessions_app:session_cancel_registration", args=[session.programme.slug, session.number]
    )

    page = client.post(cancel_url, **HTMX).content.decode()  # not registered: nothing to cancel

    assert "You are not registered for this session." in page
    assert "All seats are taken." in page
    assert "Join the waiting list" in page
    assert "Registration closes" in page


def test_cancel_with_htmx_frees_the_seat(client, session):
    person = UserFactory()
    seat = register(session, person)
    client.force_login(person)
    url = reverse("sessions_app:session_cancel_registration", args=[session.programme.slug, session.number])

    page = client.post(url, **HTMX).content.decode()

    assert "Your registration is cancelled." in page
    assert "2 seats left." in page
    assert Registration.objects.get(pk=seat.pk).status == CANCELLED


def test_register_when_closed_shows_the_reason(client, session):
    session.registration_closes_at = timezone.now() - timedelta(minutes=1)
    session.save()
    client.force_login(UserFactory())
    url = reverse("sessions_app:session_register", args=[session.programme.slug, session.number])

    page = client.post(url, **HTMX).content.decode()

    assert "message-error" in page
    assert "Registration for this session has closed." in page
    assert not Registration.objects.exists()


def test_register_get_goes_to_the_session_page(client, session):
    client.force_login(UserFactory())

    response = client.get(
        reverse("sessions_app:session_register", args=[session.programme.slug, session.number])
    )

    assert response.status_code == 302
    assert response.url == session.get_absolute_url()
    assert not Registration.objects.exists()


def test_programme_register_page_reports_what_happened(client, db):
    programme = ProgrammeFactory()
    full = SessionFactory(programme=programme, capacity=1)
    SessionFactory(programme=programme)
    register(full)
    client.force_login(UserFactory())

    client.post(reverse("sessions_app:programme_register", args=[programme.slug]))

    page = client.get(reverse("sessions_app:my_sessions")).content.decode()
    assert "You are registered for 1 session. For 1 session you are on the waiting list." in page


def test_programme_register_page_with_nothing_open(client, db):
    programme = ProgrammeFactory()
    client.force_login(UserFactory())

    response = client.post(reverse("sessions_app:programme_register", args=[programme.slug]), follow=False)
    page = client.get(reverse("sessions_app:my_sessions")).content.decode()

    assert response.url == programme.get_absolute_url()
    assert "No session of this programme is open for registration." in page


# --- My sessions --------------------------------------------------------------------------------------


def test_my_sessions_lists_upcoming_and_past_with_waitlist_positions(client, session):
    person = UserFactory()
    register(session), register(session), register(session)
    register(session, person)  # number 2 on the waiting list
    past = SessionFactory(title="Training to upskill", starts_at=timezone.now() - timedelta(days=30))
    RegistrationFactory(session=past, user=person, attended=True)
    other = RegistrationFactory(user=UserFactory())  # somebody else's
    client.force_login(person)

    page = client.get(reverse("sessions_app:my_sessions")).content.decode()

    assert "Culture of digitalisation" in page
    assert "You are number 2 on the waiting list." in page
    assert "Training to upskill" in page
    assert other.session.title not in page
    assert "Get my calendar address" in page


@pytest.mark.parametrize("size", [1, 6])
def test_my_sessions_query_count_does_not_grow(client, db, django_assert_num_queries, size):
    person = UserFactory()
    for _ in range(size):
        RegistrationFactory(user=person)
        RegistrationFactory(user=person, status=WAITLISTED)
    client.force_login(person)

    with django_assert_num_queries(4):  # login session, user, registrations, calendar feed
        client.get(reverse("sessions_app:my_sessions"))


# --- Staff: registrants, attendance, CSV --------------------------------------------------------------


@pytest.fixture
def staffed(db):
    """A session of a programme organised by a federation, with its staff and three registrants."""
    federation = FederationFactory(name="Lega Test")
    staff = MembershipFactory(organisation=federation, role=MembershipRole.STAFF).user
    session = SessionFactory(programme=ProgrammeFactory(organiser=federation), capacity=1)
    coop = OrganisationFactory(name="Coop Malta", country="MT")
    ana = MembershipFactory(organisation=coop, user=UserFactory(full_name="Ana Borg")).user
    ben = MembershipFactory(
        organisation=OrganisationFactory(name="=cmd|' /C calc'!A0", country="FI"), role=MembershipRole.STAFF
    ).user
    seated, waiting = register(session, ana), register(session, ben)
    return {"session": session, "staff": staff, "seated": seated, "waiting": waiting}


def staff_url(name: str, session, *args) -> str:
    return reverse(f"sessions_app:{name}", args=[session.programme.slug, session.number, *args])


def test_registration_list_shows_organisation_country_and_role(client, staffed):
    client.force_login(staffed["staff"])
    before = client.get(staff_url("registration_list", staffed["session"])).text
    started(staffed["session"])

    page = client.get(staff_url("registration_list", staffed["session"])).content.decode()

    assert "Ana Borg" in page
    assert "Coop Malta" in page
    assert "Malta" in page
    assert "Finland" in page
    assert "Staff" in page
    assert 'aria-pressed="false"' in page
    assert "aria-pressed" not in before  # attendance is taken once the session has started
    assert "1 of 1 seats" in page


@pytest.mark.parametrize("size", [2, 8])
def test_registration_list_query_count_does_not_grow(client, db, django_assert_num_queries, size):
    federation = FederationFactory()
    staff = MembershipFactory(organisation=federation, role=MembershipRole.STAFF).user
    session = SessionFactory(programme=ProgrammeFactory(organiser=federation))
    for _ in range(size):
        RegistrationFactory(session=session, user=MembershipFactory().user)
    client.force_login(staff)

    # login session, user, session, co-hosts, staff memberships, registrants, counts
    with django_assert_num_queries(7):
        client.get(staff_url("registration_list", session))


def test_attendance_toggle_with_htmx_answers_the_row(client, staffed):
    started(staffed["session"])
    client.force_login(staffed["staff"])
    seated = staffed["seated"]

    response = client.post(
        staff_url("attendance_toggle", staffed["session"], seated.pk), {"attended": "true"}, **HTMX
    )

    page = response.content.decode()
    assert page.strip().startswith(f'<tr id="registrant-{seated.pk}"')
    assert 'aria-pressed="true"' in page
    assert Registration.objects.get(pk=seated.pk).attended is True


def test_attendance_toggle_without_javascript_flips_and_redirects(client, staffed):
    started(staffed["session"])
    client.force_login(staffed["staff"])
    seated = staffed["seated"]
    url = staff_url("attendance_toggle", staffed["session"], seated.pk)

    first = client.post(url)
    client.post(url)

    assert first.url == staff_url("registration_list", staffed["session"])
    assert Registration.objects.get(pk=seated.pk).attended is False


def test_attendance_before_the_session_starts_is_refused_and_not_offered(client, session):
    seated = register(session)

    with pytest.raises(ValidationError, match="once the session has started"):
        attendance_set(registration=seated, attended=True, by=UserFactory())
    with pytest.raises(ValidationError, match="once the session has started"):
        attendance_set(registration=seated, attended=False, by=UserFactory())  # nor "absent"
    attendance_set(registration=seated, attended=None, by=UserFactory())  # "not recorded" always
    started(session)
    attendance_set(registration=seated, attended=True, by=UserFactory())

    assert Registration.objects.get(pk=seated.pk).attended is True


def test_a_waiting_list_place_cannot_be_marked_attended(client, staffed):
    started(staffed["session"])
    client.force_login(staffed["staff"])
    waiting = staffed["waiting"]

    page = client.get(staff_url("registration_list", staffed["session"])).text
    fragment = client.post(
        staff_url("attendance_toggle", staffed["session"], waiting.pk), {"attended": "true"}, **HTMX
    ).text

    assert f'id="attendance-{staffed["seated"].pk}"' in page
    assert f'id="attendance-{waiting.pk}"' not in page  # no toggle offered
    assert "Only confirmed participants can be marked as attended." in fragment
    assert Registration.objects.get(pk=waiting.pk).attended is None


def test_attendance_of_a_cancelled_registration_is_refused(client, staffed):
    client.force_login(staffed["staff"])
    seated = staffed["seated"]
    registration_cancel(registration=seated, by=seated.user, site_url=SITE)
    url = staff_url("attendance_toggle", staffed["session"], seated.pk)

    fragment = client.post(url, {"attended": "true"}, **HTMX).content.decode()
    client.post(url, {"attended": "true"})

    assert "This registration was cancelled." in fragment
    assert Registration.objects.get(pk=seated.pk).attended is None


def test_staff_add_a_person_by_email(client, staffed):
    client.force_login(staffed["staff"])
    newcomer = UserFactory(email="newcomer@example.org")

    response = client.post(
        staff_url("registration_add", staffed["session"]), {"email": "NEWCOMER@example.org"}
    )

    assert response.status_code == 302
    assert Registration.objects.get(user=newcomer).status == WAITLISTED


def test_staff_add_an_unknown_address_shows_the_form_again(client, staffed):
    client.force_login(staffed["staff"])

    response = client.post(staff_url("registration_add", staffed["session"]), {"email": "nobody@example.org"})

    assert response.status_code == 200
    assert "Nobody with this e-mail address has an account." in response.content.decode()


def test_staff_add_to_a_cancelled_session_shows_why(client, staffed):
    staffed["session"].status = SessionStatus.CANCELLED
    staffed["session"].save()
    client.force_login(staffed["staff"])

    response = client.post(staff_url("registration_add", staffed["session"]), {"email": UserFactory().email})

    assert "This session has been cancelled." in response.content.decode()


def test_staff_remove_promotes_the_waiting_person(client, staffed, django_capture_on_commit_callbacks):
    client.force_login(staffed["staff"])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(staff_url("registration_remove", staffed["session"], staffed["seated"].pk))

    assert response.status_code == 302
    assert Registration.objects.get(pk=staffed["waiting"].pk).status == CONFIRMED
    assert [m.to for m in mail.outbox] == [[staffed["waiting"].user.email]]


def test_removing_someone_asks_first_and_then_shows_the_list_again(client, staffed):
    client.force_login(staffed["staff"])
    seated = staffed["seated"]
    seated.user.full_name = 'Ana "the host" Borg'
    seated.user.save()
    url = staff_url("registration_remove", staffed["session"], seated.pk)

    page = client.get(staff_url("registration_list", staffed["session"])).text
    response = client.post(url, **HTMX)

    assert (
        f'hx-post="{url}" hx-confirm="Remove Ana &quot;the host&quot; Borg from this session? If they had a '
        'seat, the first person on the waiting list gets it and an e-mail."' in page
    )
    assert response["HX-Redirect"] == staff_url("registration_list", staffed["session"])
    assert Registration.objects.get(pk=seated.pk).status == RegistrationStatus.CANCELLED


def test_a_registration_of_another_session_is_not_found(client, staffed):
    client.force_login(staffed["staff"])
    stranger = RegistrationFactory()

    response = client.post(staff_url("attendance_toggle", staffed["session"], stranger.pk))

    assert response.status_code == 404


def test_registration_csv_streams_a_spreadsheet_safe_table(client, staffed):
    client.force_login(staffed["staff"])

    response = client.get(staff_url("registration_csv", staffed["session"]))

    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["Name", "E-mail", "Organisation", "Country", "Role", "Status", "Attended"]
    assert rows[1][2:] == ["Coop Malta", "Malta", "Member", "Confirmed", ""]
    assert rows[2][2] == "'=cmd|' /C calc'!A0"
    assert rows[2][3:6] == ["Finland", "Staff", "On the waiting list"]
    assert len(rows) == 3


def test_attendance_set_to_the_same_value_writes_nothing(session):
    seated = register(session)
    started(session)
    marked = attendance_set(registration=seated, attended=True, by=UserFactory())

    again = attendance_set(registration=seated, attended=True, by=UserFactory())

    assert again.updated_at == marked.updated_at


def test_the_email_falls_back_to_the_organisers_zone(session, django_capture_on_commit_callbacks):
    session.starts_at = timezone.make_aware(timezone.datetime(2031, 3, 30, 8, 0), timezone.UTC)
    session.save()

    with django_capture_on_commit_callbacks(execute=True):
        register(session, UserFactory(time_zone="Mars/Olympus_Mons"))

    assert "10:00–12:00 (Europe/Rome)" in mail.outbox[0].body


def test_the_registration_box_asks_anonymous_visitors_to_sign_in(rf, session):
    request = rf.get(session.get_absolute_url())
    request.user = AnonymousUser()
    context = {"session": session, "programme": session.programme, "request": request, "user": request.user}

    page = render_to_string(
        "sessions_app/_session_registration.html",
        context | registration_context(user=request.user, session=session),
    )

    assert "Sign in to register" in page
    assert "2 seats left." not in page


def test_the_session_page_has_the_registration_box(client, session):
    client.force_login(UserFactory())

    page = client.get(session.get_absolute_url()).content.decode()

    assert f'id="registration-{session.pk}"' in page
    assert reverse("sessions_app:session_register", args=[session.programme.slug, session.number]) in page


@pytest.mark.parametrize("name", ["session_cancel_registration", "programme_register"])
def test_action_urls_opened_with_get_go_back_to_the_page(client, session, name):
    client.force_login(UserFactory())
    args = [session.programme.slug] + ([session.number] if name.startswith("session") else [])

    response = client.get(reverse(f"sessions_app:{name}", args=args))

    assert response.status_code == 302
    assert response.url in {session.get_absolute_url(), session.programme.get_absolute_url()}
