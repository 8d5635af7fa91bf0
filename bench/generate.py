"""The benchmark's data: a seeded, deterministic world at ``scale`` x the issue's sizes, written in bulk.

At scale 1: 100 federations, 5,000 cooperatives, 50,000 people, 20,000 published practices, 100
programmes, 2,000 sessions, 200,000 registrations, 5,000 assessments, and what hangs off them (themes,
dimensions, memberships, speakers, summaries, trends, reminders, commitments). Rows go straight into an
empty, freshly migrated database (COPY for the big tables, ``bulk_create`` for the small ones), never
through the services: the point is volume, and every value is one the services could have written.
Then the search vectors, then ``VACUUM ANALYZE`` so the planner knows the tables.

``generate()`` returns a manifest naming what the benchmark measures (see ``bench.gen_sessions`` for the
three programmes with a role) and the people it signs in as.

Standalone: ``python -m bench.generate --scale 0.01`` (re)creates the database ``portal_bench`` and fills it.
"""

import argparse
import random
import sys
import time
from dataclasses import asdict, dataclass, field

from bench.gen_assessments import AssessmentsPart
from bench.gen_members import MembersPart
from bench.gen_practices import PracticesPart
from bench.gen_sessions import SessionsPart
from bench.sampling import weighted
from bench.text import TextMaker

SEED = 20_250_808
COUNTRIES = {  # EU countries, weighted roughly by how many worker and social cooperatives they have
    "IT": 30, "ES": 22, "FR": 14, "DE": 5, "PT": 4, "BE": 3, "PL": 3, "FI": 3, "SE": 3, "RO": 2, "BG": 2,
    "AT": 1, "NL": 1, "IE": 1, "GR": 1, "HR": 1, "SI": 1, "SK": 1, "CZ": 1, "HU": 1, "MT": 1, "DK": 1,
}  # fmt: skip


def say(message: str) -> None:
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


@dataclass(frozen=True)
class Sizes:
    federations: int
    cooperatives: int
    people: int
    practices: int
    programmes: int
    sessions: int
    registrations: int
    assessments: int
    due_reminders: int

    @classmethod
    def at(cls, scale: float) -> "Sizes":
        def n(full: int, minimum: int) -> int:
            return max(minimum, round(full * scale))

        programmes = n(100, 3)
        return cls(
            federations=n(100, 2),
            cooperatives=n(5_000, 10),
            people=n(50_000, 400),
            practices=n(20_000, 50),
            programmes=programmes,
            sessions=n(2_000, programmes * 5),
            registrations=n(200_000, 1_000),
            assessments=n(5_000, 10),
            due_reminders=n(20_000, 100),
        )


@dataclass
class Manifest:
    """What the benchmark needs to know about the generated world (JSON-serialisable)."""

    scale: float
    seed: int
    sizes: dict
    flagship_programme: str = ""
    session_page: tuple = ()  # (programme slug, number): an upcoming flagship session with registrants
    practice_page: str = ""
    open_sessions: list = field(default_factory=list)  # [(programme slug, number)] for the POSTs
    get_pool: list = field(default_factory=list)  # user ids signed in for the GET pages
    post_pool: list = field(default_factory=list)  # user ids that register, each once per open session
    feed_tokens: list = field(default_factory=list)  # calendar feed tokens of the GET pool
    due_reminders: int = 0
    search_hits: dict = field(default_factory=dict)  # term -> published practices that contain it
    seconds: float = 0.0


class Clock:
    """Progress lines: what was written, how many rows, how long it took."""

    def __init__(self) -> None:
        self.start = self.last = time.monotonic()

    def done(self, what: str, rows: int) -> None:
        now = time.monotonic()
        say(f"  {what:<42} {rows:>9,} rows {now - self.last:6.1f} s")
        self.last = now


class World(MembersPart, PracticesPart, SessionsPart, AssessmentsPart):
    """Builds the rows table by table, keeping what later tables refer to (mostly ids)."""

    def __init__(self, scale: float, seed: int) -> None:
        from django.utils import timezone

        self.sizes = Sizes.at(scale)
        self.rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
        self.text = TextMaker(self.rng)
        self.now = timezone.now().replace(minute=0, second=0, microsecond=0)
        self.clock = Clock()
        self.country = weighted(self.rng, COUNTRIES)
        self.manifest = Manifest(scale=scale, seed=seed, sizes=asdict(self.sizes))

    def build(self) -> Manifest:
        for step in (
            self.organisations,
            self.people,
            self.memberships,
            self.practices,
            self.programmes,
            self.pools,
            self.registrations,
            self.feeds,
            self.assessments,
            self.commitments,
            self.finish,
        ):
            step()
        return self.manifest

    def finish(self) -> None:
        from django.db import connection

        from practices.services.search_index import practices_reindex

        self.clock.done("search vectors", practices_reindex())
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        self.clock.done("vacuum analyze", 0)
        m, flagship = self.manifest, self.programme_rows[0]
        upcoming = [s for s in self.sessions_of[flagship.pk] if s.starts_at > self.now]
        m.flagship_programme = flagship.slug
        m.session_page = (flagship.slug, (upcoming or self.sessions_of[flagship.pk])[0].number)
        m.practice_page = self.practice_slugs[0]
        open_programme = self.programme_rows[1]
        m.open_sessions = [(open_programme.slug, s.number) for s in self.sessions_of[open_programme.pk]]
        m.get_pool, m.post_pool, m.feed_tokens = list(self.get_pool), list(self.post_pool), self.feed_tokens
        m.search_hits = dict(self.search_hits)
        m.seconds = round(time.monotonic() - self.clock.start, 1)


def generate(*, scale: float = 1.0, seed: int = SEED) -> Manifest:
    """Fill the (empty, migrated) default database; returns the manifest. Prints a line per table."""
    world = World(scale, seed)
    say(f"generating at scale {scale:g} (seed {seed}): {asdict(world.sizes)}")
    manifest = world.build()
    say(f"generated in {manifest.seconds:.0f} s")
    return manifest


def main(argv: list[str] | None = None) -> int:
    from bench import environment

    parser = argparse.ArgumentParser(description="Fill a fresh bench database with generated data.")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--database", default="portal_bench")
    args = parser.parse_args(argv)
    bench = environment.BenchEnvironment.create(database=args.database)
    bench.recreate_database()
    bench.setup_django()
    bench.migrate()
    generate(scale=args.scale, seed=args.seed)
    bench.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
