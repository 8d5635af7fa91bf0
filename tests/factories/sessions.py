"""Programmes, sessions, trends, speakers and summaries for the programme pages' tests."""

from datetime import timedelta

import factory
from django.utils import timezone

from sessions_app.enums import ProgrammeStatus, RegistrationStatus, SpeakerRole, Visibility
from sessions_app.models import Programme, Registration, Session, SessionSpeaker, Summary, Trend
from tests.factories.members import FederationFactory, UserFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Digital transitions {n}")
    slug = factory.Sequence(lambda n: f"digital-transitions-{n}")
    theme = "Digital transition"
    organiser = factory.SubFactory(FederationFactory)
    status = ProgrammeStatus.PUBLISHED
    visibility = Visibility.PUBLIC

    @factory.post_generation
    def co_hosts(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy passes the object
        if create and extracted:
            obj.co_hosts.set(extracted)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Online session {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    duration_minutes = 120
    organiser_time_zone = "Europe/Rome"
    meeting_url = "https://meet.example.org/secret-room"

    @factory.post_generation
    def practices(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy passes the object
        if create and extracted:
            obj.practices.set(extracted)


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionSpeaker

    session = factory.SubFactory(SessionFactory)
    name = factory.Sequence(lambda n: f"Speaker {n}")
    role = SpeakerRole.SPEAKER


class TrendFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trend

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Trend {n}")
    description = "What came up."


class SummaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Summary

    session = factory.SubFactory(SessionFactory)
    body = "What was said."
    published_at = factory.LazyFunction(timezone.now)


class ConfirmedRegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed place as it is after the service ran (no e-mail, no reminder): for reads and pages."""

    class Meta:
        model = Registration

    session = factory.SubFactory(SessionFactory)
    user = factory.SubFactory(UserFactory)
    status = RegistrationStatus.CONFIRMED
