import pytest
from django.contrib.auth.models import AnonymousUser

from members import permissions
from members.enums import MembershipRole, OrganisationKind
from members.models import Membership
from tests.factories.members import FederationFactory, OrganisationFactory, UserFactory


@pytest.fixture
def tree(db):
    confederation = OrganisationFactory(kind=OrganisationKind.CONFEDERATION, name="Confed", country="")
    federation = FederationFactory(parent=confederation)
    other_federation = FederationFactory(parent=confederation)
    cooperative = OrganisationFactory(parent=federation)
    return {
        "confederation": confederation,
        "federation": federation,
        "other_federation": other_federation,
        "cooperative": cooperative,
    }


def person_with(role: str, organisation):
    person = UserFactory()
    Membership.objects.create(user=person, organisation=organisation, role=role)
    return person


@pytest.mark.parametrize(
    ("where", "role", "expected"),
    [
        (
            "confederation",
            MembershipRole.STAFF,
            {"confederation", "federation", "other_federation", "cooperative"},
        ),
        ("federation", MembershipRole.STAFF, {"federation", "cooperative"}),
        ("cooperative", MembershipRole.STAFF, {"cooperative"}),
        ("federation", MembershipRole.MEMBER, set()),
    ],
    ids=["confederation-staff", "federation-staff", "cooperative-staff", "federation-member"],
)
def test_staff_manage_their_organisation_and_everything_beneath(tree, where, role, expected):
    person = person_with(role, tree[where])

    managed = {name for name, org in tree.items() if permissions.can_manage_organisation(person, org)}

    assert managed == expected
    assert permissions.managed_organisation_ids(person) == frozenset(tree[name].pk for name in expected)


def test_platform_admin_manages_everything(tree):
    admin = UserFactory(is_superuser=True)

    assert all(permissions.can_manage_organisation(admin, org) for org in tree.values())
    assert permissions.managed_organisation_ids(admin) is None
    assert permissions.is_member(admin)


def test_anonymous_visitors_manage_nothing_and_see_no_contacts(tree):
    visitor = AnonymousUser()

    assert not any(permissions.can_manage_organisation(visitor, org) for org in tree.values())
    assert not permissions.is_member(visitor)
    assert not permissions.can_see_contact_details(visitor)
    assert not permissions.can_request_to_join(visitor, tree["cooperative"])


def test_membership_in_an_inactive_organisation_is_not_membership(tree):
    tree["cooperative"].is_active = False
    tree["cooperative"].save()
    person = person_with(MembershipRole.MEMBER, tree["cooperative"])

    assert not permissions.is_member(person)
    assert not permissions.can_invite_to(UserFactory(is_superuser=True), tree["cooperative"])


def test_programme_style_rule_staff_of_any_co_host(tree):
    person = person_with(MembershipRole.STAFF, tree["other_federation"])

    assert permissions.can_manage_any(person, [tree["federation"], tree["other_federation"]])
    assert not permissions.can_manage_any(person, [tree["federation"]])


def test_staff_lookup_is_one_query_per_person(tree, django_assert_num_queries):
    person = person_with(MembershipRole.STAFF, tree["federation"])
    organisations = list(tree.values())

    with django_assert_num_queries(1):
        for organisation in organisations:
            permissions.can_manage_organisation(person, organisation)
