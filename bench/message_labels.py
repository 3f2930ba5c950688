"""The meaning of a catalog's English message, by rules: not_found, access_denied, sign_in, other
(or None: said two ways, or too unsure to teach a model). Used by bench/message_model.py; each
translation of a message inherits its label.

not_found: "X not found", "does not exist", "no such X", "could not be found", "unknown X",
"no longer available", "404". access_denied: "permission denied", "access denied",
"forbidden", "you are not allowed to", "you do not have permission", "insufficient
privileges", "not authorized to". sign_in: "please log in", "you must be logged in", "login
required", "authentication required", "you are not logged in", "sign in to continue",
"Unauthorized" alone. Everything else is other, including the hard negatives: "Search",
"Permissions", "Log in", "Log out", questions ("Not found what you need?").
"""

from __future__ import annotations

import html
import re

TAG = re.compile(r"<[^>]*>")
PLACEHOLDER = re.compile(
    r"%\([\w.-]+\)[-#0 +]*\d*(?:\.\d+)?[sdifrxX]|%\d+\$[sd]|%[-#0 +]*\d*(?:\.\d+)?[sdifuxXc]"
    r"|\{\{[^}]*\}\}|\{[\w.:-]*\}|\$\{?\w+\}?|\[\[[^\]]*\]\]|%\w+%|\$\d+|%\d"
)
ACCELERATOR = re.compile(r"(?<=\s)_(?=\w)|^_(?=\w)|&(?=\w)(?!\w+;)")
SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    """A message as a page would show it, less its placeholders and markup."""
    text = TAG.sub(" ", text)
    text = html.unescape(text)
    text = PLACEHOLDER.sub(" ", text)
    text = ACCELERATOR.sub("", text)
    return SPACES.sub(" ", text).strip(" \t\n:;,-")


def _any(*patterns: str) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


NOT_FOUND = _any(
    r"\bnot found\b",
    r"\b(?:does|do|did)(?: not|n't) exist\b",
    r"\bno longer exists?\b",
    r"\bno such\b",
    r"\b(?:could|can)(?: ?not|n't) be (?:found|located)\b",
    r"\b(?:could|can)(?: ?not|n't) (?:find|locate)\b",
    r"\b(?:unable|failed) to (?:find|locate)\b",
    r"\bnon-?existent\b|\bnon existent\b",
    r"\bno longer available\b",
    r"^(?:error )?404\b",
    r"\b404 error\b",
)
NOT_AN_UNKNOWN = frozenset({
    "error", "errors", "reason", "status", "size", "date", "time", "version", "value", "values",
    "type", "host", "author", "user", "language", "country", "format", "source", "license",
})  # fmt: skip
UNKNOWN = re.compile(r"^unknown (\w+)(?: \w+)?$")
ACCESS_DENIED = _any(
    r"\bpermission (?:is )?denied\b",
    r"\baccess (?:is |was |has been )?(?:denied|forbidden|refused|restricted)\b",
    r"\bforbidden\b",
    r"\b(?:you|user) (?:are|is) not (?:allowed|permitted|authori[sz]ed)\b",
    r"\bnot (?:allowed|permitted|authori[sz]ed) to\b",
    r"\boperation not permitted\b",
    r"\b(?:do|does|did)(?: not|n't) have (?:the )?(?:required |necessary |sufficient |enough |"
    r"proper |appropriate )?(?:permissions?|rights|privileges?|access)\b",
    r"\b(?:have|has) no (?:permissions?|rights|privileges?|access)\b",
    r"\binsufficient (?:permissions?|privileges|rights|access)\b",
    r"\bnot enough (?:permissions?|privileges|rights)\b",
    r"\bunauthori[sz]ed to\b",
    r"^no (?:permissions?|access|rights|privileges)\b(?! (?:set|defined|yet|granted|assigned))",
    r"\b(?:permissions?|privileges?) (?:is |are )?required\b",
    r"\byou lack\b",
    r"\b(?:request|operation|action) (?:was |is |has been )?(?:denied|refused|forbidden)\b",
)
SIGN_IN = _any(
    r"\bplease (?:log|sign)[ -]?in\b|\bplease login\b",
    r"\b(?:must|need to|needs to|have to|has to|should) (?:be |first )?"
    r"(?:log(?:ged)?|sign(?:ed)?)[ -]?in\b",
    r"\b(?:must|need to|have to) (?:first )?login\b",
    r"\b(?:log ?in|sign[ -]?in|login|authentication|authori[sz]ation) (?:is )?"
    r"(?:required|needed)\b",
    r"\brequires? (?:you to )?(?:log|sign)(?:ging)?[ -]?in\b",
    r"\brequires? (?:a |an )?(?:login|authentication)\b",
    r"\bnot (?:logged|signed)[ -]?in\b",
    r"\b(?:log|sign)[ -]?in (?:first )?(?:to|in order to) (?:continue|view|access|see|proceed|"
    r"use|read|download|post|comment|edit)\b",
    r"^(?:error )?(?:401 )?unauthori[sz]ed$",
    r"\bauthentication (?:is )?needed\b",
)
# questions, conditions and settings about an error, not the error
NOT_A_STATEMENT = re.compile(
    r"\?|^(?:if|when|whether|show|hide|ignore|skip|include|exclude|count|number of|list of|"
    r"mark|report|return|check|enable|disable|allow|redirect|send|log|custom|default|display|"
    r"treat|handle|what|how|why)\b"
)
MAX_WORDS = 16


def label(english: str) -> str | None:
    """The meaning of a cleaned English message (see the module's docstring)."""
    text = " ".join(english.lower().replace("\u2019", "'").split())
    if not text or len(text.split()) > MAX_WORDS:
        return None
    kinds = set()
    if NOT_FOUND.search(text):
        kinds.add("not_found")
    unknown = UNKNOWN.match(text.rstrip(".!"))
    if unknown and unknown.group(1) not in NOT_AN_UNKNOWN:
        kinds.add("not_found")
    if ACCESS_DENIED.search(text):
        kinds.add("access_denied")
    if SIGN_IN.search(text):
        kinds.add("sign_in")
    if not kinds:
        return "other"
    if len(kinds) > 1 or NOT_A_STATEMENT.search(text):
        return None if not NOT_A_STATEMENT.search(text) or "?" not in text else "other"
    return kinds.pop()
