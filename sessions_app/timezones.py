"""Showing session times: in the reader's zone, with the organiser's alongside, correct across DST.

The reader's zone is their profile's, else their browser's (a cookie set by static/js/portal.js),
else the organiser's: ``portal.middleware.ReaderTimezoneMiddleware`` activates the first two, and the
views here fall back to the session's organiser zone when the reader has neither.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote
from zoneinfo import ZoneInfo

from django.utils import formats
from django_countries.fields import Country

from portal.dates import weekday_date
from portal.middleware import available_timezones

# A representative zone for each country whose registrants we show (the EU, EEA and neighbours).
COUNTRY_ZONES = {
    "AT": "Europe/Vienna", "BE": "Europe/Brussels", "BG": "Europe/Sofia", "CH": "Europe/Zurich",
    "CY": "Asia/Nicosia", "CZ": "Europe/Prague", "DE": "Europe/Berlin", "DK": "Europe/Copenhagen",
    "EE": "Europe/Tallinn", "ES": "Europe/Madrid", "FI": "Europe/Helsinki", "FR": "Europe/Paris",
    "GB": "Europe/London", "GR": "Europe/Athens", "HR": "Europe/Zagreb", "HU": "Europe/Budapest",
    "IE": "Europe/Dublin", "IS": "Atlantic/Reykjavik", "IT": "Europe/Rome", "LT": "Europe/Vilnius",
    "LU": "Europe/Luxembourg", "LV": "Europe/Riga", "MT": "Europe/Malta", "NL": "Europe/Amsterdam",
    "NO": "Europe/Oslo", "PL": "Europe/Warsaw", "PT": "Europe/Lisbon", "RO": "Europe/Bucharest",
    "RS": "Europe/Belgrade", "SE": "Europe/Stockholm", "SI": "Europe/Ljubljana", "SK": "Europe/Bratislava",
    "UA": "Europe/Kyiv",
}  # fmt: skip
# Zones offered first in the staff form's select (the rest follow alphabetically).
COMMON_ZONES = sorted(set(COUNTRY_ZONES.values()) | {"UTC"})
TIME = "TIME_FORMAT"
SHORT_DATE = "D j M"
MEDIUM_DATE = "D j M Y"


def valid_zone(name: str | None) -> str | None:
    return name if name and name in available_timezones() else None


def reader_zone(request) -> str | None:
    """The reader's own zone (profile, else browser cookie), or None when they have neither."""
    if request is None:
        return None
    user = getattr(request, "user", None)
    profile_zone = getattr(user, "time_zone", "") if user and user.is_authenticated else ""
    # static/js/portal.js writes the cookie with encodeURIComponent: "Europe%2FRome".
    return valid_zone(profile_zone) or valid_zone(unquote(request.COOKIES.get("browser_tz", "")))


def display_zone(request, organiser_zone: str) -> str:
    """The zone a page shows its times in: the reader's, else the organiser's."""
    return reader_zone(request) or valid_zone(organiser_zone) or "UTC"


def city(zone_name: str) -> str:
    """ "Europe/Rome" -> "Rome", "America/Argentina/Buenos_Aires" -> "Buenos Aires", "UTC" -> "UTC"."""
    return zone_name.rsplit("/", 1)[-1].replace("_", " ")


def country_zone(code: str) -> str | None:
    return COUNTRY_ZONES.get(str(code).upper())


@dataclass(frozen=True)
class ZonedTime:
    """A session's start and end as the clock on the wall shows them in one zone."""

    zone: str
    start: datetime
    end: datetime

    @property
    def city(self) -> str:
        return city(self.zone)

    @property
    def time_range(self) -> str:
        return f"{formats.date_format(self.start, TIME)}–{formats.date_format(self.end, TIME)}"

    @property
    def date(self) -> str:
        return weekday_date(self.start)

    @property
    def medium_date(self) -> str:
        return formats.date_format(self.start, MEDIUM_DATE)

    @property
    def short_date(self) -> str:
        return formats.date_format(self.start, SHORT_DATE)

    @property
    def utc_offset(self) -> str:
        """ "UTC+2", "UTC+5:30", "UTC"."""
        offset = self.start.utcoffset() or timedelta(0)
        minutes = int(offset.total_seconds() // 60)
        if not minutes:
            return "UTC"
        sign = "+" if minutes > 0 else "−"
        hours, rest = divmod(abs(minutes), 60)
        return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zoned(start: datetime, end: datetime, zone_name: str) -> ZonedTime:
    zone = ZoneInfo(zone_name)
    return ZonedTime(zone=zone_name, start=start.astimezone(zone), end=end.astimezone(zone))


def session_times(start: datetime, end: datetime, *, shown_zone: str, organiser_zone: str) -> list[ZonedTime]:
    """The time in the zone shown to the reader, then in the organiser's zone when that differs."""
    organiser_zone = valid_zone(organiser_zone) or "UTC"
    times = [zoned(start, end, shown_zone)]
    if organiser_zone != shown_zone:
        times.append(zoned(start, end, organiser_zone))
    return times


def format_session_time(start: datetime, end: datetime, *, shown_zone: str, organiser_zone: str) -> str:
    """Plain text: "Sunday 25 October 2026, 10:00–12:00 Rome · 11:00–13:00 Helsinki"."""
    first, *others = session_times(start, end, shown_zone=shown_zone, organiser_zone=organiser_zone)
    parts = [f"{first.date}, {first.time_range} {first.city}"]
    for other in others:
        day = f" ({other.short_date})" if other.start.date() != first.start.date() else ""
        parts.append(f"{other.time_range}{day} {other.city}")
    return " · ".join(parts)


def country_times(start: datetime, end: datetime, codes) -> list[tuple[Country, ZonedTime]]:
    """The session's time in each country's representative zone, countries sorted by name."""
    rows = [(Country(code=code), country_zone(code)) for code in codes]
    rows = [(country, zoned(start, end, zone)) for country, zone in rows if zone]
    return sorted(rows, key=lambda row: row[0].name)


def local_to_utc(local: datetime, zone_name: str) -> datetime:
    """A wall-clock time entered in ``zone_name`` as an aware UTC datetime.

    Raises ValueError for a time that does not exist there (skipped when clocks go forward). An
    ambiguous time (the hour repeated when clocks go back) is read as the first of the two.
    """
    zone = ZoneInfo(zone_name)
    aware = local.replace(tzinfo=zone, fold=0)
    in_utc = aware.astimezone(UTC)
    if in_utc.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise ValueError(f"{local:%Y-%m-%d %H:%M} does not exist in {zone_name}")
    return in_utc


def utc_to_local(moment: datetime, zone_name: str) -> datetime:
    """An aware datetime as a naive wall-clock time in ``zone_name`` (what the staff form shows)."""
    return moment.astimezone(ZoneInfo(zone_name)).replace(tzinfo=None)
