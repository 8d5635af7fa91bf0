"""Follow-up commitments: recording one after a session, check-in e-mails once each, answers, report."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.enums import CommitmentStatus
from assessments.models import CheckIn, Commitment
from assessments.selectors.report_section import report_section
from assessments.services import checkins
from assessments.services.commitments import add_months, checkin_answer, commitment_create
from assessments.tasks import send_checkin, send_due_checkins
from members.enums import MembershipRole
from practices.models import Adoption
from sessions_app.enums import DeliveryState, SessionStatus
from sessions_app.selectors.programmes import programme_for_page
from tests.factories.members import FederationFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.practices import PracticeFactory
from tests.factories.sessions import ProgrammeFactory, SessionFactory


def held_session(programme=None, *, practices=None, **fields):
    """A session that started yesterday, presenting ``practices`` (one new practice by default)."""
    fields.setdefault("starts_at", timezone.now() - timedelta(days=1))
    return SessionFactory(
        programme=programme or ProgrammeFactory(),
        practices=practices if practices is not None else [PracticeFactory()],
        **fields,
    )


def staff_of(organisation, **fields):
    return MembershipFactory(organisation=organisation, role=MembershipRole.STAFF, **fields).user


def commit(session=None, organisation=None, by=None, **fields) -> Commitment:
    session = session or held_session()
    organisation = organisation or OrganisationFactory(parent=FederationFactory())
    by = by or staff_of(organisation)
    return commitment_create(
        organisation=organisation,
        session=session,
        practice=fields.pop("practice", None) or session.practices.first(),
        description=fields.pop("description", "We will try the shared calendar with two teams."),
        target_date=fields.pop("target_date", timezone.localdate() + timedelta(days=60)),
        by=by,
    )


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (datetime(2026, 1, 31, 9, tzinfo=UTC), 1, datetime(2026, 2, 28, 9, tzinfo=UTC)),
        (datetime(2026, 11, 15, 9, tzinfo=UTC), 3, datetime(2027, 2, 15, 9, tzinfo=UTC)),
        (datetime(2026, 8, 31, 9, tzinfo=UTC), 6, datetime(2027, 2, 28, 9, tzinfo=UTC)),
    ],
    ids=["short-month", "year-end", "six-months"],
)
def test_add_months_keeps_the_day_or_the_months_last(start, months, expected):
    assert add_months(start, months) == expected


def test_commitment_create_arms_one_checkin_per_configured_month(db, settings):
    settings.ASSESSMENT_CHECKIN_MONTHS = [6, 3, 3]
    before = timezone.now()

    commitment = commit()

    rows = list(commitment.checkins.order_by("months"))
    assert [row.months for row in rows] == [3, 6]
    assert all(row.state == DeliveryState.PENDING for row in rows)
    assert add_months(before, 3) <= rows[0].due_at <= add_months(timezone.now(), 3)
    assert rows[0].token != rows[1].token


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("future", "not_held"),
        ("cancelled", "not_held"),
        ("other_practice", "not_presented"),
        ("member", "not_allowed"),
    ],
    ids=["not-yet-held", "cancelled", "practice-not-presented", "plain-member"],
)
def test_commitment_create_refuses(db, case, code):
    from django.core.exceptions import ValidationError

    session = held_session()
    organisation = OrganisationFactory(parent=FederationFactory())
    by = staff_of(organisation)
    practice = session.practices.first()
    if case == "future":
        session.starts_at = timezone.now() + timedelta(days=1)
    if case == "cancelled":
        session.status = SessionStatus.CANCELLED
    if case == "other_practice":
        practice = PracticeFactory()
    if case == "member":
        by = MembershipFactory(organisation=organisation).user

    with pytest.raises(ValidationError) as raised:
        commit(session, organisation, by, practice=practice)

    assert raised.value.code == code
    assert Commitment.objects.count() == 0


def test_commitment_create_view_records_and_redirects(client, db):
    session = held_session()
    cooperative = OrganisationFactory(parent=FederationFactory())
    client.force_login(staff_of(cooperative))
    url = reverse("assessments:commitment_create", args=[session.programme.slug, session.number])
    target = (timezone.localdate() + timedelta(days=90)).isoformat()

    page = client.get(url)
    response = client.post(
        url,
        {
            "organisation": cooperative.pk,
            "practice": session.practices.first().pk,
            "description": "Pilot the shared rota with the kitchen team.",
            "target_date": target,
        },
    )

    assert page.status_code == 200
    assert response.status_code == 302
    assert response.url == reverse("assessments:commitment_list")
    commitment = Commitment.objects.get()
    assert (commitment.organisation, commitment.session) == (cooperative, session)
    assert commitment.checkins.count() == 2


def test_commitment_create_view_offers_only_the_sessions_practices_and_own_organisations(client, db):
    session = held_session()
    cooperative = OrganisationFactory(parent=FederationFactory())
    someone_elses = OrganisationFactory(parent=FederationFactory())
    client.force_login(staff_of(cooperative))
    url = reverse("assessments:commitment_create", args=[session.programme.slug, session.number])

    response = client.post(
        url,
        {
            "organisation": someone_elses.pk,
            "practice": PracticeFactory().pk,
            "description": "x",
            "target_date": timezone.localdate().isoformat(),
        },
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"organisation", "practice"}
    assert Commitment.objects.count() == 0


def test_commitment_create_view_is_not_found_before_the_session(client, db):
    session = held_session(starts_at=timezone.now() + timedelta(days=3))
    client.force_login(staff_of(OrganisationFactory()))

    response = client.get(
        reverse("assessments:commitment_create", args=[session.programme.slug, session.number])
    )

    assert response.status_code == 404


def test_sweep_sends_each_due_checkin_once(db, mailoutbox, django_capture_on_commit_callbacks):
    first, second = commit(), commit()
    CheckIn.objects.filter(months=3).update(due_at=timezone.now() - timedelta(minutes=1))

    with django_capture_on_commit_callbacks(execute=True):
        sent = send_due_checkins.delay().get()
        again = checkins.checkins_sweep()
    duplicate = send_checkin.delay(checkin_id=first.checkins.get(months=3).pk, attempt=1).get()

    assert (sent, again, duplicate) == (2, 0, False)
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [first.created_by.email, second.created_by.email]
    )
    assert CheckIn.objects.filter(state=DeliveryState.SENT).count() == 2
    assert CheckIn.objects.filter(months=6, state=DeliveryState.PENDING).count() == 2
    token = first.checkins.get(months=3).token
    message = next(m for m in mailoutbox if m.to == [first.created_by.email])
    assert reverse("assessments:checkin_answer", args=[token]) in message.body
    assert first.practice.title in message.subject


def test_sweep_retries_a_claim_left_in_sending(db, mailoutbox, settings):
    settings.REMINDER_CLAIM_TIMEOUT = 60
    commitment = commit()
    checkin = commitment.checkins.get(months=3)
    stuck_at = timezone.now() - timedelta(minutes=5)
    CheckIn.objects.filter(pk=checkin.pk).update(
        due_at=stuck_at, state=DeliveryState.SENDING, claimed_at=stuck_at, attempts=1
    )

    taken_over = checkins.checkins_sweep()
    late_original = checkins.checkin_send(checkin_id=checkin.pk, attempt=1)

    assert (taken_over, late_original) == (1, False)
    assert len(mailoutbox) == 1
    checkin.refresh_from_db()
    assert (checkin.state, checkin.attempts) == (DeliveryState.SENT, 2)


@pytest.mark.parametrize(
    "settled", [CommitmentStatus.ADOPTED, CommitmentStatus.DROPPED], ids=["adopted", "dropped"]
)
def test_sweep_cancels_checkins_of_settled_commitments(db, mailoutbox, settled):
    commitment = commit()
    Commitment.objects.filter(pk=commitment.pk).update(status=settled)
    CheckIn.objects.update(due_at=timezone.now() - timedelta(minutes=1))

    assert checkins.checkins_sweep() == 0
    assert mailoutbox == []
    assert set(CheckIn.objects.values_list("state", flat=True)) == {DeliveryState.CANCELLED}


def test_checkin_send_drops_a_claim_whose_recipient_left(db, mailoutbox):
    commitment = commit()
    checkin = commitment.checkins.get(months=3)
    CheckIn.objects.filter(pk=checkin.pk).update(state=DeliveryState.SENDING, attempts=1)
    type(commitment.created_by).objects.filter(pk=commitment.created_by_id).update(is_active=False)

    assert checkins.checkin_send(checkin_id=checkin.pk, attempt=1) is False
    assert mailoutbox == []
    checkin.refresh_from_db()
    assert checkin.state == DeliveryState.CANCELLED


def test_answering_adopted_twice_records_one_adoption_and_updates(client, db):
    commitment = commit()
    url = reverse("assessments:checkin_answer", args=[commitment.checkins.get(months=3).token])

    page = client.get(url)
    first = client.post(url, {"status": "adopted", "note": "It works for both teams."})
    second = client.post(url, {"status": "adopted", "note": "Now a third team uses it."})

    assert page.status_code == 200
    assert (first.status_code, second.status_code) == (302, 302)
    commitment.refresh_from_db()
    assert (commitment.status, commitment.outcome) == (CommitmentStatus.ADOPTED, "Now a third team uses it.")
    adoption = Adoption.objects.get()
    assert (adoption.practice, adoption.organisation) == (commitment.practice, commitment.organisation)
    assert adoption.story == "It works for both teams."
    assert commitment.checkins.get(months=6).state == DeliveryState.CANCELLED
    assert commitment.checkins.get(months=3).answered_at is not None


def test_answering_started_keeps_the_later_checkin(db):
    commitment = commit()

    checkin_answer(checkin=commitment.checkins.get(months=3), status=CommitmentStatus.STARTED, note="")

    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.STARTED
    assert commitment.checkins.get(months=6).state == DeliveryState.PENDING
    assert Adoption.objects.count() == 0


def test_answer_with_an_unknown_token_is_not_found(client, db):
    response = client.get(reverse("assessments:checkin_answer", args=["no-such-token"]))

    assert response.status_code == 404


def test_answer_rejects_an_unknown_status(client, db):
    commitment = commit()
    url = reverse("assessments:checkin_answer", args=[commitment.checkins.get(months=3).token])

    response = client.post(url, {"status": "planned", "note": ""})

    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.PLANNED


def test_programme_report_shows_commitments_and_outcomes(client, db):
    programme = ProgrammeFactory(title="Digital transitions")
    session = held_session(programme)
    adopted = commit(session, description="Secret plan of the first cooperative.")
    commit(session)
    checkin_answer(checkin=adopted.checkins.get(months=3), status=CommitmentStatus.ADOPTED, note="Went well.")

    response = client.get(reverse("sessions_app:programme_report", args=[programme.slug]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Follow-up commitments and their outcomes" in page
    assert adopted.organisation.name in page
    assert "Adopted" in page
    assert "Secret plan" not in page  # the notes are for the programme's staff


@pytest.mark.parametrize("size", [2, 20], ids=["few", "many"])
def test_report_section_uses_two_queries(db, django_assert_num_queries, size):
    programme = ProgrammeFactory()
    session = held_session(programme)
    for _ in range(size):
        commit(session)
    reader = UserFactory()
    programme = programme_for_page(programme.slug, reader)  # as the report view loads it

    with django_assert_num_queries(2):  # the commitments, and the reader's staff memberships
        context = report_section(programme, reader)

    assert len(context["commitments"]) == size


def test_report_section_is_hidden_without_commitments(db):
    assert report_section(ProgrammeFactory(), UserFactory()) is None


@pytest.mark.parametrize("size", [2, 20], ids=["few", "many"])
def test_commitment_list_queries_do_not_grow(client, db, django_assert_num_queries, size):
    federation = FederationFactory()
    person = staff_of(federation)
    session = held_session()
    for _ in range(size):
        cooperative = OrganisationFactory(parent=federation)
        commit(session, cooperative, staff_of(cooperative))
    client.force_login(person)

    with django_assert_num_queries(12):
        response = client.get(reverse("assessments:commitment_list"))

    assert len(response.context["commitments"]) == size
