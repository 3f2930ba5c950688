# ruff: noqa: RUF002  (the words are written in their own scripts)
"""A 401's "Unauthorized" in any language, said by a heading of its own: a word for
authorised (or authenticated) and a negation of it ("Unauthorized", "Uautorisert", "Nie
autoryzowano", "Ej auktoriserad", "Не авторизовано", "Χωρίς Εξουσιοδότηση", "לא מורשה",
"認証されていません", "未授权").

The meaning is two parts, whatever the language: the stem of "authoris-" / "authenticat-"
(the same Latin word in most of them) and a negation, as a prefix of that word ("un-",
"ne-", "u-", "pa-") or a word just before it ("not", "nicht", "nie", "не", "ej", "μη",
"לא"). They say a status only when they are the whole heading: a heading that holds them
beside a noun they qualify ("Nicht autorisierter Händler", "Revendeurs non autorisés",
"Nieautoryzowany serwis") or among more words ("Unauthorized use of the logo") is a topic.
And the words alone are a title too (a play, "Χωρίς εξουσιοδότηση"), so the heading must
say a status in another way: beside a 401 ("401 Nicht autorisiert"), or as the page's whole
message (ejabberd's page is its h1 "Uautorisert" and nothing else). Then it asks for
credentials, like the phrase lists' "401 Unauthorized" (``auth_required``).
"""

from __future__ import annotations

import re

from gatewatch.crawler.detectors.text import WORD, counted_words, heading_segments

# the stem of "authorised" / "authenticated", at the start of a word or after a negating prefix
# (not "authentic": "Non autentico", "Ikke autentisk" say a thing is fake)
STEMS = (
    "authori[sz]", "autori[sz]", "autoris", "auktori", "autoryz", "avtoriz", "авториз",
    "authenticat", "authentifi", "autenticat", "autenticad", "autentific", "autentiz",
    "autentiser", "аутентиф", "аутентиц", "εξουσιοδ", "geautori[sz]", "geauthenti", "מורש",
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
# what may stand beside the negated word: a 401 and the words of a status line
STATUS_WORDS = frozenset({"401", "http", "error"})
STATUS_CODE = "401"


def not_authorized(*headings: tuple[str, str | None], page_words: int) -> str | None:
    """ "where: words" for the first (where, heading) whose segment is nothing but "not
    authorised" (a 401 beside it at most), said beside a 401 or as all the page says
    (`page_words`, the words of its main content, no more than the heading's); None
    otherwise."""
    for where, heading in headings:
        if not heading or len(heading) > 120:
            continue
        for part in heading_segments(heading):
            if counted_words(part.words) > MAX_WORDS:
                continue
            said = (UNSPACED if part.unspaced else SPACED).search(part.text)
            if said is None and part.unspaced:
                said = SPACED.search(part.text)
            if said is None:
                continue
            rest = WORD.findall(part.text[: said.start()] + " " + part.text[said.end() :])
            # (one letter: an article, Albanian's "E paautorizuar")
            if any(word not in STATUS_WORDS and len(word) > 1 for word in rest):
                continue  # a word it qualifies, or a topic
            if STATUS_CODE in rest or page_words <= counted_words(part.words):
                return f"{where}: {said.group(0)} (not + authorised)"
    return None
