"""The generator's practice catalogue: text of realistic length, facets spread unevenly, adoptions.

One practice in a hundred mentions ``SELECTIVE_TERM`` and one in three ``BROAD_TERM``, in the title,
the summary or the description (the generator counts the published ones: ``search_hits``).
"""

from datetime import timedelta

from bench.bulk import Table, bulk
from bench.sampling import picker, weighted, zipf_weights
from bench.text import BROAD_TERM, SECTORS, SELECTIVE_TERM, THEMES

TERM_SHARES = ((SELECTIVE_TERM, 0.01), (BROAD_TERM, 1 / 3))
TERM_PLACES = ["title", "summary", "description", "description"]


class PracticesPart:
    def practices(self) -> None:
        from practices.enums import CostBand, PracticeStatus, SetupTime
        from practices.models import Practice, Theme

        rng = self.rng
        self.themes = bulk(
            Theme,
            [
                Theme(name=name, slug=f"theme-{i + 1:02d}", description=self.text.summary())
                for i, name in enumerate(THEMES)
            ],
        )
        self._cost = weighted(rng, {CostBand.LOW: 45, CostBand.MEDIUM: 30, CostBand.HIGH: 10, "": 15})
        self._setup = weighted(
            rng,
            {
                SetupTime.UNDER_3_MONTHS: 40,
                SetupTime.THREE_TO_12_MONTHS: 35,
                SetupTime.OVER_12_MONTHS: 10,
                "": 15,
            },
        )
        self._sector = weighted(rng, {**{s: 1 / (i + 1) for i, s in enumerate(SECTORS)}, "": 0.5})
        owners = self.cooperatives + self.federations
        published = self.sizes.practices
        table = Table(Practice)
        self.search_hits = {term: 0 for term, _ in TERM_SHARES}
        self.published, self.practice_slugs, self.all_practices = [], [], []
        for i in range(published + max(5, published // 40)):
            status = PracticeStatus.PUBLISHED if i < published else rng.choice(
                [PracticeStatus.DRAFT, PracticeStatus.SUBMITTED, PracticeStatus.IN_REVIEW]
            )  # fmt: skip
            owner = rng.choice(owners) if rng.random() < 0.9 else rng.choice(self.federations)
            pk = table.add(**self._practice(i, owner, status))
            self.all_practices.append(pk)
            if status == PracticeStatus.PUBLISHED:
                self.published.append(pk)
                self.practice_slugs.append(f"practice-{i + 1:05d}")
        self.clock.done("practices", table.write())
        self._practice_classification()
        self._adoptions()

    def _practice(self, i: int, owner, status: str) -> dict:
        from members.enums import OrganisationKind
        from practices.enums import PracticeStatus

        rng, text = self.rng, self.text
        terms = [term for term, share in TERM_SHARES if rng.random() < share]
        place = {term: rng.choice(TERM_PLACES) for term in terms}
        if status == PracticeStatus.PUBLISHED:
            for term in terms:
                self.search_hits[term] += 1

        def extra(where: str) -> str:
            return " ".join(term for term in terms if place[term] == where)

        staff = self.staff_of.get(owner.pk)
        return {
            "title": text.title(extra=extra("title")),
            "slug": f"practice-{i + 1:05d}",
            "owner_id": owner.pk,
            "country": "" if rng.random() < 0.85 else self.country(),
            "federation_id": owner.parent_id if owner.kind == OrganisationKind.COOPERATIVE else owner.pk,
            "summary": text.summary(extra=extra("summary")),
            "description": text.markdown((3, 8), extra=extra("description")),
            "sector": self._sector(),
            "year_started": rng.randint(1995, 2025),
            "contact_person_id": staff,
            "prerequisites": text.sentences_text(1, 3),
            "cost_band": self._cost(),
            "setup_time": self._setup(),
            "skills_needed": text.sentences_text(1, 2),
            "transferable": text.sentences_text(1, 3),
            "local_context": text.sentences_text(1, 2),
            "status": status,
            "submitted_by_id": staff,
            "published_at": self.now - timedelta(minutes=rng.randint(60, 5 * 365 * 24 * 60))
            if status == PracticeStatus.PUBLISHED
            else None,
            "search_vector": None,
        }

    def _practice_classification(self) -> None:
        from practices.enums import Audience, MaturityDimension
        from practices.models import Practice, PracticeAudience, PracticeDimension, PracticeLink

        rng, text = self.rng, self.text
        theme = picker(rng, [t.pk for t in self.themes], zipf_weights(len(self.themes), 0.8))
        dimension = picker(rng, list(MaturityDimension.values), [30, 25, 20, 15, 12, 8])
        audiences = list(Audience.values)
        themes, dimensions = Table(Practice.themes.through), Table(PracticeDimension)
        audience_rows, links = Table(PracticeAudience), Table(PracticeLink)
        for practice in self.all_practices:
            for theme_id in {theme() for _ in range(rng.randint(1, 3))}:
                themes.add(practice_id=practice, theme_id=theme_id)
            for value in {dimension() for _ in range(rng.randint(1, 3))}:
                dimensions.add(practice_id=practice, dimension=value)
            for value in rng.sample(audiences, rng.randint(1, 2)):
                audience_rows.add(practice_id=practice, audience=value)
            for number in range(rng.choice([0, 0, 1, 1, 2, 3])):
                links.add(
                    practice_id=practice,
                    url=f"https://practice-{practice}.bench.example/{number}",
                    label=text.words(2, 5).capitalize(),
                )
        rows = themes.write() + dimensions.write() + audience_rows.write() + links.write()
        self.clock.done("themes, dimensions, audiences, links", rows)

    def _adoptions(self) -> None:
        from practices.models import Adoption, AdoptionInterest

        rng, text = self.rng, self.text
        count = max(10, self.sizes.practices * 3 // 20)
        coops = [coop.pk for coop in self.cooperatives]
        pairs = {(rng.choice(self.published), rng.choice(coops)) for _ in range(count)}
        # The practice page's practice (the first) has a few adoptions for sure.
        pairs |= {(self.published[0], coop) for coop in coops[:3]}
        adoptions = Table(Adoption)
        for practice, coop in sorted(pairs):
            adoptions.add(
                practice_id=practice,
                organisation_id=coop,
                reported_by_id=self.staff_of.get(coop),
                story=text.sentences_text(2, 5),
            )
        interests = Table(AdoptionInterest)
        for _ in range(count // 2):
            interests.add(
                practice_id=rng.choice(self.published),
                user_id=rng.choice(self.users),
                message=text.sentences_text(1, 3),
                notified_at=self.now,
            )
        self.clock.done("adoptions and interests", adoptions.write() + interests.write())
