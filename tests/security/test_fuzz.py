"""Arbitrary query strings and form bodies never make the portal answer with a server error."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from members.enums import MembershipRole
from practices.api_schema import LIST_PARAMETERS
from tests.factories.members import MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.practices import PracticeFactory
from tests.sessions_app.test_summaries import past_session, registrant

FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], database=None
)
# Surrogates cannot be encoded into a request at all: the client, not the portal, would refuse them.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)
VALUE = st.one_of(TEXT, st.integers().map(str), st.sampled_from(["", "0", "-1", "1", "2", "on", "true"]))


def values(*known):
    """A value that is sometimes a valid choice (so validation gets past the first field), often not."""
    return st.one_of(VALUE, st.sampled_from(known)) if known else VALUE


def near_valid(valid: dict, fields: dict):
    """Either every field random, or a valid body with up to three fields replaced (reaching the services)."""
    changes = st.dictionaries(st.sampled_from(sorted(fields)), VALUE, max_size=3)
    return st.one_of(st.fixed_dictionaries(fields), changes.map(lambda changed: valid | changed))


def query(names):
    """A query string with any of ``names``, each given zero to three times."""
    return st.dictionaries(st.sampled_from(names), st.lists(VALUE, max_size=3), max_size=len(names))


QUERY_PARAMETERS = {
    "/members/": ["q", "country", "kind", "page"],
    "/practices/": ["q", "theme", "dimension", "country", "kind", "sector", "cost", "setup", "sort", "page"],
    "/api/practices/": sorted(LIST_PARAMETERS),
    "/sessions/": ["when", "page"],
}


@pytest.fixture
def catalogue(db):
    return [PracticeFactory() for _ in range(3)]


@pytest.mark.parametrize("path", list(QUERY_PARAMETERS), ids=lambda path: path.strip("/").replace("/", "-"))
@FUZZ
@given(data=st.data())
def test_query_strings_never_cause_a_server_error(client, catalogue, path, data):
    parameters = data.draw(query(QUERY_PARAMETERS[path]))

    response = client.get(path, parameters)
    htmx = client.get(path, parameters, HTTP_HX_REQUEST="true")

    assert response.status_code < 500
    assert htmx.status_code < 500


@pytest.fixture
def member(db):
    return MembershipFactory().user


PROFILE = {
    "full_name": "Ana",
    "country": "IT",
    "preferred_language": "en",
    "time_zone": "Europe/Rome",
    "notify_session_reminders": "on",
    "notify_session_summaries": "",
    "practice_digest": "off",
}


@FUZZ
@given(data=near_valid(PROFILE, {
    "full_name": TEXT, "country": values("IT", "FI"), "preferred_language": values("en", "it"),
    "time_zone": values("Europe/Rome", "UTC"), "notify_session_reminders": VALUE,
    "notify_session_summaries": VALUE, "practice_digest": values("off", "weekly"),
}))  # fmt: skip
def test_profile_form_never_causes_a_server_error(client, member, data):
    client.force_login(member)

    assert client.post(reverse("members:account_profile"), data).status_code < 500


@FUZZ
@given(data=st.fixed_dictionaries({"message": TEXT}))
def test_join_request_form_never_causes_a_server_error(client, db, data):
    organisation = OrganisationFactory()
    client.force_login(UserFactory())

    response = client.post(reverse("members:join_request_create", args=[organisation.slug]), data)

    assert response.status_code < 500


@FUZZ
@given(
    data=st.fixed_dictionaries({"email": values("new@example.org"), "role": values(*MembershipRole.values)})
)
def test_invitation_form_never_causes_a_server_error(client, db, data):
    staff = MembershipFactory(role=MembershipRole.STAFF)
    client.force_login(staff.user)

    response = client.post(reverse("members:invitation_list", args=[staff.organisation.slug]), data)

    assert response.status_code < 500


@FUZZ
@given(data=st.fixed_dictionaries({"rating": values("1", "3", "5"), "comment": TEXT}))
def test_feedback_form_never_causes_a_server_error(client, db, data):
    session = past_session()
    client.force_login(registrant(session, f"{UserFactory.build().email}").user)

    response = client.post(
        reverse("sessions_app:feedback_create", args=[session.programme.slug, session.number]), data
    )

    assert response.status_code < 500


@FUZZ
@given(data=st.data())
def test_practice_create_form_never_causes_a_server_error(client, db, data):
    staff = MembershipFactory(role=MembershipRole.STAFF)
    client.force_login(staff.user)
    owner = str(staff.organisation.pk)
    valid = {"title": "Worker buyouts", "summary": "How workers take over.", "description": "**Yes**",
             "owner": owner, "country": "", "federation": "", "sector": "", "year_started": "2019",
             "contact_person": "", "themes": [], "dimensions": ["readiness"], "audiences": ["cooperatives"],
             "cost_band": "low", "setup_time": "under_3_months", "prerequisites": "", "skills_needed": "",
             "transferable": "", "local_context": ""}  # fmt: skip
    body = data.draw(near_valid(valid, {
        "title": TEXT, "summary": TEXT, "description": TEXT, "owner": values(owner),
        "country": values("IT", ""), "federation": VALUE, "sector": TEXT,
        "year_started": values("2019", "1800", "99999"), "contact_person": VALUE,
        "themes": st.lists(VALUE, max_size=2), "dimensions": st.lists(values("readiness", "green")),
        "audiences": st.lists(values("cooperatives")), "cost_band": values("low", "high"),
        "setup_time": values("under_3_months"), "prerequisites": TEXT, "skills_needed": TEXT,
        "transferable": TEXT, "local_context": TEXT,
    }))  # fmt: skip
    body |= data.draw(st.sampled_from([{}, {"submit_for_review": ""}]))

    response = client.post(reverse("practices:practice_create"), body)

    assert response.status_code < 500
