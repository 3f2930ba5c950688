"""A refusal page that says its message twice: its title says access is denied, and its
content opens with the same message in a line of its own ("Accès interdit !", "EL ACCESO HA
SIDO DENEGADO", "De toegang werd geweigerd!!", "Prístup na túto stránku bol odmietnutý."),
before a few lines on why and whom to ask. A filter's or a proxy's block page explains
itself at some length (the reason, the address, the category, the administrator to ask), so
its content is short but not thin: up to twice the thin limit, where a page about something
else is longer; and what it explains is the access it denies, denied once more in its own
words ("Access to the page ... was denied for the following reason"), where a band's page
called "No Access" that opens with its name speaks of its tour, a novel's of the access its
hero gains, and a help page of the access to ask for. ``denial_restated`` (the line), a sign
that the content is the message.

The title may name the program beside the words ("e2guardian - Přístup zakázán"): one of its
segments says the denial, as denied_headings.py reads a whole title (an access or permission
word and a word for denied, or a negation next to it). The first line must say it again by
those words, on its own: a heading that says more ("Access rights denied to contractors in
2019") is a topic, and a page whose first line names the work or the site is not the
message.
"""

from __future__ import annotations

from gatewatch.crawler.detectors.denied_headings import (
    MAX_WORDS,
    denies,
    says_denied,
    speaks_of_access,
)
from gatewatch.crawler.detectors.text import QUESTION, normalise, segments
from gatewatch.crawler.parse import ParsedPage

LINE_WORDS = MAX_WORDS + 2  # "Prístup na túto stránku bol odmietnutý." (a verb between)
READ_CHARS = 4000  # of the content, for the access it speaks of (a short page's)
TRAILING = " -\u2013\u2014|:!.¡¿"  # (and the en and em dashes)


def restated_denial(page: ParsedPage, title_denial: str | None = None) -> str | None:
    """ "title: <segment>; line: <first line>" when a segment of the title says access is
    denied (or the phrase lists read the title so: `title_denial`) and the content's first
    line says it again; None otherwise."""
    parts = segments(page.title or "")
    # (its segments first: the words without the program's name)
    title = title_denial or next(
        (part for part in (*parts[1:], *parts[:1]) if says_denied(part)), None
    )
    if title is None or not page.short_lines:
        return None
    line = normalise(page.short_lines[0]).strip(TRAILING)
    if QUESTION.search(line) or not says_denied(line, LINE_WORDS):
        return None
    # (and the lines after it speak of access and say a denial again: a band's "No Access"
    # page speaks of its tour, a novel's of the access its hero gains)
    rest = normalise(page.main_text[:READ_CHARS]).replace(line, " ")
    if " " in title:  # (the title's words, not one word the phrase lists read in it)
        rest = rest.replace(title, " ")
    if not speaks_of_access(rest) or not denies(rest):
        return None
    return f"title: {title[:60]}; line: {line[:60]}"
