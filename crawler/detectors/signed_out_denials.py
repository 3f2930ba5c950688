# ruff: noqa: RUF001  (the sentence ends of scripts written without spaces)
"""A denial said to a visitor who is not signed in, pointing them to signing in: a sign-in
wall (a 401), where the same message to a signed-in visitor is a denial (a 403). Sympa says
"Authorization rejected. Maybe you forgot to log in?" to both; what tells them apart is the
page around it, which offers the visitor a way to sign in, or a way to sign out.

Two observations, both about this page only, both needed (login.py):

- ``signed_out_denial`` (wording): a denial of the page's message boxes (error_messages.py,
  box_messages.py) whose box asks, in a question, whether the visitor signed in ("Maybe you
  forgot to log in?", "Haben Sie sich bereits angemeldet?", "¿Puede ser que te hayas
  olvidado de acceder?"). Not a box beside it that states the session ("You are currently
  not logged in.", Trac's, beside its denial), nor a denial that says whom the visitor is
  signed in as ("Sie sind als guest angemeldet", Zabbix's): those are denials to a 403.
- ``signed_out`` (session): the page holds a control to sign in (a link, button or form
  field whose address, name or value says "login" / "sign in") and none to sign out
  ("logout", "sign out", "log off"): the visitor is anonymous. The words of the controls'
  addresses and names are the program's, in English whatever the page's language.
"""

from __future__ import annotations

import re

from gatewatch.crawler.detectors.sign_in_required import SIGN_IN
from gatewatch.crawler.detectors.text import normalise, word_starts
from gatewatch.crawler.parse import ParsedPage

DENIAL_CODES = ("message_access_denied", "box_access_denied")
# the attribute each control names its action in
CONTROL_ATTRIBUTES = {"a": "href", "form": "action", "button": "name", "input": "value"}
SIGN_OUT = re.compile(r"(?<![a-z])(?:log[ _-]?out|log[ _-]?off|sign[ _-]?out)", re.IGNORECASE)
SIGN_IN_CONTROL = re.compile(r"(?<![a-z])(?:log[ _-]?in|sign[ _-]?in)(?![a-z])", re.IGNORECASE)
# "to access", "to authenticate oneself" as the sign-in a denial asks about, in Spanish,
# Galician and Italian ("¿Puede ser que te hayas olvidado de acceder?", "Hai dimenticato
# forse di autenticarti?"): read only in the question of a denial's own box
SIGN_IN_MORE = word_starts(("acceder", "accedas", "autenticart", "autenticars"))
QUESTIONS = re.compile(r"[^.!?。！？]*[?？]")


def signed_out_denial(page: ParsedPage, found: dict) -> None:
    """Add ``signed_out_denial`` and ``signed_out`` when a denial's box names signing in and
    the page shows an anonymous visitor (see the module's docstring)."""
    if not any(code in found for code in DENIAL_CODES):
        return
    hint = _box_names_sign_in(page, found)
    if hint is None:
        return
    session = _signed_out(page)
    if session is not None:
        found["signed_out_denial"] = hint
        found["signed_out"] = session


def _box_names_sign_in(page: ParsedPage, found: dict) -> str | None:
    """ "<box>: <words>" when the box that says the denial asks, in a question, whether the
    visitor signed in; None otherwise."""
    denial = " ".join(str(found.get(code, "")) for code in DENIAL_CODES)
    for token, text in page.message_boxes:
        if not re.search(rf"(?<![\w-]){re.escape(token)}:", denial):
            continue  # (another box: "You are currently not logged in." beside a denial)
        for sentence in QUESTIONS.findall(normalise(text[:400])):
            said = SIGN_IN.search(sentence) or SIGN_IN_MORE.search(sentence)
            if said:
                return f"{token}: {said.group(0)}"
    return None


def _signed_out(page: ParsedPage) -> str | None:
    """ "sign-in control: <value>" when the page offers a sign-in and no sign-out.

    Every control is read, wherever it is: a signed-in page's long menu may name its sign-out
    last. A page of hundreds of thousands of links costs a fraction of a second (read once,
    a short regular expression on each address), less than parsing it did."""
    if page.document is None:
        return None
    sign_in = None
    for control in page.document.iter(*CONTROL_ATTRIBUTES):
        value = (control.get(CONTROL_ATTRIBUTES[control.tag]) or "")[:200]
        if SIGN_OUT.search(value):
            return None
        if sign_in is None and SIGN_IN_CONTROL.search(value):
            sign_in = value
    return f"sign-in control: {sign_in}" if sign_in else None
