# ruff: noqa: RUF001, RUF002  (the words are written in their own scripts)
"""An access denial said in a sentence no phrase list holds, in any language: a short page
says, in one short sentence, that the visitor has no permission, right or privilege ("You
have no permissions to access this page.", "Sie haben keine Berechtigung für diese Seite.",
"У вас нет прав для просмотра", "Yetkiniz yok.", "この操作の権限がありません。",
"권한이 없습니다."): ``permission_denied``.

The meaning is two words, whatever the words around them: a word for a permission (a right,
a privilege, an authorisation) and a negation next to it (up to three words before or after
it: "do not have permission", "keine Berechtigung", "yetkiniz yok"; in scripts written
without spaces, a few characters: "権限がありません", "没有权限"). A help text says them too
("If you have no permission, ask the administrator"), so the sentence must not be a
condition or a question; a table or a list of roles says them too ("This role has no
permissions"), so the sentence is read only where a thin page states it in its own line,
and a sentence that names a role, a group or a user as its subject is no denial to the
visitor.
"""

from __future__ import annotations

import re

from gatewatch.crawler.detectors.expired_links import CONDITIONS
from gatewatch.crawler.detectors.text import QUESTION, normalise

# a permission, at the start of a word
# (not "authorized": "not authorized" is how a 401 says "Unauthorized": "Nicht berechtigt")
PERMISSION_WORDS = (
    "permission", "privilege", "rights", "berechtigung", "rechte", "befugnis",
    "droit", "permis", "privilegi", "derecho", "permess",
    "diritt", "permiss", "privilégio", "direito", "toestemming",
    "rechten", "bevoegd", "uprawnie", "pozwoleni", "oprávnění", "opravnen", "práva",
    "прав", "разрешени", "полномочи", "дозволу", "дозволів", "повноважен", "yetki",
    "izniniz", "izin",
    "behörighet", "rättighet", "tilladelse", "rettighed", "tillatelse", "rettighet",
    "käyttöoikeu", "oikeuksia", "oikeudet", "jogosult", "engedély", "δικαιώματ", "άδεια",
    "הרשא", "صلاحي", "إذن", "اذن", "مجوز", "دسترسی", "quyền", "izin akses", "hak akses",
)  # fmt: skip
PERMISSION_UNSPACED = ("権限", "アクセス権", "权限", "權限", "許可がありません", "권한")
# a negation, a whole word ("no", "keine", "нет", "yok", "없습니다")
NEGATIONS = frozenset(
    {"no", "not", "don't", "doesn't", "lack", "lacking", "insufficient", "without",
     "kein", "keine", "keinen", "keiner", "nicht", "fehlende", "unzureichende", "pas",
     "aucun", "aucune", "insuffisant", "insuffisants", "insuffisantes", "sin", "nessun",
     "nessuna", "non", "não", "sem", "geen", "niet", "onvoldoende", "nie", "brak",
     "nemáte", "nemá", "nemate", "nema", "нет", "не", "недостаточно", "немає", "yok",
     "değil", "yetersiz", "inte", "saknar", "ingen", "ikke", "mangler", "ei", "nincs",
     "nem", "nincsenek", "δεν", "אין", "לא", "لا", "ليس", "ليست", "ندارید", "ندارد",
     "không", "tidak", "없습니다", "없음", "없어요", "없는"}
)  # fmt: skip
NEGATION_UNSPACED = re.compile("ありません|ない|不足|没有|沒有|無|无|不|없")
WINDOW = 3  # words between the negation and the permission, at most
MAX_SENTENCE_WORDS = 16
# the subject of a sentence about someone else's permissions: a role's, a group's
THIRD_PARTIES = frozenset(
    {"role", "roles", "group", "groups", "user", "users", "this", "these", "rolle", "gruppe",
     "benutzer", "rôle", "groupe", "utilisateur", "rol", "grupo", "usuario", "ruolo",
     "gruppo", "utente"}
)  # fmt: skip
# a need: "No permission is required", "Права доступа не требуются", "不需要权限" say that
# nobody needs one (said after the permission word and the word next to it; "the required
# permissions", "i permessi necessari" are a denial's: "Sie haben nicht die erforderliche
# Berechtigung")
NEED = re.compile(
    r"(?<!\w)(?:requir|need|necess|erforderlich|benötigt|nötig|requis|nécessaire|necesari"
    r"|requerid|richiest|necessari|necessár|vereist|nodig|wymagan|potřeb|vyžadován|требу"
    r"|нужн|необходим|потрібн|gerek|krävs|kreves|kræves|tarvi|szüksége|απαιτ|נדרש|مطلوب"
    r"|لازم|cần)"
)
NEED_UNSPACED = re.compile("必要|需要|必須|필요")
SENTENCE_END = re.compile(r"(?<=[.!。！])\s*")
# (one lookbehind before the group, not one per word: the same matches, and CPython's re
# skips ahead to the words' first letters instead of trying each word at every character)
PERMISSION = re.compile(
    r"(?<!\w)(?:"
    + "|".join(map(re.escape, PERMISSION_WORDS))
    + ")|"
    + "|".join(map(re.escape, PERMISSION_UNSPACED))
)


# a permission word's first word anywhere in a text (the words of a line are words of the
# page's main text: a text without one has no line that says a permission is missing)
PERMISSION_ANYWHERE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(dict.fromkeys(re.escape(word.split()[0]) for word in PERMISSION_WORDS))
    + ")|"
    + "|".join(map(re.escape, PERMISSION_UNSPACED))
)


def mentions_permission(text: str) -> bool:
    """Whether a page's main text names a permission at all: its short lines (costly to
    read: a walk over the content's elements) are read only then."""
    return PERMISSION_ANYWHERE.search(normalise(text)) is not None


def permission_denied(lines: list[str]) -> str | None:
    """ "negation ... permission: <sentence>" for the first line of a thin page's content
    that says the visitor has no permission; None otherwise."""
    for line in lines:
        for sentence in SENTENCE_END.split(normalise(line)):
            said = _denial(sentence)
            if said:
                return said
    return None


def _denial(sentence: str) -> str | None:
    found = PERMISSION.search(sentence)
    if found is None or QUESTION.search(sentence):
        return None
    words = re.findall(r"[\w']+", sentence)
    if not words or len(words) > MAX_SENTENCE_WORDS:
        return None
    if not CONDITIONS.isdisjoint(words) or words[0] in THIRD_PARTIES:
        return None
    # (the word right after it is an attribute: "i permessi necessari", "los permisos requeridos")
    after = re.match(r"\w*\W+\w+", sentence[found.end() :])
    if NEED.search(sentence, found.end() + (after.end() if after else 0)) or NEED_UNSPACED.search(
        sentence
    ):
        return None
    if found.group(0) in PERMISSION_UNSPACED:
        near = sentence[max(0, found.start() - 4) : found.end() + 8]
        negation = NEGATION_UNSPACED.search(near)
        return f"{negation.group(0)} ... {found.group(0)}: {sentence[:80]}" if negation else None
    position = len(re.findall(r"[\w']+", sentence[: found.start()]))
    for word in words[max(0, position - WINDOW) : position + WINDOW + 1]:
        if word in NEGATIONS:
            return f"{word} ... {found.group(0)}: {sentence[:80]}"
    return None
