"""The public catalogue: the list with facets, a practice's page, the Atom feed, the admin."""

import os
import random
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from members.enums import OrganisationKind
from practices.enums import Audience, CostBand, MaturityDimension, PracticeStatus, SetupTime
from practices.models import Adoption, PracticeAudience, PracticeLink, PracticeTransition
from sessions_app.models import Programme, Session, Summary
from tests.factories.members import MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.practices import PracticeFactory, ThemeFactory, bulk_catalogue

LIST = "/practices/"
# The acceptance sizes on PostgreSQL; SQLite (the quick local run) checks the same at a tenth of them.
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
CATALOGUE_SIZES = [2_000, 20_000] if ON_POSTGRES else [200, 2_000]
HTMX = {"HTTP_HX_REQUEST": "true"}
UNPUBLISHED = [s for s in PracticeStatus.values if s != PracticeStatus.PUBLISHED]
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "<iframe src=javascript:alert(1)></iframe>",
    "<style>body{display:none}</style>",
    "' onmouseover='alert(1)",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]


def titles(page: str) -> list[str]:
    return re.findall(r'class="practice-card-title"><a href="[^"]+">([^<]+)</a>', page)


def result_count(page: str) -> int:
    match = re.search(r'<h2 class="catalogue-summary">\s*(\d+) practices?', page)
    assert match, "no result count"
    return int(match.group(1))


def facet_counts_shown(page: str) -> dict[tuple[str, str], int]:
    pattern = re.compile(
        r'<input type="checkbox" name="(\w+)" value="([^"]+)"[^>]*>\s*'
        r'<label[^>]*>[^<]*<span class="facet-count">\((\d+)\)</span>'
    )
    return {(name, value): int(count) for name, value, count in pattern.findall(page)}


# --- the list ------------------------------------------------------------------------------------


def test_list_url_is_practices():
    assert reverse("practices:practice_list") == LIST


@pytest.mark.django_db
@pytest.mark.parametrize("status", UNPUBLISHED)
def test_list_shows_only_published_practices(client, status):
    PracticeFactory(title="Visible practice")
    PracticeFactory(title="Hidden practice", status=status, published_at=None)

    page = client.get(LIST).text

    assert titles(page) == ["Visible practice"]
    assert "Hidden practice" not in page
    assert result_count(page) == 1


@pytest.mark.django_db
def test_list_without_practices_says_none_are_published_yet(client):
    page = client.get(LIST).text

    assert "No practices are published yet." in page


@pytest.mark.django_db
def test_list_htmx_request_gets_only_the_results_and_facets(client):
    PracticeFactory(title="Cooperative cloud")

    response = client.get(LIST, {"q": "cloud"}, **HTMX)

    body = response.text
    assert "<html" not in body
    assert 'id="practice-facets"' in body
    assert titles(body) == ["Cooperative cloud"]
    assert 'aria-live="polite"' not in body  # the live region stays on the page; only its inside changes
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.django_db
def test_list_history_restore_gets_the_full_page(client):
    PracticeFactory()

    body = client.get(LIST, **HTMX, HTTP_HX_HISTORY_RESTORE_REQUEST="true").text

    assert "<html" in body
    assert '<div id="practice-results" class="catalogue-results" aria-live="polite">' in body


@pytest.mark.django_db
def test_list_works_without_javascript_as_a_get_form(client):
    page = client.get(LIST).text

    assert re.search(r'<form id="practice-search"[^>]*method="get" action="/practices/"', page)
    assert '<button type="submit">Search</button>' in page
    assert 'hx-push-url="true"' in page


@pytest.mark.django_db
def test_list_head_links_the_atom_feed(client):
    page = client.get(LIST).text

    assert '<link rel="alternate" type="application/atom+xml" href="/practices/feed/"' in page
    assert "/static/css/practices.css" in page


