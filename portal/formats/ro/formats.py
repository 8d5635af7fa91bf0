"""Romanian dates with the month in lower case ("7 iunie 2023"); Django's: "7 Iunie 2023". The other
formats are Django's (FORMAT_MODULE_PATH falls back to them one by one)."""

DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, H:i"
MONTH_DAY_FORMAT = "j E"
