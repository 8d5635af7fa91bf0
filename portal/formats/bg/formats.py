"""Bulgarian dates with the month in lower case and no leading zero ("7 юни 2023"); Django's: "07 Юни
2023". The other formats are Django's (FORMAT_MODULE_PATH falls back to them one by one)."""

DATE_FORMAT = "j E Y"
MONTH_DAY_FORMAT = "j E"
# Django has none for Bulgarian; its global default read "Юни 7, 2023, 10 преди обяд".
DATETIME_FORMAT = "j E Y, H:i"
SHORT_DATETIME_FORMAT = "d.m.Y, H:i"  # Django's global default is American: "m/d/Y P"
