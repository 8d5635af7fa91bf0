"""The personal feed: one query for a person's places in public programmes, one more for members-only
and draft ones (two more again for the hosts of a draft when the person is staff somewhere), whatever
the number of places; and only what the person may still see."""

import pytest
from django.urls import reverse

from members.enums import MembershipRole
from sessions_app.enums import ProgrammeStatus, RegistrationStatus, Visibility
from sessions_app.models import CalendarFeed, Registration
from tests.factories.members import FederationFactory, MembershipFactory, OrganisationFactory
from tests.factories.sessions import ProgrammeFactory, SessionFactory


def place(user, programme, *, title: str, status=RegistrationStatus.CONFIRMED) -> None:
    session = SessionFactory(programme=programme, title=title)
    Registration.objects.create(session=session, user=user, status=status)


def feed_url(user) -> str:
    return reverse("sessions_app:personal_feed", args=[CalendarFeed.objects.create(user=user).token])


@pytest.mark.parametrize("size", [1, 5], ids=["1x", "5x"])
@pytest.mark.parametrize(
    ("kinds", "role", "queries", "shown"),
    [
        # the places with person, session and programme
        (["public"], MembershipRole.MEMBER, 1, ["public"]),
        # + the person's memberships (a member sees members-only programmes without the hosts)
        (["public", "members"], MembershipRole.MEMBER, 2, ["public", "members"]),
        # the same: someone who manages no programme does not need the draft's hosts to be refused it
        (["public", "members", "draft"], MembershipRole.MEMBER, 2, ["public", "members"]),
        # + the organisers and co-hosts of the draft, for a staff member (of one of its co-hosts)
        (["public", "members", "draft"], MembershipRole.STAFF, 4, ["public", "members", "draft"]),
    ],
    ids=["public", "members-only", "draft-member", "draft-staff"],
)
def test_feed_queries_do_not_grow_with_the_places(
    client, db, django_assert_num_queries, size, kinds, role, queries, shown
):
    confederation = OrganisationFactory()
    federations = FederationFactory.create_batch(2, parent=confederation)
    person = MembershipFactory(organisation=federations[0], role=role).user
    programmes = {
        "public": ProgrammeFactory(organiser=federations[1]),
        "members": ProgrammeFactory(organiser=federations[1], visibility=Visibility.MEMBERS),
        "draft": ProgrammeFactory(
            organiser=federations[1], co_hosts=[federations[0]], status=ProgrammeStatus.DRAFT
        ),
    }
    for kind in kinds:
        for number in range(size):
            place(person, programmes[kind], title=f"{kind} {number}")
    url = feed_url(person)

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200
    assert response.content.count(b"BEGIN:VEVENT") == size * len(shown)
    assert all(f"{kind} {size - 1}".encode() in response.content for kind in shown)


def test_feed_shows_a_draft_programme_only_to_its_managers(client, db):
    confederation = OrganisationFactory()
    host = FederationFactory(parent=confederation)
    draft = ProgrammeFactory(co_hosts=[host], status=ProgrammeStatus.DRAFT)
    manager = MembershipFactory(organisation=confederation, role=MembershipRole.STAFF).user  # above the host
    member = MembershipFactory(organisation=host).user
    for person in (manager, member):
        place(person, draft, title=f"Rehearsal for {person.pk}")

    managers_feed = client.get(feed_url(manager)).content.decode()
    members_feed = client.get(feed_url(member)).content.decode()

    assert f"Rehearsal for {manager.pk}" in managers_feed
    assert "BEGIN:VEVENT" not in members_feed


def test_an_empty_feed_is_a_calendar_and_an_unknown_one_is_not_found(client, db):
    person = MembershipFactory().user
    url = feed_url(person)

    empty = client.get(url)
    unknown = client.get(url.replace(url.split("/")[-1], "x" * 43 + ".ics"))

    assert empty.status_code == 200
    assert b"BEGIN:VCALENDAR" in empty.content
    assert b"BEGIN:VEVENT" not in empty.content
    assert unknown.status_code == 404


def test_a_cancelled_place_is_not_in_the_feed(client, db):
    person = MembershipFactory().user
    place(person, ProgrammeFactory(), title="Gone", status=RegistrationStatus.CANCELLED)
    place(person, ProgrammeFactory(), title="Waiting", status=RegistrationStatus.WAITLISTED)

    content = client.get(feed_url(person)).content.decode()

    assert "Gone" not in content
    assert "STATUS:TENTATIVE" in content
