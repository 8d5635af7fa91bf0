"""Every non-trivial read of programmes and sessions, shaped for its page and scoped to the reader.

Other modules of the app (registrations, calendars, summaries) add their own modules beside these.
"""

from sessions_app.selectors.programmes import (
    programme_for_page,
    programmes_for_list,
    programmes_visible_to,
    session_for_page,
    sessions_for_list,
    sessions_of_programme,
    sessions_visible_to,
)

__all__ = [
    "programme_for_page",
    "programmes_for_list",
    "programmes_visible_to",
    "session_for_page",
    "sessions_for_list",
    "sessions_of_programme",
    "sessions_visible_to",
]
