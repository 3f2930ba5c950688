"""Where an error page's message stands besides its headings and short lines, and the lines
that only look like one.

A thin page's longer line that an error label leads ("Error: Update of statistics has not been
allowed from a browser ...") is its message; so is the first line of a preformatted block
that opens an error page's content, where a script's fatal error prints it. A line of the
content that leads with an error ("An error occurred while processing your request:") makes
the page an error page, but not a manual's quoted error, a report's column heading ("Error
Hits") or a section heading that names a topic ("Error handling"). error_messages.py reads
what these give.
"""

from __future__ import annotations

import re
from itertools import islice

from gatewatch.crawler.detectors.text import normalise
from gatewatch.crawler.lines import leading_text
from gatewatch.crawler.parse import ParsedPage

ERROR_CODE = re.compile(r"^(?:http )?(?:40[0-9]|410)$")  # a status code said as a word
# where in a script's source an error was raised: Perl's " at FILE line N.", PHP's " in FILE
# on line N" / " in FILE:N"
SOURCE_PLACE = re.compile(r"\s+(?:at|in) \S+(?: on)? line \d+\.?$|\s+in /\S+:\d+$")
CLOSING_REMARK = re.compile(r"\s*\([^()]{1,40}\)[.!]?$")  # "(display webpage)."
PRE_CHARS = 400  # of a preformatted block, read at most
ERROR_LABEL = re.compile(r"^\w+:\s")  # "Error: ...", "Fehler: ..."
LABELLED_PAGE_WORDS = 60  # a page this long at most has its labelled error lines read
MAX_COLUMN_HEADINGS = 200  # table header cells read, at most
LEAD_CHARS = 2000  # of the content, where an error page's preformatted message starts
LEAD_WORDS = 2  # words before it, at most, beside the title and the heading
# what a section on errors is about: "Error handling", "Error messages", "Error codes"
ERROR_TOPICS = frozenset(
    {"handling", "messages", "codes", "reporting", "logging", "logs", "types", "tracking",
     "monitoring", "recovery", "correction", "checking", "analysis", "reference", "rates"}
)  # fmt: skip


def preformatted_message(page: ParsedPage) -> list[str]:
    """The first line of an error page's first preformatted block, when it opens the
    content, where a script's fatal error prints its message ("ERROR: Section 'x' does not
    exist (display webpage). at /usr/share/perl5/App.pm line 1673."), less where in the
    source it was raised (Perl's "at FILE line N.", PHP's "in FILE on line N") and a closing
    remark in brackets."""
    if page.document is None:
        return []
    block = next(page.document.iter("pre"), None)
    if block is None:
        return []
    first = leading_text(block, PRE_CHARS).strip().split("\n", 1)[0]
    message = SOURCE_PLACE.sub("", first).strip()
    if not message or not _leads_content(page, first):
        return []
    return [CLOSING_REMARK.sub("", message).strip()]


def _leads_content(page: ParsedPage, first: str) -> bool:
    """Whether a preformatted block's first line opens the content, after the title or the
    heading alone ("Software error:"): the page's message. Below a line that already says
    what happened ("Error: this job failed after 41 seconds.", "Job #77 ist
    fehlgeschlagen."), it is a log the page shows, the report of another program's error."""
    content = " ".join(page.main_text[:LEAD_CHARS].split())
    at = content.find(" ".join(first.split())[:40])
    if at < 0:
        return False
    before = content[:at]
    for heading in (page.title, page.h1):
        if heading:
            before = before.replace(" ".join(heading.split()), " ")
    return len(before.split()) <= LEAD_WORDS


def error_lead(page: ParsedPage, lines: list[str], error_words: tuple[str, ...]) -> bool:
    """A line of the content leads with an error ("An error occurred while processing your
    request:", "404 - Unknown tag object"); not the title or h1 ("Error messages": a manual's
    heading), nor a line that a line ending in ":" introduces ("If the build prints:" /
    "Error: unknown revision 'main'": a manual quoting an error), nor a table's column
    heading ("Error Hits", "Error rate": a report's column of counts), nor a section's
    heading that names a topic ("Error handling")."""
    headings = {normalise(page.title), normalise(page.h1)}
    previous = ""
    columns = sections = None
    for line in map(normalise, lines):
        if line in headings:
            continue
        quoted = previous.endswith(":") and not starts_with_error(previous, error_words)
        if not quoted and starts_with_error(line, error_words):
            columns = _column_headings(page) if columns is None else columns
            sections = _section_headings(page) if sections is None else sections
            if line not in columns and not _topic(line, sections, error_words):
                return True
        previous = line
    return False


def _topic(line: str, sections: frozenset[str], error_words: tuple[str, ...]) -> bool:
    """A section heading of the content that names a topic after its error word ("Error
    handling", "Error messages": a changelog's or a manual's section), where an error page's
    heading says what happened ("Error", "Error 403", "An error occurred during ...")."""
    if line not in sections:
        return False
    word = next((word for word in error_words if line.startswith(word)), "")
    rest = line[len(word) :].split()
    return " " not in word and 1 <= len(rest) <= 3 and rest[0] in ERROR_TOPICS


def _section_headings(page: ParsedPage) -> frozenset[str]:
    """The texts of the content's section headings, h2 to h6 (a few: read only when a line
    starts with an error word)."""
    if page.document is None:
        return frozenset()
    cells = islice(page.document.iter("h2", "h3", "h4", "h5", "h6"), MAX_COLUMN_HEADINGS)
    return frozenset(normalise(cell.text_content()[:200]) for cell in cells)


def labelled_errors(page: ParsedPage, lines: list[str], error_words) -> list[str]:
    """The longer lines of a thin page that an error label leads ("Error: Update of statistics
    has not been allowed from a browser (AllowToUpdateStatsFromBrowser should be set to
    1)."): a message too long for a short line, said as the page's error by its label."""
    if page.main_word_count > LABELLED_PAGE_WORDS:
        return []
    return [
        line
        for line in page.sentence_lines
        if line not in lines
        and ERROR_LABEL.match(line)
        and starts_with_error(normalise(line), error_words)
    ][:1]


def _column_headings(page: ParsedPage) -> frozenset[str]:
    """The texts of the page's table header cells (a few: read only when a line starts with
    an error word)."""
    if page.document is None:
        return frozenset()
    cells = islice(page.document.iter("th"), MAX_COLUMN_HEADINGS)
    return frozenset(normalise(cell.text_content()[:200]) for cell in cells)


def starts_with_error(text: str, error_words: tuple[str, ...]) -> bool:
    """A line that says an error follows: "Error: ...", "An error occurred while ...",
    "404 - ..."."""
    for word in error_words:
        if text.startswith(word) and (len(text) == len(word) or not text[len(word)].isalnum()):
            return True
    first = text.split(" ", 1)[0]
    return ERROR_CODE.match(first) is not None and len(text) > len(first)
