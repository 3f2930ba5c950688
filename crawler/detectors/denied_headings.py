"""A 403's "Permission denied" / "Access denied" in any language, said by a title or h1 of its
own: a word for access or a permission, and a word for denied (refused, forbidden) or a
negation next to it ("Erlaubnis verweigert", "Отказано разрешение", "Izin reddedildi",
"Atļauja liegta", "الإذن مرفوض", "اجازه رد شد", "存取被拒", "アクセス拒否", "Ingen adgang",
"Không được quyền truy cập").

The meaning is two words, whatever the language, as permission_denials.py reads a sentence
of the content; here they make up a short heading (five words at most: a heading that holds
them among more words is a topic, "Access rights denied to contractors in 2019"). A heading
that asks ("No access?") says nothing. The words: permission_denials.py's permission words
and negations, error_messages.py's words for denied, and the words for access.
"""

from __future__ import annotations

import re

from gatewatch.crawler.detectors.error_messages import NOT_ALLOWED_WORDS, _unspaced
from gatewatch.crawler.detectors.permission_denials import (
    NEGATION_UNSPACED,
    NEGATIONS,
    PERMISSION_UNSPACED,
    PERMISSION_WORDS,
)
from gatewatch.crawler.detectors.text import (
    counted_words,
    heading_segments,
    is_unspaced,
    word_starts,
)

# access, and the permission words permission_denials.py lacks (with an article attached:
# Hebrew's and Arabic's "the"), at the start of a word
ACCESS_WORDS = (
    "access", "zugriff", "zugang", "erlaubnis", "accès", "acceso", "accesso", "acesso",
    "acces", "toegang", "dostęp", "přístup", "prístup", "доступ", "erişim", "åtkomst",
    "adgang", "tilgang", "pääsy", "hozzáférés", "πρόσβαση", "גישה", "ההרשא", "الوصول",
    "وصول", "الإذن", "اجازه", "truy cập", "akses", "atļauj", "piekļuv", "prieig", "ligipääs",
    "дозвол", "अनुमति", "पहुँच", "pristup", "dostop",
)  # fmt: skip
ACCESS_UNSPACED = ("アクセス", "访问", "訪問", "存取", "접근", "액세스", "การเข้าถึง")
ACCESS = word_starts(ACCESS_WORDS, ACCESS_UNSPACED)
PERMISSION = word_starts(PERMISSION_WORDS, PERMISSION_UNSPACED)
# (error_messages.py's NOT_ALLOWED, compiled with one lookbehind: headings are read on every
# page)
NOT_ALLOWED = word_starts(
    [word for word in NOT_ALLOWED_WORDS if not _unspaced(word)],
    [word for word in NOT_ALLOWED_WORDS if _unspaced(word)],
)
# denied, beside error_messages.py's NOT_ALLOWED: "liegta" (Latvian), "अस्वीकृत" (Hindi),
# "被拒" (Chinese: "refused")
MORE_DENIED = re.compile(r"(?<!\w)(?:liegt|अस्वीकृत|नामंजूर)|被拒")
MAX_WORDS = 5
WINDOW = 2  # words between a negation and the access word, at most


def denied_heading(*headings: tuple[str, str | None]) -> str | None:
    """ "where: heading (access + denied)" for the first (where, heading) whose segment is an
    access or permission word and a denial; None otherwise."""
    for where, heading in headings:
        if not heading or len(heading) > 120:
            continue
        for part in heading_segments(heading):
            # (split at spaces: Devanagari's vowel signs are no \w, they would cut its words)
            words = part.text.split()
            if not words or counted_words(words) > MAX_WORDS:
                continue
            said = _denied(part.text)
            if said:
                return f"{where}: {part.text[:60]} ({said})"
    return None


def _denied(text: str) -> str | None:
    found = [m for m in (ACCESS.search(text), PERMISSION.search(text)) if m is not None]
    if not found:
        return None
    if NOT_ALLOWED.search(text) or MORE_DENIED.search(text):
        return "access + denied"
    for access in found:
        if is_unspaced(access.group(0)[0]):
            if NEGATION_UNSPACED.search(text, access.end()):
                return "access + no"
            continue
        # a negation just before it, and nothing after it but a word for access ("không
        # được quyền truy cập": "no right of access"; not "No access fees")
        before = text[: access.start()].split()[-WINDOW:]
        rest = text[access.end() :].split(" ", 1)[1:]
        if NEGATIONS.isdisjoint(before) or (rest and not ACCESS.fullmatch(rest[0])):
            continue
        return "no + access"
    return None
