"""The seed's programme: "How can federations support cooperatives in the digital transitions?".

What the seed states is entered as fact (title, organiser, co-host, three online sessions, the seven
countries, the three common trends, the four practices, the EU funding acknowledgement). What it does
not state is invented for the demonstration and labelled so: the sessions' dates ("demo dates"), their
titles and agendas, which session presented which practice, and the demo participants.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from members import services as members_services
from members.demo import DEMO_COUNTRIES, DEMO_PASSWORD
from members.enums import MembershipRole
from members.models import Organisation
from practices.models import Practice
from sessions_app.enums import EU_FUNDING_DISCLAIMER, ProgrammeStatus, SessionStatus, Visibility
from sessions_app.models import Programme, Session
from sessions_app.services import programmes as services

SLUG = "federations-support-cooperatives-digital-transitions"
TITLE = "How can federations support cooperatives in the digital transitions?"
ZONE = "Europe/Brussels"  # CECOP is in Brussels
BRUSSELS = ZoneInfo(ZONE)
DESCRIPTION = """\
Digital transition is a key priority in the EU which is setting standards and pathways to support a \
transformation that has accelerated consistently during the pandemic. CECOP is working intensively on \
the topic, advocating for a just and democratic transition by promoting worker and social cooperatives.

The mutual learning was co-hosted in collaboration with CECOP member, Confcooperative Lavoro e Servizi \
(Italy), who has a wide range of experience on the matter.

During three online sessions, members from 7 different countries, Italy, Finland, Sweden, Romania, \
Poland, Bulgaria, and Malta shared challenges and opportunities for cooperatives and workers that must \
face digital transformation.

While digital transformation touches different levels of the business, from the production chain to the \
management and governance of the cooperative, and can affect these levels differently, some common \
trends could be identified by the participants.

Overall, participants agreed that there is a lot of work to do to support this transformation process \
and that for many countries we are just at the beginning.

CECOP thanks all the participants for their collaboration and contribution and looks forward to \
continuing working on the topic.
"""
AIMS = (
    "To delve into the needs, opportunities, and transferability of existing practices among member "
    "countries."
)
DEMO_NOTE = (
    "*Demo: the seed does not give this session's date or agenda; both are invented for the "
    "demonstration.*\n\n"
)
# (number, title, local start, practice owners presented): titles from the programme's stated aims.
SESSIONS = [
    (
        1,
        "Needs: cooperatives and workers facing the digital transformation",
        datetime(2023, 5, 10, 10, tzinfo=BRUSSELS),
        [],
    ),
    (
        2,
        "Opportunities: practices from Italy",
        datetime(2023, 5, 24, 10, tzinfo=BRUSSELS),
        ["node", "drimlab"],
    ),
    (
        3,
        "Transferability of existing practices among member countries",
        datetime(2023, 6, 7, 10, tzinfo=BRUSSELS),
        ["colser-aurora-domus-group", "netcoop"],
    ),
]
AGENDAS = {
    1: "Members share the challenges and opportunities for cooperatives and workers that must face "
    "digital transformation, from the production chain to the management and governance of the cooperative.",
    2: "Examples from Italy presented to members, with Confcooperative Lavoro e Servizi.",
    3: "How the practices presented could transfer to the member countries, and what federations can do.",
}
TRENDS = [
    (
        "A culture of digitalization",
        "The need to nourish a culture of digitalization was underlined, as the benefits of this "
        "transformation are not always understood as important or necessary by managers and workers. "
        "Awareness should be promoted by the federations, on the advantages that digitalization can bring "
        "to the business, like, more attractiveness, competitiveness, facilitation of work, and better "
        "service provision.",
    ),
    (
        "Training to upskill and reskill workers and managers",
        "A need to provide training to workers and managers of cooperatives to support the upskilling and "
        "reskilling of workers, an activity crucial for the survival of the business under such "
        "transformation.",
    ),
    (
        "Partnerships and funding as obstacles",
        "For the federations that cannot provide it by themselves, the main obstacles to this need are "
        "building partnerships with institutions that can provide this kind of training and funding.",
    ),
]
# Invented participants per country (labelled demo): the seed names the countries, not the people.
PARTICIPANTS = {"IT": 4, "FI": 2, "SE": 2, "RO": 2, "PL": 2, "BG": 1, "MT": 1}
COUNTRY_NAMES = {"IT": "Italy", **DEMO_COUNTRIES}
COUNTRY_ORGANISATIONS = {"IT": "confcooperative-lavoro-e-servizi"} | {
    code: f"demo-federation-{code.lower()}" for code in DEMO_COUNTRIES
}


def load(*, stdout) -> None:
    programme = _programme()
    sessions = [_session(programme, *row) for row in SESSIONS]
    for position, (title, description) in enumerate(TRENDS):
        services.trend_ensure(programme=programme, title=title, description=description, position=position)
    people = _participants()
    for session in sessions:
        services.demo_registrations_ensure(session=session, users=people)
    linked = sum(session.practices.count() for session in sessions)
    stdout.write(
        f"sessions_app: demo programme with {len(sessions)} sessions, {len(TRENDS)} trends, "
        f"{len(people)} demo participants and {linked} linked practices ready"
    )


def _programme() -> Programme:
    programme = Programme.objects.filter(slug=SLUG).first()
    if programme is not None:
        return programme
    return services.programme_create(
        slug=SLUG,
        title=TITLE,
        organiser=Organisation.objects.get(slug="cecop"),
        co_hosts=[Organisation.objects.get(slug="confcooperative-lavoro-e-servizi")],
        theme="Digital transition",
        description=DESCRIPTION,
        aims=AIMS,
        status=ProgrammeStatus.COMPLETED,
        visibility=Visibility.PUBLIC,
        funding_acknowledgement=EU_FUNDING_DISCLAIMER,
        is_demo=True,
    )


def _session(
    programme: Programme, number: int, title: str, local_start: datetime, owners: list[str]
) -> Session:
    session = programme.sessions.filter(number=number).first()
    if session is None:
        session = services.session_create(
            programme=programme,
            number=number,
            title=title,
            agenda=DEMO_NOTE + AGENDAS[number],
            starts_at=local_start,
            organiser_time_zone=ZONE,
            duration_minutes=120,
            language="en",
            status=SessionStatus.COMPLETED,
            is_demo=True,
        )
    # Practices come from practices/demo.py: link whichever of the seed's four exist (idempotent).
    practices = Practice.objects.filter(owner__slug__in=owners)
    missing = practices.exclude(pk__in=session.practices.values("pk"))
    if missing.exists():
        session.practices.add(*missing)
    return session


def _participants() -> list:
    organisations = Organisation.objects.in_bulk(list(COUNTRY_ORGANISATIONS.values()), field_name="slug")
    people = []
    for code, count in PARTICIPANTS.items():
        for index in range(1, count + 1):
            suffix = f" {index}" if count > 1 else ""
            person = members_services.user_ensure(
                email=f"participant.{code.lower()}.{index}@demo.example",
                password=DEMO_PASSWORD,
                full_name=f"Demo participant ({COUNTRY_NAMES[code]}){suffix}",
            )
            members_services.membership_ensure(
                user=person,
                organisation=organisations[COUNTRY_ORGANISATIONS[code]],
                role=MembershipRole.MEMBER,
            )
            people.append(person)
    return people