@pytest.mark.django_db
def test_facets_count_results_and_ticking_narrows(client):
    italy = OrganisationFactory(country="IT", kind=OrganisationKind.COOPERATIVE)
    finland = OrganisationFactory(country="FI", kind=OrganisationKind.FEDERATION)
    hub = ThemeFactory(name="Digital innovation hub", slug="digital-innovation-hub")
    PracticeFactory(owner=italy, themes=[hub], dimensions=[MaturityDimension.GREEN], cost_band=CostBand.LOW)
    PracticeFactory(owner=italy, themes=[hub], setup_time=SetupTime.UNDER_3_MONTHS, sector="Care")
    PracticeFactory(owner=finland, dimensions=[MaturityDimension.GREEN])

    page = client.get(LIST).text
    narrowed = client.get(LIST, {"theme": "digital-innovation-hub", "country": "IT"}).text

    assert facet_counts_shown(page) == {
        ("theme", "digital-innovation-hub"): 2,
        ("dimension", "green"): 2,
        ("country", "FI"): 1,
        ("country", "IT"): 2,
        ("kind", "cooperative"): 2,
        ("kind", "federation"): 1,
        ("sector", "Care"): 1,
        ("cost", "low"): 1,
        ("setup", "under_3_months"): 1,
    }
    assert result_count(narrowed) == 2
    assert re.search(r'value="IT"\s+id="facet-country-it"\s+checked', narrowed)
    assert ("country", "FI") not in facet_counts_shown(narrowed)


@pytest.mark.django_db
def test_country_facet_uses_the_practice_country_before_the_owner_country(client):
    owner = OrganisationFactory(country="IT")
    PracticeFactory(owner=owner, title="Italian")
    PracticeFactory(owner=owner, country="MT", title="Maltese branch")

    page = client.get(LIST, {"country": "MT"}).text

    assert titles(page) == ["Maltese branch"]
    assert facet_counts_shown(client.get(LIST).text)[("country", "IT")] == 1


@pytest.mark.django_db
def test_sort_by_title_and_newest_which_is_the_default_without_a_search(client):
    now = timezone.now()
    PracticeFactory(title="banana", published_at=now - timedelta(days=1))
    PracticeFactory(title="Apple", published_at=now - timedelta(days=2))
    PracticeFactory(title="cherry", published_at=now - timedelta(days=3))

    assert titles(client.get(LIST, {"sort": "title"}).text) == ["Apple", "banana", "cherry"]
    assert titles(client.get(LIST, {"sort": "newest"}).text) == ["banana", "Apple", "cherry"]
    assert titles(client.get(LIST).text) == ["banana", "Apple", "cherry"]
    assert titles(client.get(LIST, {"sort": "relevance"}).text) == ["banana", "Apple", "cherry"]


@pytest.mark.django_db
def test_pagination_keeps_the_filters_and_shows_twenty_a_page(client):
    theme = ThemeFactory(slug="networks")
    for number in range(45):
        PracticeFactory(themes=[theme], title=f"Practice {number:02}")

    first = client.get(LIST, {"theme": "networks", "sort": "title"}).text
    third = client.get(LIST, {"theme": "networks", "sort": "title", "page": 3}).text
    beyond = client.get(LIST, {"theme": "networks", "sort": "title", "page": 99}).text

    assert len(titles(first)) == 20
    assert result_count(first) == 45
    assert 'href="/practices/?theme=networks&amp;sort=title&amp;page=2" rel="next"' in first
    assert titles(third) == [f"Practice {n}" for n in range(40, 45)]
    assert 'href="/practices/?theme=networks&amp;sort=title&amp;page=2" rel="prev"' in third
    assert titles(beyond) == titles(third)


