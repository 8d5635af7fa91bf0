"""Search and facets: ranking, typos, the seed practices, and facet counts that keep their promise."""

import random
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from members.enums import OrganisationKind
from practices.enums import CostBand, MaturityDimension, PracticeStatus, SetupTime
from practices.models import Practice
from practices.selectors.catalogue import FACETS, CatalogueFilters, facet_counts, practices_matching
from practices.services.search_index import practices_reindex
from tests.factories.members import OrganisationFactory, UserFactory
from tests.factories.practices import PracticeFactory, ThemeFactory
from tests.practices.test_catalogue import LIST, facet_counts_shown, result_count, titles

WORDS = ["cloud", "care", "platform", "smart", "training", "network", "hub", "energy"]


def search(client, q: str, **params) -> list[str]:
    return titles(client.get(LIST, {"q": q, **params}).text)


def on_postgres() -> bool:
    return connection.vendor == "postgresql"


# --- the seed practices (acceptance) -------------------------------------------------------------


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=None)


@pytest.mark.parametrize("q", ["metaverse", "Metaverse", "digital prototypes metaverse"])
def test_searching_metaverse_ranks_drimlab_first(client, demo, q):
    found = search(client, q)

    assert found[0].startswith("Drimlab")


@pytest.mark.parametrize("q", ["smart building", "smart building management", "building"])
def test_searching_smart_building_finds_colser(client, demo, q):
    found = search(client, q)

    assert found[0].startswith("Colser Aurora Domus Group")


def test_a_typo_still_finds_drimlab_on_postgresql(client, demo):
    if not on_postgres():
        pytest.skip("trigram similarity needs PostgreSQL; SQLite matches words exactly")

    assert search(client, "metavese")[0].startswith("Drimlab")
    assert search(client, "smart bilding")[0].startswith("Colser")


@pytest.mark.django_db
def test_typos_are_allowed_only_when_no_practice_has_the_words(client):
    if not on_postgres():
        pytest.skip("trigram similarity needs PostgreSQL; SQLite matches words exactly")
    PracticeFactory(title="Platform cooperative")
    PracticeFactory(title="Platforms united", cost_band=CostBand.LOW)
    practices_reindex()

    assert search(client, "platform united") == ["Platforms united"]
    assert search(client, "platform cooperative", cost="low") == []  # filters do not make it a typo
    assert sorted(search(client, "platfom")) == ["Platform cooperative", "Platforms united"]


@pytest.mark.django_db
def test_a_word_finds_the_longer_words_it_begins(client):
    PracticeFactory(title="Platforms united")
    PracticeFactory(title="Cooperative platform", summary="Digitalisation of care work.")
    PracticeFactory(title="Unrelated", summary="Nothing here.")
    practices_reindex()

    assert sorted(search(client, "platform")) == ["Cooperative platform", "Platforms united"]
    assert search(client, "digital care") == ["Cooperative platform"]


# --- ranking and matching ------------------------------------------------------------------------


@pytest.mark.django_db
def test_title_weighs_more_than_summary_more_than_description(client):
    PracticeFactory(title="Shared kitchen", description="Our orchard supplies it.")
    PracticeFactory(title="Orchard cooperative", summary="Fruit for everyone.")
    PracticeFactory(title="Fruit logistics", summary="From the orchard to the shops.")
    PracticeFactory(title="Unrelated", summary="Nothing here.")
    practices_reindex()

    assert search(client, "orchard") == ["Orchard cooperative", "Fruit logistics", "Shared kitchen"]


@pytest.mark.django_db
def test_every_word_must_match_somewhere(client):
    PracticeFactory(title="Smart facility", description="Including building management.")
    PracticeFactory(title="Smart hub")
    PracticeFactory(title="Building cooperative")
    practices_reindex()

    assert search(client, "smart building") == ["Smart facility"]


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["!!!", "' OR 1=1 --", '"', "-", "& | ! ( ) :*", "\\"], ids=range(6))
def test_odd_search_input_is_harmless(client, q):
    PracticeFactory(title="Something")
    practices_reindex()

    response = client.get(LIST, {"q": q})

    assert response.status_code == 200
    assert result_count(response.text) == 0


@pytest.mark.django_db
def test_search_never_finds_unpublished_practices(client):
    PracticeFactory(title="Draft orchard", status=PracticeStatus.DRAFT, published_at=None)
    PracticeFactory(title="In review orchard", status=PracticeStatus.IN_REVIEW, published_at=None)
    practices_reindex()

    assert search(client, "orchard") == []


