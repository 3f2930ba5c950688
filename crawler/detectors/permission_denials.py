# ruff: noqa: RUF001, RUF002  (the words are written in their own scripts)
"""An access denial said in a sentence no phrase list holds, in any language: a short page
says, in one short sentence, that the visitor has no permission, right or privilege ("You
have no permissions to access this page.", "Sie haben keine Berechtigung für diese Seite.",
"У вас нет прав для просмотра", "Yetkiniz yok.", "この操作の権限がありません。",
"권한이 없습니다.", "Du har ikke tilgang til denne siden."): ``permission_denied``. A line
of a few sentences is read sentence by sentence ("You are logged in as guest. You have no
permissions to access this page.").

The meaning is two words, whatever the words around them: a word for a permission (a right,
a privilege, an authorisation, access) and a negation next to it (up to three words before or after
it: "do not have permission", "keine Berechtigung", "yetkiniz yok"; in scripts written
without spaces, a few characters: "権限がありません", "没有权限"). A help text says them too
("If you have no permission, ask the administrator"), so the sentence must not be a
condition or a question; a table or a list of roles says them too ("This role has no
permissions"), so the sentence is read only where a thin page states it in its own line,
and a sentence that names a role, a group or a user as its subject is no denial to the
visitor.

A denial speaks to the visitor ("You have no permission", "Sie haben keine Berechtigung",
"yetkiniz yok") or says it without a subject, starting with it ("Keine Berechtigung.",
"Insufficient permissions", "Não possui permissão": a verb may stand between); its line
stands once on the page (a table of roles repeats "No
permission"). What is no denial: a "without permission" clause ("No reproduction without
permission", "sin permiso", "편집 권한 없이"), a right in law ("droit de stationner",
"derecho a cambios", "diritto a reso", "No rights reserved"), a stem inside another word
("Rechteckige", "правила"), a word that means something else too (Turkish "izin": leave),
in Japanese or Korean a negation that does not end the sentence ("権限がないユーザーも
閲覧できます"), a sentence that offers two readings ("The item does not exist or you do
not have permission to see it": the not-found reading decides), and one that says what was
asked for does not exist, whatever access it names ("The information you are trying to
access does not exist": absent_objects.py's predicates; the not-found reading decides).
A denial phrase of the lists said as a condition ("If you do not have access to a project,
ask its owner.") is no denial either (`said_as_condition`). Access, unlike a permission, is
also a place's, a thing's and other people's: a sentence that denies it is the visitor's
denial only when the visitor is its subject and it names nothing of other people's, or, said
without a subject, when it names nothing after it or this page or resource ("Kein Zugang zum
Pool", "no wheelchair access to the balcony", "Our staff have no access to your password",
"You have no access rights to other users' data" are none).
"""

from __future__ import annotations

import re
import unicodedata

