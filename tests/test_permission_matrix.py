"""Every URL of the project is either public, or covered by a permission matrix.

Each area's matrix lives beside its tests (members staff pages, practices catalogue and curation,
programmes, registrations, summaries), each over anonymous / member / staff of another federation /
staff of the owning organisation / admin (and curators, registrants where they matter); the personal
pages' matrix is here. A new URL that is in neither list fails ``test_every_url_is_public_or_in_a_matrix``.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.assessments import test_dashboard_permissions as dashboard_matrix
from tests.assessments import test_questionnaire_permissions as questionnaire_matrix
from tests.factories.members import MembershipFactory, OrganisationFactory, UserFactory
from tests.members.test_staff_permissions import ENDPOINTS as STAFF_ENDPOINTS
from tests.practices import test_catalogue_permissions as catalogue_matrix
from tests.practices import test_curation_permissions as curation_matrix
from tests.sessions_app import test_content_languages as translation_matrix
from tests.sessions_app import test_programme_permissions as programme_matrix
from tests.sessions_app import test_registration_permissions as registration_matrix
from tests.sessions_app import test_summary_permissions as summary_matrix

PUBLIC = {
    "home",
    "healthz",
    "media",  # uploaded images, public by design: tests/portal/test_media.py
    "members:directory",
    "members:organisation_detail",
    "members:invitation_accept",  # the signed link itself is the credential; tested in test_invitations
    "members:set_language",  # a cookie, or the signed-in profile: tests/members/test_language.py
}
DEBUG_ONLY = {"dev_outbox", "dev_outbox_message"}  # 404 unless DEBUG: tests/portal/test_outbox.py
PERSONAL = [  # anonymous -> sign in; any signed-in person -> their own page
    ("members:account_profile", "get", 200),
    ("members:account_export", "get", 200),
    ("members:account_delete", "get", 200),
    ("members:join_request_create", "get", 200),
]
THIRD_PARTY_NAMESPACES = ("admin",)  # the Django admin guards itself; see test_admin_requires_admin_access
THIRD_PARTY_PREFIXES = ("account_", "socialaccount_", "mfa_", "usersessions_")  # allauth's own pages


def project_route_names(resolver=None, namespace: str = "") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= project_route_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


def test_every_url_is_public_or_in_a_matrix():
    covered = PUBLIC | DEBUG_ONLY | {name for name, _, _ in PERSONAL}
    covered |= {f"members:{name}" for name, _, _ in STAFF_ENDPOINTS}
    covered |= set(catalogue_matrix.PUBLIC)
    covered |= {f"practices:{endpoint[0]}" for endpoint in curation_matrix.ENDPOINTS}
    covered |= set(programme_matrix.PUBLIC)
    covered |= {f"sessions_app:{endpoint[0]}" for endpoint in programme_matrix.ENDPOINTS}
    covered |= set(registration_matrix.PUBLIC) | {endpoint[0] for endpoint in registration_matrix.ENDPOINTS}
    covered |= set(summary_matrix.PUBLIC) | {endpoint[0] for endpoint in summary_matrix.ENDPOINTS}
    covered |= {endpoint[0] for endpoint in translation_matrix.ENDPOINTS}
    covered |= set(dashboard_matrix.PUBLIC) | {f"assessments:{e[0]}" for e in dashboard_matrix.ENDPOINTS}
    covered |= set(questionnaire_matrix.PUBLIC) | {endpoint[0] for endpoint in questionnaire_matrix.ENDPOINTS}
    uncovered = {
        name
        for name in project_route_names()
        if name not in covered
        and not name.startswith(THIRD_PARTY_PREFIXES)
        and name.split(":")[0] not in THIRD_PARTY_NAMESPACES
    }

    assert uncovered == set()


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


def personal_url(name: str, organisation) -> str:
    if name == "members:join_request_create":
        return reverse(name, args=[organisation.slug])
    return reverse(name)


@pytest.mark.parametrize(("name", "method", "ok_status"), PERSONAL, ids=[p[0] for p in PERSONAL])
@pytest.mark.parametrize("who", ["anonymous", "member", "staff", "admin"])
def test_personal_pages_matrix(client, organisation, name, method, ok_status, who):
    people = {
        "member": lambda: MembershipFactory(organisation=organisation).user,
        "staff": lambda: MembershipFactory(organisation=organisation, role="staff").user,
        "admin": lambda: UserFactory(is_superuser=True, is_staff=True),
    }
    if who != "anonymous":
        client.force_login(people[who]())

    response = getattr(client, method)(personal_url(name, organisation))

    if who == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == ok_status


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("member", 302), ("admin", 200)],
    ids=["anonymous", "member", "admin"],
)
def test_admin_requires_admin_access(client, organisation, who, status):
    if who == "member":
        client.force_login(MembershipFactory(organisation=organisation, role="staff").user)
    elif who == "admin":
        client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.get(reverse("admin:index"))

    assert response.status_code == status
    if status == 302:
        assert response.url.startswith(reverse("admin:login"))
