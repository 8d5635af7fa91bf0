"""Summaries: staff write and publish; every registrant gets the e-mail once, attendees first."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from members.enums import MembershipRole
from practices.enums import PracticeStatus
from practices.models import Practice
from sessions_app.enums import DeliveryState, RegistrationStatus, SessionStatus
from sessions_app.models import Registration, Session, Summary, SummaryDelivery
from sessions_app.services import reminder_sending, summaries
from sessions_app.tasks import send_summary_deliveries, send_summary_delivery
from tests.factories.members import MembershipFactory, UserFactory
from tests.factories.practices import PracticeFactory
from tests.sessions_app.test_reminders import make_session


def past_session(**fields) -> Session:
    return make_session(starts_at=timezone.now() - timedelta(days=1), **fields)


def registrant(session, email, status=RegistrationStatus.CONFIRMED, **fields) -> Registration:
    return Registration.objects.create(
        session=session, user=UserFactory(email=email, **fields), status=status
    )


def staff_of(session):
    return MembershipFactory(organisation=session.programme.organiser, role=MembershipRole.STAFF).user


def write(session, **fields) -> Summary:
    values = {"body": "We talked about **tools**.", "takeaways": "- Train people", "practices": [],
              "recording_url": "", "by": staff_of(session)}  # fmt: skip
    return summaries.summary_save(session=session, **{**values, **fields})


def publish(summary, capture) -> int:
    with capture(execute=True):
        return summaries.summary_publish(summary=summary, by=None)


# Saving ---------------------------------------------------------------------------------------------


def test_saving_sets_the_summary_practices_and_recording(db):
    session = past_session()
    practice = PracticeFactory(title="Digital onboarding")

    summary = write(session, practices=[practice], recording_url="https://video.example.org/1")
    write(session, body="Changed.", practices=[practice], recording_url="https://video.example.org/1")

    summary.refresh_from_db()
    session.refresh_from_db()
    assert Summary.objects.count() == 1
    assert summary.body == "Changed."
    assert list(session.practices.all()) == [practice]
    assert session.recording_url == "https://video.example.org/1"
    assert summary.published_at is None


# Publishing and delivering ---------------------------------------------------------------------------


def test_publish_emails_each_registrant_once_attendees_first(db, django_capture_on_commit_callbacks):
    session = past_session()
    registrant(session, "confirmed@example.org")
    attended = registrant(session, "attended@example.org")
    Registration.objects.filter(pk=attended.pk).update(attended=True)
    registrant(session, "waiting@example.org", status=RegistrationStatus.WAITLISTED)
    registrant(session, "cancelled@example.org", status=RegistrationStatus.CANCELLED)
    registrant(session, "quiet@example.org", notify_session_summaries=False)
    summary = write(session)

    added = publish(summary, django_capture_on_commit_callbacks)

    assert added == 2
    assert [message.to for message in mail.outbox] == [["attended@example.org"], ["confirmed@example.org"]]
    assert {message.subject for message in mail.outbox} == {f"Summary: {session.title}"}
    assert dict(SummaryDelivery.objects.values_list("registration__user__email", "priority")) == {
        "attended@example.org": 0,
        "confirmed@example.org": 1,
    }
    assert set(SummaryDelivery.objects.values_list("state", flat=True)) == {DeliveryState.SENT}
    summary.refresh_from_db()
    assert summary.published_at is not None


def test_publishing_again_only_emails_people_added_since(db, django_capture_on_commit_callbacks):
    session = past_session()
    registrant(session, "first@example.org")
    summary = write(session)
    publish(summary, django_capture_on_commit_callbacks)
    first_published = Summary.objects.get().published_at

    again = publish(summary, django_capture_on_commit_callbacks)
    registrant(session, "late@example.org")
    later = publish(summary, django_capture_on_commit_callbacks)

    assert (again, later) == (0, 1)
    assert [message.to for message in mail.outbox] == [["first@example.org"], ["late@example.org"]]
    assert Summary.objects.get().published_at == first_published


def test_the_summary_email_carries_the_summary_and_its_links(db, django_capture_on_commit_callbacks):
    session = past_session()
    registrant(session, "ana@example.org", time_zone="Europe/Helsinki")
    practice = PracticeFactory(title="Digital onboarding", slug="digital-onboarding")
    summary = write(session, practices=[practice], recording_url="https://video.example.org/1")

    publish(summary, django_capture_on_commit_callbacks)

    body = mail.outbox[0].body
    slug = session.programme.slug
    assert "We talked about **tools**." in body
    assert "- Train people" in body
    assert "Digital onboarding: http://localhost:8000/practices/digital-onboarding/" in body
    assert "Recording: https://video.example.org/1" in body
    assert f"http://localhost:8000/programmes/{slug}/sessions/1/feedback/" in body
    assert "(Europe/Helsinki)" in body


@pytest.mark.parametrize("when", ["future", "cancelled"])
def test_publishing_is_refused_before_the_session_or_when_cancelled(db, when):
    if when == "future":
        session = make_session(starts_in=timedelta(days=1))
    else:
        session = past_session(status=SessionStatus.CANCELLED)
    registrant(session, "ana@example.org")
    summary = write(session)

    with pytest.raises(ValidationError) as refused:
        summaries.summary_publish(summary=summary, by=None)

    assert refused.value.code == {"future": "early", "cancelled": "cancelled"}[when]
    assert Summary.objects.get().published_at is None
    assert SummaryDelivery.objects.count() == 0
    assert mail.outbox == []


def test_a_delivery_stuck_in_sending_is_retried_after_the_timeout(db, settings):
    settings.REMINDER_CLAIM_TIMEOUT = 300
    session = past_session()
    registration = registrant(session, "ana@example.org")
    summary = write(session)
    Summary.objects.filter(pk=summary.pk).update(published_at=timezone.now())
    SummaryDelivery.objects.create(registration=registration)
    now = timezone.now()
    # Claimed by a worker that died: nothing sent, the row stays "sending".
    reminder_sending.claim_batch(SummaryDelivery.objects.order_by("pk"), now=now)

    early = summaries.summary_deliveries_sweep(now=now + timedelta(seconds=299))
    late = summaries.summary_deliveries_sweep(now=now + timedelta(seconds=301))
    again = send_summary_deliveries.delay().get()

    assert (early, late, again) == (0, 1, 0)
    assert [message.to for message in mail.outbox] == [["ana@example.org"]]
    delivery = SummaryDelivery.objects.get()
    assert (delivery.state, delivery.attempts) == (DeliveryState.SENT, 2)
    assert send_summary_delivery.delay(delivery_id=delivery.pk, attempt=2).get() is False


@pytest.mark.parametrize("change", ["opted_out", "cancelled", "unpublished"])
def test_a_delivery_nobody_wants_any_more_is_cancelled(db, change):
    session = past_session()
    registration = registrant(session, "ana@example.org")
    summary = write(session)
    Summary.objects.filter(pk=summary.pk).update(published_at=timezone.now())
    SummaryDelivery.objects.create(registration=registration)
    if change == "opted_out":
        type(registration.user).objects.update(notify_session_summaries=False)
    elif change == "cancelled":
        Registration.objects.update(status=RegistrationStatus.CANCELLED)
    else:
        Summary.objects.update(published_at=None)

    send_summary_deliveries.delay().get()

    assert mail.outbox == []
    assert SummaryDelivery.objects.get().state == DeliveryState.CANCELLED


# Pages ----------------------------------------------------------------------------------------------


def summary_url(name, session):
    return reverse(f"sessions_app:{name}", args=[session.programme.slug, session.number])


def test_staff_write_a_summary_and_tick_the_practices(client, db):
    session = past_session()
    presented, other = PracticeFactory(title="Presented"), PracticeFactory(title="Other")
    PracticeFactory(title="Still a draft", status=PracticeStatus.DRAFT)
    client.force_login(staff_of(session))

    page = client.get(summary_url("summary_edit", session)).content.decode()
    response = client.post(
        summary_url("summary_edit", session),
        {"body": "Notes", "takeaways": "", "practices": [presented.pk],
         "recording_url": "https://video.example.org/9"},
    )  # fmt: skip

    assert "<legend>Practices presented:</legend>" in page
    assert "Presented" in page
    assert "Other" in page
    assert "Still a draft" not in page
    assert response.status_code == 302
    assert response.url == summary_url("summary_edit", session)
    assert list(session.practices.all()) == [presented]
    assert other not in session.practices.all()
    assert Summary.objects.get().body == "Notes"


def test_an_empty_summary_is_refused_with_the_reason(client, db):
    session = past_session()
    client.force_login(staff_of(session))

    response = client.post(summary_url("summary_edit", session), {"body": "", "recording_url": "not a link"})

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"body", "recording_url"}
    assert Summary.objects.count() == 0


def test_publish_page_action_publishes_and_says_how_many(client, db, django_capture_on_commit_callbacks):
    session = past_session()
    registrant(session, "ana@example.org")
    write(session)
    client.force_login(staff_of(session))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(summary_url("summary_publish", session))
    again = client.post(summary_url("summary_publish", session))

    assert response.status_code == 302
    assert response.url == session.get_absolute_url()
    texts = [str(message) for message in get_messages(again.wsgi_request)]
    assert texts[0] == "Summary published; it is being e-mailed to 1 person."
    assert texts[1] == "The summary was already published; everyone registered has been e-mailed."
    assert len(mail.outbox) == 1


def test_editing_a_published_summary_says_nobody_is_emailed_again(client, db):
    session = past_session()
    registrant(session, "ana@example.org")
    Summary.objects.filter(pk=write(session).pk).update(published_at=timezone.now())
    client.force_login(staff_of(session))

    response = client.post(summary_url("summary_edit", session), {"body": "Corrected", "recording_url": ""})

    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Summary saved and shown at once; nobody is e-mailed again."
    ]
    assert Summary.objects.get().body == "Corrected"
    assert mail.outbox == []


@pytest.mark.parametrize("situation", ["no_summary", "future"])
def test_publish_without_a_summary_or_too_early_goes_back_to_the_form(client, db, situation):
    session = make_session(starts_in=timedelta(days=2)) if situation == "future" else past_session()
    if situation == "future":
        write(session)
    client.force_login(staff_of(session))

    response = client.post(summary_url("summary_publish", session))

    assert response.status_code == 302
    assert response.url == summary_url("summary_edit", session)
    assert not Summary.objects.filter(published_at__isnull=False).exists()


def test_publish_refuses_get(client, db):
    session = past_session()
    client.force_login(staff_of(session))

    assert client.get(summary_url("summary_publish", session)).status_code == 405


def test_an_unknown_session_is_not_found(client, db):
    session = past_session()
    client.force_login(staff_of(session))

    response = client.get(reverse("sessions_app:summary_edit", args=[session.programme.slug, 99]))

    assert response.status_code == 404


def test_summary_edit_queries_do_not_grow_with_practices(client, db, django_assert_num_queries):
    session = past_session()
    client.force_login(staff_of(session))
    url = summary_url("summary_edit", session)
    client.get(url)  # warm the per-request caches that are not the page's
    for size in (2, 12):
        for _ in range(size - Practice.objects.count()):
            PracticeFactory()
        with django_assert_num_queries(8):
            assert client.get(url).status_code == 200


# The block on the session page ------------------------------------------------------------------------


def render_block(session, *, registration=None, can_manage=False) -> str:
    session = Session.objects.select_related("programme", "summary").get(pk=session.pk)
    context = {"session": session, "programme": session.programme, "registration": registration,
               "may_manage": can_manage}  # fmt: skip
    return render_to_string("sessions_app/_session_summary.html", context)


def test_the_session_page_block_shows_a_published_summary(db):
    session = past_session(recording_url="https://video.example.org/1")
    registration = registrant(session, "ana@example.org")
    summary = write(session, body="We <script>alert(1)</script> met.", recording_url=session.recording_url)
    Summary.objects.filter(pk=summary.pk).update(published_at=timezone.now())

    for_registrant = render_block(session, registration=registration)
    for_visitor = render_block(session)

    assert "We  met." in for_registrant or "We alert(1) met." in for_registrant
    assert "<script>" not in for_registrant
    assert "Train people" in for_registrant
    assert summary_url("feedback_create", session) in for_registrant
    assert summary_url("feedback_create", session) not in for_visitor
    assert summary_url("summary_edit", session) not in for_visitor


def test_a_draft_is_shown_to_staff_only(db):
    session = past_session()
    write(session, body="Draft words")

    for_staff = render_block(session, can_manage=True)
    for_visitor = render_block(session)

    assert "Draft words" in for_staff
    assert "Draft: only staff see it" in for_staff
    assert summary_url("summary_publish", session) in for_staff
    assert for_visitor.strip().endswith('summaries.css">')
    assert "Draft words" not in for_visitor
