import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from members.demo import DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD
from members.enums import OrganisationKind
from members.models import Organisation, User

SEED_COUNTRIES = {"IT", "FI", "SE", "RO", "PL", "BG", "MT"}


def snapshot() -> list[tuple]:
    return list(
        Organisation.objects.order_by("slug").values_list(
            "slug", "kind", "name", "country", "parent__slug", "is_demo", "description"
        )
    ) + list(User.objects.order_by("email").values_list("email", "password", "is_superuser"))


@pytest.mark.django_db
def test_load_demo_twice_changes_nothing():
    call_command("load_demo", stdout=None)
    first = snapshot()
    call_command("load_demo")

    assert snapshot() == first


@pytest.mark.django_db
def test_demo_has_the_seed_organisations_and_labels_inventions():
    call_command("load_demo")

    cecop = Organisation.objects.get(slug="cecop")
    cohost = Organisation.objects.get(name="Confcooperative Lavoro e Servizi")
    federations = Organisation.objects.filter(kind=OrganisationKind.FEDERATION)
    assert cecop.kind == OrganisationKind.CONFEDERATION
    assert (cohost.country.code, cohost.parent, cohost.is_demo) == ("IT", cecop, False)
    assert {f.country.code for f in federations} == SEED_COUNTRIES
    assert all(f.is_demo and "Demo" in f.name for f in federations.exclude(pk=cohost.pk))
    assert set(cohost.children.values_list("name", flat=True)) == {
        "Netcoop",
        "Node",
        "Drimlab",
        "Colser Aurora Domus Group",
    }


@pytest.mark.django_db
def test_demo_admin_can_sign_in(client):
    call_command("load_demo")

    assert EmailAddress.objects.get(email=DEMO_ADMIN_EMAIL).verified
    assert client.login(email=DEMO_ADMIN_EMAIL, password=DEMO_ADMIN_PASSWORD)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_demo_people_have_the_roles_their_names_say():
    from members.demo import DEMO_PASSWORD
    from members.permissions import can_manage_organisation, is_member

    call_command("load_demo")
    italy_staff = User.objects.get(email="italy.staff@demo.example")
    member = User.objects.get(email="member@demo.example")
    drimlab = Organisation.objects.get(slug="drimlab")
    finland = Organisation.objects.get(slug="demo-federation-fi")

    assert italy_staff.check_password(DEMO_PASSWORD)
    assert can_manage_organisation(italy_staff, drimlab)
    assert not can_manage_organisation(italy_staff, finland)
    assert is_member(member)
    assert not can_manage_organisation(member, drimlab)
    assert all(
        "Demo" in name for name in User.objects.exclude(is_superuser=True).values_list("full_name", flat=True)
    )
