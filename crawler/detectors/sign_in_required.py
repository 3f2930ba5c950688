# ruff: noqa: RUF001, RUF002, RUF003  (the words are written in their own scripts)
"""A page that tells the visitor they are not signed in, or must sign in to see it, in any
language ("You are not logged in", "Vous n'êtes pas connecté", "Вы не выполнили вход",
"あなたはログインしていません", "You must log in to view this page.", "Należy się zalogować,
aby zobaczyć tę stronę.", "您必须登录才能浏览此页面"): a login wall's wording
(``login_wording``).

The meaning is two words, whatever the sentence around them: a word for signing in ("log
in", "angemeldet", "connecté", "zalogowan", "ログイン") and, next to it, a negation ("not",
"nicht", "pas", "не", "ません") or a need ("must", "müssen", "devez", "должны", "必须",
"please"). The sentence speaks to the visitor ("you", "Sie", "vous", "вы") or says it
without a subject, starting with it ("Nie zalogowano.", "Giriş yapmadınız"). It is read in
the first lines of a thin page, where a page replaced by one message says it.

What is no such statement: a condition or a question ("If you are not logged in, ..."), a
sign-in somewhere else ("You are not logged in to Twitter", "not logged in as an
administrator": the words after it name a place or a role, not a purpose such as "to view
this page" or "the system"), and a sign-in named between the negation and the word ("Sie
sind nicht bei Twitter angemeldet").
"""

from __future__ import annotations

import re

from gatewatch.crawler.detectors.expired_links import CONDITIONS
from gatewatch.crawler.detectors.permission_denials import NEED, NEGATIONS, SECOND_PERSON
from gatewatch.crawler.detectors.text import QUESTION, UNSPACED, normalise, word_starts

