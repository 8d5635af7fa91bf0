"""Feedback: one answer per person and session (a second one replaces it); staff see the results."""

import threading
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.db import connection, connections
from django.urls import reverse

from sessions_app.enums import RegistrationStatus
from sessions_app.models import Feedback, Registration
from sessions_app.services import feedback as feedback_services
from tests.factories.members import UserFactory
from tests.sessions_app.test_reminders import make_session
from tests.sessions_app.test_summaries import past_session, registrant, staff_of


def url(name, session):
    return reverse(f"sessions_app:{name}", args=[session.programme.slug, session.number])


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def session(db):
    return past_session()


@pytest.fixture
def person(session):
    return registrant(session, "ana@example.org").user


def test_the_form_asks_a_rating_in_a_fieldset(client, session, person):
    client.force_login(person)

    page = client.get(url("feedback_create", session)).content.decode()

    assert "<fieldset" in page
    assert "<legend>How useful was this session for you?</legend>" in page
    assert page.count('type="radio" name="rating"') == 5
    assert 'aria-describedby="id_rating_helptext"' in page


def test_feedback_is_recorded_once_and_a_second_answer_replaces_it(client, session, person):
    client.force_login(person)

    first = client.post(url("feedback_create", session), {"rating": "4", "comment": "Useful"})
    page = client.get(url("feedback_create", session)).content.decode()
    second = client.post(url("feedback_create", session), {"rating": "2", "comment": ""})

    assert first.status_code == second.status_code == 302
    assert first.url == session.get_absolute_url()
    assert messages_of(first) == ["Thank you for your feedback."]
    assert "You have already given feedback on this session." in page
    assert messages_of(second) == ["Your feedback was updated: only your latest answer counts."]
    feedback = Feedback.objects.get()
    assert (feedback.rating, feedback.comment, feedback.user) == (2, "", person)


@pytest.mark.parametrize("rating", ["0", "6", "five", ""], ids=["zero", "six", "word", "empty"])
def test_a_rating_outside_1_to_5_is_refused(client, session, person, rating):
    client.force_login(person)

    response = client.post(url("feedback_create", session), {"rating": rating, "comment": "x"})

    assert response.status_code == 200
    assert "rating" in response.context["form"].errors
    assert Feedback.objects.count() == 0


def test_an_attendee_whose_place_was_later_cancelled_may_still_answer(client, session):
    registration = registrant(session, "ana@example.org", status=RegistrationStatus.CANCELLED)
    Registration.objects.filter(pk=registration.pk).update(attended=True)
    client.force_login(registration.user)

    assert client.get(url("feedback_create", session)).status_code == 200


@pytest.mark.parametrize("status", [RegistrationStatus.WAITLISTED, RegistrationStatus.CANCELLED, None])
def test_people_who_were_not_there_cannot_answer(client, session, status):
    user = registrant(session, "x@example.org", status=status).user if status else UserFactory()
    client.force_login(user)

    response = client.post(url("feedback_create", session), {"rating": "5"})

    assert response.status_code == 403
    assert Feedback.objects.count() == 0


def test_an_anonymous_visitor_has_no_registration_to_answer_with(session, person):
    assert feedback_services.feedback_registration(user=AnonymousUser(), session=session) is None
    assert feedback_services.feedback_registration(user=person, session=session).user == person


def test_feedback_opens_when_the_session_starts(client, db):
    session = make_session(starts_in=timedelta(days=1))
    client.force_login(registrant(session, "ana@example.org").user)

    response = client.post(url("feedback_create", session), {"rating": "5"})

    assert response.status_code == 200
    assert "Feedback opens when the session starts." in response.content.decode()
    assert Feedback.objects.count() == 0


def test_results_show_average_distribution_and_comments(client, session):
    for rating, comment in [(5, "Great"), (4, "<script>alert(1)</script>"), (4, ""), (1, "Too long")]:
        Feedback.objects.create(session=session, user=UserFactory(), rating=rating, comment=comment)
    client.force_login(staff_of(session))

    response = client.get(url("feedback_results", session))

    page = response.content.decode()
    results = response.context["results"]
    assert (results.count, results.average) == (4, 3.5)
    assert [(share.rating, share.count, share.percent) for share in results.distribution] == [
        (5, 1, 25), (4, 2, 50), (3, 0, 0), (2, 0, 0), (1, 1, 25)
    ]  # fmt: skip
    assert [feedback.comment for feedback in results.comments] == [
        "Too long", "<script>alert(1)</script>", "Great"
    ]  # fmt: skip
    assert "<strong>3.5</strong> out of 5, from 4 answers." in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


def test_results_without_feedback_say_so(client, session):
    client.force_login(staff_of(session))

    response = client.get(url("feedback_results", session))

    assert response.context["results"].average is None
    assert "No feedback yet." in response.content.decode()


def test_results_queries_do_not_grow_with_answers(client, session, django_assert_num_queries):
    client.force_login(staff_of(session))
    target = url("feedback_results", session)
    client.get(target)
    for size in (2, 12):
        for number in range(size - Feedback.objects.count()):
            Feedback.objects.create(session=session, user=UserFactory(), rating=1 + number % 5, comment="c")
        with django_assert_num_queries(7):
            assert client.get(target).status_code == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_answers_at_the_same_instant_leave_one_row():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite cannot run two writers at once")
    session = past_session()
    person = registrant(session, "ana@example.org").user
    start = threading.Barrier(2)
    outcomes = []

    def answer(rating):
        try:
            start.wait()
            outcomes.append(
                feedback_services.feedback_submit(session=session, user=person, rating=rating, comment="")[1]
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer, args=(rating,)) for rating in (2, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == [False, True]
    assert Feedback.objects.count() == 1