from gatewatch.crawler.detectors.absent_objects import ABSENT
from gatewatch.crawler.detectors.expired_links import CONDITIONS
from gatewatch.crawler.detectors.phrases import ACCESS_WORDS, DISJUNCTIONS
from gatewatch.crawler.detectors.text import QUESTION, normalise, word_starts

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
    "permís", "permisiun", "oprávnen",
    # (Bosnian, Croatian and Serbian "dozvola", Slovenian "dovoljenje"; not Swedish
    # "tillstånd", Estonian "õigus", Hungarian "jog": a condition, "correct", a right in law)
    "dozvol", "dovoljenj",
)  # fmt: skip
# (and Chinese "无权" / "無權", "no right to": "你无权查看此资源", "你無權查看此內容" of the
# catalogs, "您无权存取这个资料")
NO_RIGHT_UNSPACED = ("无权", "無權")
# ... to see, open or act on what was asked for (or "无权限", "no permission"): a law's
# "无权代理" (unauthorized agency) and a contract's "您无权转让您的账户" (you may not transfer
# your account) name a right in law, no page's refusal
NO_RIGHT_TO = re.compile(
    "限|访问|訪問|存取|查看|浏览|瀏覽|阅读|閱讀|查阅|查閱|进入|進入|打开|打開|开启|開啟|下载|下載"
    "|读取|讀取|获取|獲取|执行|執行|操作|使用|编辑|編輯|修改|删除|刪除|管理"
)
# ... and nothing of someone else's ("你无权查看他人的工资单": a handbook's rule on other
# people's payslips), as OTHERS reads it in spaced scripts
OTHERS_UNSPACED = re.compile("他人|别人|別人|其他|其它|旁人")
PERMISSION_UNSPACED = (
    "権限",
    "アクセス権",
    "权限",
    "權限",
    "許可がありません",
    "권한",
    *NO_RIGHT_UNSPACED,
)
# ... read in a sentence as the whole word, or with a case ending ("dostępu", "доступа",
# "erişiminiz"): not "accessible", "accessories", "accesorios"
ACCESS_ENDING = re.compile(r"|u|a|e|s|o|ul|om|ом|а|у|iniz|in|ä|ed|ét")
# a negation, a whole word ("no", "keine", "нет", "yok", "없습니다")
NEGATIONS = frozenset(
    {"no", "not", "don't", "doesn't", "lack", "lacking", "insufficient", "without",
     "kein", "keine", "keinen", "keiner", "nicht", "fehlende", "unzureichende", "pas",
     "aucun", "aucune", "insuffisant", "insuffisants", "insuffisantes", "sin", "nessun",
     "nessuna", "non", "não", "sem", "geen", "niet", "onvoldoende", "nie", "brak",
     "nemáte", "nemá", "nemate", "nema", "nemaš", "нет", "не", "недостаточно", "немає", "yok",
     "değil", "yetersiz", "inte", "saknar", "ingen", "ikke", "mangler", "ei", "nincs",
     "nem", "nincsenek", "δεν", "אין", "לא", "لا", "ليس", "ليست", "ندارید", "ندارد",
     "không", "tidak", "없습니다", "없음", "없어요", "없는", "nu", "недостатньо"}
)  # fmt: skip
NEGATION_UNSPACED = re.compile("ありません|ない|不足|没有|沒有|無|无|不|없")
HALF_WIDTH_KATAKANA = re.compile("[\uff61-\uff9f]")
# "的" / "之" before the permission word: the permission of a clause ("访问该资源的权限")
OF_UNSPACED = ("的", "之")
HAVE_NO_UNSPACED = re.compile("没有|沒有|無|无")
OF_CLAUSE_CHARS = 16  # characters of that clause, at most, with its "have no"
SUBJECT_YOU_UNSPACED = frozenset({"", "您", "你", "妳", "您们", "你们", "你們", "您目前", "你目前"})
WINDOW = 3  # words between the negation and the permission, at most
MAX_SENTENCE_WORDS = 16
# the subject of a sentence about someone else's permissions: a role's, a group's
THIRD_PARTIES = frozenset(
    {"role", "roles", "group", "groups", "user", "users", "this", "these", "rolle", "gruppe",
     "benutzer", "rôle", "groupe", "utilisateur", "rol", "grupo", "usuario", "ruolo",
     "gruppo", "utente"}
)  # fmt: skip
# someone else's: "other users' data", "anderer Mitglieder"
OTHERS = frozenset(
    {"other", "others", "other's", "others'", "andere", "anderen", "anderer", "autres",
     "autre", "otros", "otras", "otro", "altri", "altre", "altrui", "outros", "outras",
     "innych", "inne", "других", "чужих", "чужим", "інших", "diğer", "başka",
     "andra", "andres", "muiden", "más", "ostatních", "cizích", "alte", "altor"}
)  # fmt: skip
# this page, this resource: what a subjectless denial of access names ("Нет доступа к этой
# странице", "Kein Zugriff auf diese Seite", "No access to this resource")
THIS = frozenset(
    {"this", "these", "here", "diese", "dieser", "diesen", "dieses", "hier", "cette", "ce",
     "cet", "ces", "ici", "esta", "este", "estos", "estas", "aquí", "questa", "questo",
     "qui", "deze", "dit", "tej", "tego", "tym", "tę", "ten", "této", "tuto", "tento",
     "toto", "tomto", "этой", "этому", "эту", "этот", "это", "этим", "цієї", "цю", "цей",
     "bu", "buna", "bunu", "burada", "denna", "detta", "denne", "dette", "tämän", "tähän",
     "ezt", "ehhez", "erre", "αυτή", "αυτό", "αυτήν", "הזה", "הזאת", "هذه", "هذا", "این",
     "này", "ini", "aceasta", "acest", "această", "acestei", "acestui", "requested"}
)  # fmt: skip
PAGE_WORD = re.compile(
    r"(?:page|site|resource|ressource|recurso|risorsa|content|seite|ressource|inhalt|página"
    r"|pagina|stron|страниц|ресурс|sayfa|sida|side|stránk|sivu|oldal|σελίδ|folder|ordner"
    r"|dossier|carpeta|cartella|document|dokument|file|datei|fichier|archivo|project|projekt"
    r"|projet|proyecto|progetto|area|bereich|section|repositor)"
)
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
NEED_UNSPACED = re.compile("必要|需要|必須|필요|无需|無需|不必|不用")
# "without": a clause ("No reproduction without permission", "Prohibida ... sin permiso")
WITHOUT = frozenset({"without", "sin", "sem", "senza", "sans", "ohne", "zonder", "bez", "без"})
# the visitor, spoken to: a pronoun, or a verb or a possessive only the second person has
SECOND_PERSON = frozenset(
    {"you", "your", "you're", "you've", "sie", "du", "ihr", "ihnen", "vous", "votre", "vos",
     "tu", "usted", "ustedes", "tiene", "tienes", "tem", "hai", "avete", "lei", "você",
     "voce", "vocês", "u", "je", "jij", "uw", "masz", "macie", "nemáte", "nemate", "máte",
     "вас", "вы", "ты", "тебя", "вам", "ви", "тебе", "yetkiniz", "yetkin", "izniniz",
     "iznin", "siz", "sen", "dig", "din", "sinulla", "teillä", "sinun", "jogosultsága",
     "jogosultságod", "έχετε", "έχεις", "לך", "לכם", "אתה", "لديك", "لك", "تملك",
     "شما", "ندارید", "bạn", "anda", "kamu", "teniu", "tens", "vostè", "aveți", "aveti",
     "sul", "sinul", "teil", "nemaš"}
)  # fmt: skip
# a right in law: "droit de stationner", "derecho a cambios", "diritto a reso", "right to"
RIGHT_WORDS = ("right", "droit", "derech", "diritt", "direit")
RIGHT_TO = frozenset({"to", "de", "d", "a", "à", "al", "ad", "di", "do", "da", "of"})
# ... unless it is the right to see or do something here ("le droit d'accéder à cette page")
ACCESS_VERBS = re.compile(
    r"(?:access|accéd|acced|acess|view|see|edit|modif|voir|ver|consult|affich|visualiz|vede"
    r"|entr|perform|effectu|realiz|eseguir|esegui|delet|supprim|elimin|cré|crea|use|utilis"
    r"|usar|usa)"
)
# a copyright line: "No rights reserved", "Alle Rechte vorbehalten"
RESERVED = re.compile(r"reserv|vorbehalten|voorbehouden|zastrzeż|защищен|захищен|©|copyright")
# stems that start other words: the whole words they stand for ("Rechteckige", "правила")
WHOLE_WORDS = {
    "rechte": re.compile("rechten?"),
    "прав": re.compile("прав(?:а|ах|ами|ом)?"),
    "izin": re.compile("(?!)"),  # Turkish "izin" is leave too ("ek izin yok": no extra leave)
    "permis": re.compile(r"permisos?|permiss\w*"),  # (French "permis": a licence)
    "droit": re.compile("droits?"),
}
# Japanese and Korean say the negation last: it ends the sentence ("権限がありません。")
NEGATION_LAST = re.compile(
    r"(?:ありません|ない|없습니다|없음|없어요|없네요|없다|不足)(?:です|でした)?\W*$"
)
MAX_LINE_CHARS = 400  # a line is read up to this many characters
CONDITION_CHARS = 3000  # how much of a text is read for a denial phrase's sentence
SENTENCE_END = re.compile(r"(?<=[.!。！])\s*")
PERMISSION = word_starts(PERMISSION_WORDS, PERMISSION_UNSPACED)
# what a sentence names: a permission, or access (spaced scripts only: "アクセスできません"
# is as often a server out of reach)
PERMISSION_OR_ACCESS = word_starts((*PERMISSION_WORDS, *ACCESS_WORDS), PERMISSION_UNSPACED)
# "or" (phrases.DISJUNCTIONS): a sentence that offers the visitor two readings ("The item
# does not exist or you do not have permission to see it") does not say which (the
# not-found reading decides)
DISJUNCTIONS_UNSPACED = re.compile("または|或者|或|또는")


