"""The generator's programmes, sessions, registrations, reminders and calendar feeds.

Programme 1 (flagship) runs from six months ago to three months ahead: its report and one of its upcoming
sessions are measured. Programme 2 (open) has only upcoming sessions, without a seat limit and without
registrants: the registration POSTs go there. Programme 3 (due) starts with sessions 20 hours from now,
whose "24 hours before" reminders are due at once. No other session starts within a day, so exactly
those reminders are due.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bench.bulk import Table, bulk
from bench.gen_members import LANGUAGES, ZONES
from bench.sampling import split, weighted
from bench.text import THEMES

SESSIONS_PER_DUE_SESSION = 2_000  # due reminders per due session (10 sessions at scale 1)


class SessionsPart:
    def programmes(self) -> None:
        from sessions_app.enums import ProgrammeStatus, Visibility
        from sessions_app.models import Programme

        rng, text = self.rng, self.text
        status = weighted(
            rng,
            {
                ProgrammeStatus.PUBLISHED: 70,
                ProgrammeStatus.COMPLETED: 15,
                ProgrammeStatus.DRAFT: 8,
                ProgrammeStatus.ARCHIVED: 7,
            },
        )
        rows = []
        for i in range(self.sizes.programmes):
            special = i < 3  # flagship, open, due: published and public
            rows.append(
                Programme(
                    title=f"{text.title()} (programme {i + 1})"[:250],
                    slug=f"programme-{i + 1:03d}",
                    theme=rng.choice(THEMES),
                    description=text.markdown((3, 6)),
                    aims=text.markdown((1, 2), heading=False),
                    organiser=self.federations[i % len(self.federations)],
                    status=ProgrammeStatus.PUBLISHED if special else status(),
                    visibility=Visibility.PUBLIC if special or rng.random() < 0.8 else Visibility.MEMBERS,
                    funding_acknowledgement=text.sentences_text(1, 2),
                )
            )
        self.programme_rows = bulk(Programme, rows)
        co_hosts = [
            Programme.co_hosts.through(programme_id=programme.pk, organisation_id=host.pk)
            for programme in self.programme_rows
            for host in rng.sample(self.federations, min(len(self.federations), rng.randint(0, 2)))
            if host.pk != programme.organiser_id
        ]
        bulk(Programme.co_hosts.through, co_hosts)
        self.clock.done("programmes and co-hosts", len(rows) + len(co_hosts))
        self._sessions()
        self._session_details()
        self._trends()

    def _session_starts(self, index: int, count: int) -> list[datetime]:
        """About every two weeks, at a plausible local hour."""
        rng = self.rng
        offset = {0: -180, 1: 10, 2: 30}.get(index) or rng.randint(-900, 180)
        first = self.now + timedelta(days=offset)
        zone = ZoneInfo(rng.choice(list(ZONES.values())))
        starts = []
        for number in range(count):
            day = (first + timedelta(days=14 * number + rng.randint(-3, 3))).astimezone(zone)
            starts.append(day.replace(hour=rng.choice([9, 10, 11, 14, 15]), minute=rng.choice([0, 30])))
        return starts

    def _sessions(self) -> None:
        from sessions_app.models import Session

        rng, text, now = self.rng, self.text, self.now
        per_programme = split(self.sizes.sessions, [1] * len(self.programme_rows), cap=10_000)
        due = min(per_programme[2], max(1, round(self.sizes.due_reminders / SESSIONS_PER_DUE_SESSION)))
        rows = []
        for index, (programme, count) in enumerate(zip(self.programme_rows, per_programme, strict=True)):
            for number, start in enumerate(self._session_starts(index, count), start=1):
                if index == 2 and number <= due:
                    start = now + timedelta(hours=20, minutes=number)
                elif now - timedelta(hours=3) < start < now + timedelta(hours=26):
                    start += timedelta(days=2)
                rows.append(
                    Session(
                        programme=programme,
                        number=number,
                        title=text.title(),
                        agenda="\n".join(f"- {text.words(3, 9)}" for _ in range(rng.randint(3, 6))),
                        starts_at=start,
                        duration_minutes=rng.choice([60, 90, 120, 120, 180]),
                        organiser_time_zone=start.tzinfo.key if index > 2 else "Europe/Brussels",
                        language=rng.choice(LANGUAGES),
                        capacity=None if index in (1, 2) or rng.random() < 0.5 else rng.randint(40, 300),
                        meeting_url=f"https://meet.bench.example/{programme.slug}-{number}",
                        recording_url=f"https://video.bench.example/{programme.slug}-{number}"
                        if start < now
                        else "",
                        status=self._session_status(index, start),
                    )
                )
        self.sessions = bulk(Session, rows)
        self.sessions_of = {}
        for session in self.sessions:
            self.sessions_of.setdefault(session.programme_id, []).append(session)
        self.due_sessions = self.sessions_of[self.programme_rows[2].pk][:due]
        self.clock.done("sessions", len(rows))

    def _session_status(self, index: int, start: datetime) -> str:
        from sessions_app.enums import SessionStatus

        if index > 2 and self.rng.random() < 0.03:
            return SessionStatus.CANCELLED
        if start < self.now and self.rng.random() < 0.9:
            return SessionStatus.COMPLETED
        return SessionStatus.SCHEDULED

    def _session_details(self) -> None:
        from sessions_app.enums import SpeakerRole
        from sessions_app.models import Session, SessionSpeaker, Summary

        rng, text = self.rng, self.text
        presented, speakers, summaries = (
            Table(Session.practices.through),
            Table(SessionSpeaker),
            Table(Summary),
        )
        flagship = self.sessions_of[self.programme_rows[0].pk]
        for session in self.sessions:
            chosen = set(rng.sample(self.published, 3))
            if session in (flagship[0], flagship[1], flagship[-1]):
                chosen.add(self.published[0])  # the practice page's practice, presented three times
            for practice in sorted(chosen):
                presented.add(session_id=session.pk, practice_id=practice)
            for role in (SpeakerRole.FACILITATOR, SpeakerRole.SPEAKER):
                with_account = rng.random() < 0.5
                speakers.add(
                    session_id=session.pk,
                    user_id=rng.choice(self.users) if with_account else None,
                    name="" if with_account else text.person(),
                    organisation_name=rng.choice(self.cooperatives).name,
                    role=role,
                )
            if session.starts_at < self.now and rng.random() < 0.7:
                summaries.add(
                    session_id=session.pk,
                    body=text.markdown((2, 5)),
                    takeaways="\n".join(f"- {text.words(4, 10)}" for _ in range(3)),
                    published_at=session.starts_at + timedelta(days=3),
                )
        rows = presented.write() + speakers.write() + summaries.write()
        self.clock.done("presented practices, speakers, summaries", rows)

    def _trends(self) -> None:
        from sessions_app.models import Trend

        rng, text = self.rng, self.text
        trends = []
        for programme in self.programme_rows:
            for position in range(rng.randint(2, 5)):
                trends.append(
                    Trend(
                        programme=programme,
                        title=text.words(3, 7).capitalize(),
                        description=text.markdown((1, 2), heading=False),
                        position=position,
                    )
                )
        trends = bulk(Trend, trends)
        links = Table(Trend.sessions.through)
        for trend in trends:
            sessions = self.sessions_of[trend.programme_id]
            for session in rng.sample(sessions, min(3, len(sessions))):
                links.add(trend_id=trend.pk, session_id=session.pk)
        self.clock.done("trends", len(trends) + links.write())

    # --- people in sessions -----------------------------------------------------------------------

    def pools(self) -> None:
        """Whom the benchmark signs in as: plain members (not staff). The GET pool reads pages; each
        of the POST pool registers at most once per open session."""
        members = self.users[len(self.cooperatives) :] or self.users
        get_size = min(200, max(20, len(members) // 10))
        self.get_pool = members[:get_size]
        rest = members[get_size:] or members
        self.post_pool = rest[: min(20_000, len(rest) // 2)]

    def registrations(self) -> None:
        rng = self.rng
        open_ids = {s.pk for s in self.sessions_of[self.programme_rows[1].pk]}
        due_ids = {s.pk for s in self.due_sessions}
        normal = [s for s in self.sessions if s.pk not in open_ids | due_ids]
        post_ids = set(self.post_pool)
        due_people = [pk for pk in self.users if pk not in post_ids]
        due_parts = split(self.sizes.due_reminders, [1] * len(self.due_sessions), cap=len(due_people))
        normal_total = max(0, self.sizes.registrations - sum(due_parts))
        normal_parts = split(normal_total, [rng.lognormvariate(0, 0.8) for _ in normal], cap=len(self.users))
        from sessions_app.models import Registration

        table = Table(Registration)
        self.registration_rows = []  # (id, session, status) for the reminders
        for session, count in [
            *zip(self.due_sessions, due_parts, strict=True),
            *zip(normal, normal_parts, strict=True),
        ]:
            people = rng.sample(due_people if session.pk in due_ids else self.users, count)
            self._register(table, session, people, may_cancel=session.pk not in due_ids)
        self.clock.done("registrations", table.write())
        self._reminders()

    def _register(self, table: Table, session, people: list[int], *, may_cancel: bool) -> None:
        from sessions_app.enums import RegistrationStatus, SessionStatus

        rng, confirmed = self.rng, 0
        held = session.starts_at < self.now and session.status == SessionStatus.COMPLETED
        for user in people:
            created = min(self.now, session.starts_at) - timedelta(minutes=rng.randint(60 * 25, 60 * 24 * 40))
            if may_cancel and rng.random() < 0.05:
                status = RegistrationStatus.CANCELLED
            elif session.capacity is not None and confirmed >= session.capacity:
                status = RegistrationStatus.WAITLISTED
            else:
                status, confirmed = RegistrationStatus.CONFIRMED, confirmed + 1
            pk = table.add(
                session_id=session.pk,
                user_id=user,
                status=status,
                created_at=created,
                updated_at=created,
                waitlisted_at=created if status == RegistrationStatus.WAITLISTED else None,
                cancelled_at=created + timedelta(days=1) if status == RegistrationStatus.CANCELLED else None,
                attended=rng.random() < 0.8 if held and status == RegistrationStatus.CONFIRMED else None,
            )
            self.registration_rows.append((pk, session, status))

    def _reminders(self) -> None:
        """Pending reminders (24 h and 1 h before) of every confirmed place in an upcoming session."""
        from sessions_app.enums import DeliveryState, RegistrationStatus, SessionStatus
        from sessions_app.models import Reminder

        table, due = Table(Reminder), 0
        for pk, session, status in self.registration_rows:
            upcoming = session.status == SessionStatus.SCHEDULED and session.starts_at > self.now
            if status != RegistrationStatus.CONFIRMED or not upcoming:
                continue
            for minutes in (24 * 60, 60):
                due_at = session.starts_at - timedelta(minutes=minutes)
                due += due_at <= self.now
                table.add(
                    registration_id=pk, offset_minutes=minutes, due_at=due_at, state=DeliveryState.PENDING
                )
        self.manifest.due_reminders = due
        self.clock.done(f"reminders ({due:,} due now)", table.write())

    def feeds(self) -> None:
        from sessions_app.models import CalendarFeed

        letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"
        table = Table(CalendarFeed)
        self.feed_tokens = []
        for user in self.get_pool:
            self.feed_tokens.append("".join(self.rng.choices(letters, k=32)))
            table.add(user_id=user, token=self.feed_tokens[-1])
        self.clock.done("calendar feeds", table.write())
