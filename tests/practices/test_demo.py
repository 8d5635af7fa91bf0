"""The demo practices: the seed's four Italian examples, published, saying only what the seed says."""

import re

import pytest
from django.core.management import call_command

from practices.demo import PRACTICES, THEMES
from practices.enums import PracticeStatus
from practices.models import Practice, Theme

# What the seed document (shared/seed/mutual-learning-digital-transition.txt) says of the practices.
SEED = """
The mutual learning sessions titled 'How can federations support cooperatives in the digital
transitions?' The mutual learning was co-hosted in collaboration with CECOP member, Confcooperative
Lavoro e Servizi (Italy). Four examples from Italy, were presented to members:
1. The cooperative Node, a Digital Innovation Hub of Confcooperative, which helps cooperatives in their
digital transformation
2. Drimlab, a cooperative that designs, develops and tests digital prototypes for practices and services
in the metaverse,
3. Colser Aurora Domus Group, providing different kind of services to public authorities and private
enterprises, such as cleaning services for the healthcare industry, but also smart facility, management,
Conciergerie, help desk, and integrated services like smart building management which recently underwent
an innovation process to improve it services.
4. Netcoop, a network created by Confcooperative Lavoro e Servizi to connect their cooperatives and foster
digitalization.
"""
# Grammar the texts need beyond the seed's own words; anything else would be a claim the seed does not make.
GLUE_WORDS = {"is", "its", "one", "italian", "improved", "kinds", "provides", "recent", "them", "as"}
TRANSFERABILITY = [
    "prerequisites",
    "cost_band",
    "setup_time",
    "skills_needed",
    "transferable",
    "local_context",
]
OWNERS = {
    "node": "Node",
    "drimlab": "Drimlab",
    "colser-aurora-domus-group": "Colser Aurora Domus Group",
    "netcoop": "Netcoop",
}


def snapshot() -> list[tuple]:
    practices = Practice.objects.order_by("slug")
    rows = list(
        practices.values_list(
            "slug", "title", "summary", "description", "owner__slug", "federation__slug", "status",
            "published_at", "updated_at", *TRANSFERABILITY,
        )
    )  # fmt: skip
    links = [
        (
            p.slug,
            sorted(p.themes.values_list("slug", flat=True)),
            sorted(p.dimensions.values_list("dimension", flat=True)),
        )
        for p in practices
    ]
    return rows + links + list(Theme.objects.order_by("slug").values_list("slug", "name"))


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=None)


def test_load_demo_twice_changes_no_practice(demo):
    first = snapshot()

    call_command("load_demo", stdout=None)

    assert snapshot() == first


def test_demo_has_the_four_seed_practices_published_with_their_owners(demo):
    practices = Practice.objects.select_related("owner", "federation")

    assert {p.owner.slug: p.owner.name for p in practices} == OWNERS
    assert {p.status for p in practices} == {PracticeStatus.PUBLISHED}
    assert all(p.published_at is not None for p in practices)
    assert {p.federation.slug for p in practices} == {"confcooperative-lavoro-e-servizi"}


def test_demo_themes_are_the_curated_vocabulary_and_every_practice_has_theme_and_dimension(demo):
    assert list(Theme.objects.order_by("name").values_list("name", flat=True)) == sorted(n for _, n in THEMES)
    for practice in Practice.objects.all():
        assert practice.themes.exists(), practice.slug
        assert practice.dimensions.exists(), practice.slug


def test_demo_leaves_transferability_empty_rather_than_inventing_it(demo):
    for practice in Practice.objects.all():
        assert [getattr(practice, name) for name in TRANSFERABILITY] == [""] * len(TRANSFERABILITY)
        assert practice.year_started is None
        assert practice.sector == ""
        assert practice.contact_person is None


def test_demo_texts_use_only_the_seeds_words():
    for slug, (_, title, summary, description, *_) in PRACTICES.items():
        assert words(f"{title} {summary} {description}") - words(SEED) - GLUE_WORDS == set(), slug


def test_demo_practice_page_says_not_stated_for_transferability(client, demo):
    practice = Practice.objects.get(owner__slug="drimlab")

    page = client.get(practice.get_absolute_url()).text

    panel = re.search(r'<section class="transferability".*?</section>', page, re.S).group(0)
    assert panel.count("Not stated") == len(TRANSFERABILITY)
    assert "metaverse" in page
