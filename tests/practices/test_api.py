"""The read-only JSON API and its OpenAPI description: every documented parameter is accepted and filters."""

import json

import pytest
from django.urls import Resolver404, resolve, reverse

from members.enums import OrganisationKind
from practices.enums import PracticeStatus
from practices.models import Adoption, PracticeDimension
from tests.factories.members import OrganisationFactory
from tests.factories.practices import PracticeFactory, ThemeFactory

LIST = reverse("practices:api_practice_list")
OPENAPI = reverse("practices:api_openapi")
PAGINATION = {"page", "page_size", "sort"}


def get_json(client, url, params=None, status=200):
    response = client.get(url, params or {})
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


@pytest.fixture
def document(client, db):
    return get_json(client, OPENAPI)


def list_parameters(document) -> dict[str, dict]:
    operation = document["paths"]["/api/practices/"]["get"]
    return {parameter["name"]: parameter for parameter in operation["parameters"]}


def example_of(parameter: dict) -> str:
    example = parameter["example"]
    return example[0] if isinstance(example, list) else example


# --- the list ---------------------------------------------------------------------------------------


def test_list_shows_published_practices_only(client, db):
    published = PracticeFactory(title="Public one")
    for status in [s for s in PracticeStatus if s != PracticeStatus.PUBLISHED]:
        PracticeFactory(status=status, title=f"Hidden {status}")

    data = get_json(client, LIST)

    assert data["count"] == 1
    assert (data["next"], data["previous"]) == (None, None)
    assert [r["slug"] for r in data["results"]] == [published.slug]


def test_a_result_carries_what_a_federation_site_shows(client, db):
    owner = OrganisationFactory(name="Drimlab", slug="drimlab", country="IT")
    theme = ThemeFactory(name="Prototyping", slug="prototyping")
    practice = PracticeFactory(owner=owner, title="Metaverse lab", cost_band="low", year_started=2021)
    practice.themes.add(theme)
    PracticeDimension.objects.create(practice=practice, dimension="green")
    Adoption.objects.create(practice=practice, organisation=OrganisationFactory(name="Coop FI"), story="x")

    result = get_json(client, LIST)["results"][0]

    assert result["title"] == "Metaverse lab"
    assert result["url"] == f"http://testserver{practice.get_absolute_url()}"
    assert result["owner"]["name"] == "Drimlab"
    assert result["country"] == "IT"
    assert result["themes"] == [{"slug": "prototyping", "name": "Prototyping"}]
    assert result["dimensions"] == [{"code": "green", "label": "Green digitalisation"}]
    assert result["cost_band"]["code"] == "low"
    assert result["setup_time"] is None
    assert [o["name"] for o in result["adopted_by"]] == ["Coop FI"]
    assert "contact_person" not in result


def test_pagination_gives_count_next_and_previous(client, db):
    PracticeFactory.create_batch(5)

    first = get_json(client, LIST, {"page_size": 2})
    second = get_json(client, first["next"])
    last = get_json(client, LIST, {"page_size": 2, "page": 3})

    assert first["count"] == 5
    assert len(first["results"]) == 2
    assert first["previous"] is None
    assert "page=2" in first["next"]
    assert "page_size=2" in first["next"]
    assert second["previous"].endswith("page=1")
    assert not {r["slug"] for r in first["results"]} & {r["slug"] for r in second["results"]}
    assert (len(last["results"]), last["next"]) == (1, None)


BAD_PARAMETERS = [
    {"page_size": "101"},
    {"page_size": "0"},
    {"page_size": "1e9"},
    {"page": "0"},
    {"page": "-1"},
    {"page": "abc"},
    {"page": ""},
    {"page_size": ""},
    {"dimension": "flying"},
    {"owner_kind": "kingdom"},
    {"cost_band": "free"},
    {"setup_time": "yesterday"},
    {"country": "XX"},
    {"country": "ITA"},
    {"country": "It"},
    {"theme": "no-such-theme"},
    {"sort": "random"},
    {"q": "x" * 201},
    {"q": "pay\x00roll"},
    {"theme": "a\x00b"},
    {"sector": "\x00"},
    {"country": "I\x00"},
    {"dimension": "green\x00"},
    {"sector": "s" * 101},
    {"colour": "blue"},
    {"q": ["one", "two"]},
]


@pytest.mark.parametrize(
    "params", BAD_PARAMETERS, ids=lambda p: "&".join(f"{k}={str(v)[:10]}" for k, v in p.items())
)
def test_invalid_parameters_are_a_400_with_errors_never_a_500(client, db, params):
    PracticeFactory()

    data = get_json(client, LIST, params, status=400)

    assert list(data["errors"]) == list(params)
    assert all(isinstance(message, str) for message in data["errors"][next(iter(params))])


def test_empty_values_are_ignored_and_country_codes_any_case(client, db):
    PracticeFactory(owner=OrganisationFactory(country="FI"))

    assert get_json(client, LIST, {"q": "", "country": "fi"})["count"] == 1


def test_a_page_past_the_last_is_a_404_that_says_how_many_there_are(client, db):
    PracticeFactory()

    data = get_json(client, LIST, {"page": "9"}, status=404)

    assert data == {"detail": "There is only 1 page."}


def test_the_api_is_read_only(client, db):
    response = client.post(LIST, {})

    assert response.status_code == 405


@pytest.mark.parametrize("size", [3, 30], ids=["3-practices", "30-practices"])
def test_list_query_count_does_not_grow(client, django_assert_num_queries, db, size):
    theme = ThemeFactory()
    for _ in range(size):
        practice = PracticeFactory()
        practice.themes.add(theme)
        PracticeDimension.objects.create(practice=practice, dimension="green")
        Adoption.objects.create(practice=practice, organisation=OrganisationFactory(), story="x")

    # the theme check, count, page, then themes, dimensions, audiences, links, adoptions
    with django_assert_num_queries(8):
        data = get_json(client, LIST, {"theme": theme.slug, "page_size": 100})

    assert data["count"] == size


