# ruff: noqa: RUF001  (the words are written in their own scripts)
"""An action said to be for a class of people only, as an error's statement: "Only
privileged users can view admin options.", "Nur berechtigte Benutzer können Backup Dateien
durchsuchen", "Seuls les administrateurs peuvent modifier ce réglage.", "Только
администраторы могут просматривать журналы.", "只有管理员可以编辑配置。". The error the page
reports is that the visitor is not one of them: a denial, said by whom the action is for
rather than by a negation.

The meaning is three things in order, at the start of the statement: a word for "only", within
a few words a word for people (users, administrators, members, owners, staff), then a verb
of ability or leave ("can", "may", "können", "dürfen", "peuvent", "могут", "可以"). What is no
denial: "Only one file can be uploaded at a time" and "Only images may be attached" (no
people: a form's check of values), "Only administrators" alone (no action), a sentence
that does not start with "only" ("Note that only members can post": a help text), and any
of these on a page that does not say it is an error page (error_messages.py reads a
statement only there: "Only registered users can comment" under an article is a note).

Said the other way round, what the statement is about is allowed to some people only
("Access to statistics is only allowed from an authenticated session to authenticated
users", "Der Zugriff ist nur für angemeldete Benutzer erlaubt"): the same denial. Where the
people are those signed in ("authenticated users", "registered members", "angemeldete
Benutzer"), signing in is what the visitor lacks: the statement asks for it, a 401.
"""

from __future__ import annotations

import re

from gatewatch.crawler.detectors.text import is_unspaced, word_starts

# "only", the statement's first word
ONLY_WORDS = (
    "only", "nur", "seul", "seuls", "seule", "seules", "solo", "sólo", "solamente",
    "únicamente", "soltanto", "unicamente", "somente", "apenas", "só", "alleen", "enkel",
    "slechts", "uitsluitend", "tylko", "jedynie", "pouze", "jen", "jenom", "iba", "len",
    "только", "лишь", "тільки", "лише", "endast", "enbart", "bara", "kun", "bare", "vain",
    "ainoastaan", "csak", "kizárólag", "sadece", "yalnızca", "yalnız", "μόνο", "només",
    "doar", "numai",
)  # fmt: skip
ONLY_UNSPACED = ("只有", "仅有", "僅有", "只能由", "仅限", "僅限")
ONLY = re.compile(
    r"(?:" + "|".join(map(re.escape, sorted(ONLY_WORDS, key=len, reverse=True))) + r")(?!\w)"
    r"|" + "|".join(ONLY_UNSPACED)
)
# people, at the start of a word: users, administrators, members, owners, staff
PEOPLE = word_starts(
    (
        "user", "admin", "administrator", "member", "owner", "staff", "moderator",
        "superuser", "operator", "manager", "benutzer", "nutzer", "anwender", "mitglied",
        "besitzer", "eigentümer", "utilisateur", "administrateur", "membre", "propriétaire",
        "gestionnaire", "usuari", "usuári", "superusuari", "superusuári", "administrador",
        "miembro", "propietari", "dueño", "utent",
        "amministrator", "membr", "proprietari", "utilizador", "membro", "dono", "gebruiker",
        "beheerder", "leden", "eigenaar", "użytkowni", "członk", "właściciel", "uživatel",
        "správc", "administrátor", "člen", "vlastník", "používateľ", "пользовател",
        "администратор", "участник", "владел", "користувач", "адміністратор", "власник",
        "användare", "administratör", "medlem", "ägare", "bruker", "bruger", "käyttäj",
        "ylläpitäj", "felhasználó", "adminisztrátor", "tulajdonos", "kullanıcı", "yönetici",
        "χρήστ", "διαχειριστ", "utilizator", "administratori",
    ),
    ("用户", "用戶", "管理员", "管理員", "成员", "成員", "所有者", "사용자", "관리자"),
)  # fmt: skip
# "can", "may", "are allowed to": what the people are able or let to do
ABILITY = re.compile(
    r"(?<!\w)(?:can|may|are allowed|is allowed|are permitted|have access|has access|können"
    r"|kann|dürfen|darf|peuvent|peut|pueden|puede|possono|può|podem|pode|kunnen|kan|mogen"
    r"|mag|mogą|może|mohou|může|smí|smějí|môžu|môže|могут|может|можуть|може|får|voivat"
    r"|saavat|edebilir|μπορούν|μπορεί|pot|poate|poden)(?!\w)"
    # ... or have access: "mají přístup", "haben Zugriff", "ont accès", "имеют доступ"
    r"|(?<!\w)(?:have|has|haben|hat|ont|a|tienen|tiene|hanno|ha|têm|tem|hebben|heeft|mają|ma"
    r"|mají|má|имеют|имеет|мають|має|har) (?:access|zugriff|zugang|accès|acceso|accesso|acesso"
    r"|toegang|dostęp|přístup|доступ|åtkomst|adgang|tilgang)"
    r"|可以|才能|才可以|可|能够|能夠|できます|できる|할 수"
)
# Japanese says "only" after the people ("権限があるユーザのみ見ることができます"): the people,
# "only", then the verb of ability ending the clause
PEOPLE_ONLY_JAPANESE = re.compile(
    r"(?:ユーザ|管理者|メンバー|所有者|オーナー)(?:のみ|だけ)[^。！!.]{0,24}?(?:できます|できる|可能)"
)
# an error's label before the statement, where the heading is not cut at it
# ("错误" and a full-width colon)
LABEL = re.compile(r"[^\s:：]{1,12}[:：]\s*")
# a count between "only" and the people
COUNT = re.compile(
    r"\d|(?<!\w)(?:one|a|single|two|ein|eine|einen|zwei|un|une|uno|una|um|uma|dois|duas|één"
    r"|een|twee|jeden|jedna|jedno|dwa|dva|dvě|один|одна|два|одного|одна|en|ett|yksi|egy|bir)(?!\w)"
    r"|一|两|兩|二"
)
# "only allowed", "nur ... erlaubt": what a statement is about, allowed to some only
ONLY_ALLOWED = re.compile(
    r"(?<!\w)(?:only (?:\w+ )?(?:allowed|permitted|possible|available|accessible)"
    r"|(?:allowed|permitted|available|accessible|reserved) (?:\w+ ){0,2}only"
    r"|nur (?:\w+ ){0,4}(?:erlaubt|gestattet|möglich|zugänglich|verfügbar)"
    r"|(?:seulement|uniquement) (?:\w+ )?(?:autorisée?s?|permise?s?|possibles?|accessibles?)"
    r"|(?:solo|sólo|solamente|únicamente) (?:\w+ )?(?:permitid[oa]s?|posibles?|accesibles?"
    r"|consentit[oa])"
    r"|(?:somente|apenas) (?:\w+ )?(?:permitid[oa]s?|possíve(?:l|is)|acessíve(?:l|is)))(?!\w)"
)
# what a text needs for a restriction at all (a quick look: error_messages.py's trigger)
TRIGGER = re.compile(f"{ONLY.pattern}|{PEOPLE_ONLY_JAPANESE.pattern}|{ONLY_ALLOWED.pattern}")
# signed in, said of people: "authenticated users", "angemeldete Benutzer", "utilisateurs
# connectés"
SIGNED_IN_PEOPLE = re.compile(
    r"(?<!\w)(?:authenticated|logged[ -]in|signed[ -]in|registered|angemeldet|eingeloggt"
    r"|registriert|connecté|authentifié|inscrit|autenticad|registrad|conectad|autenticat"
    r"|registrat|ingelogd|aangemeld|geregistreerd|zalogowan|zarejestrowan|přihlášen"
    r"|registrovan|авторизованн|зарегистрированн|зареєстрован|авторизован)"
    r"|登录|登入|ログイン|認証|로그인"
)
WORD_REST = re.compile(r"\w*")
PEOPLE_WITHIN = 4  # words from "only" to the people, at most
ABILITY_WITHIN = 3  # words from the people to the verb, at most
BETWEEN_CHARS = 40  # characters between them, at most (a run of CJK counts as one word)
MAX_WORDS = 24  # a statement this long, at most
MAX_CHARS = 300  # of a statement, read at most