@pytest.mark.django_db
def test_empty_results_suggest_dropping_each_filter(client):
    PracticeFactory(owner=OrganisationFactory(country="IT"), cost_band=CostBand.LOW)

    page = client.get(LIST, {"q": "nothing-like-this", "country": "IT", "cost": "low"}).text

    assert "No published practice matches “nothing-like-this” with these filters." in page
    loosen = re.search(r'<ul class="loosen-list">(.*?)</ul>', page, re.S).group(1)
    assert re.findall(r'href="([^"]+)"', loosen) == [
        "/practices/?country=IT&amp;cost=low",
        "/practices/?q=nothing-like-this&amp;cost=low",
        "/practices/?q=nothing-like-this&amp;country=IT",
        "/practices/",
    ]


@pytest.mark.django_db
def test_invalid_filters_are_dropped_with_a_notice(client):
    PracticeFactory(title="Still here")

    page = client.get(LIST, {"cost": "free", "dimension": "telepathy", "sort": "random"}).text

    assert titles(page) == ["Still here"]
    assert "Some filters were not understood" in page


def _list_queries(client, django_assert_num_queries, expected: int) -> None:
    with django_assert_num_queries(expected):
        response = client.get(LIST, {"theme": "theme-0", "sort": "title"})
    assert len(titles(response.text)) == 20


@pytest.mark.django_db
@pytest.mark.parametrize("size", CATALOGUE_SIZES, ids=[f"{size}" for size in CATALOGUE_SIZES])
def test_list_page_queries_do_not_grow_with_the_catalogue(client, django_assert_num_queries, size):
    bulk_catalogue(size)

    # the theme vocabulary, total and facet counts (one query), the page, its themes, its dimensions
    _list_queries(client, django_assert_num_queries, 5)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [200, 2_000], ids=["200", "2k"])
def test_search_page_queries_do_not_grow_for_a_signed_in_member(client, django_assert_num_queries, size):
    bulk_catalogue(size)
    client.force_login(MembershipFactory().user)

    # the five above, plus the session and the user; PostgreSQL first asks whether any practice has
    # the words (else it allows typos)
    with django_assert_num_queries(8 if connection.vendor == "postgresql" else 7):
        response = client.get(LIST, {"q": "bulk practice", "dimension": "green"})

    assert response.status_code == 200
    assert len(titles(response.text)) == 20


# --- a practice's page ---------------------------------------------------------------------------


@pytest.fixture
def full_practice(db):
    federation = OrganisationFactory(kind=OrganisationKind.FEDERATION, name="Lega Test", country="IT")
    owner = OrganisationFactory(name="Coop Aurora", country="IT", parent=federation)
    practice = PracticeFactory(
        title="Shared help desk",
        owner=owner,
        federation=federation,
        summary="One help desk for ten cooperatives.",
        description="## How\n\nWe **share** one desk.\n\n<script>alert(1)</script>",
        themes=[ThemeFactory(name="Networks and platforms")],
        dimensions=[MaturityDimension.READINESS, MaturityDimension.DATA_GOVERNANCE],
        sector="Facility services",
        year_started=2021,
        cost_band=CostBand.MEDIUM,
        prerequisites="A shared ticketing tool.",
        contact_person=UserFactory(full_name="Ada Contact", email="ada.contact@example.coop"),
    )
    PracticeAudience.objects.create(practice=practice, audience=Audience.COOPERATIVES)
    PracticeLink.objects.create(practice=practice, url="https://example.coop/desk", label="Desk manual")
    return practice


def detail(client, practice):
    return client.get(practice.get_absolute_url())


@pytest.mark.django_db
def test_detail_shows_everything_of_the_practice(client, full_practice):
    page = detail(client, full_practice).text

    assert '<h1 id="practice-title" lang="en">Shared help desk</h1>' in page
    assert "One help desk for ten cooperatives." in page
    assert "<h2>How</h2>" in page
    assert "<strong>share</strong>" in page
    assert "<script>alert(1)</script>" not in page
    assert f'<a href="{full_practice.owner.get_absolute_url()}">Coop Aurora</a>' in page
    assert 'src="/static/flags/it.gif"' in page
    assert "Networks and platforms" in page
    assert "Digital readiness, Data management and governance" in page
    assert "Cooperatives" in page
    assert "Facility services" in page
    assert "2021" in page
    assert "Lega Test" in page
    assert '<a href="https://example.coop/desk" rel="noopener noreferrer">Desk manual</a>' in page
    assert "/static/css/practices.css" in page