# signing in, at the start of a word (a state, an act: "logged in", "log in", "angemeldet",
# "anmelden")
SIGN_IN_WORDS = (
    "log in", "logged in", "login", "log-in", "log on", "logged on", "sign in", "signed in",
    "sign-in", "authenticated", "anmeld", "angemeldet", "einlogg", "eingeloggt", "connecté",
    "connecter", "identifi", "authentifi", "iniciar sesión", "inicia sesión",
    "iniciado sesión", "sesión iniciada", "iniciar sessió", "sessió iniciada", "iniciat sessió",
    "autenticad", "autenticat", "conectad", "connectat", "identificat", "loggat", "loggato",
    "connesso", "effettuato l'accesso", "effettuare l'accesso", "logad", "logar",
    "iniciar sessão", "sessão iniciada", "fazer login", "ingelogd", "inloggen", "aangemeld",
    "aanmelden", "zalogowan", "zaloguj", "zalogować", "zalogowano", "přihlášen", "přihlásit",
    "prihlásen", "prihlásiť", "авторизова", "войти", "вошли", "выполнили вход", "увійшли",
    "увійти", "ввійти", "giriş yap", "oturum aç", "inloggad", "logga in", "innlogget",
    "logget inn", "logge inn", "logg inn", "logget ind", "logge ind", "log ind", "kirjautu",
    "kirjaudu", "bejelentkez", "autentific", "conectat", "התחבר", "להתחבר", "נכנסת", "להיכנס",
    "تسجيل الدخول", "سجل الدخول", "بتسجيل الدخول", "وارد شو", "وارد نشده", "đăng nhập",
    "συνδεθεί", "συνδεδεμέν", "συνδεθείτε",
)  # fmt: skip
SIGN_IN_UNSPACED = ("ログイン", "サインイン", "登录", "登入", "登錄", "로그인")
SIGN_IN = word_starts(SIGN_IN_WORDS, SIGN_IN_UNSPACED)
# ... the words that say it negated in themselves, to the visitor: Turkish's negation and
# person are suffixes ("you did not sign in")
SIGNED_OUT = word_starts(
    ("giriş yapmadınız", "oturum açmadınız", "giriş yapmamışsınız", "oturum açmamışsınız")
)
# the visitor, in a verb only the second person has ("Nejste přihlášen", "לא נכנסת")
SECOND_PERSON_MORE = frozenset(
    {"nejste", "jste", "jsi", "ste", "jesteś", "jesteście", "êtes", "es", "estás", "estáis",
     "bist", "seid", "sei", "siete", "נכנסת", "התחברת", "heu", "teniu", "har du"}
)  # fmt: skip
# a need, a whole word ("must", "müssen", "devez", "должны", "please"); NEED's stems too
NEEDS = frozenset(
    {"must", "need", "needs", "please", "muss", "musst", "müssen", "bitte", "devez", "doit",
     "dois", "faut", "veuillez", "debe", "debes", "deben", "devi", "deve", "devono", "precisa",
     "precisas", "moet", "moeten", "musisz", "należy", "trzeba", "proszę", "musíte", "musíš",
     "prosím", "должны", "должен", "необходимо", "нужно", "надо", "пожалуйста", "маєте",
     "повинні", "потрібно", "необхідно", "будь", "måste", "må", "skal", "täytyy", "pitää",
     "kell", "kérjük", "trebuie", "zorundasınız", "lütfen", "עליך", "צריך", "נא", "يجب",
     "عليك", "الرجاء", "باید", "لطفا", "phải", "cần", "harus", "perlu", "silakan", "πρέπει"}
)  # fmt: skip
# a need in two words: "have to", "tem que", "tiene que" (the first word names it)
NEED_PAIRS = {
    "to": frozenset({"have", "has"}),
    "que": frozenset({"tem", "terá", "tiene", "tienes", "tendrá", "tendrás", "têm", "tenés"}),
}
NEGATIONS_MORE = frozenset({"chưa", "nejste", "belum"})
STATEMENT_END = re.compile(r"[.!。！]\s*$")  # ("not yet", "you are not")
NEGATION_UNSPACED = re.compile("ません|ない|没有|沒有|未|不|않|안 ")
NEED_UNSPACED = re.compile("必要|必须|必需|需要|필요|해야|してください|请|請")
# what may follow the sign-in word: a purpose ("to view this page", "pour accéder", "для
# просмотра") or the system ("войти в систему"); anything else names where or as whom
PURPOSES = frozenset(
    {"um", "pour", "para", "per", "om", "aby", "by", "чтобы", "для", "щоб", "för", "for",
     "jotta", "hogy", "pentru", "için", "để", "untuk", "כדי", "لكي", "برای", "afin", "zu"}
)  # fmt: skip
# ... after an adverb ("log in first to continue", "Please log in again")
ADVERBS = frozenset(
    {"first", "again", "now", "zuerst", "erneut", "d'abord", "primero", "prima",
     "eerst", "najpierw", "ponownie", "снова", "заново", "сначала"}
)  # fmt: skip
TO_VERBS = re.compile(
    r"(?:access|view|see|continue|proceed|use|read|edit|do|perform|open|display|browse)"
)
SYSTEM = re.compile(r"(?:system|systém|систем|sistem|systèm|systeem|järjestelmä|rendszer)")
OWN = frozenset({"this", "the", "your"})
DETERMINERS = frozenset(
    {"the", "a", "an", "your", "this", "that", "our", "my", "their", "its"}
)  # "to this site", "to your account"
OWN_PLACES = re.compile(r"(?:site|page|system|account|application|app)$")
# between a negation and the sign-in word: no need ("You do not have to log in", "You don't
# need to sign in")
NO_NEED = frozenset(
    {"have", "need", "to", "brauchen", "müssen", "besoin", "necesitas", "necesita", "bisogno",
     "precisa", "hoeft", "behöver", "trenger", "behøver", "нужно", "надо", "обязательно"}
)  # fmt: skip
PLACES = frozenset({"to", "into", "in", "on", "at", "в", "на", "na", "do", "à", "a", "em", "en"})
BETWEEN = frozenset({"bei", "auf", "at", "on", "sur", "bij", "hos"})
# ... or how: "Please log in with your user name and password", "sign in with GitHub" (a
# means of this site's sign-in)
MEANS = frozenset(
    {"with", "using", "via", "through", "mit", "über", "avec", "con", "com", "met", "med",
     "через", "ile", "z"}
)  # fmt: skip
WINDOW = 3  # words between the negation or need and the sign-in word, at most
MAX_SENTENCE_WORDS = 14
LEAD_CHARS = 600  # the start of a text, where its first lines are
PHRASE_CHARS = 600  # how much of a line is read for a phrase's sentence
SENTENCE_END = re.compile(r"(?<=[.!。！])\s*")
CUES = NEGATIONS | NEGATIONS_MORE | NEEDS | frozenset(NEED_PAIRS)
# a sign-in word's first word anywhere in a text: its lines are read only then
SIGN_IN_ANYWHERE = word_starts(
    [word.split()[0] for word in (*SIGN_IN_WORDS, "giriş", "oturum")], SIGN_IN_UNSPACED
)


