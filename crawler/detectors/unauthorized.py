# ruff: noqa: RUF002  (the words are written in their own scripts)
"""A 401's "Unauthorized" in any language, said by a heading of its own: a word for
authorised (or authenticated) and a negation of it ("Unauthorized", "Uautorisert", "Nie
autoryzowano", "Ej auktoriserad", "Не авторизовано", "Χωρίς Εξουσιοδότηση", "לא מורשה",
"認証されていません", "未授权").

The meaning is two parts, whatever the language: the stem of "authoris-" / "authenticat-"
(the same Latin word in most of them) and a negation, as a prefix of that word ("un-",
"ne-", "u-", "pa-") or a word just before it ("not", "nicht", "nie", "не", "ej", "μη",
"לא"). A title or h1 that consists of them (one other word at most) asks for credentials,
like the phrase lists' "401 Unauthorized" (``auth_required``); a longer heading that holds
them ("Unauthorized use of the logo") is a topic, not a status.
"""

from __future__ import annotations

import re

from gatewatch.crawler.detectors.text import counted_words, heading_segments

# the stem of "authorised" / "authenticated", at the start of a word or after a negating prefix
STEMS = (
    "authori[sz]", "autori[sz]", "autoris", "auktori", "autoryz", "avtoriz", "авториз",
    "authentic", "authentifi", "autentic", "autentific", "autentiz", "autentis", "аутентиф",
    "аутентиц", "εξουσιοδ", "geautori[sz]", "geauthenti", "מורש",
)  # fmt: skip
PREFIXES = ("un", "non", "ne", "nie", "u", "pa", "neo", "не", "μη")
NEGATIONS = (
    "not", "nicht", "nie", "не", "ej", "inte", "ikke", "ikkje", "ei", "no", "non", "niet",
    "nem", "nu", "ni", "nav", "μη", "χωρίς", "לא", "غير", "không", "chưa", "tidak", "belum",
    "ne", "nėra", "nije", "není",
)  # fmt: skip
SPACED = re.compile(
    r"(?<!\w)(?:(?:"
    + "|".join(map(re.escape, NEGATIONS))
    + r")\s+|(?:"
    + "|".join(map(re.escape, PREFIXES))
    + r")-?)(?:"
    + "|".join(STEMS)
    + r")\w*"
)
UNSPACED = re.compile(
    "認証されていません|未認証|未授权|未授權|未经授权|未經授權|未认证|인증되지 않"
)
MAX_WORDS = 3  # the negated word, and one other word at most


def not_authorized(*headings: tuple[str, str | None]) -> str | None:
    """ "where: words" for the first (where, heading) whose segment says "not authorised";
    None otherwise."""
    for where, heading in headings:
        if not heading or len(heading) > 120:
            continue
        for part in heading_segments(heading):
            if counted_words(part.words) > MAX_WORDS:
                continue
            said = (UNSPACED if part.unspaced else SPACED).search(part.text)
            if said is None and part.unspaced:
                said = SPACED.search(part.text)
            if said:
                return f"{where}: {said.group(0)} (not + authorised)"
    return None