def restricted_to_people(statement: str) -> str | None:
    """ "only ... <people> ... <verb>" for a statement (normalised: lower case) that says an
    action is for a class of people only; None otherwise."""
    text = statement[:MAX_CHARS]
    if len(text.split()) > MAX_WORDS:
        return None
    japanese = PEOPLE_ONLY_JAPANESE.search(text)
    if japanese:
        return japanese.group(0)
    label = LABEL.match(text)
    only = ONLY.match(text, label.end() if label else 0)
    if only is None:
        return None
    people = PEOPLE.search(text, only.end())
    if people is None or _words_between(text, only.end(), people.start()) > PEOPLE_WITHIN:
        return None
    if COUNT.search(text, only.end(), people.start()):
        return None  # how many, not who: "Only one user can be signed in at a time"
    word_end = people.end()
    if people.group(0).isascii() or not is_unspaced(people.group(0)[0]):
        word_end = WORD_REST.match(text, word_end).end()  # (the whole word: "users")
    ability = ABILITY.search(text, word_end)
    if ability is None or _words_between(text, word_end, ability.start()) > ABILITY_WITHIN:
        return None
    return f"{only.group(0)} ... {text[only.end() : word_end].strip()} ... {ability.group(0)}"


def allowed_only_to_people(statement: str) -> str | None:
    """ "only allowed ... <people>" for a statement that says what it is about is allowed
    to a class of people only ("Access to statistics is only allowed from an authenticated
    session to authenticated users", "Zugriff ist nur für angemeldete Benutzer erlaubt");
    None otherwise."""
    text = statement[:MAX_CHARS]
    if len(text.split()) > MAX_WORDS:
        return None
    allowed = ONLY_ALLOWED.search(text)
    if allowed is None:
        return None
    window = text[max(0, allowed.start() - 60) : allowed.end() + 80]
    people = PEOPLE.search(window)
    if people is None:
        return None
    return f"{allowed.group(0)} ... {window[max(0, people.start() - 30) : people.end()]}"


def for_signed_in_people(said: str) -> bool:
    """The people a restriction names are those signed in ("authenticated users", "logged-in
    members", "angemeldete Benutzer"): signing in is what the visitor lacks, a 401."""
    return SIGNED_IN_PEOPLE.search(said) is not None


def _words_between(text: str, start: int, end: int) -> int:
    """Words between two places; a run too long to be a few words counts as many."""
    between = text[start:end]
    return len(between.split()) if len(between) <= BETWEEN_CHARS else BETWEEN_CHARS
