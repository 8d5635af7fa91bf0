"""English dates as Europe writes them ("7 June 2023, 10:00"); Django's are American ("June 7, 2023,
10 a.m."). The other formats are Django's (FORMAT_MODULE_PATH falls back to them one by one)."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
