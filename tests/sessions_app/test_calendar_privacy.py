"""Calendars never outlive or outreach what the person may see."""

import pytest
from django.urls import reverse

from members.enums import MembershipRole, OrganisationKind
from members.models import Membership, User
from members.permissions import answer_membership_predicates, is_member, staff_organisation_ids
from sessions_app.enums import ProgrammeStatus, RegistrationStatus, Visibility
from sessions_app.models import Registration
from sessions_app.permissions import can_manage_some_programme, can_view_programme
from sessions_app.selectors.registrations import programme_by_slug
from sessions_app.services.calendars import calendar_feed_reset
from sessions_app.services.registrations import registration_create
from tests.factories.members import FederationFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.sessions import ProgrammeFactory, SessionFactory


@pytest.fixture
def members_only_session(db):
    return SessionFactory(programme=ProgrammeFactory(visibility=Visibility.MEMBERS), title="Members' talk")


def test_personal_feed_drops_members_only_sessions_after_leaving(client, members_only_session):
    person = MembershipFactory().user
    registration_create(session=members_only_session, user=person)
    url = reverse("sessions_app:personal_feed", args=[calendar_feed_reset(user=person).token])
    before = client.get(url).content.decode()

    Membership.objects.filter(user=person).delete()
    after = client.get(url).content.decode()

    assert "Members' talk" in before
    assert "Members' talk" not in after
    assert "secret-room" not in after


def test_members_only_calendar_is_not_cached_publicly(client, members_only_session):
    client.force_login(MembershipFactory().user)
    programme = members_only_session.programme

    response = client.get(reverse("sessions_app:programme_ics", args=[programme.slug]))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_public_calendar_may_be_cached(client, db):
    session = SessionFactory()

    response = client.get(reverse("sessions_app:session_ics", args=[session.programme.slug, session.number]))

    assert response["Cache-Control"].startswith("public")


# Who sees what in their feed: the feed answers the membership predicates from one query and skips the
# hosts for people who manage nothing, so its answers are checked against can_view_programme asked
# afresh, with everything loaded, over every status and visibility. The totals are what the rules give.
PEOPLE = {
    "no membership": 3,
    "member of a closed cooperative": 3,
    "member": 6,
    "staff of a cooperative below the organiser": 6,
    "staff of the organiser": 8,
    "staff above a co-host": 8,
    "staff of a closed cooperative": 3,
    "platform admin": 8,
}


@pytest.fixture
def world(db):
    confederation = OrganisationFactory(kind=OrganisationKind.CONFEDERATION)
    organiser = FederationFactory(parent=confederation)
    co_host = FederationFactory(parent=OrganisationFactory(kind=OrganisationKind.CONFEDERATION))
    cooperative = OrganisationFactory(parent=organiser)
    closed = OrganisationFactory(parent=organiser, is_active=False)
    staff = MembershipRole.STAFF
    people = {
        "no membership": UserFactory(),
        "member of a closed cooperative": MembershipFactory(organisation=closed).user,
        "member": MembershipFactory(organisation=cooperative).user,
        "staff of a cooperative below the organiser": MembershipFactory(
            organisation=cooperative, role=staff
        ).user,
        "staff of the organiser": MembershipFactory(organisation=organiser, role=staff).user,
        "staff above a co-host": MembershipFactory(organisation=co_host.parent, role=staff).user,
        "staff of a closed cooperative": MembershipFactory(organisation=closed, role=staff).user,
        "platform admin": UserFactory(is_superuser=True),
    }
    programmes = [
        ProgrammeFactory(
            organiser=organiser,
            co_hosts=[co_host],
            status=status,
            visibility=visibility,
            title=f"{status} {visibility}",
        )
        for status in ProgrammeStatus.values
        for visibility in Visibility.values
    ]
    return {"people": people, "programmes": programmes}


@pytest.mark.parametrize("who", list(PEOPLE))
def test_personal_feed_shows_what_can_view_programme_allows(client, world, who):
    person = world["people"][who]
    for programme in world["programmes"]:
        session = SessionFactory(programme=programme, title=f"In {programme.title}")
        Registration.objects.create(session=session, user=person, status=RegistrationStatus.CONFIRMED)
    url = reverse("sessions_app:personal_feed", args=[calendar_feed_reset(user=person).token])
    asked_afresh = User.objects.get(pk=person.pk)  # nothing cached on it
    allowed = {
        programme.title
        for programme in world["programmes"]
        if can_view_programme(asked_afresh, programme_by_slug(programme.slug))
    }

    content = client.get(url).content.decode()

    shown = {programme.title for programme in world["programmes"] if f"In {programme.title}" in content}
    assert shown == allowed
    assert len(shown) == PEOPLE[who]


@pytest.mark.parametrize("who", list(PEOPLE))
def test_membership_answers_in_one_query_are_the_predicates_own(world, django_assert_num_queries, who):
    person = User.objects.get(pk=world["people"][who].pk)
    asked_afresh = User.objects.get(pk=person.pk)

    with django_assert_num_queries(1):
        answer_membership_predicates(person)
    with django_assert_num_queries(0):
        answers = (is_member(person), staff_organisation_ids(person), can_manage_some_programme(person))

    assert answers == (
        is_member(asked_afresh),
        staff_organisation_ids(asked_afresh),
        can_manage_some_programme(asked_afresh),
    )
