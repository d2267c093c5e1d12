# One date format per interface language (FORMAT_MODULE_PATH): the English interface reads
# "3 December 2026" (day first, as the Norwegian documents it translates), never "Dec. 3, 2026"
# beside "3. December 2026". Input formats stay Django's.
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