@pytest.mark.django_db
def test_detail_transferability_says_not_stated_rather_than_inventing(client, full_practice):
    page = detail(client, full_practice).text
    panel = re.search(r'<section class="transferability".*?</section>', page, re.S).group(0)

    assert "Medium cost (€10,000–50,000)" in panel
    assert "A shared ticketing tool." in panel
    assert panel.count("Not stated") == 4  # time to set up, skills, what carries over, what is local


@pytest.mark.django_db
def test_detail_contact_person_only_for_members(client, full_practice):
    anonymous = detail(client, full_practice).text
    client.force_login(UserFactory())
    account_only = detail(client, full_practice).text
    client.force_login(MembershipFactory().user)
    signed_in = detail(client, full_practice).text

    assert "ada.contact@example.coop" not in account_only
    assert "ada.contact@example.coop" not in anonymous
    assert "Ada Contact" not in anonymous
    assert "Sign in to see who to contact." in anonymous
    assert 'href="mailto:ada.contact@example.coop"' in signed_in


def make_session(practice, *, number=1, status="published", visibility="public", cancelled=False, **kw):
    programme = Programme.objects.create(
        title=f"Programme {number}",
        slug=f"programme-{number}",
        organiser=practice.owner,
        status=status,
        visibility=visibility,
    )
    session = Session.objects.create(
        programme=programme,
        number=number,
        title=f"Session title {number}",
        starts_at=timezone.now() - timedelta(days=number),
        status="cancelled" if cancelled else "completed",
        **kw,
    )
    session.practices.add(practice)
    return session


@pytest.mark.django_db
def test_detail_lists_the_sessions_where_it_was_presented(client, full_practice):
    shown = make_session(full_practice, number=1)
    Summary.objects.create(session=shown, body="What we learnt.", published_at=timezone.now())
    make_session(full_practice, number=2, status="draft")
    make_session(full_practice, number=3, cancelled=True)
    members_only = make_session(full_practice, number=4, visibility="members")

    anonymous = detail(client, full_practice).text
    client.force_login(MembershipFactory().user)
    member = detail(client, full_practice).text

    link = f'<a href="{shown.get_absolute_url()}">Session 1: <span lang="en">Session title 1</span></a>'
    assert link in anonymous
    assert "summary available" in anonymous
    assert "Session title 2" not in anonymous
    assert "Session title 3" not in anonymous
    assert "Session title 4" not in anonymous
    assert f'href="{members_only.get_absolute_url()}"' in member


@pytest.mark.django_db
def test_detail_without_sessions_shows_no_session_section(client, full_practice):
    assert "Presented in sessions" not in detail(client, full_practice).text


@pytest.mark.django_db
def test_detail_shows_where_it_was_transferred(client, full_practice):
    adopter = OrganisationFactory(name="Osuuskunta Esimerkki", country="FI")
    Adoption.objects.create(practice=full_practice, organisation=adopter, story="It worked.")

    page = detail(client, full_practice).text

    assert "Transferred to" in page
    assert f'<a href="{adopter.get_absolute_url()}">Osuuskunta Esimerkki</a>, Finland' in page


@pytest.mark.django_db
def test_detail_related_practices_share_a_theme_or_dimension_most_first(client, full_practice):
    theme = full_practice.themes.get()
    PracticeFactory(title="Shares both", themes=[theme], dimensions=[MaturityDimension.READINESS])
    PracticeFactory(title="Shares a theme", themes=[theme], published_at=timezone.now() - timedelta(days=9))
    PracticeFactory(title="Shares nothing", dimensions=[MaturityDimension.GREEN])
    PracticeFactory(title="Unpublished twin", themes=[theme], status=PracticeStatus.DRAFT)
    for number in range(4):
        PracticeFactory(title=f"Shares a dimension {number}", dimensions=[MaturityDimension.DATA_GOVERNANCE])

    page = detail(client, full_practice).text
    related = re.search(r'<section class="practice-related.*?</section>', page, re.S).group(0)

    assert titles(related) == [
        "Shares both",
        "Shares a dimension 3",
        "Shares a dimension 2",
        "Shares a dimension 1",
    ]
    assert "Shares nothing" not in related
    assert "Unpublished twin" not in related


