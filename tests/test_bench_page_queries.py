"""Queries per request for every page of the benchmark's table (issue 8), at two data sizes.

The same literal at 1x and 10x the data proves a page's queries do not grow with the rows it shows.
Pages already covered elsewhere are listed again so that the benchmark's table has one place. Readers
are the benchmark's: anonymous, or a signed-in member (session and user rows are two of the queries).
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from members.enums import OrganisationKind
from members.models import Membership, User
from practices.enums import CostBand, MaturityDimension, PracticeStatus
from practices.models import Adoption, Practice, PracticeDimension, PracticeLink
from practices.services.search_index import practices_reindex
from sessions_app.enums import RegistrationStatus
from sessions_app.models import CalendarFeed, Registration, Session
from tests.factories.members import FederationFactory, MembershipFactory, OrganisationFactory
from tests.factories.practices import PracticeFactory, ThemeFactory
from tests.factories.sessions import (
    ProgrammeFactory,
    SessionFactory,
    SpeakerFactory,
    SummaryFactory,
    TrendFactory,
)

SIZES = [1, 10]
FACETS = {"dimension": MaturityDimension.READINESS, "cost": CostBand.LOW}


def people(count: int, organisation, prefix: str) -> list[User]:
    users = User.objects.bulk_create(
        [User(email=f"{prefix}-{i}@example.org", full_name=f"Person {i}") for i in range(count)]
    )
    Membership.objects.bulk_create([Membership(user=user, organisation=organisation) for user in users])
    return users


def register(session: Session, users: list[User]) -> None:
    Registration.objects.bulk_create(
        [Registration(session=session, user=user, status=RegistrationStatus.CONFIRMED) for user in users]
    )


def catalogue(size: int, owners: list) -> tuple[list[Practice], object]:
    """30 x size published practices: one in ten says "beekeeping", one in three "platform"; every
    second one is on readiness, every fifth is low cost (so every tenth has both facets)."""
    theme = ThemeFactory()
    now = timezone.now()
    practices = Practice.objects.bulk_create(
        [
            Practice(
                title=f"{'Beekeeping ' if i % 10 == 0 else ''}practice {i}",
                slug=f"bench-practice-{i}",
                owner=owners[i % len(owners)],
                summary=f"{'A platform for ' if i % 3 == 0 else ''}what practice {i} does.",
                description="A longer description, in **Markdown**.",
                sector=f"Sector {i % 4}",
                cost_band=CostBand.LOW if i % 5 == 0 else CostBand.MEDIUM,
                status=PracticeStatus.PUBLISHED,
                published_at=now - timedelta(hours=i),
            )
            for i in range(30 * size)
        ]
    )
    Practice.themes.through.objects.bulk_create(
        [Practice.themes.through(practice=practice, theme=theme) for practice in practices]
    )
    PracticeDimension.objects.bulk_create(
        [
            PracticeDimension(
                practice=p, dimension=MaturityDimension.READINESS if i % 2 == 0 else MaturityDimension.GREEN
            )
            for i, p in enumerate(practices)
        ]
    )
    practices_reindex()
    return practices, theme


def practice_page(coops: list, theme) -> Practice:
    """The practice whose page is read: links, adoptions, and a theme and dimension shared with others."""
    shown = PracticeFactory(
        title="Shown practice", owner=coops[0], themes=[theme], dimensions=[MaturityDimension.READINESS]
    )
    PracticeLink.objects.bulk_create(
        [
            PracticeLink(practice=shown, url=f"https://example.org/{i}", label=f"Link {i}")
            for i in range(len(coops))
        ]
    )
    Adoption.objects.bulk_create(
        [Adoption(practice=shown, organisation=coop, story="Done.") for coop in coops]
    )
    return shown


def programme_sessions(size: int, programme, coops: list, shown, practices: list) -> list[Session]:
    """2 x size sessions, half past (with summaries), each with speakers, registrants and practices
    (the practice page's one in every session)."""
    now = timezone.now()
    sessions = [
        SessionFactory(
            programme=programme,
            number=number,
            starts_at=now + timedelta(days=2 * number - 2 * size),
            practices=[shown, *practices[number : number + 2]],
        )
        for number in range(1, 2 * size + 1)
    ]
    for session in sessions:
        SpeakerFactory.create_batch(2, session=session)
        if session.starts_at < now:
            SummaryFactory(session=session)
        register(session, people(3, coops[session.number % len(coops)], f"s{session.number}"))
    for trend in TrendFactory.create_batch(size, programme=programme):
        trend.sessions.set(sessions[:2])
    return sessions


def build(size: int) -> dict:
    """A world at ``size``: a confederation, its federations with cooperatives, a catalogue, a programme
    with sessions, trends, speakers, summaries and registrants, a member with registrations and a feed."""
    confederation = OrganisationFactory(kind=OrganisationKind.CONFEDERATION)
    federations = FederationFactory.create_batch(2 * size, parent=confederation)
    coops = [OrganisationFactory(parent=federations[i % len(federations)]) for i in range(3 * size)]
    practices, theme = catalogue(size, coops)
    shown = practice_page(coops, theme)
    programme = ProgrammeFactory(organiser=federations[0], co_hosts=federations[1:3])
    sessions = programme_sessions(size, programme, coops, shown, practices)
    member = MembershipFactory(organisation=coops[0]).user
    upcoming = [session for session in sessions if session.starts_at > timezone.now()][:size]
    for session in upcoming:
        register(session, [member])
    open_session = SessionFactory(
        programme=programme, number=100, starts_at=timezone.now() + timedelta(days=30)
    )
    register(open_session, people(3 * size, coops[0], "open"))
    return {
        "member": member,
        "newcomer": MembershipFactory(organisation=coops[-1]).user,
        "shown": shown,
        "programme": programme,
        "session": upcoming[-1],
        "open": open_session,
        "feed": CalendarFeed.objects.create(user=member),
    }


def search(term: str) -> str:
    return (
        reverse("practices:practice_list")
        + f"?q={term}&dimension={FACETS['dimension']}&cost={FACETS['cost']}"
    )


SEARCH_QUERIES = 6 if connection.vendor == "postgresql" else 5

# page: (how to build the URL, who asks, the queries per request)
PAGES = {
    # federations with member counts, upcoming sessions, the featured programme
    "home": (lambda w: reverse("home"), "anonymous", 3),
    # First requests, the cache empty (repeated, each is served from it without a query). Theme
    # vocabulary, total and facet counts (one query), the page, its themes, its dimensions; a search also
    # asks first whether any practice has the words (PostgreSQL, which would otherwise allow typos).
    "catalogue": (lambda w: reverse("practices:practice_list"), "anonymous", 5),
    "search-selective": (lambda w: search("beekeeping"), "anonymous", SEARCH_QUERIES),
    "search-broad": (lambda w: search("platform"), "anonymous", SEARCH_QUERIES),
    "fragment": (lambda w: reverse("practices:practice_list"), "htmx", 5),
    # practice; related cards (ranked in one query); themes and dimensions of both, audiences, links,
    # images; sessions, adoptions
    "practice-detail": (lambda w: w["shown"].get_absolute_url(), "anonymous", 9),
    # programme, co-hosts, sessions, trends + sessions, practices + sessions, countries, people, commitments
    "programme-report": (
        lambda w: reverse("sessions_app:programme_report", args=[w["programme"].slug]),
        "anonymous",
        10,
    ),
    # session, user, staff ids, membership; the paginator's count, the page of upcoming sessions
    "session-list": (lambda w: reverse("sessions_app:session_list"), "member", 6),
    "session-detail": (lambda w: w["session"].get_absolute_url(), "member", 9),
    # the places with their person, sessions and programmes, by the feed's token (public programmes)
    "ics-feed": (lambda w: reverse("sessions_app:personal_feed", args=[w["feed"].token]), "anonymous", 1),
    "member-directory": (lambda w: reverse("members:directory"), "member", 4),
}


@pytest.mark.django_db
@pytest.mark.parametrize("size", SIZES, ids=[f"{size}x" for size in SIZES])
@pytest.mark.parametrize("page", list(PAGES), ids=list(PAGES))
def test_page_queries_do_not_grow_with_the_data(client, django_assert_num_queries, page, size):
    url, reader, expected = PAGES[page]
    world = build(size)
    if reader == "member":
        client.force_login(world["member"])
    headers = {"HX-Request": "true"} if reader == "htmx" else {}

    with django_assert_num_queries(expected):
        response = client.get(url(world), headers=headers)

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("size", SIZES, ids=[f"{size}x" for size in SIZES])
def test_registration_post_queries_do_not_grow_with_the_registrants(client, django_assert_num_queries, size):
    world = build(size)
    client.force_login(world["newcomer"])
    url = reverse("sessions_app:session_register", args=[world["programme"].slug, world["open"].number])
    # session, user, session with programme (a public one: no co-hosts needed); in a transaction (a
    # savepoint here, BEGIN/COMMIT in production): the session locked (on PostgreSQL the same statement
    # bounds the lock wait), seat counts with any earlier place, the insert, both reminders in one
    # insert, the e-mail row.
    with django_assert_num_queries(10):
        response = client.post(url, {"next": ""})

    assert response.status_code == 302
    assert Registration.objects.filter(session=world["open"], user=world["newcomer"]).count() == 1
