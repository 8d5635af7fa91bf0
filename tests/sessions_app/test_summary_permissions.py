"""Who may write and publish a session's summary, give feedback, and read the feedback results."""

import pytest
from django.urls import reverse

from members.enums import MembershipRole
from sessions_app.enums import ProgrammeStatus, Visibility
from sessions_app.models import Feedback, Programme, Summary, SummaryDelivery
from sessions_app.services import summaries
from tests.factories.members import FederationFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.sessions_app.test_summaries import past_session, registrant, staff_of

ALLOWED, DENIED, SIGN_IN = "allowed", "denied", "sign-in"
PUBLIC: set[str] = set()  # none of these pages is for anonymous visitors
PEOPLE = ["anonymous", "member", "registrant", "other_federation_staff", "organiser_staff", "admin"]
STAFF_ONLY = {
    "anonymous": SIGN_IN,
    "member": DENIED,
    "registrant": DENIED,
    "other_federation_staff": DENIED,
    "organiser_staff": ALLOWED,
    "admin": ALLOWED,
}
REGISTRANTS_ONLY = {**dict.fromkeys(PEOPLE, DENIED), "anonymous": SIGN_IN, "registrant": ALLOWED}
# url name, method, status when allowed, who is allowed
ENDPOINTS = [
    ("sessions_app:summary_edit", "get", 200, STAFF_ONLY),
    ("sessions_app:summary_publish", "post", 302, STAFF_ONLY),
    ("sessions_app:feedback_create", "get", 200, REGISTRANTS_ONLY),
    ("sessions_app:feedback_results", "get", 200, STAFF_ONLY),
]
SECRETS = ("Secret summary words", "Secret comment")


@pytest.fixture
def world(db):
    session = past_session()
    cooperative = OrganisationFactory(parent=FederationFactory())
    people = {
        "anonymous": None,
        "member": MembershipFactory(organisation=cooperative).user,
        "registrant": registrant(session, "registrant@example.org").user,
        "other_federation_staff": MembershipFactory(
            organisation=FederationFactory(), role=MembershipRole.STAFF
        ).user,
        "organiser_staff": staff_of(session),
        "admin": UserFactory(is_superuser=True, is_staff=True),
    }
    summaries.summary_save(
        session=session, body=SECRETS[0], takeaways="", practices=[], recording_url="", by=None
    )
    Feedback.objects.create(session=session, user=UserFactory(), rating=3, comment=SECRETS[1])
    return {"session": session, "people": people}


def url_for(name: str, session) -> str:
    return reverse(name, args=[session.programme.slug, session.number])


@pytest.mark.parametrize("who", PEOPLE, ids=PEOPLE)
@pytest.mark.parametrize(("name", "method", "ok_status", "rule"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_summary_pages_permission_matrix(client, world, who, name, method, ok_status, rule):
    person = world["people"][who]
    if person is not None:
        client.force_login(person)

    response = getattr(client, method)(url_for(name, world["session"]))

    expected = rule[who]
    if expected == SIGN_IN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    elif expected == DENIED:
        assert response.status_code == 403
    else:
        assert response.status_code == ok_status
    if expected != ALLOWED:
        page = response.content.decode()
        assert all(secret not in page for secret in SECRETS)
        assert Summary.objects.get().published_at is None
        assert SummaryDelivery.objects.count() == 0


@pytest.mark.parametrize(("name", "method", "ok_status", "rule"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
@pytest.mark.parametrize("who", ["member", "other_federation_staff"])
def test_a_draft_programme_is_not_found_by_outsiders(client, world, name, method, ok_status, rule, who):
    Programme.objects.update(status=ProgrammeStatus.DRAFT)
    client.force_login(world["people"][who])

    response = getattr(client, method)(url_for(name, world["session"]))

    assert response.status_code == 404
    assert Summary.objects.get().published_at is None


def test_a_members_only_programme_hides_feedback_from_non_members(client, world):
    Programme.objects.update(visibility=Visibility.MEMBERS)
    client.force_login(UserFactory())

    response = client.get(url_for("sessions_app:feedback_create", world["session"]))

    assert response.status_code == 404


def test_staff_changing_the_programme_in_the_url_see_nothing_of_another(client, world):
    other = past_session()
    Feedback.objects.create(session=other, user=UserFactory(), rating=1, comment="Another programme's")
    client.force_login(world["people"]["organiser_staff"])

    response = client.get(url_for("sessions_app:feedback_results", other))
    missing = client.get(reverse("sessions_app:feedback_results", args=[other.programme.slug, 99]))

    assert response.status_code == 403
    assert "Another programme's" not in response.content.decode()
    assert missing.status_code == 404
