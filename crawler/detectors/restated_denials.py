"""A refusal page that says its message twice: its title says access is denied, and its
content opens with the same message in a line of its own ("Accès interdit !", "EL ACCESO HA
SIDO DENEGADO", "De toegang werd geweigerd!!", "Prístup na túto stránku bol odmietnutý."),
before a few lines on why and whom to ask. A filter's or a proxy's block page explains
itself at some length (the reason, the address, the category, the administrator to ask), so
its content is short but not thin: up to twice the thin limit, where a page about something
else is longer; and what it explains is the access it denies, denied once more in its own
words ("Access to the page ... was denied for the following reason"), where a band's page
called "No Access" that opens with its name speaks of its tour, a novel's of the access its
hero gains, and a help page of the access to ask for. And it names what it refused: the
address asked for, or the machine it was asked of ("Access to the page http://... has been
denied", an IP address), where a film's page called "Access denied" retells the access its
hero is refused, a park's notice the beach no visitor may reach, a help article the message
it explains, and name no address; a help article that names one says its denial as the
condition of its advice ("If the admin page at http://192.168.0.1 says access is denied").
``denial_restated`` (the line), a sign that the content is the message.

The title may name the program beside the words ("e2guardian - Přístup zakázán"): one of its
segments says the denial, as denied_headings.py reads a whole title (an access or permission
word and a word for denied, or a negation next to it). The first line must say it again by
those words, on its own: a heading that says more ("Access rights denied to contractors in
2019") is a topic, and a page whose first line names the work or the site is not the
message.
"""

from __future__ import annotations

import re

from gatewatch.crawler.detectors.denied_headings import (
    MAX_WORDS,
    MORE_DENIED,
    NOT_ALLOWED,
    says_denied,
    speaks_of_access,
)
from gatewatch.crawler.detectors.expired_links import CONDITIONS
from gatewatch.crawler.detectors.text import QUESTION, normalise, segments
from gatewatch.crawler.parse import ParsedPage

LINE_WORDS = MAX_WORDS + 2  # "Prístup na túto stránku bol odmietnutý." (a verb between)
READ_CHARS = 4000  # of the content, for the access it speaks of (a short page's)
TRAILING = " -\u2013\u2014|:!.¡¿"  # (and the en and em dashes)
# (not an ellipsis: "El acceso a la página: http://... ... ha sido denegado")
SENTENCE_END = re.compile(
    r"(?<![.])[.!?:](?=\s)|[\u3002\uff01\uff1f]"
)  # (and the full stops of CJK)
# the address refused: a URL, or an IP address (the page's or the machine's)
ADDRESS = re.compile(r"(?<![\w/])(?:https?|ftp)://\S|(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])")


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
    if not speaks_of_access(rest) or not _denied_again(rest) or ADDRESS.search(rest) is None:
        return None
    return f"title: {title[:60]}; line: {line[:60]}"


def _denied_again(text: str) -> bool:
    """Whether the text says a denial, first as a statement: a help text says it in the
    condition that opens its advice ("If the admin page says access is denied, ...")."""
    said = [found for found in (NOT_ALLOWED.search(text), MORE_DENIED.search(text)) if found]
    if not said:
        return False
    at = min(found.start() for found in said)
    start = max((end.end() for end in SENTENCE_END.finditer(text, 0, at)), default=0)
    opening = re.match(r"\W*([\w']+)", text[start:at])
    return opening is None or opening.group(1) not in CONDITIONS
