"""Programmes, sessions and registrations for the registration and calendar tests.

Small on purpose: ``tests/factories/sessions.py`` (the programme pages' factories) may replace the
programme and session factories here once it exists.
"""

from datetime import timedelta

import factory
from django.utils import timezone

from sessions_app.enums import ProgrammeStatus, RegistrationStatus, Visibility
from sessions_app.models import Programme, Registration, Session
from tests.factories.members import FederationFactory, UserFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Digital transitions {n}")
    slug = factory.Sequence(lambda n: f"digital-transitions-{n}")
    organiser = factory.SubFactory(FederationFactory)
    status = ProgrammeStatus.PUBLISHED
    visibility = Visibility.PUBLIC


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    programme = factory.SubFactory(ProgrammeFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Online session {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    duration_minutes = 120
    organiser_time_zone = "Europe/Rome"
    meeting_url = "https://meet.example.org/secret-room"


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A row as it would be after the service ran (no reminders, no e-mail): for reads and pages."""

    class Meta:
        model = Registration

    session = factory.SubFactory(SessionFactory)
    user = factory.SubFactory(UserFactory)
    status = RegistrationStatus.CONFIRMED
    waitlisted_at = factory.Maybe(
        factory.LazyAttribute(lambda r: r.status == RegistrationStatus.WAITLISTED),
        yes_declaration=factory.LazyFunction(timezone.now),
        no_declaration=None,
    )
