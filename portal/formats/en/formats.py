"""English date formats: the same day.month.year as the forms ask for and the pages show.

Django's English default ("Feb. 1, 2027") stood beside the "01.02.2027" of the
templates and the inputs in one panel; English pages use one format.
"""

DATE_FORMAT = "d.m.Y"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "d.m.Y, H:i"
SHORT_DATETIME_FORMAT = "d.m.Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
FIRST_DAY_OF_WEEK = 1  # Monday, as in Germany
