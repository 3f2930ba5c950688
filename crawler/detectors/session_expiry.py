"""A session that expired, in any language: a thin page says, in one sentence, that the
visitor's session expired ("Your session expired, click here to go back to the login page.",
"Ihre Sitzung ist abgelaufen.", "Votre session a expiré.", "セッションの有効期限が切れました。").
What the visitor asked for needs a sign-in again: a login wall's wording (``login_wording``).

The meaning is two words, whatever the sentence around them: a word for a session and a
word for expired (expired_links.py's, past: "expires in 10 minutes" is a warning, not
this). A help text says them too ("If your session has expired, sign in again"), so the
sentence must not be a condition or a question, and the page must be thin.
"""

from __future__ import annotations

import re

from gatewatch.crawler.detectors.expired_links import (
    CONDITIONS,
    EXPIRED_UNSPACED,
    EXPIRED_WORDS,
    SENTENCE_END,
)
from gatewatch.crawler.detectors.text import QUESTION, normalise, word_starts

SESSION_WORDS = (
    "session", "sitzung", "sesión", "sessione", "sessão", "sessie", "sesja", "sesji",
    "relace", "сесси", "сеанс", "сесія", "сеансу", "oturum", "istunto", "munkamenet",
    "συνεδρί", "הפעלה", "جلسة", "نشست", "phiên", "sesi", "sesiune", "seanss", "sesija",
)  # fmt: skip
SESSION_UNSPACED = ("セッション", "会话", "會話", "工作階段", "세션", "เซสชัน")
SESSION = word_starts(SESSION_WORDS, SESSION_UNSPACED)
EXPIRED = word_starts(EXPIRED_WORDS, EXPIRED_UNSPACED)
MAX_SENTENCE_WORDS = 16


def mentions_session(text: str) -> bool:
    """Whether a text names a session at all: no line of it can say one expired otherwise
    (its lines cost a walk of the page)."""
    text = normalise(text)
    return any(word in text for word in (*SESSION_WORDS, *SESSION_UNSPACED))


def session_expired(lines: list[str]) -> str | None:
    """ "session ... expired: <sentence>" for the first line of a thin page that says the
    visitor's session expired; None otherwise."""
    for line in lines:
        for sentence in SENTENCE_END.split(normalise(line)):
            said = _said(sentence)
            if said:
                return said
    return None


def _said(sentence: str) -> str | None:
    words = re.findall(r"\w+", sentence)
    if not words or len(words) > MAX_SENTENCE_WORDS or QUESTION.search(sentence):
        return None
    session = SESSION.search(sentence)
    expired = EXPIRED.search(sentence) if session else None
    if expired is None or not CONDITIONS.isdisjoint(words):
        return None
    return f"{session.group(0)} ... {expired.group(0).strip()}: {sentence[:80]}"
