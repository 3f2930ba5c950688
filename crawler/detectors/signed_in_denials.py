"""A denial said to a visitor who is signed in, naming whom as: "You are authenticated as
bob, but are not authorized to access this page.", "Sie sind als guest angemeldet. Zugriff
verweigert.", "Vous êtes connecté en tant que bob, mais vous n'avez pas la permission ...".
Signing in is not what the page asks (the visitor has): the account lacks the right, a 403,
even where a sign-in form beside it offers another account ("Would you like to login to a
different account?"). signed_out_denials.py is the other side: a denial to an anonymous
visitor that points to signing in is a wall.

``signed_in_denial`` (wording): a message box, or a line of a short page a denial was read
on, that says both,
the session as someone ("authenticated as", "angemeldet als", "connecté en tant que",
"zalogowany jako") and a denial ("not authorized", "not allowed", "verweigert", "no
permission"). Not a session negated ("You are not logged in as an administrator": a wall's)
nor a condition ("If you are logged in as guest, ..."), nor a denial of others ("You are
logged in as paul. Guests are not allowed to comment."), and not a denial said without the
session (the other readers' denials stand as they are).
"""

from __future__ import annotations

import re

from gatewatch.crawler.detectors.denied_headings import speaks_of_access
from gatewatch.crawler.detectors.error_messages import NOT_ALLOWED
from gatewatch.crawler.detectors.expired_links import CONDITIONS
from gatewatch.crawler.detectors.permission_denials import (
    NEGATIONS,
    SECOND_PERSON,
    permission_denied,
)
from gatewatch.crawler.detectors.text import normalise
from gatewatch.crawler.parse import ParsedPage

# signed in, then "as": the session as someone (German says "als <name> angemeldet")
SIGNED_IN_AS = re.compile(
    r"(?<!\w)(?:(?:logged|signed) (?:in|on)|authenticated|connected|identified|eingeloggt"
    r"|angemeldet|connectée?|identifiée?|authentifiée?|conectad[oa]|identificad[oa]"
    r"|autenticad[oa]|sesión iniciada|autenticat[oa]|connesso|connessa|collegat[oa]"
    r"|logad[oa]|ingelogd|aangemeld|zalogowan[ya]|přihlášena?|авторизованы|вошли|увійшли)"
    r",? (?:as|als|en tant que|comme|como|come|jako|как|як)(?!\w)"
    r"|(?<!\w)als \S+ (?:angemeldet|eingeloggt)"
)
# a denial: what is refused, said after the session or before it
DENIED = re.compile(
    r"(?<!\w)(?:not|nicht|pas|no|non|não|niet|nie|не) (?:\w+ )?(?:authori[sz]ed|allowed"
    r"|permitted|berechtigt|erlaubt|autorisée?|autorizad[oa]|autorizzat[oa]|permitid[oa]"
    r"|consentit[oa]|permitid[oa]|bevoegd|toegestaan|uprawnion[ya]|разрешено|авторизован)"
)
# what says the page denies something, read before
DENIALS = (
    "access_denied", "access_denied_text", "box_access_denied", "message_access_denied",
    "permission_denied", "code_forbidden",
)  # fmt: skip
WINDOW_CHARS = 2000  # of the text, looked at for the session at all
LINE_CHARS = 400


def signed_in_denial(page: ParsedPage, found: dict) -> None:
    """Add ``signed_in_denial`` when a box or a line of the page says the visitor is signed
    in as someone and is refused (see the module's docstring)."""
    # (a quick look first: the message boxes; the lines only where a denial was read)
    texts = [text for _, text in page.message_boxes]
    if not any(SIGNED_IN_AS.search(text[:LINE_CHARS].lower()) for text in texts):
        if not any(code in found for code in DENIALS):
            return
        if not SIGNED_IN_AS.search(page.main_text[:WINDOW_CHARS].lower()):
            return
        texts = page.sentence_lines
    for text in texts:
        line = normalise(text[:LINE_CHARS])
        session = SIGNED_IN_AS.search(line)
        if session is None or _negated_or_conditional(line, session.start()):
            continue
        denial = DENIED.search(line) or NOT_ALLOWED.search(line)
        if denial and not _to_the_visitor(line, session.end(), denial.start()):
            denial = None
        said = denial.group(0) if denial else permission_denied([line])
        if said:
            found["signed_in_denial"] = f"{session.group(0)} ... {said}"[:120]
            return


def _negated_or_conditional(line: str, at: int) -> bool:
    """The session negated ("not logged in as") or a condition ("if you are logged in as"),
    in the sentence before it."""
    start = max(line.rfind(end, 0, at) for end in (". ", "! ", "? ")) + 1
    before = re.findall(r"[\w']+", line[start:at])
    return not NEGATIONS.isdisjoint(before[-2:]) or not CONDITIONS.isdisjoint(before)


def _to_the_visitor(line: str, session_end: int, at: int) -> bool:
    """The denial is the visitor's: said in the session's sentence ("authenticated as bob,
    but not authorized"), or in a sentence of its own that names no one else ("Zugriff
    verweigert.", "Access to this page is not allowed."; not "Guests are not allowed to
    comment.", what others may do)."""
    start = max(line.rfind(end, 0, at) for end in (". ", "! ", "? ")) + 1
    if start <= session_end:
        return True
    before = line[start:at]
    words = re.findall(r"[\w']+", before)
    return not words or not SECOND_PERSON.isdisjoint(words) or speaks_of_access(before)
