"""Dates written the reader's way: each language's own DATE_FORMAT ("7. kesäkuuta 2023", "7 czerwca
2023", "7 June 2023", see portal/formats/), with the weekday before it where a page names the day."""

from datetime import date, datetime

from django.utils.formats import date_format


def weekday_date(value: date | datetime) -> str:
    """ "Wednesday 7 June 2023", "keskiviikko 7. kesäkuuta 2023"."""
    return f"{date_format(value, 'l')} {date_format(value, 'DATE_FORMAT')}"


def weekday_datetime(value: datetime) -> str:
    """ "Wednesday 7 June 2023, 10:00", "keskiviikko 7. kesäkuuta 2023, 10.00"."""
    return f"{weekday_date(value)}, {date_format(value, 'TIME_FORMAT')}"
