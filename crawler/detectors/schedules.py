"""An entry of a schedule: a phrase a page states right after a time of day or a date
("23:59 チケット販売終了", "2027-02-05 Sales end", "17:00 Registration closed") is an event on
a timeline, when something happens or happened, not what the page is now. A not-found or
gone phrase said so ("販売終了": sales end) makes no missing page.
"""

from __future__ import annotations

import re

from gatewatch.crawler.detectors.text import normalise

# a time of day or a date, then at most a few characters (a dash, a bracket, a word of
# Chinese or Japanese scripts before the phrase: "チケット"), at the end of what precedes
TIME_BEFORE = re.compile(
    r"(?:\b\d{1,2}:\d{2}(?::\d{2})?|\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})"
    r"\W{0,3}\w{0,6}$"
)
LOOK_BEHIND = 30  # characters before the phrase read for the time


def scheduled(text: str, phrase: str) -> bool:
    """Whether every place the phrase stands in the text follows a time of day or a date."""
    lowered = normalise(text)
    at = lowered.find(phrase)
    if at < 0:
        return False
    while at >= 0:
        if not TIME_BEFORE.search(lowered[max(0, at - LOOK_BEHIND) : at].rstrip()):
            return False
        at = lowered.find(phrase, at + len(phrase))
    return True
