"""Schedules as people write them ("weekly on monday at 06:00 Europe/Berlin", "daily at 03:30
UTC", or a 5-field cron expression) turned into APScheduler triggers.

APScheduler numbers weekdays from Monday = 0, cron from Sunday = 0: `CronTrigger.from_crontab
("0 6 * * 1")` would fire on Tuesday. Cron's day-of-week numbers are converted to names here,
so "0 6 * * 1" means Monday as in cron.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger

WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
FULL_WEEKDAYS = {
    "sunday": "sun",
    "monday": "mon",
    "tuesday": "tue",
    "wednesday": "wed",
    "thursday": "thu",
    "friday": "fri",
    "saturday": "sat",
}
EXAMPLES = '"weekly on monday at 06:00 Europe/Berlin", "daily at 03:30 UTC" or "0 6 * * 1"'

_PHRASE = re.compile(
    r"^(?:(?P<daily>daily)|weekly\s+on\s+(?P<days>[a-z ,]+?))\s+at\s+"
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?:\s+(?P<zone>\S+))?$",
    re.IGNORECASE,
)


class ScheduleError(ValueError):
    """A schedule that cannot be read; the message says what is expected."""


def timezone_named(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(
            f"unknown time zone {name!r}: use an IANA name such as Europe/Berlin or UTC"
        ) from None


def parse_schedule(text: str, default_timezone: str = "UTC") -> CronTrigger:
    """The trigger for a schedule; raises ScheduleError saying what is wrong."""
    text = " ".join(text.split())
    match = _PHRASE.match(text)
    if match:
        return _phrase_trigger(match, default_timezone)
    fields = text.split(" ")
    if len(fields) == 5 and not any(character.isalpha() for character in fields[0] + fields[1]):
        return _cron_trigger(fields, timezone_named(default_timezone))
    raise ScheduleError(f"cannot read schedule {text!r}: write it like {EXAMPLES}")


def _phrase_trigger(match: re.Match, default_timezone: str) -> CronTrigger:
    hour, minute = int(match["hour"]), int(match["minute"])
    if hour > 23 or minute > 59:
        raise ScheduleError(f"{match['hour']}:{match['minute']} is not a time of day (00:00-23:59)")
    zone = timezone_named(match["zone"] or default_timezone)
    day_of_week = "*"
    if not match["daily"]:
        days = []
        for word in re.split(r"[\s,]+|\band\b", match["days"].lower()):
            if not word or word == "and":
                continue
            day = FULL_WEEKDAYS.get(word) or (word if word in WEEKDAYS else None)
            if day is None:
                raise ScheduleError(f"{word!r} is not a day of the week (monday ... sunday)")
            days.append(day)
        day_of_week = ",".join(days)
    return CronTrigger(day_of_week=day_of_week, hour=hour, minute=minute, timezone=zone)


def _cron_trigger(fields: list[str], zone: ZoneInfo) -> CronTrigger:
    minute, hour, day, month, weekday = fields
    try:
        return CronTrigger(
            minute=minute,
            hour=hour,
            day=day,
            month=month,
            day_of_week=cron_weekdays(weekday),
            timezone=zone,
        )
    except ValueError as error:
        raise ScheduleError(f"cannot read cron expression {' '.join(fields)!r}: {error}") from None


def cron_weekdays(field: str) -> str:
    """Cron's day-of-week field (0 or 7 = Sunday, ranges, lists, steps) as weekday names."""
    if field in ("*", "?"):
        return "*"
    days: list[int] = []
    for part in field.lower().split(","):
        range_part, _, step_text = part.partition("/")
        step = int(step_text) if step_text.isdigit() else 1
        if step_text and not step_text.isdigit():
            raise ScheduleError(f"day-of-week step {step_text!r} is not a number")
        if range_part == "*":
            first, last = 0, 6
        elif "-" in range_part:
            first_text, last_text = range_part.split("-", 1)
            first, last = _weekday_number(first_text), _weekday_number(last_text)
            if last == 0 and first > 0:
                last = 7  # "5-0" / "fri-sun": through Sunday
        else:
            first = last = _weekday_number(range_part)
            if step_text:
                last = 6
        if first > last:
            raise ScheduleError(f"day-of-week range {range_part!r} runs backwards")
        days.extend(number % 7 for number in range(first, last + 1, step))
    ordered = sorted(set(days), key=lambda number: (number + 6) % 7)  # Monday first
    return ",".join(WEEKDAYS[number] for number in ordered)


def _weekday_number(text: str) -> int:
    if text.isdigit() and 0 <= int(text) <= 7:
        return int(text)
    if text[:3] in WEEKDAYS:
        return WEEKDAYS.index(text[:3])
    raise ScheduleError(f"{text!r} is not a cron day of the week (0-7 or sun-sat)")


def latest_slot(trigger: CronTrigger, now: datetime, within: timedelta) -> datetime | None:
    """The last time the trigger fired at or before `now`, if no older than `within`."""
    moment = trigger.get_next_fire_time(None, now - within)
    latest = None
    while moment is not None and moment <= now:
        latest = moment
        moment = trigger.get_next_fire_time(moment, moment + timedelta(seconds=1))
    return latest