# a permission word's first word anywhere in a text (the words of a line are words of the
# page's main text: a text without one has no line that says a permission is missing)
PERMISSION_ANYWHERE = word_starts(
    [word.split()[0] for word in (*PERMISSION_WORDS, *ACCESS_WORDS)], PERMISSION_UNSPACED
)


def mentions_permission(text: str) -> bool:
    """Whether a page's main text names a permission at all: its short lines (costly to
    read: a walk over the content's elements) are read only then."""
    return PERMISSION_ANYWHERE.search(_folded(normalise(text))) is not None


def permission_denied(lines: list[str]) -> str | None:
    """ "negation ... permission: <sentence>" for the first line of a thin page's content
    that says the visitor has no permission; None otherwise. A line that stands more than
    once on the page is a table's cell ("No permission" in a table of roles)."""
    normalised = [_folded(normalise(line[: MAX_LINE_CHARS * 4])[:MAX_LINE_CHARS]) for line in lines]
    for line in normalised:
        if normalised.count(line) > 1:
            continue
        for sentence in SENTENCE_END.split(line):
            said = _denial(sentence)
            if said:
                return said
    return None


def _folded(line: str) -> str:
    """Half-width katakana as a browser shows them ("ｱｸｾｽ権" is "アクセス権")."""
    if HALF_WIDTH_KATAKANA.search(line):
        return unicodedata.normalize("NFKC", line)
    return line


