"""Publication dates as ISO strings, from the forms news text and metadata use."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_TIME = r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:,?\s+[A-Z]{2,4})?)?"
_DMY = re.compile(rf"{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+{_YEAR}{_TIME}", re.I)
_MDY = re.compile(rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}{_TIME}", re.I)
_ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?")
_SLASHED = re.compile(r"(?P<year>\d{4})/(?P<month>\d\d)/(?P<day>\d\d)")
# A line that is only a date, maybe with a label and a time ("Published: 14 November 2025, 10:02").
_LABEL = r"(?:(?:published|posted|updated|first published|date)(?:\s+on)?\s*:?\s*)?"
_DATE_LINE = re.compile(
    rf"\s*{_LABEL}(?:{_DMY.pattern}|{_MDY.pattern.replace('?P<', '?P<m_')})\s*\.?\s*", re.I
)
_EARLIEST_YEAR = 1900
_WEST_HOURS = 10  # UTC hours before which the Americas are still on the day before
_EAST_HOURS = 14  # UTC hours from which Asia and Oceania are on the next day
_LABEL_ONLY = re.compile(rf"{_LABEL}", re.I)


def to_iso(value: str | None) -> str | None:
    """`value` as an ISO date or date-time, or None when it is not a recognisable date."""
    if not value:
        return None
    text = value.strip()
    if len(text) > 80:
        return None
    if (m := _ISO.fullmatch(text)) and len(text) > 10:
        try:
            moment = datetime.fromisoformat(text.replace(" ", "T", 1))
        except ValueError:
            moment = None
        if moment is not None:
            return moment.isoformat() if _plausible(moment.year) else None
    if m := _ISO.match(text) or _SLASHED.fullmatch(text):
        return _ymd(m.group("year"), m.group("month"), m.group("day"))
    if (m := _DMY.fullmatch(text)) or (m := _MDY.fullmatch(text)):
        return _ymd(m.group("year"), str(_MONTHS[m.group("month").lower()]), m.group("day"))
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return moment.isoformat() if _plausible(moment.year) else None


def date_line(line: str) -> str | None:
    """The ISO date of a line that holds nothing but a date ("14 November 2025"), else None."""
    if len(line) > 80:
        return None
    m = _DATE_LINE.fullmatch(line)
    if not m:
        iso = _ISO.fullmatch(_LABEL_ONLY.sub("", line.strip(), count=1))
        return _ymd(iso.group("year"), iso.group("month"), iso.group("day")) if iso else None
    groups = m.groupdict()
    if groups.get("year"):
        return _ymd(groups["year"], str(_MONTHS[groups["month"].lower()]), groups["day"])
    return _ymd(groups["m_year"], str(_MONTHS[groups["m_month"].lower()]), groups["m_day"])


def _ymd(year: str, month: str, day: str) -> str | None:
    try:
        value = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return value.isoformat() if _plausible(value.year) else None


def _plausible(year: int) -> bool:
    """Placeholder dates ("0001-01-01") and typos far in the future are not publication dates."""
    return _EARLIEST_YEAR <= year <= date.today().year + 1


def is_local_day(stamp: str, day: str | None) -> bool:
    """Is `day` the local calendar date of the UTC time `stamp`, as a timezone could make it?

    "2023-12-23T01:48:19+00:00" is still 22 December in the Americas: a page
    that shows 2023-12-22 is right. Only near midnight UTC does the date move.
    """
    if not day or len(stamp) <= 10:
        return False
    try:
        moment = datetime.fromisoformat(stamp)
        shown = date.fromisoformat(day[:10])
    except ValueError:
        return False
    if moment.utcoffset() is None or moment.utcoffset() != timedelta(0):
        return False
    shift = (shown - moment.date()).days
    return (shift == -1 and moment.hour < _WEST_HOURS) or (shift == 1 and moment.hour >= _EAST_HOURS)
