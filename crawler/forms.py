"""The forms of a page, as the detectors read them: where each is, how many passwords and
other fields it asks for, whether it searches, whether its markup names a sign-in."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from gatewatch.crawler.placement import HIDDEN_STYLE, HIDING_CLASSES, is_hidden, section_of

SEARCH_FIELD_NAMES = frozenset({"q", "s", "search", "query", "keys", "keyword", "term", "ft"})
# the parts of a form's name that name a sign-in: "frmLogin", "form-signin", "sign_in"
SIGN_IN_PARTS = ("login", "signin", "logon")
NAME_PARTS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")
USER_NAME_FIELDS = frozenset({"username", "user", "login", "email", "identifier", "userid"})
MODEL_ATTRIBUTES = ("ng-model", "data-ng-model", "v-model", "formcontrolname")
TEXT_INPUT_TYPES = frozenset({"text", "email", "tel", "number", "url", "date", ""})
# a page's forms read, and its controls: a page has a few (at most 9 forms and 155 controls
# on the tuning pages); a hostile one tens of thousands, each looked up and judged again
MAX_FORMS = 200
MAX_CONTROLS = 5000
# a class that hides a part of a form until a script shows it: the placement's, and
# AngularJS's ng-hide (a sign-in form's "change your expired password" step)
STEP_HIDING_CLASSES = HIDING_CLASSES | {"ng-hide"}
# a password field for a password being set, not typed to sign in: its name starts or ends
# with "new" ("newuserpassword", "new_password", "password-new"): an add-user or
# change-password form. (autocomplete="new-password" says nothing: sign-in forms use it to keep
# browsers from filling them, Cacti's among them)
NEW_PASSWORD_NAME = re.compile(r"^new|[^a-z]new(?![a-z])|new$")


@dataclass(slots=True)
class Form:
    """A form, or the inputs a script-built page shows outside any form (action None).

    `hidden` is worked out for forms with a password field only (a hidden sign-in drawer):
    elsewhere it does not matter and costs an ancestor walk.
    """

    action: str | None
    method: str
    section: str  # main, nav, header, footer or aside
    password_inputs: int = 0
    # of those, the ones a part of the form hides until a script shows it (a client-side
    # sign-in form's later steps: a new password and its confirmation, shown if the old one
    # expired): the visitor sees the others
    hidden_passwords: int = 0
    fields: int = 0  # visible inputs a person fills in, besides passwords
    # of those, the fields for a user name or e-mail address (autocomplete="username",
    # type="email", name="login"...): a sign-in page that asks for the name first
    username_inputs: int = 0
    # the form's id, class or name word that names a sign-in ("frmLogin", "form-signin")
    names_sign_in: str = ""
    search: bool = False
    hidden: bool = False  # inside an element hidden by attribute or inline style
    new_passwords: int = 0  # of the password fields, those for a new password (NEW_PASSWORD_NAME)
    choices: int = 0  # check boxes, radio buttons and drop-down lists: settings to choose


def read_forms(document, containers, content) -> list[Form]:
    forms: dict[object, Form] = {}
    anchors: dict[object, object] = {}
    for control in itertools.islice(document.iter("input", "textarea", "select"), MAX_CONTROLS):
        kind = (control.get("type") or "").strip().lower() if control.tag == "input" else ""
        if kind in ("hidden", "submit", "button", "reset", "image"):
            continue
        owner = next(control.iterancestors("form"), None)
        key = owner if owner is not None else "loose"
        form = forms.get(key)
        if form is None:
            if len(forms) >= MAX_FORMS:
                break
            anchor = owner if owner is not None else control
            section = section_of(anchor, containers, content)
            if owner is not None:
                action = (owner.get("action") or "").strip()
                method = (owner.get("method") or "get").strip().lower()
                search = (owner.get("role") or "").lower() == "search"
            else:
                action, method, search = None, "get", False
            form = forms[key] = Form(action, method, section, search=search)
            if owner is not None:
                form.names_sign_in = _sign_in_name(owner)
            anchors[key] = anchor
        _count(form, control, kind, owner)
    for key, form in forms.items():
        if form.password_inputs:  # only there does it matter: a hidden sign-in drawer
            form.hidden = is_hidden(anchors[key])
    return list(forms.values())


def _count(form: Form, control, kind: str, owner) -> None:
    """Count one control of the form: a choice, a password, a search or another field."""
    if kind in ("checkbox", "radio") or control.tag == "select":
        form.choices += 1
        if kind:  # (a drop-down list is a field too)
            return
    if kind == "password":
        form.password_inputs += 1
        if owner is not None and _hidden_in_form(control, owner):
            form.hidden_passwords += 1
        if _new_password(control):
            form.new_passwords += 1
    elif kind == "search" or (
        kind in TEXT_INPUT_TYPES and (control.get("name") or "").lower() in SEARCH_FIELD_NAMES
    ):
        form.search = True
        form.fields += 1
    elif control.tag != "input" or kind in TEXT_INPUT_TYPES:
        form.fields += 1
        if control.tag == "input" and _asks_user_name(control, kind):
            form.username_inputs += 1


def _sign_in_name(form) -> str:
    """The word of a form's id, class or name that names a sign-in ("frmLogin",
    "form-signin", "login_form"), or "": by whole parts of the name, so that "dialogInner"
    and "catalog-index" name none."""
    names = f"{form.get('id') or ''} {form.get('class') or ''} {form.get('name') or ''}"
    for name in names.split():
        parts = [part.lower() for part in NAME_PARTS.findall(name)]
        parts += ["".join(pair) for pair in itertools.pairwise(parts)]  # "sign-in", "log-in"
        if any(part.startswith(SIGN_IN_PARTS) or part.endswith(SIGN_IN_PARTS) for part in parts):
            return name
    return ""


def _hidden_in_form(control, owner) -> bool:
    """A field inside a part of its form hidden by an attribute, an inline style or a class
    a script removes ("ng-hide", "d-none"): a later step of the form, not shown at first.
    (The form itself hidden is `Form.hidden`.)"""
    for node in control.iterancestors():
        if node is owner:
            return False
        if node.get("hidden") is not None or node.get("aria-hidden") == "true":
            return True
        style = node.get("style")
        if style and HIDDEN_STYLE.search(style):
            return True
        if not STEP_HIDING_CLASSES.isdisjoint((node.get("class") or "").lower().split()):
            return True
    return False


def _new_password(control) -> bool:
    return NEW_PASSWORD_NAME.search((control.get("name") or "").lower()) is not None


def _asks_user_name(control, kind: str) -> bool:
    """A field for a user name or an e-mail address: its type, its autocomplete, its name, or
    the model a script binds it to (AngularJS's ng-model="app.creds.username", Vue's
    v-model, Angular's formcontrolname: their last part)."""
    autocomplete = (control.get("autocomplete") or "").lower()
    if kind == "email" or "username" in autocomplete:
        return True
    names = [control.get(key) for key in ("name", *MODEL_ATTRIBUTES)]
    return any((name or "").lower().rsplit(".", 1)[-1] in USER_NAME_FIELDS for name in names)