def _denial(sentence: str) -> str | None:
    if QUESTION.search(sentence):
        return None
    words = re.findall(r"[\w']+", sentence)
    if not words or len(words) > MAX_SENTENCE_WORDS:
        return None
    if words[0] in THIRD_PARTIES:
        return None
    if NEED_UNSPACED.search(sentence) or RESERVED.search(sentence):
        return None
    if ABSENT.search(sentence):
        return None  # (what was asked for does not exist: the not-found reading decides)
    for found in PERMISSION_OR_ACCESS.finditer(sentence):
        # (a condition stands before what it governs: "If you have no permission, ..."; a
        # purpose after the denial is none: "niet de rechten om toegang te krijgen")
        before = words[: len(re.findall(r"[\w']+", sentence[: found.start()]))]
        if not CONDITIONS.isdisjoint(before):
            return None
        if _offers_a_choice(sentence, words, found):
            return None
        said = _denied(sentence, words, found)
        if said:
            return said
    return None


def _denied(sentence: str, words: list[str], found: re.Match) -> str | None:
    stem = found.group(0)
    word = re.match(r"[\w']*", sentence[found.start() :]).group(0)  # (the whole word)
    if stem in WHOLE_WORDS and not WHOLE_WORDS[stem].fullmatch(word):
        return None
    if stem in ACCESS_WORDS and not (
        word == stem or (stem != "access" and ACCESS_ENDING.fullmatch(word[len(stem) :]))
    ):
        return None
    # (the word right after it is an attribute: "i permessi necessari", "los permisos requeridos")
    after = re.match(r"\w*\W+\w+", sentence[found.end() :])
    if NEED.search(sentence, found.end() + (after.end() if after else 0)):
        return None
    if stem in PERMISSION_UNSPACED:
        return _unspaced_denial(sentence, found)
    position = len(re.findall(r"[\w']+", sentence[: found.start()]))
    following = words[position + 1 : position + 3]
    if following and following[0].startswith("d'"):  # ("le droit d'accéder")
        following = ["d", following[0][2:]]
    right_to = stem.startswith(RIGHT_WORDS) and following and following[0] in RIGHT_TO
    if right_to and not (len(following) > 1 and ACCESS_VERBS.match(following[1])):
        return None
    spoken_to = not SECOND_PERSON.isdisjoint(words) or word in SECOND_PERSON
    # (a label may come first: "Error: no permission", "Fehler: Keine Berechtigung")
    label = sentence.rfind(":", 0, found.start())
    start = len(re.findall(r"[\w']+", sentence[:label])) if label >= 0 else 0
    for at in range(max(0, position - WINDOW), min(len(words), position + WINDOW + 1)):
        negation = words[at]
        if negation not in NEGATIONS or negation in WITHOUT:
            continue
        # said without a subject, it starts the sentence: "Keine Berechtigung", "Droits
        # insuffisants", "Недостаточно прав", "Não possui permissão" (a verb between) (not
        # "No reproduction without permission")
        subjectless = (at == start and 0 < position - at <= 2) or (
            position == start and at - position == 1
        )
        if stem in ACCESS_WORDS and not _access_to_this(
            words[start:], at - start, position - start, word
        ):
            return None
        if spoken_to or subjectless:
            return f"{negation} ... {stem}: {sentence[:80]}"
    return None


