"""Login-wall observations on one page: sign-in forms of the main content, sign-in wording and
headings, a refresh to a sign-in URL, and what rules a wall out (the sign-in page itself, a
registration or password page, a cart, a paywall). Part of signals.signals()."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

from gatewatch.crawler.detectors import urls
from gatewatch.crawler.detectors.denied_headings import NOT_ALLOWED, denied_heading
from gatewatch.crawler.detectors.permission_denials import PERMISSION, said_as_condition
from gatewatch.crawler.detectors.reading import anchored, first_heading, joined
from gatewatch.crawler.detectors.restated_denials import restated_denial
from gatewatch.crawler.detectors.session_expiry import mentions_session, session_expired
from gatewatch.crawler.detectors.settings import DetectorSettings, Matchers
from gatewatch.crawler.detectors.sign_in_required import (
    may_name_a_place,
    mentions_sign_in,
    names_another_place,
    sign_in_required,
)
from gatewatch.crawler.detectors.sign_on_buttons import only_in_sentences
from gatewatch.crawler.detectors.template_titles import message_template
from gatewatch.crawler.detectors.text import heading_segments
from gatewatch.crawler.detectors.unauthorized import not_authorized
from gatewatch.crawler.detectors.urls import urlsplit
from gatewatch.crawler.parse import ParsedPage

REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\";]+)", re.IGNORECASE)
LOGIN_EVIDENCE = (
    "password_main", "login_form", "login_identifier", "single_sign_on", "login_wording",
    "access_denied",
    "access_denied_text", "box_access_denied", "auth_required", "login_heading",
    "script_login_redirect", "code_unauthorized", "code_forbidden", "message_access_denied",
    "message_auth_required", "permission_denied",
)  # fmt: skip
FIRST_LINES = 3  # where a thin page says it needs a sign-in
MAX_SIGN_IN_LINKS = 8  # links in the main content of a sign-in page, at most


def login_observations(
    url, page, settings, match: Matchers, found, body, headings, detailed
) -> None:
    # (a sign-in page's forms are read however long its text: terms, a product pitch)
    signs_in = any("login_heading" in names for names in headings.values())
    _password_form_observations(url, page, settings, detailed or signs_in, found)
    if signs_in and "password_main" not in found:
        _identifier_form(page, found)
    wording = _sign_in_wording(url, page, settings, body)
    if wording:
        found["login_wording"] = wording
    if "single_sign_on" in body and not only_in_sentences(page, body["single_sign_on"]):
        found["single_sign_on"] = body["single_sign_on"]
    first_heading(headings, "access_denied", "access_denied", found)
    # (a status said by a heading of its own: read on pages short enough to be error pages)
    short = page.main_word_count <= 2 * settings.thin_words
    if short and "access_denied" not in found:  # "Permission denied" in any language
        # (the whole title; the h1 on a page without one)
        denied = denied_heading(
            ("title", page.title) if page.title else ("h1", page.h1),
            content=page.main_text,
            named_again=not message_template(page),
        )
        if denied:
            found["access_denied"] = denied
    first_heading(headings, "auth_required", "auth_required", found)
    if short and "auth_required" not in found:  # "Unauthorized" in any language
        said = not_authorized(
            ("title", page.title),
            ("h1", page.h1),
            *(("h1", h1) for h1 in page.more_h1),
            page_words=page.main_word_count,
        )
        if said:
            found["auth_required"] = said
    if _permission_heading(found):
        # "権限がありません" ("no permission"), a 401's phrase in a catalog, under a heading
        # that says a permission is missing: a denial, not a request to sign in
        found.pop("auth_required")
    if short and "auth_required" not in found:
        # a block page: its title's denial said again as its first line (a heading that says
        # "Unauthorized" too is a 401's: it asks to sign in)
        heading = str(found.get("access_denied", ""))
        restated = restated_denial(page, heading[7:] if heading.startswith("title: ") else None)
        if restated:
            found["denial_restated"] = restated
            found.setdefault("access_denied", restated.partition("; ")[0])
    if "access_denied" in body and not said_as_condition(page.main_text, body["access_denied"]):
        found["access_denied_text"] = body["access_denied"]
    first_heading(headings, "login_heading", "login_heading", found)
    refresh = page.meta.get("http-equiv:refresh", "")
    target = REFRESH_URL.search(refresh)
    if target and urls.login_path(joined(url, target.group(1)), settings):
        found["script_login_redirect"] = target.group(1)[:200]
    if any(code in found for code in LOGIN_EVIDENCE):
        _wall_exclusions(url, page, match, settings, found)


def _sign_in_wording(url, page, settings, body: dict) -> str | None:
    """What the page says to ask for a sign-in: a phrase of the lists (unless its sentence
    names another site), or, on a thin page, a session that expired or a statement that the
    visitor is not signed in."""
    if "login_required" in body:
        if not _names_another_place(page, body["login_required"]):
            return body["login_required"]
        return None
    if page.main_word_count > settings.thin_words:
        return None
    if mentions_session(page.main_text) and _offers_sign_in(url, page, settings):
        # (its first line: the page's message; a troubleshooting page's list of errors
        # says it further down; and a way back in: a changelog's "Fixed: session expired
        # too early" offers none. The first line is part of the main text.)
        expired = session_expired(page.short_lines[:1])
        if expired:
            return expired
    if mentions_sign_in(page.main_text):
        # (the first lines: the message of a page it replaced; "You are not logged in",
        # "You must log in to view this page.")
        return sign_in_required(page.short_lines[:FIRST_LINES])
    return None


# a form with a password and this many choices (check boxes, radio buttons, lists) sets an
# account's preferences (on tune: sign-in forms 0 to 4, profile and account forms 9 to 21)
SETTINGS_CHOICES = 8
HEADINGS = ("title", "h1")  # (a heading's evidence starts with where it was read)


def _permission_heading(found: dict) -> bool:
    """An "authentication required" phrase that names a permission or says "denied" ("権限が
    ありません", "в доступе отказано": a 401's phrase in a catalog), read in a heading where a
    heading of the page (the same one, or the title beside the h1: the page's name said
    twice: "Permission Denied" over a translated h1) says access is denied: a denial, not
    a request to sign in."""
    required, denied = found.get("auth_required"), found.get("access_denied")
    if not required or not denied:
        return False
    where, _, phrase = required.partition(": ")
    if not denied.startswith((f"{where}: ", *HEADINGS)) or not where.startswith(HEADINGS):
        return False
    return PERMISSION.search(phrase) is not None or NOT_ALLOWED.search(phrase) is not None


def _names_another_place(page: ParsedPage, phrase: str) -> bool:
    """A sign-in phrase whose sentence names another site or a time ("You are not logged in
    to Twitter."): its lines are read only when the word after it may start one."""
    return may_name_a_place(page.main_text, phrase) and names_another_place(
        page.sentence_lines, phrase
    )


def _offers_sign_in(url, page, settings) -> bool:
    """The main content links to a sign-in page, or holds a form that signs in (a password
    field, an action that names a login): the way back in a page about an expired session
    gives."""
    for link in page.links:
        if link.section == "main" and urls.login_path(joined(url, link.href), settings):
            return True
    for form in page.forms:
        if form.section != "main" or form.hidden:
            continue
        if form.password_inputs or (
            form.action and urls.login_path(joined(url, form.action), settings)
        ):
            return True
    return False


def _password_form_observations(url, page, settings, detailed, found) -> None:
    """Forms of the main content that sign in: their action, their password fields."""
    passwords = 0
    password_forms = []
    registration = new_password = False
    posts_to_auth = None
    for form in page.forms if detailed else ():
        if form.section != "main" or form.hidden:
            continue
        # a password and its confirmation, both shown: a registration (a sign-in form's
        # hidden later step, a new password for an expired one, is no registration; nor are
        # the other password fields of a form whose markup names a sign-in, SOGo's
        # "loginForm": the change of an expired password that a script shows); a form that
        # shows no password at all signs nobody in either: its hidden passwords are a panel
        # a signed-in visitor opens ("Change password": old, new, repeat)
        shown = form.password_inputs - form.hidden_passwords
        several = shown >= 2 or (shown == 0 and form.password_inputs >= 2)
        if several and not _signs_in_despite_passwords(url, form, settings):
            registration = True
            continue
        if form.password_inputs and (
            form.new_passwords == form.password_inputs or form.choices >= SETTINGS_CHOICES
        ):
            # a password being set, not typed: an add-user or change-password form, or an
            # account's settings (its password beside many check boxes and lists to choose
            # from: a sign-in form has a "remember me" and a language at most)
            new_password = True
            continue
        passwords += form.password_inputs
        action = form.action or ""
        if form.password_inputs and len(password_forms) < 3:
            password_forms.append(urlsplit(joined(url, action)).path)
        if form.password_inputs and form.names_sign_in:
            found.setdefault("login_markup", form.names_sign_in)
        if action and not form.search:
            posts_to_auth = _form_action(url, form, action, settings, found) or posts_to_auth
    if ("login_action" in found or "login_markup" in found) and _main_links(
        page
    ) > MAX_SIGN_IN_LINKS:  # a quick sign-in box on a page of links (a forum's index)
        found.pop("login_action", None)
        found.pop("login_markup", None)
    if passwords:
        found["password_main"] = passwords
        found["password_forms"] = password_forms
    elif registration:
        found["auth_page"] = "a form asks for a new password twice: a registration"
    elif new_password:
        found["auth_page"] = "a form's password field sets a password (its name, its settings)"
    elif posts_to_auth and "login_form" not in found:
        found["auth_page"] = f"its form posts to a registration or password URL: {posts_to_auth}"


def _signs_in_despite_passwords(url, form, settings) -> bool:
    """A form with several password fields signs in only when its markup names a sign-in,
    it asks for a user name, and it does not post to a registration or password URL (a
    "login-form" styled sign-up posting to /register, a router's "loginSettings" form of
    Wi-Fi keys do not sign in)."""
    if not form.names_sign_in or not form.username_inputs:
        return False
    return not (form.action and urls.auth_path(joined(url, form.action), settings))


def _form_action(url, form, action: str, settings, found) -> str | None:
    """Whether the form's action signs in (login_form, login_action). A form without a
    password field that posts to a registration or password URL does not sign in, even under
    a sign-in path ("/auth/request_reset_password"): that URL's word is returned."""
    target = joined(url, action)
    signs_in = urls.login_path(target, settings) or urls.identity_provider(target, settings)
    auth = None if form.password_inputs else urls.auth_path(target, settings)
    if auth:
        signs_in = None
    if signs_in or (form.password_inputs and target.split("?")[0] != url.split("?")[0]):
        found.setdefault("login_form", action[:200])
    if signs_in and form.password_inputs:
        found.setdefault("login_action", action[:200])
    return auth


def _identifier_form(page: ParsedPage, found: dict) -> None:
    """Under a sign-in heading, a form of the main content that asks for a user name or an
    e-mail address alone: the first step of a sign-in ("Email", "Next"), the password next."""
    for form in page.forms:
        if form.section == "main" and not form.search and form.username_inputs == form.fields == 1:
            found["login_identifier"] = form.action or "(this page)"
            return


def _wall_exclusions(url, page, match: Matchers, settings, found) -> None:
    """What rules a wall out, looked for only where there is something to rule out: the
    sign-in page itself, a registration or password page, a cart, a paywall."""
    own_path = urls.login_path(url, settings)
    if own_path:
        found["login_page"] = f"path: {own_path}"
    else:
        linked = _linked_as_sign_in(url, page, match, settings)
        if linked:
            found["login_page"] = f"linked as: {linked}"
    auth = urls.auth_path(url, settings)
    if auth:
        found["auth_page"] = auth
    transaction = urls.segment_named(url, settings.transaction_path_words)
    if transaction:
        found["transaction_page"] = transaction
    if page.accessible_for_free is False:
        found["paywall"] = "isAccessibleForFree: false"


def _main_links(page: ParsedPage) -> int:
    return sum(1 for link in page.links if link.section == "main")


def _page_key(url: str, settings: DetectorSettings) -> tuple[str, tuple]:
    split = urlsplit(url)
    ignored = set(settings.return_parameters)
    query = sorted(pair for pair in parse_qsl(split.query) if pair[0].lower() not in ignored)
    return split.path.rstrip("/"), tuple(query)


def _linked_as_sign_in(url: str, page: ParsedPage, match: Matchers, settings) -> str | None:
    """The page's own navigation links to it as "Sign in" or "My account".

    Path and query are compared, not the host: a site may link to itself under another
    host name. Return parameters (?next=, ?back=) do not count.
    """
    here = _page_key(url, settings)
    if not here[0]:
        return None
    last = here[0].rsplit("/", 1)[-1]
    for link in page.links:
        if link.section == "main" or last not in link.href or len(link.anchor) > 40:
            continue
        if _page_key(joined(url, link.href.split("#", 1)[0]), settings) != here:
            continue
        names = anchored(heading_segments(link.anchor), match, settings)
        if "account" in names or "login_heading" in names:
            return link.anchor
    return None