@pytest.mark.django_db
@pytest.mark.parametrize("seed", range(4))
def test_related_practices_are_those_sharing_most_then_the_newest(client, seed):
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    themes, now = ThemeFactory.create_batch(4), timezone.now()
    catalogue = [
        PracticeFactory(
            themes=rng.sample(themes, rng.randint(0, 3)),
            dimensions=rng.sample(MaturityDimension.values, rng.randint(0, 3)),
            status=rng.choice([PracticeStatus.PUBLISHED] * 4 + [PracticeStatus.DRAFT]),
            published_at=now - timedelta(hours=rng.randint(0, 4)),  # ties, broken by id
        )
        for _ in range(25)
    ]
    shown = next(p for p in catalogue if p.status == PracticeStatus.PUBLISHED and p.themes.exists())

    def shared(other) -> int:
        mine = set(shown.themes.all()), set(shown.dimensions.values_list("dimension", flat=True))
        return len(mine[0] & set(other.themes.all())) + len(
            mine[1] & set(other.dimensions.values_list("dimension", flat=True))
        )

    candidates = [p for p in catalogue if p != shown and p.status == PracticeStatus.PUBLISHED and shared(p)]
    candidates.sort(key=lambda p: (-shared(p), -p.published_at.timestamp(), p.pk))

    for language in ["en", "it"]:  # ranked, then (another language's page) from the cached ranking
        client.cookies["django_language"] = language
        page = detail(client, shown).text
        related = re.search(r'<section class="practice-related.*?</section>', page, re.S)
        assert titles(related.group(0) if related else "") == [p.title for p in candidates[:4]]


@pytest.mark.django_db
def test_detail_includes_the_actions_and_prints_cleanly(client, full_practice):
    PracticeFactory(themes=list(full_practice.themes.all()))

    page = detail(client, full_practice).text

    assert '<div class="practice-action-bar no-print">' in page
    assert '<section class="practice-related no-print"' in page
    assert "@media print" in (settings.BASE_DIR / "static/css/practices.css").read_text()


@pytest.mark.django_db
@pytest.mark.parametrize("extra", [1, 6], ids=["few", "many"])
def test_detail_queries_do_not_grow(client, django_assert_num_queries, full_practice, extra):
    theme = full_practice.themes.get()
    for number in range(extra):
        make_session(full_practice, number=number + 1)
        Adoption.objects.create(practice=full_practice, organisation=OrganisationFactory(), story="Done.")
        PracticeFactory(themes=[theme], dimensions=[MaturityDimension.READINESS])
        PracticeLink.objects.create(practice=full_practice, url=f"https://example.coop/{number}", label="L")

    # practice; related cards (ranked in the same query); themes and dimensions (the practice's and the
    # cards'), audiences, links, images; sessions, adoptions
    with django_assert_num_queries(9):
        response = detail(client, full_practice)

    assert response.status_code == 200


@pytest.mark.django_db
def test_detail_of_an_unknown_practice_is_not_found(client):
    assert client.get(reverse("practices:practice_detail", args=["no-such-practice"])).status_code == 404


