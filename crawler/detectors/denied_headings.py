"""A 403's "Permission denied" / "Access denied" in any language, said by a title or h1 of its
own: a word for access or a permission, and a word for denied (refused, forbidden) or a
negation next to it ("Erlaubnis verweigert", "Отказано разрешение", "Izin reddedildi",
"Atļauja liegta", "الإذن مرفوض", "اجازه رد شد", "存取被拒", "アクセス拒否", "Ingen adgang",
"Không được quyền truy cập").

The meaning is two words, whatever the language, as permission_denials.py reads a sentence
of the content; here they make up the page's whole title (five words at most: a heading that
holds them among more words is a topic, "Access rights denied to contractors in 2019"). The
words alone are a book's, a band's name too: an error template's title is its message and
nothing else, while a site's page about a thing names the thing or the site beside them
("Ingen adgang - roman af Mette Holm", "No Access - Tour 2026", "Erlaubnis verweigert -
Roman"), so the whole title is read, never one of its segments, and the h1 only on a page
without a title; and the page must say more about the access it denies: its content, beside
the title, names access or a permission again ("You are not permitted to access this
section", "您無權訪問此"), where a magazine's page called "Sin Permiso" speaks of its issues
and a novel's of its pages and price. A heading that asks ("No access?") says nothing.
The words: permission_denials.py's permission words and negations, error_messages.py's
words for denied, and the words for access; in scripts without spaces, a negation that says
"there is none" or "cannot" just after the access word ("権限がありません",
"アクセスできません"), not a word made with one ("アクセス無料": free, "登録不要": no
sign-up needed, "无需登录").
"""

from __future__ import annotations

import re

from gatewatch.crawler.detectors.error_messages import NOT_ALLOWED_WORDS, unspaced_word
from gatewatch.crawler.detectors.permission_denials import (
    NEGATIONS,
    PERMISSION_UNSPACED,
    PERMISSION_WORDS,
)
from gatewatch.crawler.detectors.phrases import ACCESS_UNSPACED, ACCESS_WORDS
from gatewatch.crawler.detectors.text import (
    QUESTION,
    counted_words,
    is_unspaced,
    normalise,
    segments,
    word_starts,
)

ACCESS = word_starts(ACCESS_WORDS, ACCESS_UNSPACED)
PERMISSION = word_starts(PERMISSION_WORDS, PERMISSION_UNSPACED)
# (error_messages.py's NOT_ALLOWED, compiled with one lookbehind: headings are read on every
# page)
NOT_ALLOWED = word_starts(
    [word for word in NOT_ALLOWED_WORDS if not unspaced_word(word)],
    [word for word in NOT_ALLOWED_WORDS if unspaced_word(word)],
)
# denied, beside error_messages.py's NOT_ALLOWED: "liegta" (Latvian), "अस्वीकृत" (Hindi),
# "被拒" (Chinese: "refused")
# "refusal" (Russian "Отказ в доступе", the noun of libc's "Отказано в доступе")
MORE_DENIED = re.compile(r"(?<!\w)(?:liegt|अस्वीकृत|नामंजूर|отказ(?!\w))|被拒")
# "no", "without" before the access word in languages the sentence reading's negations lack
# (Latvian "Nav pieejas", Slovenian "Ni dostopa", Catalan "Sense accés"), and "is none"
# after it (Lithuanian "Prieigos nėra", Estonian "Ligipääs puudub"); "cannot" before it in
# scripts without spaces ("無法存取")
MORE_NEGATIONS = frozenset({"nav", "ni", "sense"})
NONE_AFTER = frozenset({"nėra", "puudub"})
# (the heading's first words: "网站无法访问" is a site that cannot be reached)
CANNOT_BEFORE = re.compile("^(?:無法|无法|不能)$")
# "there is none", "cannot", in scripts without spaces, just after the access word (a
# particle between: "権限がありません")
NONE_UNSPACED = re.compile("[がはも]?(?:ありません|ない|できません|不可|なし|無し)|没有|沒有|없")
MAX_WORDS = 5
WINDOW = 2  # words between a negation and the access word, at most


def denied_heading(
    *headings: tuple[str, str | None], content: str, named_again: bool = True
) -> str | None:
    """ "where: heading (access + denied)" for the first (where, heading) that is, as a
    whole, an access or permission word and a denial, on a page whose `content` names
    access or a permission beside the heading (unless not `named_again`: a message
    template's, template_titles.py); None otherwise. (The caller gives the page's title, or
    its h1 when it has no title.)"""
    for where, heading in headings:
        text = normalise(heading)
        if not text or len(text) > 120 or QUESTION.search(text) or len(segments(text)) > 1:
            continue  # (a title of parts names a thing or a site beside the words)
        # (split at spaces: Devanagari's vowel signs are no \w, they would cut its words)
        words = text.split()
        if counted_words(words) > MAX_WORDS:
            continue
        said = _denied(text)
        if said and (not named_again or speaks_of_access(normalise(content).replace(text, " "))):
            return f"{where}: {text[:60]} ({said})"
    return None


def says_denied(heading: str, max_words: int = MAX_WORDS) -> str | None:
    """How a heading of a few words says access is denied ("access + denied", "no +
    access"...), or None."""
    text = normalise(heading)
    if not text or len(text) > 120 or counted_words(text.split()) > max_words:
        return None
    return _denied(text)


def speaks_of_access(text: str) -> bool:
    return ACCESS.search(text) is not None or PERMISSION.search(text) is not None


def _denied(text: str) -> str | None:
    found = [m for m in (ACCESS.search(text), PERMISSION.search(text)) if m is not None]
    if not found:
        return None
    if NOT_ALLOWED.search(text) or MORE_DENIED.search(text):
        return "access + denied"
    for access in found:
        if is_unspaced(access.group(0)[0]):
            if NONE_UNSPACED.match(text, access.end()):
                return "access + no"
            if CANNOT_BEFORE.search(text[: access.start()]):
                return "cannot + access"
            continue
        # a negation just before it, and nothing after it but a word for access ("không
        # được quyền truy cập": "no right of access"; not "No access fees")
        before = text[: access.start()].split()[-WINDOW:]
        rest = text[access.end() :].split(" ", 1)[1:]
        if rest and rest[0] in NONE_AFTER and len(text.split()) == 2:
            return "access + none"
        negated = not NEGATIONS.isdisjoint(before) or not MORE_NEGATIONS.isdisjoint(before)
        if not negated or (rest and not ACCESS.fullmatch(rest[0])):
            continue
        return "no + access"
    return None
