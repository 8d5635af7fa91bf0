"""Demo organisations and people, taken from the seed document (shared/seed).

What the seed states is entered as fact; anything invented to make the demo usable is flagged
``is_demo`` and says so in its name or description.
"""

from members import services
from members.enums import MembershipRole, OrganisationKind
from members.models import Organisation

DEMO_ADMIN_EMAIL = "admin@demo.example"
DEMO_ADMIN_PASSWORD = "demo-admin-password"  # noqa: S105 - development demo only; refused in production

DEMO_PASSWORD = "demo-password"  # noqa: S105 - development demo only; refused in production
# Invented people, one per role, so each kind of user can be tried: (e-mail, name, organisation slug, role).
DEMO_PEOPLE = [
    ("cecop.staff@demo.example", "Demo staff, CECOP", "cecop", MembershipRole.STAFF),
    (
        "italy.staff@demo.example",
        "Demo staff, Confcooperative Lavoro e Servizi",
        "confcooperative-lavoro-e-servizi",
        MembershipRole.STAFF,
    ),
    ("finland.staff@demo.example", "Demo staff, Finland", "demo-federation-fi", MembershipRole.STAFF),
    ("drimlab.staff@demo.example", "Demo staff, Drimlab", "drimlab", MembershipRole.STAFF),
    ("member@demo.example", "Demo member, Drimlab", "drimlab", MembershipRole.MEMBER),
]

# The other member countries named in the seed; the seed names no federation for them.
DEMO_COUNTRIES = {
    "FI": "Finland",
    "SE": "Sweden",
    "RO": "Romania",
    "PL": "Poland",
    "BG": "Bulgaria",
    "MT": "Malta",
}


def load(*, stdout) -> None:
    cecop = services.organisation_ensure(
        slug="cecop",
        kind=OrganisationKind.CONFEDERATION,
        name="CECOP",
        description=(
            "European confederation of worker and social cooperatives. Working intensively on the "
            "digital transition, advocating for a just and democratic transition by promoting worker "
            "and social cooperatives."
        ),
    )
    confcoop = services.organisation_ensure(
        slug="confcooperative-lavoro-e-servizi",
        kind=OrganisationKind.FEDERATION,
        name="Confcooperative Lavoro e Servizi",
        country="IT",
        parent=cecop,
        description=(
            "CECOP member in Italy, with a wide range of experience on the digital transition; "
            "co-host of the mutual learning on how federations can support cooperatives in the "
            "digital transitions."
        ),
    )
    for code, country in DEMO_COUNTRIES.items():
        services.organisation_ensure(
            slug=f"demo-federation-{code.lower()}",
            kind=OrganisationKind.FEDERATION,
            name=f"Demo federation ({country})",
            country=code,
            parent=cecop,
            is_demo=True,
            description=(
                f"Demo placeholder: the seed names members from {country} but not their federation."
            ),
        )
    _load_italian_practice_owners(confcoop)
    services.user_ensure(
        email=DEMO_ADMIN_EMAIL,
        password=DEMO_ADMIN_PASSWORD,
        full_name="Demo administrator",
        is_superuser=True,
    )
    _load_people()
    stdout.write(
        f"members: demo organisations, admin {DEMO_ADMIN_EMAIL} and {len(DEMO_PEOPLE)} demo people ready"
    )


def _load_people() -> None:
    organisations = Organisation.objects.in_bulk([slug for _, _, slug, _ in DEMO_PEOPLE], field_name="slug")
    for email, name, slug, role in DEMO_PEOPLE:
        person = services.user_ensure(email=email, password=DEMO_PASSWORD, full_name=name)
        services.membership_ensure(user=person, organisation=organisations[slug], role=role)


def _load_italian_practice_owners(confcoop) -> None:
    services.organisation_ensure(
        slug="netcoop",
        kind=OrganisationKind.NETWORK,
        name="Netcoop",
        country="IT",
        parent=confcoop,
        description=(
            "A network created by Confcooperative Lavoro e Servizi to connect their cooperatives and "
            "foster digitalization."
        ),
    )
    services.organisation_ensure(
        slug="node",
        kind=OrganisationKind.COOPERATIVE,
        name="Node",
        country="IT",
        parent=confcoop,
        description=(
            "A Digital Innovation Hub of Confcooperative, which helps cooperatives in their digital "
            "transformation."
        ),
    )
    services.organisation_ensure(
        slug="drimlab",
        kind=OrganisationKind.COOPERATIVE,
        name="Drimlab",
        country="IT",
        parent=confcoop,
        description=(
            "A cooperative that designs, develops and tests digital prototypes for practices and "
            "services in the metaverse."
        ),
    )
    services.organisation_ensure(
        slug="colser-aurora-domus-group",
        kind=OrganisationKind.COOPERATIVE,
        name="Colser Aurora Domus Group",
        country="IT",
        parent=confcoop,
        description=(
            "Provides different kinds of services to public authorities and private enterprises, "
            "such as cleaning services for the healthcare industry, but also smart facility "
            "management, conciergerie, help desk, and integrated services like smart building "
            "management, which recently underwent an innovation process to improve its services."
        ),
    )