# --- the Atom feed -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_feed_lists_published_practices_newest_first(client):
    now = timezone.now()
    PracticeFactory(title="Older", published_at=now - timedelta(days=3))
    PracticeFactory(title="Newer", published_at=now - timedelta(days=1))
    PracticeFactory(title="Draft one", status=PracticeStatus.DRAFT, published_at=None)

    response = client.get(reverse("practices:practice_feed"))

    body = response.text
    assert response["Content-Type"].startswith("application/atom+xml")
    assert 'xmlns="http://www.w3.org/2005/Atom"' in body
    assert re.findall(r"<entry><title>([^<]+)</title>", body) == ["Newer", "Older"]
    assert "Draft one" not in body


# --- XSS -----------------------------------------------------------------------------------------


class DangerFinder(HTMLParser):
    """Collects what a browser would execute: scripts without src, event handlers, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.dangers: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.dangers.append(f"<{tag} {name}>")
            if name in {"href", "src"} and (value or "").strip().lower().startswith("javascript:"):
                self.dangers.append(f"<{tag} {name}={value}>")
        if tag == "script" and not dict(attrs).get("src"):
            self.dangers.append("<script> without src")
        if tag in {"iframe", "svg", "math", "style"}:
            self.dangers.append(f"<{tag}>")


def dangers(html: str) -> list[str]:
    finder = DangerFinder()
    finder.feed(html)
    return finder.dangers


@pytest.mark.django_db
@pytest.mark.parametrize("payload", XSS_PAYLOADS, ids=range(len(XSS_PAYLOADS)))
def test_xss_payloads_never_reach_a_page_unescaped(client, payload):
    practice = PracticeFactory(
        title=f"T {payload}", summary=f"S {payload}", description=f"D {payload}", sector=payload
    )
    PracticeFactory(title="Related", themes=[ThemeFactory()])
    client.force_login(UserFactory())

    pages = [
        client.get(LIST).text,
        client.get(LIST, {"q": payload}).text,
        client.get(LIST, {"q": payload, "sector": payload}, **HTMX).text,
        client.get(practice.get_absolute_url()).text,
    ]

    for page in pages:
        if "<" in payload:  # markup must arrive escaped; quotes in text are harmless, dangers() checks them
            assert payload not in page
        assert dangers(page) == []
    feed = client.get(reverse("practices:practice_feed")).text
    assert "<" not in payload or payload not in feed


# --- the admin -----------------------------------------------------------------------------------

ADMIN_MODELS = ["practice", "theme", "practicetransition", "adoptioninterest", "adoption", "bookmark"]


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("model", ADMIN_MODELS)
def test_admin_changelists_show(admin_client, full_practice, model):
    PracticeTransition.objects.create(practice=full_practice, from_status="draft", to_status="submitted")

    response = admin_client.get(reverse(f"admin:practices_{model}_changelist"))

    assert response.status_code == 200


@pytest.mark.django_db
def test_admin_practice_change_page_shows_inlines_and_readonly_curation(admin_client, full_practice):
    page = admin_client.get(reverse("admin:practices_practice_change", args=[full_practice.pk])).text

    assert "digital-maturity dimensions" in page.lower()
    assert 'name="links-TOTAL_FORMS"' in page
    assert 'name="images-TOTAL_FORMS"' in page
    assert 'name="status"' not in page
    assert 'name="search_vector"' not in page


@pytest.mark.django_db
def test_admin_transitions_are_read_only(admin_client):
    assert admin_client.get(reverse("admin:practices_practicetransition_add")).status_code == 403


@pytest.mark.django_db
def test_sort_links_keep_the_search_and_the_chosen_order_stays_in_the_form(client):
    PracticeFactory(title="Orchard")

    searched = client.get(LIST, {"q": "orchard"}).text
    by_title = client.get(LIST, {"q": "orchard", "sort": "title"}).text

    assert (
        '<a href="/practices/?q=orchard" aria-current="true" class="sort-current">Best match</a>' in searched
    )
    assert '<a href="/practices/?q=orchard&amp;sort=newest">Newest first</a>' in searched
    assert 'name="sort"' not in searched
    assert '<input type="hidden" name="sort" value="title">' in by_title
    assert "Best match" not in client.get(LIST).text