def _unspaced_denial(sentence: str, found: re.Match) -> str | None:
    """A permission word of a script without spaces, and a negation a few characters from it
    (or, for "无权", the visitor or nobody before it)."""
    stem = found.group(0)
    if stem in NO_RIGHT_UNSPACED:
        # (said to the visitor, or without a subject: "此用户无权发布文章", "我们无权决定" are
        # a user's, our own)
        if sentence[: found.start()].strip() not in SUBJECT_YOU_UNSPACED:
            return None
        if not NO_RIGHT_TO.match(sentence, found.end()):
            return None
        if OTHERS_UNSPACED.search(sentence, found.end()):
            return None
        return f"{stem}: {sentence[:80]}"
    near = sentence[max(0, found.start() - 4) : found.end() + 8]
    negation = NEGATION_UNSPACED.search(near)
    if negation is None and sentence[found.start() - 1 : found.start()] in OF_UNSPACED:
        # the permission of a clause: "您没有访问该资源的权限" ("you have no permission to
        # access this resource"): a "have no" at the start of its clause
        return _no_permission_of(sentence, found)
    if negation is None:
        return None
    after_word = negation.start() + max(0, found.start() - 4) > found.start()
    # (said after the word, in Japanese and Korean it ends the sentence)
    last = negation.group(0) in ("ありません", "ない", "없")
    if after_word and last and not NEGATION_LAST.search(sentence[found.end() :]):
        return None
    return f"{negation.group(0)} ... {stem}: {sentence[:80]}"


def _no_permission_of(sentence: str, found: re.Match) -> str | None:
    """ "没有 ... 的权限": "have no" before a clause that ends in "的" and the permission, said
    to the visitor: nothing before it but "you" ("您没有访问该资源的权限"), not a role's
    ("游客没有发布文章的权限": a help page on what guests may do)."""
    start = max(0, found.start() - OF_CLAUSE_CHARS)
    have_no = HAVE_NO_UNSPACED.search(sentence, start, found.start())
    if have_no is None or re.search(r"[,，、；;]", sentence[have_no.end() : found.start()]):
        return None
    if sentence[: have_no.start()].strip() not in SUBJECT_YOU_UNSPACED:
        return None
    return f"{have_no.group(0)} ... {found.group(0)}: {sentence[:80]}"


def _access_to_this(words: list[str], at: int, position: int, word: str) -> bool:
    """Access, unlike a permission, is also a place's or a thing's ("Kein Zugang zum Pool",
    "no wheelchair access to the balcony", "нет доступа к интернету") and other people's
    ("Our staff have no access to your password"): it denies this page to the visitor only
    when the visitor is the subject (the words before the negation, if any, name them) and
    the sentence names nothing of other people's ("no access rights to other users' data");
    said without a subject, it names nothing after it or this page, resource or content
    ("Brak dostępu do tej strony", "No access.")."""
    after = words[position + 1 :]
    if not OTHERS.isdisjoint(after):
        return False
    if not SECOND_PERSON.isdisjoint(words[:position]) or word.endswith(("iniz", "ınız")):
        return True  # (the visitor is the subject: "Du har ikke tilgang", "erişiminiz yok")
    if words[: min(at, position)]:
        return False  # someone else is: "Our staff have no access to your password"
    return len(after) <= 1 or not THIS.isdisjoint(after) or any(map(PAGE_WORD.match, after))


def _offers_a_choice(sentence: str, words: list[str], found: re.Match) -> bool:
    """An "or" before the permission word: "... does not exist or you have no permission"."""
    before = words[: len(re.findall(r"[\w']+", sentence[: found.start()]))]
    if not DISJUNCTIONS.isdisjoint(before):
        return True
    return DISJUNCTIONS_UNSPACED.search(sentence, 0, found.start()) is not None


def said_as_condition(text: str, phrase: str) -> bool:
    """Whether the sentence of `text` that holds `phrase` (a denial phrase, "you do not have
    access") makes it a condition before it: a help text's "If you do not have access to a
    project, ask its owner."."""
    lowered = normalise(text[:CONDITION_CHARS])
    at = lowered.find(phrase)
    if at < 0:
        return False
    start = max(lowered.rfind(end, 0, at) for end in (". ", "! ", "? ", "。", "\n")) + 1
    return not CONDITIONS.isdisjoint(re.findall(r"[\w']+", lowered[start:at]))
