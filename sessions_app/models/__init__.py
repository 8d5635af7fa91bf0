from sessions_app.models.delivery import RegistrationEmail, Reminder, SummaryDelivery
from sessions_app.models.programmes import Programme, Trend
from sessions_app.models.registrations import CalendarFeed, Feedback, Registration
from sessions_app.models.sessions import Session, SessionSpeaker, Summary

__all__ = [
    "CalendarFeed",
    "Feedback",
    "Programme",
    "Registration",
    "RegistrationEmail",
    "Reminder",
    "Session",
    "SessionSpeaker",
    "Summary",
    "SummaryDelivery",
    "Trend",
]