def mentions_sign_in(text: str) -> bool:
    """Whether the start of a thin page's text, where its first lines are, names a sign-in
    and a negation or a need at all (its lines cost a walk)."""
    lead = normalise(text[:LEAD_CHARS])
    if SIGN_IN_ANYWHERE.search(lead) is None:
        return False
    if SIGNED_OUT.search(lead) or NEED.search(lead):
        return True
    if not CUES.isdisjoint(re.findall(r"[\w']+", lead)):
        return True
    return bool(
        UNSPACED.search(lead) and (NEGATION_UNSPACED.search(lead) or NEED_UNSPACED.search(lead))
    )


def sign_in_required(lines: list[str]) -> str | None:
    """ "cue ... sign-in: <sentence>" for the first of `lines` that says the visitor is not
    signed in or must sign in; None otherwise."""
    for line in lines:
        for sentence in SENTENCE_END.split(normalise(line[:800])[:400]):
            said = _said(sentence)
            if said:
                return said
    return None


def may_name_a_place(text: str, phrase: str) -> bool:
    """Whether the word after `phrase` in `text` may start a place or a time ("to", "bei",
    "again"): only then are the page's lines read for `names_another_place`."""
    lowered = normalise(text[: PHRASE_CHARS * 5])
    at = lowered.find(phrase)
    if at < 0:
        return False
    after = re.match(r"\W*([\w']+)", lowered[at + len(phrase) :])
    return after is not None and (after.group(1) in PLACES or after.group(1) in ADVERBS)


def names_another_place(lines: list[str], phrase: str) -> bool:
    """Whether the sentence of the first of `lines` that holds `phrase` (a sign-in request of
    the phrase lists, "you are not logged in") goes on to name where or when ("... to
    Twitter", "... again after upgrading"): another site's session, not this page's wall."""
    for line in lines:
        lowered = normalise(line[: PHRASE_CHARS * 2])[:PHRASE_CHARS]
        at = lowered.find(phrase)
        if at >= 0:
            break
    else:
        return False
    end = re.compile(r"[.!。！;]").search(lowered, at + len(phrase))
    sentence = lowered[at : end.start() if end else len(lowered)]
    found = SIGN_IN.search(sentence)
    if found is None or found.group(0) in SIGN_IN_UNSPACED:
        return False
    words = re.findall(r"[\w']+", sentence)
    after = words[_word_index(sentence, found.end()) :]
    return not (_nothing_named_after(after) or _action_after_to(after, line))


def _action_after_to(after: list[str], line: str) -> bool:
    """ "to" and a verb, an action ("You must be logged in to comment", "Please log in to
    vote"): a purpose, not a place; a place after "to" is a name, written with a capital
    ("to Twitter"), or follows an article or a possessive ("to the forum", "to your bank")."""
    if after and after[0] in ADVERBS:
        after = after[1:]
    if len(after) < 2 or after[0] != "to" or after[1] in DETERMINERS:
        return False
    written = re.search(rf"(?i:\bto\s+)({re.escape(after[1])})", line[: PHRASE_CHARS * 2])
    return written is not None and written.group(1)[0].islower()


