"""A single-sign-on phrase is a button's or a heading's ("Single sign-on", "Sign in with
SSO"): said in a few words of their own. Said inside a longer sentence ("This is the page of
your Single Sign-On session: its attributes, how long it lasts") it is a topic, and no sign of
a sign-in screen."""

from __future__ import annotations

from gatewatch.crawler.detectors.healthy_context import SENTENCE_END
from gatewatch.crawler.parse import ParsedPage

BUTTON_WORDS = 8  # a button, a link or a heading says it in this many words at most


def only_in_sentences(page: ParsedPage, phrase: str) -> bool:
    """The phrase stands in lines of the main content, each of them a longer sentence (a
    row of buttons read as one line, "Continue with Google Continue with SAML SSO", ends no
    sentence)."""
    lines = [line for line in page.sentence_lines if phrase in line.lower()]
    return bool(lines) and all(_sentence(line) for line in lines)


def _sentence(line: str) -> bool:
    return len(line.split()) > BUTTON_WORDS and SENTENCE_END.search(line) is not None
