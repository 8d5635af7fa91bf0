"""The generator's organisations, people and memberships."""

from datetime import timedelta

from bench.bulk import Table, bulk
from bench.sampling import picker, zipf_weights
from bench.text import CITIES, SECTORS

ZONES = {
    "IT": "Europe/Rome", "ES": "Europe/Madrid", "FR": "Europe/Paris", "DE": "Europe/Berlin",
    "PT": "Europe/Lisbon", "BE": "Europe/Brussels", "PL": "Europe/Warsaw", "FI": "Europe/Helsinki",
    "SE": "Europe/Stockholm", "RO": "Europe/Bucharest", "BG": "Europe/Sofia", "MT": "Europe/Malta",
}  # fmt: skip
LANGUAGES = ["en", "en", "en", "it", "fi", "sv", "ro", "pl", "bg", "mt"]
COOP_WORDS = ["Cooperativa", "Osuuskunta", "Kooperativ", "Spółdzielnia", "Coop", "Cooperativa sociale"]
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


class MembersPart:
    """A confederation, its federations (some much bigger than others), their cooperatives, people."""

    def organisations(self) -> None:
        from members.enums import OrganisationKind
        from members.models import Organisation

        rng, text, sizes = self.rng, self.text, self.sizes
        (self.confederation,) = bulk(
            Organisation,
            [
                Organisation(
                    kind=OrganisationKind.CONFEDERATION,
                    name="European Confederation of Worker Cooperatives (bench)",
                    slug="bench-confederation",
                    country="BE",
                    city="Brussels",
                    description=text.markdown((1, 2)),
                )
            ],
        )
        self.federations = bulk(
            Organisation,
            [
                Organisation(
                    kind=OrganisationKind.FEDERATION,
                    name=f"Federation of {rng.choice(SECTORS)} Cooperatives {i + 1}",
                    slug=f"federation-{i + 1:03d}",
                    country=self.country(),
                    city=rng.choice(CITIES),
                    website=f"https://federation-{i + 1}.bench.example",
                    parent=self.confederation,
                    description=text.markdown((1, 3)),
                    founded_year=rng.randint(1945, 2015),
                )
                for i in range(sizes.federations)
            ],
        )
        weights = zipf_weights(len(self.federations), 0.7)
        rng.shuffle(weights)
        federation = picker(rng, self.federations, weights)
        cooperatives = []
        for i in range(sizes.cooperatives):
            parent = federation()
            cooperatives.append(
                Organisation(
                    kind=OrganisationKind.COOPERATIVE,
                    name=f"{rng.choice(COOP_WORDS)} {text.words(1, 2).title()} {i + 1}",
                    slug=f"coop-{i + 1:05d}",
                    country=parent.country if rng.random() < 0.95 else self.country(),
                    city=rng.choice(CITIES),
                    parent=parent,
                    description=text.markdown((1, 2), heading=False),
                    founded_year=rng.randint(1950, 2024),
                    is_active=rng.random() > 0.02,
                )
            )
        self.cooperatives = bulk(Organisation, cooperatives)
        self.clock.done("organisations", 1 + len(self.federations) + len(self.cooperatives))

    def people(self) -> None:
        from members.models import User

        rng, text, now = self.rng, self.text, self.now
        table = Table(User)
        self.users = []
        for i in range(self.sizes.people):
            country = self.country()
            self.users.append(
                table.add(
                    email=f"person{i + 1:05d}@bench.example",
                    full_name=text.person(),
                    # Unusable: nobody signs in with a password here; the benchmark makes sessions itself.
                    password="!" + "".join(rng.choices(LETTERS, k=40)),
                    country=country,
                    preferred_language=rng.choice(LANGUAGES),
                    time_zone=ZONES.get(country, "") if rng.random() < 0.4 else "",
                    date_joined=now - timedelta(days=rng.randint(0, 1500)),
                )
            )
        self.clock.done("people", table.write())

    def memberships(self) -> None:
        """The first person of each cooperative is its staff; everyone else a member of one (bigger
        cooperatives get more); two staff per federation."""
        from members.enums import MembershipRole
        from members.models import Membership

        rng, coops = self.rng, self.cooperatives
        table = Table(Membership)
        self.staff_of = {}
        cooperative = picker(rng, coops, zipf_weights(len(coops), 0.6))
        for i, user in enumerate(self.users):
            if i < len(coops):
                coop, role = coops[i], MembershipRole.STAFF
                self.staff_of[coop.pk] = user
            else:
                coop, role = cooperative(), MembershipRole.MEMBER
            table.add(user_id=user, organisation_id=coop.pk, role=role)
        for federation in self.federations:
            for user in rng.sample(self.users[: len(coops)], 2):
                table.add(user_id=user, organisation_id=federation.pk, role=MembershipRole.STAFF)
        self.clock.done("memberships", table.write())
