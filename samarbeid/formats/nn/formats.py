# One date format per interface language (FORMAT_MODULE_PATH): what Django's nn catalogue
# lacks is the Norwegian clock, "kl. 12.30" (Språkrådet). Input formats stay Django's.
DATE_FORMAT = "j. F Y"
TIME_FORMAT = "H.i"
DATETIME_FORMAT = r"j. F Y \k\l. H.i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j. F"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H.i"
