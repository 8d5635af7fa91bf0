from django.urls import path

from sessions_app.views import calendars, programmes, registrations, staff, summaries, translations, trends

app_name = "sessions_app"

P = "programmes/<slug:slug>/"
S = P + "sessions/<int:number>/"

urlpatterns = [
    # Public pages (visibility per programme); fixed paths before the slug patterns
    path("programmes/", programmes.programme_list, name="programme_list"),
    path("programmes/new/", staff.programme_create, name="programme_create"),
    path("sessions/", programmes.session_list, name="session_list"),
    path(P, programmes.programme_detail, name="programme_detail"),
    path(P + "report/", programmes.programme_report, name="programme_report"),
    path(S, programmes.session_detail, name="session_detail"),
    # Registration (signed in)
    path(S + "register/", registrations.session_register, name="session_register"),
    path(S + "cancel/", registrations.session_cancel_registration, name="session_cancel_registration"),
    path(P + "register/", registrations.programme_register, name="programme_register"),
    path("me/sessions/", registrations.my_sessions, name="my_sessions"),
    # Calendars (RFC 5545)
    path(S + "calendar.ics", calendars.session_ics, name="session_ics"),
    path(P + "calendar.ics", calendars.programme_ics, name="programme_ics"),
    path("calendar/<str:token>.ics", calendars.personal_feed, name="personal_feed"),
    path("me/calendar/reset/", calendars.personal_feed_reset, name="personal_feed_reset"),
    # Summaries and feedback
    path(S + "summary/", summaries.summary_edit, name="summary_edit"),
    path(S + "summary/publish/", summaries.summary_publish, name="summary_publish"),
    path(S + "feedback/", summaries.feedback_create, name="feedback_create"),
    path(S + "feedback/results/", summaries.feedback_results, name="feedback_results"),
    # Staff pages
    path(P + "edit/", staff.programme_edit, name="programme_edit"),
    path(P + "trends/", trends.trend_list, name="trend_list"),
    path(P + "trends/<int:pk>/", trends.trend_edit, name="trend_edit"),
    path(P + "trends/<int:pk>/delete/", trends.trend_delete, name="trend_delete"),
    path(P + "sessions/new/", staff.session_create, name="session_create"),
    path(S + "edit/", staff.session_edit, name="session_edit"),
    path(S + "duplicate/", staff.session_duplicate, name="session_duplicate"),
    # Translations of the text, by the programme's staff
    path(P + "translations/<str:language>/", translations.programme_translate, name="programme_translate"),
    path(S + "translations/<str:language>/", translations.session_translate, name="session_translate"),
    path(S + "registrations/", registrations.registration_list, name="registration_list"),
    path(S + "registrations.csv", registrations.registration_csv, name="registration_csv"),
    path(S + "registrations/add/", registrations.registration_add, name="registration_add"),
    path(S + "registrations/<int:pk>/remove/", registrations.registration_remove, name="registration_remove"),
    path(S + "registrations/<int:pk>/attendance/", registrations.attendance_toggle, name="attendance_toggle"),
]
