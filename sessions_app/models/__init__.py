from sessions_app.models.delivery import RegistrationEmail, Reminder, SummaryDelivery
from sessions_app.models.programmes import Programme, ProgrammeTranslation, Trend
from sessions_app.models.registrations import CalendarFeed, Feedback, Registration
from sessions_app.models.sessions import (
    Session,
    SessionSpeaker,
    SessionTranslation,
    Summary,
    SummaryTranslation,
)

__all__ = [
    "CalendarFeed",
    "Feedback",
    "Programme",
    "ProgrammeTranslation",
    "Registration",
    "RegistrationEmail",
    "Reminder",
    "Session",
    "SessionSpeaker",
    "SessionTranslation",
    "Summary",
    "SummaryDelivery",
    "SummaryTranslation",
    "Trend",
]
