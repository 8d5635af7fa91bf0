"""Acting while the Celery broker is down: the page answers as usual, the data is saved, and the e-mail
the broker could not take is kept as a row that beat's sweep queues once the broker is back, once.
(Registration e-mails and reminders have rows of their own: tests/sessions_app/test_broker_outage.py.)
"""

from django.urls import reverse

from members.enums import MembershipRole
from members.models import Invitation, JoinRequest
from members.services import invitations, join_requests
from portal.models import DeferredTask
from portal.tasks import deferred_tasks_sweep
from practices.models import AdoptionInterest
from sessions_app.enums import SessionStatus
from sessions_app.services import programmes as programme_services
from sessions_app.services import registrations as registration_services
from tests.factories.members import MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.practices import PracticeFactory
from tests.factories.sessions import SessionFactory

SITE = "http://testserver"


def kept() -> list[str]:
    return list(DeferredTask.objects.order_by("pk").values_list("task", flat=True))


def test_telling_owners_of_interest_while_the_broker_is_down_answers_and_mails_later(
    client, db, broker, mailoutbox, django_capture_on_commit_callbacks
):
    practice = PracticeFactory(title="Metaverse prototyping")
    staff = MembershipFactory(organisation=practice.owner, role=MembershipRole.STAFF).user
    member = UserFactory(full_name="Aino Virtanen")
    client.force_login(member)

    with broker.down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("practices:interest_create", args=[practice.slug]), {"message": "We run a studio."}
        )

    assert response.status_code == 302
    assert AdoptionInterest.objects.filter(practice=practice, user=member).count() == 1
    assert kept() == ["practices.send_interest_email"]
    assert mailoutbox == []

    assert deferred_tasks_sweep.delay().get() == 1  # the broker is back: beat's next sweep
    assert deferred_tasks_sweep.delay().get() == 0
    assert [message.to for message in mailoutbox] == [[staff.email]]
    assert "Aino Virtanen" in mailoutbox[0].subject
    assert kept() == []


def test_invitations_and_join_requests_while_the_broker_is_down_are_mailed_once_it_is_back(
    db, broker, mailoutbox, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(name="Coop Oulu")
    staff = MembershipFactory(organisation=organisation, role=MembershipRole.STAFF).user
    asking = UserFactory(email="ask@example.org")

    with broker.down(), django_capture_on_commit_callbacks(execute=True):
        invitations.invitation_create(
            organisation=organisation,
            email="new@example.org",
            role=MembershipRole.MEMBER,
            invited_by=staff,
            site_url=SITE,
        )
        join_requests.join_request_create(user=asking, organisation=organisation, message="", site_url=SITE)

    assert Invitation.objects.filter(email="new@example.org").count() == 1
    assert JoinRequest.objects.filter(user=asking).count() == 1
    assert kept() == ["members.send_invitation_email", "members.send_join_request_to_staff"]
    assert mailoutbox == []

    assert deferred_tasks_sweep.delay().get() == 2
    assert sorted(message.to[0] for message in mailoutbox) == sorted(["new@example.org", staff.email])
    assert kept() == []


def test_a_sweep_while_the_broker_is_still_down_keeps_every_task(
    db, broker, mailoutbox, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory()
    MembershipFactory(organisation=organisation, role=MembershipRole.STAFF)
    with broker.down(), django_capture_on_commit_callbacks(execute=True):
        for email in ["a@example.org", "b@example.org"]:
            join_requests.join_request_create(
                user=UserFactory(email=email), organisation=organisation, message="", site_url=SITE
            )

    with broker.down():
        assert deferred_tasks_sweep() == 0

    assert kept() == ["members.send_join_request_to_staff"] * 2
    assert deferred_tasks_sweep() == 2
    assert len(mailoutbox) == 2


def test_a_session_cancelled_while_the_broker_is_down_tells_its_registrants_later(
    db, broker, mailoutbox, django_capture_on_commit_callbacks
):
    session = SessionFactory(title="Cloud tools")
    registration_services.registration_create(session=session, user=UserFactory(email="ana@example.org"))
    mailoutbox.clear()

    with broker.down(), django_capture_on_commit_callbacks(execute=True):
        programme_services.session_update(session=session, status=SessionStatus.CANCELLED)

    assert kept() == ["sessions_app.send_session_notice"]
    assert deferred_tasks_sweep.delay().get() == 1
    assert [(message.to, message.subject) for message in mailoutbox] == [
        (["ana@example.org"], "Cancelled: Cloud tools")
    ]
