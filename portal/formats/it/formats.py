"""Italian dates with the month in lower case and no leading zero ("7 giugno 2023"); Django's: "07 Giugno
2023". The other formats are Django's (FORMAT_MODULE_PATH falls back to them one by one)."""

DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, H:i"
MONTH_DAY_FORMAT = "j E"
