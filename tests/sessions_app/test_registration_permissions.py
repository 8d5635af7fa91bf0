"""Who may use the registration and calendar routes: anonymous / member / staff of another federation /
staff of the organising federation / admin. A programme the person may not see answers 404."""

import pytest
from django.urls import reverse

from members.enums import MembershipRole, OrganisationKind
from sessions_app.enums import ProgrammeStatus, RegistrationStatus
from sessions_app.models import CalendarFeed, Registration
from tests.factories.members import FederationFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.registrations import ProgrammeFactory, RegistrationFactory, SessionFactory

ALLOWED, DENIED, SIGN_IN = "allowed", "denied", "sign-in"
PEOPLE = ["anonymous", "member", "other_federation_staff", "organiser_staff", "admin"]
SECRET = "secret.registrant@example.org"

# Anyone may fetch these (the programme's visibility still applies; the personal feed's secret token is
# its credential): tests/sessions_app/test_calendars.py.
PUBLIC = {"sessions_app:session_ics", "sessions_app:programme_ics", "sessions_app:personal_feed"}
# url name, method, status when allowed
ENDPOINTS = [
    ("sessions_app:session_register", "post", 302),
    ("sessions_app:session_cancel_registration", "post", 302),
    ("sessions_app:programme_register", "post", 302),
    ("sessions_app:my_sessions", "get", 200),
    ("sessions_app:personal_feed_reset", "post", 302),
    ("sessions_app:registration_list", "get", 200),
    ("sessions_app:registration_csv", "get", 200),
    ("sessions_app:registration_add", "post", 302),
    ("sessions_app:registration_remove", "post", 302),
    ("sessions_app:attendance_toggle", "post", 302),
]
STAFF_ONLY = {
    "sessions_app:registration_list",
    "sessions_app:registration_csv",
    "sessions_app:registration_add",
    "sessions_app:registration_remove",
    "sessions_app:attendance_toggle",
}
EXPECTED_PERSONAL = dict.fromkeys(PEOPLE, ALLOWED) | {"anonymous": SIGN_IN}
EXPECTED_STAFF = {
    "anonymous": SIGN_IN,
    "member": DENIED,
    "other_federation_staff": DENIED,
    "organiser_staff": ALLOWED,
    "admin": ALLOWED,
}


def make_world(programme_status: str = ProgrammeStatus.PUBLISHED) -> dict:
    confederation = OrganisationFactory(kind=OrganisationKind.CONFEDERATION)
    federation = FederationFactory(parent=confederation)
    cooperative = OrganisationFactory(parent=federation)
    session = SessionFactory(programme=ProgrammeFactory(organiser=federation, status=programme_status))
    registrant = RegistrationFactory(session=session, user=UserFactory(email=SECRET))
    return {
        "session": session,
        "registrant": registrant,
        "newcomer": UserFactory(email="newcomer@example.org"),
        "people": {
            "anonymous": None,
            "member": MembershipFactory(organisation=cooperative).user,
            "other_federation_staff": MembershipFactory(
                organisation=FederationFactory(), role=MembershipRole.STAFF
            ).user,
            "organiser_staff": MembershipFactory(organisation=federation, role=MembershipRole.STAFF).user,
            "admin": UserFactory(is_superuser=True, is_staff=True),
        },
    }


@pytest.fixture
def world(db):
    return make_world()


def url_for(name: str, world: dict) -> str:
    session = world["session"]
    slug, number = session.programme.slug, session.number
    if name in {"sessions_app:my_sessions", "sessions_app:personal_feed_reset"}:
        return reverse(name)
    if name in {"sessions_app:programme_register", "sessions_app:programme_ics"}:
        return reverse(name, args=[slug])
    if name in {"sessions_app:registration_remove", "sessions_app:attendance_toggle"}:
        return reverse(name, args=[slug, number, world["registrant"].pk])
    return reverse(name, args=[slug, number])


def data_for(name: str, world: dict) -> dict:
    return {"email": world["newcomer"].email} if name == "sessions_app:registration_add" else {}


def request(client, world: dict, who: str, name: str, method: str):
    person = world["people"][who]
    if person is not None:
        client.force_login(person)
    return getattr(client, method)(url_for(name, world), data_for(name, world))


def assert_nothing_changed(world: dict) -> None:
    registrant = Registration.objects.get(pk=world["registrant"].pk)
    assert registrant.status == RegistrationStatus.CONFIRMED
    assert registrant.attended is None
    assert not Registration.objects.filter(user=world["newcomer"]).exists()


@pytest.mark.parametrize("who", PEOPLE, ids=PEOPLE)
@pytest.mark.parametrize(("name", "method", "ok_status"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_registration_routes_permission_matrix(client, world, who, name, method, ok_status):
    response = request(client, world, who, name, method)

    expected = (EXPECTED_STAFF if name in STAFF_ONLY else EXPECTED_PERSONAL)[who]
    if expected == SIGN_IN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    elif expected == DENIED:
        assert response.status_code == 403
    else:
        assert response.status_code == ok_status
    if expected != ALLOWED:
        assert SECRET not in b"".join(getattr(response, "streaming_content", [response.content])).decode()
        assert_nothing_changed(world)
        assert not CalendarFeed.objects.exists()


@pytest.mark.parametrize("who", ["member", "other_federation_staff"])
@pytest.mark.parametrize(
    "name",
    [
        name
        for name, _, _ in ENDPOINTS
        if name not in {"sessions_app:my_sessions", "sessions_app:personal_feed_reset"}
    ]
    + ["sessions_app:session_ics", "sessions_app:programme_ics"],
)
def test_a_draft_programme_is_not_found_for_those_who_do_not_run_it(client, db, who, name):
    world = make_world(ProgrammeStatus.DRAFT)
    method = {n: m for n, m, _ in ENDPOINTS}.get(name, "get")

    response = request(client, world, who, name, method)

    assert response.status_code == 404
    assert_nothing_changed(world)


@pytest.mark.parametrize("name", ["sessions_app:registration_list", "sessions_app:session_ics"])
def test_the_organiser_staff_see_their_draft_programme(client, db, name):
    world = make_world(ProgrammeStatus.DRAFT)

    response = request(client, world, "organiser_staff", name, "get")

    assert response.status_code == 200


@pytest.mark.parametrize("name", sorted(PUBLIC - {"sessions_app:personal_feed"}))
def test_public_calendar_files_for_anonymous_visitors(client, world, name):
    response = client.get(url_for(name, world))

    assert response.status_code == 200
    assert SECRET.encode() not in response.content


@pytest.mark.parametrize(
    "name", [name for name, method, _ in ENDPOINTS if method == "post"], ids=lambda name: name.split(":")[1]
)
def test_actions_refuse_other_methods(client, world, name):
    client.force_login(world["people"]["admin"])

    response = client.put(url_for(name, world))

    assert response.status_code == 405
    assert_nothing_changed(world)