def _said(sentence: str) -> str | None:
    words = re.findall(r"[\w']+", sentence)
    if not words or len(words) > MAX_SENTENCE_WORDS or QUESTION.search(sentence):
        return None
    if not CONDITIONS.isdisjoint(words):
        return None
    signed_out = SIGNED_OUT.search(sentence)
    if signed_out:
        return f"{signed_out.group(0)}: {sentence[:80]}"
    for found in SIGN_IN.finditer(sentence):
        if found.group(0) in SIGN_IN_UNSPACED:
            said = _unspaced(sentence, found)
        else:
            said = _spaced(sentence, words, found)
        if said:
            return f"{said} ... {found.group(0)}: {sentence[:80]}"
    return None


def _spaced(sentence: str, words: list[str], found: re.Match) -> str | None:
    position = _word_index(sentence, found.start())
    last = _word_index(sentence, found.end()) - 1
    after = words[last + 1 :]
    if not _nothing_named_after(after) or any(NEED.match(word) for word in after[:2]):
        return None  # (a place, a role; "No login required")
    spoken_to = not (SECOND_PERSON.isdisjoint(words) and SECOND_PERSON_MORE.isdisjoint(words))
    # (without a subject, a sentence ends with its full stop: "Nie zalogowano."; "Not logged
    # in" without one is a label, a header's status of the session)
    stated = STATEMENT_END.search(sentence) is not None
    for at in range(max(0, position - WINDOW), min(len(words), last + 3)):
        if position <= at <= last:
            continue
        cue = words[at]
        if at > 0 and words[at - 1] in NEED_PAIRS.get(cue, ()):
            at, cue = at - 1, f"{words[at - 1]} {cue}"  # ("Terá que iniciar sessão")
        elif not _negation_or_need(cue):
            continue
        between = words[min(at, position) + 1 : max(at, position)]
        if not BETWEEN.isdisjoint(between):
            return None  # "nicht bei Twitter angemeldet"
        if _negation(cue) and not NO_NEED.isdisjoint(between):
            return None  # "You do not have to log in"
        # (said after it only to the visitor: "oturum açmak zorundasınız"; without a
        # subject it starts the sentence: "Not logged in", "Nie zalogowano", "Bitte
        # anmelden"; not "Login not possible during maintenance")
        if spoken_to or (stated and at == 0 < position):
            return cue
    return None


def _unspaced(sentence: str, found: re.Match) -> str | None:
    """In Chinese, Japanese and Korean: a negation just before or after it ("还没有登录",
    "ログインしていません"), or a need near it ("ログインする必要があります")."""
    near = sentence[max(0, found.start() - 4) : found.end() + 8]
    negation = NEGATION_UNSPACED.search(near)
    if negation:
        return negation.group(0).strip()
    need = NEED_UNSPACED.search(sentence, max(0, found.start() - 6), found.end() + 14)
    return need.group(0) if need else None


def _negation_or_need(word: str) -> bool:
    return _negation(word) or word in NEEDS or NEED.match(word) is not None


def _negation(word: str) -> bool:
    if word in NEGATIONS or word in NEGATIONS_MORE:
        return word not in ("without", "sin", "sem", "lack")
    return False


def _nothing_named_after(after: list[str]) -> bool:
    """The words after the sign-in word name no place and no role: none, one ("yet"), a
    purpose ("to view this page", "pour accéder", "для просмотра"), the system."""
    if after and after[0] in ADVERBS:
        after = after[1:]
    if len(after) <= 1 or after[0] in PURPOSES or after[0] in MEANS:
        return True
    if after[0] not in PLACES:
        return False
    if after[0] == "to" and TO_VERBS.fullmatch(after[1]):
        return True
    if after[1] in OWN:
        return len(after) > 2 and OWN_PLACES.match(after[2]) is not None
    return SYSTEM.match(after[1]) is not None


def _word_index(sentence: str, offset: int) -> int:
    return len(re.findall(r"[\w']+", sentence[:offset]))
