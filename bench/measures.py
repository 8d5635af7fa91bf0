"""What is measured: the floors, the pages, their request files for wrk, and their queries per request.

Each measure names the server it runs against (``main``: production settings; ``nocache``: the same
with a dummy cache; ``floor``: no middleware at all), who asks (anonymous, a rotating pool of signed-in
members, one distinct person per registration POST) and what it is compared with.
"""

import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import islice
from pathlib import Path

from bench.text import BROAD_TERM, SELECTIVE_TERM

ANON, SIGNED, FEED, POST = "anonymous", "signed in", "feed", "post"
FACETS = "dimension=readiness&cost=low"  # the two facets ticked with each search term
MAX_POST_LINES = 60_000  # distinct (person, session) pairs: 1,500 POSTs a second for 40 s


@dataclass(frozen=True)
class Target:
    ratio: float
    of: str  # the measure it is a ratio of (F1, F1a, T0 or a page)
    p99_ms: float | None = None
    zero_errors: bool = False

    def describe(self) -> str:
        text = f">= {self.ratio:g} x {self.of}"
        if self.p99_ms:
            text += f", p99 <= {self.p99_ms:g} ms"
        if self.zero_errors:
            text += ", zero errors"
        return text


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    path: str
    who: str = ANON
    server: str = "main"
    headers: tuple[str, ...] = ()
    target: Target | None = None
    expect_status: int = 200
    is_page: bool = True  # counted against "queries per page <= 10"


def measures(manifest) -> list["Measure"]:
    slug, number = manifest.session_page
    f1, f1a = Target(0.3, "F1"), Target(0.06, "F1a")
    nocache = Target(0.06, "F1")
    report = f"/programmes/{manifest.flagship_programme}/report/"
    detail = f"/practices/{manifest.practice_page}/"
    return [
        Measure("F0", "F0 bare view, no middleware", "/bench/trivial/", server="floor", is_page=False),
        Measure("F1", "F1 trivial view, full middleware", "/bench/trivial/", is_page=False),
        Measure("F1a", "F1a the same, signed in", "/bench/trivial/", who=SIGNED, is_page=False),
        Measure("home", "home", "/", target=f1),
        Measure("catalogue", "practice catalogue, no query", "/practices/", target=f1),
        Measure(
            "search_selective",
            f"search “{SELECTIVE_TERM}” + 2 facets",
            f"/practices/?q={SELECTIVE_TERM}&{FACETS}",
            target=Target(0.05, "F1"),
        ),
        Measure(
            "search_broad",
            f"search “{BROAD_TERM}” (1/3) + 2 facets",
            f"/practices/?q={BROAD_TERM}&{FACETS}",
            target=Target(0.02, "F1", p99_ms=300),
        ),
        Measure("practice_detail", "practice detail", detail, target=f1),
        Measure("programme_report", "programme report", report, target=f1),
        Measure("session_list", "session list (signed in)", "/sessions/", who=SIGNED, target=f1a),
        Measure(
            "session_detail",
            "session detail (signed in)",
            f"/programmes/{slug}/sessions/{number}/",
            who=SIGNED,
            target=f1a,
        ),
        Measure(
            "ics_feed", "my sessions ICS feed", "/calendar/{token}.ics", who=FEED, target=Target(0.1, "F1")
        ),
        Measure("directory", "member directory (signed in)", "/members/", who=SIGNED, target=f1a),
        Measure(
            "fragment",
            "catalogue results, htmx fragment",
            "/practices/",
            headers=("HX-Request: true",),
            target=Target(1.5, "catalogue"),
        ),
        Measure(
            "registration",
            "registration POST (signed in, distinct people)",
            "/programmes/{slug}/sessions/{number}/register/",
            who=POST,
            target=Target(0.03, "F1a", zero_errors=True),
            expect_status=302,
        ),
        Measure("home_nocache", "home, cache off", "/", server="nocache", target=nocache),
        Measure(
            "catalogue_nocache",
            "practice catalogue, cache off",
            "/practices/",
            server="nocache",
            target=nocache,
        ),
        Measure(
            "practice_detail_nocache", "practice detail, cache off", detail, server="nocache", target=nocache
        ),
        Measure(
            "programme_report_nocache",
            "programme report, cache off",
            report,
            server="nocache",
            target=nocache,
        ),
    ]


@dataclass
class Credentials:
    """Django sessions made directly in the database for the pools, and one CSRF secret for all."""

    csrf: str = field(default_factory=lambda: secrets.token_hex(16))
    get_pool: list[str] = field(default_factory=list)  # session keys
    post_pool: list[str] = field(default_factory=list)

    def cookie(self, session_key: str) -> str:
        return f"Cookie: sessionid={session_key}; csrftoken={self.csrf}"

    @classmethod
    def create(cls, manifest) -> "Credentials":
        credentials = cls()
        credentials.get_pool = signed_in_sessions(manifest.get_pool)
        credentials.post_pool = signed_in_sessions(manifest.post_pool)
        return credentials


def signed_in_sessions(user_ids: list[int]) -> list[str]:
    """A valid login session per user, as ``login()`` would have stored it; returns the session keys."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from members.models import User

    store, expires = SessionStore(), timezone.now() + timedelta(days=1)
    users = User.objects.in_bulk(user_ids)
    rows, keys = [], []
    for user_id in user_ids:
        user = users[user_id]
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        keys.append(secrets.token_hex(16))
        rows.append(Session(session_key=keys[-1], session_data=store.encode(data), expire_date=expires))
    Session.objects.bulk_create(rows, batch_size=5_000)
    return keys


def request_lines(measure: Measure, manifest, credentials: Credentials) -> list[str]:
    """The lines of the measure's wrk request file (see bench/wrk/replay.lua)."""
    extra = "\t".join(measure.headers)
    if measure.who == ANON:
        return [f"GET\t{measure.path}\t\t{extra}".rstrip("\t")]
    if measure.who == SIGNED:
        return [f"GET\t{measure.path}\t\t{credentials.cookie(key)}" for key in credentials.get_pool]
    if measure.who == FEED:
        return [f"GET\t{measure.path.format(token=token)}\t" for token in manifest.feed_tokens]
    # One line per (person, open session), people varying fastest: a person registers once per session.
    # The last two people are kept back for counting queries. More lines than any run could use are
    # not written (wrk reads the whole file before each run).
    headers = "\t".join(
        ["X-CSRFToken: " + credentials.csrf, "Content-Type: application/x-www-form-urlencoded"]
    )
    people = credentials.post_pool[:-2]
    lines = (
        f"POST\t{measure.path.format(slug=slug, number=number)}\tnext=\t{credentials.cookie(key)}\t{headers}"
        for slug, number in manifest.open_sessions
        for key in people
    )
    return list(islice(lines, MAX_POST_LINES))


def write_request_files(folder: Path, manifest, credentials: Credentials) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for measure in measures(manifest):
        files[measure.key] = folder / f"{measure.key}.txt"
        files[measure.key].write_text("\n".join(request_lines(measure, manifest, credentials)) + "\n")
    return files
