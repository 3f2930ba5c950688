"""What a short error page says in a line of its own: an error word and the object it is
about, the way most software words it whatever its messages ("unknown revision 'abc'", "No
such project", "Path not found", "No repositories found", "Invalid database.", "Archive type
not allowed", "Accès au cache interdit.", "read not authorized").

A statement is a short title or h1 segment, message box text or line of the main content
(crawler/lines.py), of a few words, that starts with "no such", "unknown", "invalid", "bad",
"cannot find"..., ends with "not found", "does not exist", "not allowed", "not
authorized"..., or holds "invalid" / "unknown" or "denied" / "forbidden" in another language;
"invalid username or password" is a failed sign-in (a 401). Such words say nothing on a page
that is not an error page ("Unknown Pleasures", "Bad Company"), so a statement counts only
where the page says it is one: its title or h1 is "Error" or names the error ("Forbidden"), a
box whose class names an error, a line that starts with an error word ("Error:", "An error
occurred..."), or a status code. A title "No such <object>" needs none of that. Several
error lines, or several codes, are a list (documentation), not a page's message; a statement
that contradicts the title's status (a 401 under "403 Forbidden") is left out. On an error
page the short lines are also read like headings, with the phrase lists; and a title or h1
that starts with a 4xx code and a few error words states that code ("404 Internal Server
Error"). An absence said by meaning (absent_objects.py: "Cet article n'a pas été trouvé",
"Brak takiego wpisu") is a statement too, and a main content that is nothing but one short
statement of absence is the page's message; a failed request-forgery check is a refusal, and
so is a grant rejected ("Authorization rejected", refusals.py) and an action said to be for
a class of people only ("Only privileged users can view queues.", restricted_actions.py).
A thin page's labelled error line and a preformatted block that opens an error page are read
too, and a line leading with an error gives a page error context (error_lines.py).

Observation codes (in signals.Signals.found): ``message_not_found``,
``message_access_denied``, ``message_auth_required`` ("where: statement"), and
``code_not_found``, ``code_forbidden``, ``code_unauthorized`` from a status heading.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from gatewatch.crawler.detectors.absent_objects import (
    ABSENT,
    NO_SUCH,
    one_absence,
    says_absent,
)
from gatewatch.crawler.detectors.error_lines import (
    ERROR_CODE,
    error_lead,
    labelled_errors,
    preformatted_message,
)
from gatewatch.crawler.detectors.form_checks import form_checks
from gatewatch.crawler.detectors.phrases import DISJUNCTIONS, ERROR_HEADING, ONLY_OR
from gatewatch.crawler.detectors.reading import ERROR_BOX_WORDS, anchored
from gatewatch.crawler.detectors.refusals import REJECTED, refused_grant
from gatewatch.crawler.detectors.restricted_actions import TRIGGER as RESTRICTION
from gatewatch.crawler.detectors.restricted_actions import (
    allowed_only_to_people,
    for_signed_in_people,
    restricted_to_people,
)
from gatewatch.crawler.detectors.settings import Matchers
from gatewatch.crawler.detectors.text import (
    QUESTION,
    WORD,
    Text,
    counted_words,
    heading_segments,
    is_unspaced,
    normalise,
    word_starts,
)
from gatewatch.crawler.message_boxes import DIALOG
from gatewatch.crawler.parse import ParsedPage

NOT_FOUND, DENIED, UNAUTHORIZED = "not_found", "access_denied", "auth_required"


def unspaced_word(word: str) -> bool:
    """Written without spaces between words: CJK, Thai."""
    return is_unspaced(word[0]) or "\u0e00" <= word[0] <= "\u0e7f"


CODES = {
    "message_not_found": NOT_FOUND,
    "message_access_denied": DENIED,
    "message_auth_required": UNAUTHORIZED,
}
KINDS = {kind: code for code, kind in CODES.items()}
BOX_CODES = {NOT_FOUND: "box_not_found", DENIED: "box_access_denied"}  # signals.py's
# the words a statement starts with, then names its object: "unknown revision 'abc'"
LEADING: dict[tuple[str, ...], str] = {
    tuple(WORD.findall(words)): kind
    for words, kind in (
        ("no such", NOT_FOUND), ("unknown", NOT_FOUND), ("invalid", NOT_FOUND),
        ("bad", NOT_FOUND), ("nonexistent", NOT_FOUND), ("non-existent", NOT_FOUND),
        ("non existent", NOT_FOUND), ("cannot find", NOT_FOUND), ("can't find", NOT_FOUND),
        ("could not find", NOT_FOUND), ("couldn't find", NOT_FOUND),
        ("unable to find", NOT_FOUND), ("failed to find", NOT_FOUND),
        ("no permission", DENIED), ("no access", DENIED),
    )
}  # fmt: skip
# ... and the words it ends with, after its object: "path not found", "read not authorized"
TRAILING: dict[tuple[str, ...], str] = {
    tuple(WORD.findall(words)): kind
    for words, kind in (
        ("not found", NOT_FOUND), ("does not exist", NOT_FOUND),
        ("doesn't exist", NOT_FOUND), ("do not exist", NOT_FOUND),
        ("no longer exists", NOT_FOUND), ("could not be found", NOT_FOUND),
        ("cannot be found", NOT_FOUND), ("is invalid", NOT_FOUND), ("is unknown", NOT_FOUND),
        ("was deleted", NOT_FOUND), ("was removed", NOT_FOUND), ("has been deleted", NOT_FOUND),
        ("has been removed", NOT_FOUND), ("is gone", NOT_FOUND), ("is private", DENIED),
        ("is restricted", DENIED), ("requires authentication", UNAUTHORIZED),
        ("authentication required", UNAUTHORIZED), ("login required", UNAUTHORIZED),
        ("not allowed", DENIED), ("not permitted", DENIED), ("is forbidden", DENIED),
        ("denied", DENIED), ("not authorized", UNAUTHORIZED), ("not authorised", UNAUTHORIZED),
        ("unauthorized", UNAUTHORIZED), ("unauthorised", UNAUTHORIZED),
    )
}  # fmt: skip
# "Could not load ticket 999", "Unable to load issue #12": a numbered object that cannot be
# loaded does not exist (a load failure of anything else, "Could not load the page", is no
# missing object): the failure, a word or two naming the object, its number; said in an
# error box (a title or heading that says it names a tracker's issue about the failure, a
# build's log quotes it: the page is a record, not the error)
LOAD_FAILURE = re.compile(
    r"^(?:could not|couldn't|cannot|can't|unable to|failed to) (?:load|open|retrieve|fetch)"
    r"|^(?:impossible de charger|no se pudo cargar|não foi possível carregar"
    r"|impossibile caricare|nie można załadować|не удалось загрузить)"
)
LOADS = (
    "load", "open", "retrieve", "fetch", "charger", "cargar", "carregar", "caricare",
    "załadować", "загрузить",
)  # fmt: skip
NUMBERED_OBJECT = re.compile(r"^(?:\w+ ){1,2}#?\d+$")
# "No repositories found", "no matching project found": "no", its object, "found"
NO_OBJECT_FOUND = re.compile(r"^no(?: \w+){1,3} found$")
# "invalid" and "unknown" in other languages, anywhere in a statement: the start of a word
# ("ungültig" in "ungültiger", "nieprawidłow" in "nieprawidłowa"), or, in scripts written
# without spaces, any part of it
INVALID_STEMS = (
    "ungültig", "unbekannt", "invalide", "inconnu", "inválid", "invalid", "no válid",
    "incorrect", "desconocid", "non valid", "sconosciut", "não válid", "desconhecid",
    "ongeldig", "onbekend", "nieprawidłow", "nieznan", "neplatn", "neznám", "chybn",
    "неверн", "недопустим", "некорректн", "неизвестн", "недійсн", "хибн", "невідом",
    "yanlış", "hatalı",  # noqa: RUF001  (Turkish: "wrong", "faulty")
    "geçersiz", "bilinmeyen", "ogiltig", "okänd", "ugyldig", "ukendt", "ukjent",
    "virheellinen", "tuntematon", "érvénytelen", "ismeretlen", "neveljav", "nevažeć",
    "غير صالح", "غير صحيح", "غير معروف", "نامعتبر", "ناشناخته", "לא חוקי", "לא תקין",
    "לא ידוע", "no vàlid", "invàlid", "անվավեր", "ógild",
    # (Catalan and Occitan, Greek, Estonian, Basque, Galician, Finnish's "unrecognised",
    # Vietnamese: "unknown" in bash's, dpkg's, glib's and coreutils' catalogs)
    "desconegu", "άγνωστ", "tundmatu", "ezezagun", "descoñecid", "tunnistamaton", "không rõ",
)  # fmt: skip
# "... is not valid" (a predicate), said of a link or its token at the end of a sentence ("El
# token per restablir la contrasenya no és vàlid."): said of anything else, it is a form's
# check ("Il codice sconto non è valido.") or a rule ("Un enlace acortado no es válido como
# enlace de afiliado."), no dead link
NOT_VALID_PREDICATES = (
    "no és vàlid",
    "no es válid",
    "não é válid",
    "non è valid",
    "n'est pas valid",
)
LINK_SUBJECTS = ("token", "jeton", "enlace", "enllaç", "link", "lien", "collegamento", "ligação")
INVALID_LINK = (
    rf"(?<!\w)(?:{'|'.join(LINK_SUBJECTS)})\w*[^.!?]{{0,60}}?\s"
    rf"(?:{'|'.join(map(re.escape, NOT_VALID_PREDICATES))})\w*(?=[\s.!]*$)"
)
INVALID = re.compile(r"(?:^|\s)(?:" + "|".join(map(re.escape, INVALID_STEMS)) + ")|" + INVALID_LINK)
INVALID_UNSPACED = re.compile("無効|无效|不正な|不明な|未知|非法|유효하지 않|잘못된|알 수 없는")
# "not allowed" in other languages, at the end of a statement or alone
NOT_ALLOWED_WORDS = (
    "nicht erlaubt", "nicht zulässig", "no permitido", "non consentito", "não permitido",
    "niet toegestaan", "niedozwolon", "не разрешено", "не допускается", "izin verilmiyor",
    "inte tillåtet", "nepovoleno", "許可されていません", "不允许", "不允許", "허용되지 않",
    # ... and "denied", "refused", "forbidden" (a short statement of an error page: "Accès au
    # cache interdit.", "Доступ к кэшу запрещён.")
    "verweigert", "verboten", "refusé", "interdit", "denegad", "prohibid", "negato", "negata",
    "vietat",
    "proibid", "geweigerd", "verboden", "odmow", "zabronion", "odepřen", "zakázán",
    "zamietnut", "запрещ", "отказан", "заборонен", "відмовлено", "забранен",
    "förbjud", "nekas", "nekad", "nægtet", "forbudt", "nektet", "evätty", "kielletty", "keelatud",
    "uždraust",
    "aizliegt", "megtagad", "tiltott", "refuzat", "interzis", "reddedildi",
    "yasaklan", "απαγορεύ", "άρνηση", "נדחת", "נדחה", "אסור", "مرفوض", "ممنوع", "رفض",
    "拒否", "禁止", "拒绝", "拒絕", "거부", "거절", "금지", "qadağan", "rədd", "մերժ",
    "արգել", "denegat", "prohibit", "geweier", "verbode", "ditolak", "dilarang",
    "bị từ chối", "bị cấm", "ปฏิเสธ", "odbijen", "zabranjen", "одбијен", "забрањен",
    "zavrnjen", "prepoved", "draudžiam", "رد شد", "disekat", "nije dozvoljen",
    "ni dovoljen", "není povolen", "nie je povolen", "denied", "refused", "forbidden",
    # (Turkish "erişim engellendi", Slovak "prístup odmietnutý", Malay "tidak dibenarkan" of
    # the catalogs; Hungarian "tiltva", the adverbial participle of their "tiltott", and
    # Hebrew "נדחית", the present of their "הגישה נדחתה")
    "engellen", "odmietnut", "tidak dibenarkan", "tiltva", "נדחית",
)  # fmt: skip
# at the start of a word ("verweigert", not "negative"), or anywhere in scripts written
# without spaces
NOT_ALLOWED = word_starts(
    [word for word in NOT_ALLOWED_WORDS if not unspaced_word(word)],
    [word for word in NOT_ALLOWED_WORDS if unspaced_word(word)],
)
# the words of a statement of any kind, looked for before a text is read more closely: whole
# words, and parts of words ("ungültig" in "ungültiger") or of unspaced scripts
TRIGGER_WORDS = frozenset(
    [*(words[0] for words in LEADING), *(words[-1] for words in TRAILING), "found", *LOADS]
)
TRIGGER_PARTS = re.compile(
    "|".join(
        pattern.pattern
        for pattern in (
            INVALID,
            NOT_ALLOWED,
            INVALID_UNSPACED,
            NO_SUCH,
            ABSENT,
            REJECTED,
            RESTRICTION,
        )
    )
)
# what a failed sign-in names ("Invalid username or password", "Wrong password")
CREDENTIALS = frozenset({
    "username", "password", "credentials", "login", "passwort", "passe", "benutzername",
    "usuario", "contraseña", "contrasinal", "senha", "utente", "wachtwoord",
    "gebruikersnaam", "hasło", "heslo", "jelszó", "salasana", "lösenord", "passord",
    "adgangskode", "şifre", "parola", "пароль", "логин", "псевдо", "κωδικός",
    "パスワード", "密码", "密碼", "비밀번호", "usuari", "contrasenya", "pasahitza",
})  # fmt: skip
# the secret a sign-in form asks for: a credential offered beside it is the name it goes with
SECRETS = frozenset({
    "password", "passwort", "passe", "contraseña", "contrasinal", "senha", "wachtwoord",
    "hasło", "heslo", "jelszó", "salasana", "lösenord", "passord", "adgangskode", "şifre",
    "parola", "пароль", "κωδικός", "パスワード", "密码", "密碼", "비밀번호", "pin", "contrasenya",
    "pasahitza",
})  # fmt: skip
# ... but not a reset link's token or code ("Código de restablecimiento de contraseña inválido")
TOKENS = frozenset({
    "token", "tokens", "link", "jeton", "code", "código", "codice", "kod", "kodu", "код",
    "kode", "koodi", "enlace", "lien", "collegamento", "ligação", "reset", "restablecimiento",
    "réinitialisation", "redefinição", "reimpostazione", "zurücksetzen",
})  # fmt: skip
# a request-forgery check (its token, its cookie): what fails it is refused, whatever the words
FORGERY_CHECKS = frozenset({"csrf", "xsrf"})
# what an error word may not be about: "Unknown error", "Bad gateway", "unbekannter Fehler"
# are no missing object
NOT_AN_OBJECT = frozenset(
    {"error", "errors", "exception", "failure", "gateway", "timeout", "problem", "reason"}
    | {word for word in ERROR_HEADING if " " not in word}
)
# a refusal's predicate, anywhere in a longer statement ("is not allowed from", "has not been
# allowed from a browser", "not permitted to")
NOT_PERMITTED = re.compile(r"(?<!\w)not (?:been )?(?:allowed|permitted)(?!\w)")
LONG_STATEMENT_WORDS = 14  # a statement of a refusal this long at most
SENTENCE_BREAK = re.compile(r"[.!;]\s")
STATEMENT_WORDS = 6  # a statement this long at most (four CJK characters count as a word)
# an error said before a statement: "Error: ...", "An error occurred while ...", "404 - ..."
STATUS_CODES = {
    "401": "code_unauthorized", "403": "code_forbidden", "404": "code_not_found",
    "410": "code_not_found",
}  # fmt: skip
# words of a status line ("404 Internal Server Error", "401 authentication needed")
STATUS_WORDS = frozenset({
    "error", "not", "found", "forbidden", "unauthorized", "unauthorised", "authentication",
    "authorization", "denied", "gone", "access", "required", "needed", "missing", "page",
    "internal", "server", "http",
})  # fmt: skip
# ... of which these alone say no error ("404 Page Design Ideas")
WEAK_STATUS_WORDS = frozenset({"not", "access", "page", "internal", "server", "http"})
# an identifier named in quotes in a statement: "Unknown task 'c0ffee-12'", "Unknown worker
# 'celery@host'": one token, no space, with a digit or a sign no word has (a title in quotes,
# "Portrait of a Lady", "Stillleben", is a work's name, not an identifier)
QUOTED_OBJECT = re.compile(
    "(?:^|(?<=\\s))['\"\u2018\u201c]([^'\"\u2019\u201d\\s]{1,80})['\"\u2019\u201d](?=\\s|[.!]?$)"
)
IDENTIFIER = re.compile(r"[0-9@_/:#]|\w[.-]\w")
ERROR_CODE_IN_TEXT = re.compile(r"\b4(?:0[0-9]|10)\b")
# what says in words what an error page is, found before
SAID = (
    "heading_not_found", "heading_not_found_words", "content_not_found", "box_not_found",
    "code_not_found", "framework_404", "access_denied", "access_denied_text",
    "box_access_denied", "code_forbidden", "auth_required", "code_unauthorized",
)  # fmt: skip
# what says the page is an error page: an "Error" title, an error box, a status code, a title
# or h1 that says what error ("Forbidden", "Not found": `heading_says`)
ERROR_CONTEXT = (
    "error_heading", "error_box", "code_not_found", "code_forbidden", "code_unauthorized",
    "heading_not_found_words",
)  # fmt: skip


def error_messages(
    page: ParsedPage, match: Matchers, settings, found: dict, heading_says: frozenset[str]
) -> None:
    """Statements of the title, the h1s, the message boxes and the short lines, where the
    page says it is an error page (see the module's docstring). On such a page, a short line
    is also read like a heading, with the phrase lists ("Seite nicht gefunden").

    `heading_says`: what the title or an h1 says (not_found, access_denied, auth_required)."""
    error_words = settings.error_heading
    context = bool(heading_says) or any(code in found for code in ERROR_CONTEXT)
    lines: list[str] = []
    # (the lines are read only where nothing says yet what the page is: reading them costs)
    said = bool(heading_says) or any(code in found for code in SAID)
    page_text = f"{page.title or ''} {page.h1 or ''} {page.main_text}"
    mentions = context or _mentions_error(page_text, error_words)  # (once: most pages do not)
    if not mentions and not said and page.main_word_count <= STATEMENT_WORDS:
        # a content that is nothing but a statement about a quoted object ("Unknown task
        # 'c0ffee'", "No such worker 'w1'") is the page's error message by itself
        kind = _quoted_statement(page.main_text)
        if kind:
            found[KINDS[kind]] = f"text: {page.main_text[:80]}"
            return
    if not said and mentions:
        lines = [line for line in page.short_lines if not _numbered_entry(line)]
        lines += labelled_errors(page, lines, error_words)
        if _listed_codes(lines) > 1:
            lines = []  # "401 Unauthorized", "403 Forbidden"...: a list of codes, no message
        elif not context:
            context = error_lead(page, lines, error_words)
    places = [
        ("title", page.title),
        ("h1", page.h1),
        *(("h1", heading) for heading in page.more_h1),
        *((f"box {token}", text) for token, text in page.message_boxes),
        *(("line", line) for line in (lines if context else ())),
        *(("pre", line) for line in (preformatted_message(page) if context else ())),
    ]
    _status_headings(page, found)
    stated = [
        (where, kind, part)
        for where, text in places
        for kind, part in _statements(
            where, text, context, mentions, heading_says, error_words, found
        )
    ]
    if any(where not in ("title", "h1") for where, _, _ in stated):
        checks = form_checks(page)
        stated = [
            (where, kind, part)
            for where, kind, part in stated
            if where in ("title", "h1") or not _report_of_values(where, part, checks)
        ]
    if len({part for where, _, part in stated if where == "line"}) > 1:
        # several error lines: a list of errors (a troubleshooting page), no page's message
        stated = [(where, kind, part) for where, kind, part in stated if where != "line"]
    for where, kind, part in stated:
        if _news(kind, found, heading_says):
            found[KINDS[kind]] = f"{where}: {part[:80]}"
            if DIALOG in where:
                found.setdefault("error_box", where)  # (box_messages.py: no template's)
    if lines and context and not any(code in found for code in CODES):
        _lines_as_headings(lines, match, settings, found)
    if not any(code in found for code in CODES) and not said and one_absence(page):
        # a content that is one short statement that its object does not exist is the
        # page's message too ("There is no such module installed.", "GRAFIKS NEPASTĀV")
        found[KINDS[NOT_FOUND]] = f"text: {page.main_text[:80]}"


def _statements(where, text, context, mentions, heading_says, error_words, found) -> list:
    """(kind, statement) of one title, h1, box or line that stands on an error page."""
    if not text:
        return []
    error_box = where.startswith("box") and _names_error(where)
    if not (context or error_box or (mentions and _mentions_error(text, error_words))):
        if where in ("title", "h1") and NOT_FOUND not in heading_says:
            _says_no_such(where, text, found)
        return []
    if not _may_state(text):
        return []
    parts = heading_segments(text)
    said_here = context or any(_error_segment(part.text, error_words) for part in parts)
    if not said_here and not error_box:
        return []
    statements = []
    for part in [*parts[1:], *parts[:1]]:  # its parts say more precisely what it is
        kind = statement(part, listing_is_error=error_box)
        if kind:
            statements.append((kind, part.text))
            break
    return statements


def _report_of_values(where: str, statement: str, checks: Callable[[str], bool]) -> bool:
    """A box or line that reports on values the visitor gave, not on the page: it counts the
    things it is about (a batch's result: "2 grades were not saved, invalid", "3 items could
    not be imported"), or it is a form's check of its fields (form_checks.py)."""
    if where.startswith("box") and _numbered_entry(statement):
        return True
    return checks(statement)


def _status_headings(page: ParsedPage, found: dict) -> None:
    """A title or h1 that starts with a 4xx status code and a few words about an error states
    that status, whatever the words ("404 Internal Server Error", "401 authentication
    needed"; not "401 Gallery Road")."""
    for where, heading in (("title", page.title), ("h1", page.h1)):
        words = WORD.findall(normalise(heading))
        code = STATUS_CODES.get(words[0]) if words else None
        if not code or not 2 <= len(words) <= 6 or not _status_words(words[1:]):
            continue
        if not any(c in found for c in STATUS_CODES.values()):
            found[code] = f"{where}: {heading[:60]}"
            return


def _status_words(words: list[str]) -> bool:
    """The words after a status code say an error: "Not Found", "Internal Server Error",
    "authentication needed - nginx" (one other word beside two or more of them), not "Page
    Design Ideas"."""
    strong = [word for word in words if word in STATUS_WORDS - WEAK_STATUS_WORDS]
    others = [word for word in words if word not in STATUS_WORDS]
    return bool(strong) and len(others) <= (1 if len(strong) >= 2 else 0)


def _says_no_such(where: str, heading: str, found: dict) -> None:
    """A title or h1 segment "No such <object>" ("Project: No Such Object") says the object
    does not exist on any page: it needs no error context."""
    if "no such" not in heading.lower():
        return
    for part in heading_segments(heading)[1:] or heading_segments(heading):
        if part.words[:2] == ["no", "such"] and 3 <= len(part.words) <= 4:
            found.setdefault(KINDS[NOT_FOUND], f"{where}: {part.text}")
            return


def _lines_as_headings(lines: list[str], match: Matchers, settings, found: dict) -> None:
    """A short line of an error page that is a not-found or access-denied heading ("Seite
    nicht gefunden", "Forbidden"), or holds the core words of "not found". (Not a sign-in
    heading: an application's menu of plain links says "Log in" too.)"""
    for line in lines:
        parts = heading_segments(line)
        if not parts:
            continue  # a question
        said = anchored(parts, match, settings)
        for kind in (NOT_FOUND, DENIED):
            code = KINDS[kind]
            if kind in said and code not in found:
                found[code] = f"line: {said[kind]}"
        if KINDS[NOT_FOUND] not in found and len(parts[0].words) <= settings.not_found_words_max:
            words = match.not_found_words.search(parts[0])
            if words:
                found[KINDS[NOT_FOUND]] = f"line: {words}"


def statement(part: Text, listing_is_error: bool = False) -> str | None:
    """The kind of error a short segment states (not_found, access_denied, auth_required).

    "No repositories found" is an empty listing, and "Could not load ticket 999" a record's
    title or a log's line, unless it stands in an error box (`listing_is_error`)."""
    words = part.words
    restricted = words and (
        restricted_to_people(part.text)  # "Only privileged users can view queues."
        or allowed_only_to_people(part.text)  # "... is only allowed to authenticated users"
    )
    if restricted:
        return UNAUTHORIZED if for_signed_in_people(restricted) else DENIED
    if not words or not NOT_AN_OBJECT.isdisjoint(words):
        return None
    if counted_words(part.words) > STATEMENT_WORDS:
        # (an absence said after its subject reads a few words further: "Cet article n'a pas
        # été trouvé", "Tätä artikkelia ei löydy eikä sen yläartikkelia"; and so does a
        # refusal, with what it is refused from: "Access to statistics is not allowed from
        # your IP address")
        if says_absent(part.text):
            return NOT_FOUND
        return DENIED if _refused_at_length(part) else None
    if (
        not CREDENTIALS.isdisjoint(words)
        and TOKENS.isdisjoint(words)  # ("Invalid reset password token": a dead link's)
        and (INVALID.search(part.text) or words[0] == "wrong")
        and not _names_other_objects(words)
    ):
        return UNAUTHORIZED  # "Invalid username or password!": a failed sign-in
    if not FORGERY_CHECKS.isdisjoint(words):
        return DENIED  # "Invalid or missing CSRF cookie!": a request refused, a 403
    for size in (1, 2, 3):
        kind = LEADING.get(tuple(words[:size]))
        if kind and len(words) > size:
            return kind
        kind = TRAILING.get(tuple(words[-size:]))
        if kind and len(words) > size:
            return kind
    if listing_is_error and NO_OBJECT_FOUND.match(" ".join(words)):
        return NOT_FOUND
    failure = listing_is_error and LOAD_FAILURE.match(part.text)
    if failure and NUMBERED_OBJECT.match(part.text[failure.end() :].strip()):
        return NOT_FOUND
    if INVALID.search(part.text) or (part.unspaced and INVALID_UNSPACED.search(part.text)):
        return NOT_FOUND
    if NOT_ALLOWED.search(part.text) or refused_grant(part.text):  # ("Authorization rejected")
        return DENIED
    if says_absent(part.text):  # "Brak takiego wpisu", "Cet article n'a pas été trouvé"
        return NOT_FOUND
    return None


def _names_other_objects(words: list[str]) -> bool:
    """A credential's word offered beside another kind of object, not beside a password
    ("Host o usuario desconocido": "host or user"): the statement is about an object looked
    up, which a user is too, not about what a sign-in form was given ("Utilizador ou senha
    incorrecto")."""
    for at, word in enumerate(words[1:-1], start=1):
        if word in DISJUNCTIONS:
            pair = {words[at - 1], words[at + 1]}
            credentials = pair & CREDENTIALS
            if credentials and credentials != pair and SECRETS.isdisjoint(pair):
                return True
    return False


def _refused_at_length(part: Text) -> bool:
    """A statement of one sentence, a little longer than a short one, whose predicate says
    what it is about is not allowed, denied or refused, whatever follows it: "Access to
    statistics is not allowed from your IP address 10.0.0.1", "Update of statistics has not
    been allowed from a browser", "User 'bob' is not allowed to access this report"; not one
    that offers two readings ("Code de commande inconnu ou accès à cette commande refusé")."""
    if counted_words(part.words) > LONG_STATEMENT_WORDS or QUESTION.search(part.text):
        return False
    if not ONLY_OR.isdisjoint(part.words):
        return False  # two readings ("Code inconnu ou accès refusé"): the not-found one decides
    if SENTENCE_BREAK.search(part.text.rstrip(".!")):
        return False
    return NOT_PERMITTED.search(part.text) is not None or NOT_ALLOWED.search(part.text) is not None


def _quoted_statement(text: str) -> str | None:
    """The kind of error a text states that is one statement naming an identifier in
    quotes, the identifier read as one word: "Unknown worker 'celery@host'" (not "Unknown
    Pleasures": no quoted object; not a caption, 'Unknown artist, "Portrait of a Lady"': a
    work's name after a comma)."""
    quoted = QUOTED_OBJECT.search(text)
    if quoted is None or not _may_state(text) or not IDENTIFIER.search(quoted.group(1)):
        return None
    if re.search(r"[^\w\s]", text[: quoted.start()]):
        return None  # a caption: "Unknown artist, 'x-1'", "Autor desconocido - '...'"
    return statement(Text(normalise(f"{text[: quoted.start()]} x {text[quoted.end() :]}")))


def _may_state(text: str) -> bool:
    """Whether the text holds a word a statement is made of (a quick look)."""
    lowered = text.lower()
    if not TRIGGER_WORDS.isdisjoint(WORD.findall(lowered)):
        return True
    return TRIGGER_PARTS.search(lowered) is not None


def _mentions_error(text: str, error_words: tuple[str, ...]) -> bool:
    """Whether the text may hold an error word or a status code at all (a quick look)."""
    lowered = text.lower()
    return (
        any(word in lowered for word in error_words) or ERROR_CODE_IN_TEXT.search(text) is not None
    )


def _news(kind: str, found: dict, heading_says: frozenset[str]) -> bool:
    """A statement of this kind says something the page's other signals do not already say,
    and does not contradict its title."""
    return (
        KINDS[kind] not in found
        and kind not in heading_says
        and BOX_CODES.get(kind) not in found
        and not _contradicted(kind, found, heading_says)
    )


def _contradicted(kind: str, found: dict, heading_says: frozenset[str]) -> bool:
    """A statement of a 401 under a title that says 403, or the other way round ("This action
    is unauthorized." under "403 Forbidden"): the title's status stands."""
    if kind == UNAUTHORIZED:
        return DENIED in heading_says or "code_forbidden" in found
    if kind == DENIED:
        return UNAUTHORIZED in heading_says or "code_unauthorized" in found
    return False


def _listed_codes(lines: list[str]) -> int:
    """How many status codes start a line ("404 - Unknown commit" one, a list several)."""
    firsts = (line.split(" ", 1)[0] for line in lines)
    return len({first for first in firsts if ERROR_CODE.match(first)})


def _numbered_entry(line: str) -> bool:
    """A line that starts with a number other than a status code is an entry of a list that
    documents error numbers ("5 Invalid procedure call", "76 Path not found"), not a
    page's message."""
    first = line.split(" ", 1)[0].rstrip(".:)")
    return first.isdigit() and ERROR_CODE.match(first) is None


def _names_error(where: str) -> bool:
    return any(word in where.lower() for word in ERROR_BOX_WORDS)


def _error_segment(text: str, error_words: tuple[str, ...]) -> bool:
    """A heading segment that is an error word or a status code ("Error", "404")."""
    return text in error_words or ERROR_CODE.match(text) is not None