@pytest.mark.django_db
def test_relevance_is_the_default_order_with_a_search_and_title_can_be_chosen(client):
    PracticeFactory(title="Zebra orchard")
    PracticeFactory(title="Apple", description="An orchard, mentioned in passing.")
    practices_reindex()

    assert search(client, "orchard") == ["Zebra orchard", "Apple"]
    assert search(client, "orchard", sort="title") == ["Apple", "Zebra orchard"]


# --- facet counts keep their promise (a property test over random catalogues) --------------------


def random_catalogue(rng: random.Random, size: int) -> None:
    themes = [ThemeFactory(slug=f"theme-{n}", name=f"Theme {n}") for n in range(4)]
    owners = [
        OrganisationFactory(
            country=rng.choice(["IT", "FI", "SE", ""]), kind=rng.choice(OrganisationKind.values)
        )
        for _ in range(6)
    ]
    for _ in range(size):
        PracticeFactory(
            title=" ".join(rng.sample(WORDS, 2)).capitalize(),
            summary=" ".join(rng.sample(WORDS, 3)),
            owner=rng.choice(owners),
            country=rng.choice(["", "", "MT"]),
            status=rng.choice([PracticeStatus.PUBLISHED] * 4 + [PracticeStatus.DRAFT]),
            themes=rng.sample(themes, rng.randint(0, 2)),
            dimensions=rng.sample(MaturityDimension.values, rng.randint(0, 2)),
            sector=rng.choice(["", "Care", "Cleaning"]),
            cost_band=rng.choice(["", *CostBand.values]),
            setup_time=rng.choice(["", *SetupTime.values]),
        )
    practices_reindex()


def random_filters(rng: random.Random) -> CatalogueFilters:
    filters = CatalogueFilters(q=rng.choice(["", "", rng.choice(WORDS)]))
    matching = practices_matching(filters)
    for _ in range(rng.randint(0, 2)):
        counts = facet_counts(matching).counts
        choices = [(facet, value) for facet in FACETS for value in counts[facet]]
        if choices:
            filters = filters.adding(*rng.choice(choices))
            matching = practices_matching(filters)
    return filters


@pytest.mark.django_db
@pytest.mark.parametrize("seed", range(8))
def test_each_facet_count_equals_the_results_of_ticking_it(seed):
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    random_catalogue(rng, size=rng.randint(5, 40))
    filters = random_filters(rng)

    counts = facet_counts(practices_matching(filters))

    assert counts.total == practices_matching(filters).count()
    for facet in FACETS:
        for value, count in counts.counts[facet].items():
            assert count == practices_matching(filters.adding(facet, value)).count(), (facet, value)


@pytest.mark.django_db
@pytest.mark.parametrize("seed", range(3))
def test_the_page_shows_counts_that_ticking_leads_to(client, seed):
    rng = random.Random(100 + seed)  # noqa: S311 - reproducible test data, not secrets
    random_catalogue(rng, size=30)
    query = {"q": rng.choice(["", "cloud"])}

    shown = facet_counts_shown(client.get(LIST, query).text)

    assert shown
    for (facet, value), count in shown.items():
        ticked = client.get(LIST, {**query, facet: value}).text
        assert result_count(ticked) == count, (facet, value)


# --- the admin keeps the index current ----------------------------------------------------------

INLINE_PREFIXES = ["dimensions", "audiences", "links", "images", "transitions"]


def admin_form(practice: Practice, **changes) -> dict:
    data = {
        "title": practice.title,
        "slug": practice.slug,
        "owner": practice.owner_id,
        "summary": practice.summary,
        "description": practice.description,
        **changes,
    }
    for prefix in INLINE_PREFIXES:
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data


@pytest.mark.django_db
def test_an_admin_edit_is_found_by_search_at_once(client):
    practice = PracticeFactory(title="Old name")
    practices_reindex()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.post(
        reverse("admin:practices_practice_change", args=[practice.pk]),
        admin_form(practice, title="Quinoa cooperative"),
    )

    assert response.status_code == 302
    assert search(client, "quinoa") == ["Quinoa cooperative"]
    if on_postgres():
        assert Practice.objects.filter(search_vector="quinoa").exists()


@pytest.mark.django_db
def test_an_admin_cannot_publish_by_editing_the_status(client):
    practice = PracticeFactory(status=PracticeStatus.DRAFT, published_at=None)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    client.post(
        reverse("admin:practices_practice_change", args=[practice.pk]),
        admin_form(practice, status=PracticeStatus.PUBLISHED),
    )

    practice.refresh_from_db()
    assert practice.status == PracticeStatus.DRAFT


def test_list_page_typing_is_debounced_and_ticking_is_immediate(client, db):
    page = client.get(LIST).text
    trigger = re.search(r'hx-trigger="([^"]+)"', page).group(1)

    assert "input changed delay:300ms target:#id_q" in trigger
    assert "change target:input[type=checkbox]" in trigger