# --- one practice -----------------------------------------------------------------------------------


def test_detail_shows_the_practice_with_sanitised_html(client, db):
    practice = PracticeFactory(description="**Bold** <script>alert(1)</script>", prerequisites="A room")
    practice.links.create(url="https://example.org/", label="Site")

    data = get_json(client, reverse("practices:api_practice_detail", args=[practice.slug]))

    assert data["slug"] == practice.slug
    assert "<strong>Bold</strong>" in data["description_html"]
    assert "<script" not in data["description_html"]
    assert data["transferability"]["prerequisites"] == "A room"
    assert data["links"] == [{"url": "https://example.org/", "label": "Site"}]


@pytest.mark.parametrize("status", [PracticeStatus.DRAFT, PracticeStatus.SUBMITTED, PracticeStatus.ARCHIVED])
def test_an_unpublished_practice_is_a_json_404(client, db, status):
    practice = PracticeFactory(status=status, title="Secret draft")

    data = get_json(client, reverse("practices:api_practice_detail", args=[practice.slug]), status=404)

    assert "Secret draft" not in json.dumps(data)
    assert data["detail"]


# --- the OpenAPI description ------------------------------------------------------------------------


def test_the_document_has_the_required_openapi_keys(document):
    assert document["openapi"].startswith("3.1.")
    assert document["info"]["title"]
    assert document["info"]["version"]
    assert set(document["paths"]) == {"/api/practices/", "/api/practices/{slug}/"}
    for path, item in document["paths"].items():
        assert item["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert item["get"]["operationId"]
        resolve(path.replace("{slug}", "some-practice"))  # documented paths exist


def test_an_undocumented_path_does_not_resolve_to_the_api():
    with pytest.raises(Resolver404):
        resolve("/api/practices/a/b/")


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_every_reference_resolves(document):
    refs = set(_refs(document))

    assert refs
    for ref in refs:
        node = document
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
        assert isinstance(node, dict)


def test_every_parameter_is_described_with_a_schema(document):
    for parameter in list_parameters(document).values():
        assert parameter["in"] == "query"
        assert parameter["description"]
        assert parameter["schema"]["type"] in {"string", "integer", "array"}


def test_the_results_match_the_documented_schema_keys(client, document):
    PracticeFactory()
    schemas = document["components"]["schemas"]

    page = get_json(client, LIST)
    detail = get_json(client, page["results"][0]["api_url"])

    assert set(page) == set(schemas["PracticePage"]["required"])
    assert set(page["results"][0]) == set(schemas["PracticeSummary"]["required"])
    assert set(detail) == set(schemas["PracticeSummary"]["required"]) | set(
        schemas["Practice"]["allOf"][1]["required"]
    )


def test_every_documented_enum_value_is_accepted(client, document):
    PracticeFactory()
    for name, parameter in list_parameters(document).items():
        schema = parameter["schema"].get("items", parameter["schema"])
        for value in schema.get("enum", []):
            assert "results" in get_json(client, LIST, {name: value}), (name, value)


# How to make one practice that the documented example of each filter finds (and one it does not).
def _match_q(practice, value):
    practice.title = f"The {value} studio"


def _match_theme(practice, value):
    practice.themes.add(ThemeFactory(slug=value))


def _match_dimension(practice, value):
    PracticeDimension.objects.create(practice=practice, dimension=value)


def _match_owner_kind(practice, value):
    practice.owner = OrganisationFactory(kind=value)


MATCHERS = {
    "q": _match_q,
    "theme": _match_theme,
    "dimension": _match_dimension,
    "country": lambda practice, value: setattr(practice, "country", value),
    "owner_kind": _match_owner_kind,
    "sector": lambda practice, value: setattr(practice, "sector", value),
    "cost_band": lambda practice, value: setattr(practice, "cost_band", value),
    "setup_time": lambda practice, value: setattr(practice, "setup_time", value),
}


def test_every_documented_parameter_is_covered_here(document):
    assert set(list_parameters(document)) == set(MATCHERS) | PAGINATION


@pytest.mark.parametrize("name", sorted(MATCHERS))
def test_every_documented_filter_actually_filters(client, document, name):
    parameter = list_parameters(document)[name]
    value = example_of(parameter)
    owner = OrganisationFactory(kind=OrganisationKind.COOPERATIVE, country="BE")
    match = PracticeFactory(title="Ordinary", owner=owner)
    PracticeFactory(title="Another ordinary", owner=owner)
    MATCHERS[name](match, value)
    match.save()

    everything = get_json(client, LIST)
    found = get_json(client, LIST, {name: value})

    assert everything["count"] == 2
    assert [r["slug"] for r in found["results"]] == [match.slug]


def test_sort_orders_and_page_size_limits(client, document):
    PracticeFactory(title="Beta")
    PracticeFactory(title="Alpha")
    PracticeFactory(title="Gamma")

    by_title = get_json(client, LIST, {"sort": "title", "page_size": 2})
    newest = get_json(client, LIST, {"sort": "newest"})

    assert [r["title"] for r in by_title["results"]] == ["Alpha", "Beta"]
    assert [r["title"] for r in newest["results"]] == ["Gamma", "Alpha", "Beta"]
    assert list_parameters(document)["page_size"]["schema"]["maximum"] == 100


def test_openapi_description_validates_against_the_specification(document):
    from openapi_spec_validator import validate

    assert validate(document) is None  # raises OpenAPIValidationError with the first problem
