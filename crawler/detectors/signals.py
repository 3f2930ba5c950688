"""Observations on one response: cheap, done in the crawl, stored as JSON with the URL.
The login-wall observations live in login_signals.py, a wiki's offer to create the page in
wiki_signals.py, and what every part reads headings and links with in reading.py.

Observation codes in `Signals.found`, by what they point to:

- not found: ``heading_not_found`` (title or h1 is a not-found phrase),
  ``expired_link`` (a thin page says its one-time link expired or is invalid, in any
  language: expired_links.py), ``heading_not_found_words`` (a short title or h1 holds a
  language's core words of "not found" / "does not exist", counted in the catalogs; or in a
  main content of a few words; one other word may stand between them), ``content_not_found``
  (a not-found phrase leads a thin content, or a thin page's sentence says the page the
  visitor asked for does not exist: requested_pages.py), ``script_not_found`` (an empty page whose
  script alerts a not-found message), ``framework_404`` (a framework's error state: Next.js,
  Nuxt, Gatsby, WordPress, Rails...), ``empty_main`` (no text, image or form besides the
  heading), ``create_offer`` (a page that asks not to be indexed offers, in its main
  content, to edit this very page: a wiki's page that does not exist yet),
  ``placeholder_title`` ("undefined" in the title), ``placeholder_text`` ("lorem
  ipsum" in a thin page), ``box_not_found`` (a not-found sentence or core words in the
  short message of an error, warning or notice box: "Ticket 999 does not exist."),
  ``error_box`` (a box whose class names an error holds a short message; a box of an error
  dialog the server filled and a script opens at load is read too, wherever it stands, and
  counts as one only when it states an error), ``error_markup``
  (classes such as page-not-found),
  ``error_heading`` (the heading only says "Error", or a name and "Error": "Site Error"),
  ``empty_results`` ("no products
  found"), ``canonical_home``, ``slug_mismatch`` (the title shares no word with the URL's
  last segment), ``pagination`` (page number of a thin listing).
- login: ``password_main``, ``login_form`` (its action signs in), ``login_identifier``
  (under a sign-in heading, a form asking for the user name or e-mail alone: the first step
  of a sign-in), ``login_action`` (a
  password form whose action is a sign-in URL: a second sign beside the field itself),
  ``single_sign_on``
  (provider buttons), ``login_wording`` (a phrase of the lists; on a thin page, a session
  that expired, or its first lines say the visitor is not signed in or must sign in, in any
  language: sign_in_required.py), ``signed_out_denial`` and ``signed_out`` (a denial whose own
  box asks whether the visitor signed in, on a page with a sign-in control and no sign-out
  control: signed_out_denials.py), ``auth_required`` (a heading saying "401
  Unauthorized", "Authentication required"), ``login_heading``,
  ``script_login_redirect``, ``password_forms`` (where those forms post, to tell the site's
  own header login form from a wall's), and what rules a wall out: ``login_page`` (this is
  the sign-in page itself), ``auth_page`` (registration, password reset),
  ``transaction_page`` (cart, checkout), ``paywall`` (isAccessibleForFree false).
- what a short error page says in a line of its own (error_messages.py): ``message_not_found``,
  ``message_access_denied``, ``message_auth_required`` ("unknown revision 'x'", "Archive type
  not allowed"), on a page that says it is an error page; ``message_not_found`` too for a
  file named by its path that cannot be opened (unopened_files.py).
- access denied: ``access_denied`` (the title or h1 says "403 Forbidden", "Access denied"),
  ``access_denied_text`` (an access-denied sentence leads a short content),
  ``box_access_denied`` (an access-denied sentence in a message box),
  ``permission_denied`` (a sentence of a line of a thin page says the visitor has no
  permission or no access, in any language: permission_denials.py), ``denial_restated`` (a
  short page's first line says its title's denial again: a block page, restated_denials.py),
  ``signed_in_denial`` (a denial to a visitor it says is signed in as someone:
  signed_in_denials.py).
- the status a short page states in its text, whatever its language: ``code_not_found``
  ("Error 404", "410 Gone"), ``code_forbidden`` (403), ``code_unauthorized`` (401); and
  ``server_signature`` ("Apache/2.4.71" at its end).
- page: ``thin_main``, ``thin_prose`` (a page that says an error in its title or h1 and is
  long only by its preformatted blocks: a stack trace), ``noindex``.
- status: ``www_authenticate``, ``challenge_header``, ``shield_server``, ``challenge_page``,
  ``waf_reference``, ``rate_limit_header``, ``rate_limit_text``.
- what a wording code was taken back for (healthy_context.py): ``names_work`` (the words are
  the name of the work, product or event the page is about), ``explains_message`` (a help
  page or an article about the message), ``quotes_message``, ``empty_search``,
  ``search_results`` (a search heading that counts its results); and (partial_prompts.py)
  ``partial_prompt``: a request to sign in for one action ("to comment", "to see member
  prices") or a stated session, or a denial of a change ("no permission to edit"), beside
  the page's own content.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from gatewatch.crawler.detectors import urls
from gatewatch.crawler.detectors.absent_objects import deleted_heading
from gatewatch.crawler.detectors.box_messages import box_observations
from gatewatch.crawler.detectors.client_templates import bound_in_browser
from gatewatch.crawler.detectors.error_messages import error_messages
from gatewatch.crawler.detectors.expired_links import expired_link, expired_token
from gatewatch.crawler.detectors.flash_messages import flash_observations
from gatewatch.crawler.detectors.healthy_context import forget_mentions
from gatewatch.crawler.detectors.login_signals import login_observations
from gatewatch.crawler.detectors.model import Signals
from gatewatch.crawler.detectors.not_found_words import not_found_words
from gatewatch.crawler.detectors.page_shape import shape_observations
from gatewatch.crawler.detectors.page_templates import error_view
from gatewatch.crawler.detectors.partial_prompts import forget_partial_prompts
from gatewatch.crawler.detectors.permission_denials import mentions_permission, permission_denied
from gatewatch.crawler.detectors.phrases import ERROR_HEADING
from gatewatch.crawler.detectors.probe import shape_key
from gatewatch.crawler.detectors.reading import (
    anchored,
    first_heading,
    has_any,
    joined,
)
from gatewatch.crawler.detectors.requested_pages import may_say_absent, requested_page_absent
from gatewatch.crawler.detectors.required_permissions import required_permission
from gatewatch.crawler.detectors.schedules import scheduled
from gatewatch.crawler.detectors.settings import (
    DEFAULT_SETTINGS,
    DetectorSettings,
    Matchers,
    matchers,
)
from gatewatch.crawler.detectors.shield_signals import status_observations
from gatewatch.crawler.detectors.signed_in_denials import signed_in_denial
from gatewatch.crawler.detectors.signed_out_denials import signed_out_denial
from gatewatch.crawler.detectors.text import (
    WORD,
    Text,
    anchored_all,
    heading_segments,
    normalise,
)
from gatewatch.crawler.detectors.unopened_files import unopened_file
from gatewatch.crawler.detectors.wiki_signals import create_offer
from gatewatch.crawler.detectors.word_counts import syllable_words
from gatewatch.crawler.fingerprint import simhash
from gatewatch.crawler.parse import ParsedPage

FRAMEWORK_404 = (
    ("next.js", re.compile(r'"page"\s*:\s*"/(?:404|_error)"')),
    ("status 404 in state", re.compile(r'"(?:statusCode|status|errorCode)"\s*:\s*"?404\b')),
    ("gatsby", re.compile(r'pagePath\s*=\s*"/404')),
)
# A preloaded resource of the 404 page itself ("/page-data/404.html/page-data.json"), not one
# chunk among the routes a site prefetches on every page ("/assets/404.html-DTwhlWBI.js")
PRELOADED_404 = re.compile(r"/404(?:\.html)?(?:/|\.json|$)")
# Default error bodies of web frameworks, as they start a thin page's text.
FRAMEWORK_TEXT = (
    ("express", re.compile(r"(?:^|\s)cannot (?:get|post|head|put) /", re.IGNORECASE)),
    ("spring boot", re.compile(r"whitelabel error page.*status=404", re.IGNORECASE | re.DOTALL)),
    ("django", re.compile(r"page not found \(404\)", re.IGNORECASE)),
    ("tomcat", re.compile(r"http status 404", re.IGNORECASE)),
)
# (a class a program puts on all its error pages, its 404, 422 and 500 alike, names an error
# page, not a missing one: ERROR_MARKUP's "error-page" reads it)
FRAMEWORK_MARKUP = (
    "error404", "next-error-h1", "cms-no-route", "template-404",
    "page-404", "error-404", "body-404", "type-404", "not-found-page",
)  # fmt: skip
ERROR_MARKUP = (
    "404", "notfound", "not-found", "not_found", "noroute", "no-route", "error-page",
    "errorpage", "error_page", "page-error", "page_error", "error-template", "errorbox",
    "error-card", "error-code", "errorcode",
)  # fmt: skip
ALERT = re.compile(r"""alert\(\s*(['"])(.{1,300}?)\1""")
SCRIPT_REDIRECT = re.compile(
    r"""location(?:\.href)?\s*=\s*['"]([^'"]+)|location\.(?:replace|assign)\(\s*['"]([^'"]+)"""
)
# a message box whose class or id says it shows an error ("div.error", "alert-danger")
DENIALS = (
    "box_access_denied", "message_access_denied", "access_denied_text", "code_forbidden",
    "permission_denied",
)  # fmt: skip
NOT_FOUND_SAID = (
    "heading_not_found",
    "heading_not_found_words",
    "content_not_found",
    "box_not_found",
)
WHOLE_TEXT_CHARS = 20_000  # how much of a denial's text is read for a request to sign in
NAMED_ERROR_WORDS = frozenset(word for word in ERROR_HEADING if " " not in word)
ERRORS_SAID = frozenset({"not_found", "access_denied", "auth_required"})  # by a heading
SHORT_TEXT_WORDS = 6  # a main content this short is read like a heading
LEAD_TEXT_CHARS = 2000  # of a thin page's text, looked at for an absence before its lines
NOT_PROSE = ("pre", "textarea", "table")  # what an error page's message is not written in
# An HTTP error status said in a short page's text ("Error 404", "HTTP Status 403", "410
# Gone"): the same in every language. Its code names what the page is.
ERROR_CODE = re.compile(
    r"(?<![\w/.-])(?:(?:error|http\s+status|http\s+error|status\s+code|status|http)\s*[:#]?\s*"
    r"(40[134]|410)|(40[134]|410)\s*[:\-\u2013]?\s*(?:page\s+)?(?:error|not found|forbidden|gone"
    r"|unauthori[sz]ed|authori[sz]ation required))(?![\w/.-])",
    re.IGNORECASE,
)
# The exception a stack trace starts with names the status: "NotFoundError: Not Found",
# "werkzeug.exceptions.Forbidden: 403 Forbidden", "UnauthorizedError", "Http404".
EXCEPTION = re.compile(
    r"^\W{0,3}[\w.]*?(notfound|http404|gone|forbidden|permissiondenied|accessdenied"
    r"|unauthori[sz]ed)(?:error|exception)?\b",
    re.IGNORECASE,
)
EXCEPTION_SIGNALS = {
    "notfound": "code_not_found", "http404": "code_not_found", "gone": "code_not_found",
    "forbidden": "code_forbidden", "permissiondenied": "code_forbidden",
    "accessdenied": "code_forbidden", "unauthorized": "code_unauthorized",
    "unauthorised": "code_unauthorized",
}  # fmt: skip
CODE_SIGNALS = {
    "401": "code_unauthorized",
    "403": "code_forbidden",
    "404": "code_not_found",
    "410": "code_not_found",
}
# "Apache/2.4.71 (Debian)", "nginx/1.22.1": a server's signature at the end of a short page
SERVER_SIGNATURE = re.compile(r"(?<![\w/.-])[a-z][\w-]{2,30}/\d+(?:\.\d+){1,3}\b", re.IGNORECASE)

# Compiled when imported, not on the first page: a page reader's first reading is timed.
matchers(DEFAULT_SETTINGS)


def signals(
    url: str,
    status: int | None,
    headers: Mapping[str, str] | None,
    page: ParsedPage | None,
    start_url: str,
    settings: DetectorSettings = DEFAULT_SETTINGS,
) -> Signals:
    """Observe one response. `headers` maps lower-case names to values; `page` may be None.

    Pure and cheap: what needs the site's probes waits for `conclude`.
    """
    headers = headers or {}
    match = matchers(settings)
    found: dict[str, object] = {}
    result = Signals(
        url=url,
        status=status,
        start=urls.is_home(url, start_url, settings),
        shape=shape_key(url),
    )
    if page is not None:
        result.simhash = simhash(page.main_text)
        result.words = page.main_word_count
        _page_observations(url, page, start_url, settings, match, found)
        forget_mentions(page, found)  # a work's name, a help page, a quotation
        forget_partial_prompts(page, found, match)  # "sign in to comment" beside an article
    if status is not None and status >= 400:
        status_observations(status, headers, page, settings, match, found)
    robots = f"{(page.meta_robots if page else '') or ''},{headers.get('x-robots-tag', '')}"
    if re.search(r"\b(noindex|none)\b", robots, re.IGNORECASE):
        found["noindex"] = True
        if page is not None:
            offer = create_offer(url, page)
            if offer:
                found["create_offer"] = offer
    result.found = found
    return result


def _page_observations(url, page, start_url, settings, match: Matchers, found) -> None:
    words = syllable_words(page)  # (Vietnamese spaces its syllables)
    thin = words <= settings.thin_words
    if thin:
        found["thin_main"] = words
    near_thin = words <= 2 * settings.thin_words
    # forms and class markers are looked at only where a verdict could follow: a page with
    # more content than this is neither an error template nor a wall (the probe and the
    # headings still judge it)
    detailed = page.main_word_count <= settings.detail_words or (
        page.main_word_count - _option_words(page) <= settings.detail_words
    )
    read_as_headings, headings = _read_headings(page, match, settings)
    body: dict[str, str] = {}
    if not thin and _says_error(headings):
        prose = _prose_words(page)
        if prose <= settings.thin_words:
            found["thin_prose"] = prose
            near_thin = True
    if near_thin:
        window_chars = settings.lead_chars * (3 if thin else 1)
        body = match.body.search(Text.of(page.main_text[: window_chars * 2], window_chars))
        if _error_page_text(page.main_text[:3000], found) > 1:
            # a text naming several codes lists them ("401 Unauthorized, 403 Forbidden, 404
            # Not Found"): its "404 not found" is no page's message
            body = {name: phrase for name, phrase in body.items() if not _has_digit(phrase)}
        box_observations(page, match, settings, found)
    elif page.error_dialog:
        # (an error dialog opened at load overlays the page: what it says is the message of
        # the page behind it, however long)
        box_observations(page, match, settings, found, only_dialogs=True)
    else:  # (a notice flashed above a list: "No watch with the UUID ... found.")
        flash_observations(page, match, settings, found)
    _not_found_observations(page, read_as_headings, headings, body, thin, match, settings, found)
    _markup_observations(page, headings, detailed, settings, found)
    if near_thin:
        said = frozenset(name for names in headings.values() for name in names) & ERRORS_SAID
        error_messages(page, match, settings, found, said)
        _missing_file(page, found, read=thin and not said)
        if (
            thin
            and not _denies(found)
            and not said
            and not _not_found(found)
            and mentions_permission(page.main_text)  # (else no line can say it)
        ):
            # (a line that says "not found or no permission" leaves it to the not-found
            # reading: it does not say which)
            denied = permission_denied(page.sentence_lines)
            if not denied and "error_heading" in found:
                denied = required_permission(page.sentence_lines)  # (the error is the need)
            if denied:
                found["permission_denied"] = denied
        if "login_required" not in body and ("access_denied" in said or _denies(found)):
            # a denial that asks to authenticate anywhere in its text is a 401 (a proxy's
            # "not allowed ... until you have authenticated yourself")
            whole = match.body.search(Text.of(page.main_text[:WHOLE_TEXT_CHARS]))
            if "login_required" in whole:
                body = {**body, "login_required": whole["login_required"]}
        signed_out_denial(page, found)  # (a denial that points an anonymous visitor to sign in)
        signed_in_denial(page, found)  # (a denial to a visitor signed in as someone)
    shape_observations(url, page, thin, near_thin, settings, found)
    if page.inline_script and page.main_word_count <= settings.empty_words:
        _script_observations(url, page.inline_script, settings, match, found)
    login_observations(url, page, settings, match, found, body, headings, detailed)


def _read_headings(page: ParsedPage, match: Matchers, settings) -> tuple[tuple, dict]:
    """What is read as a heading (the title, the h1s, a main content of a few words:
    "<pre>Unauthorized</pre>"), and the phrase lists each of them matches."""
    short_text = page.main_text if page.main_word_count <= SHORT_TEXT_WORDS else None
    read_as_headings = (
        ("title", page.title),
        ("h1", page.h1),
        *((f"h1 #{number}", text) for number, text in enumerate(page.more_h1, 2)),
        ("text", short_text),
    )
    headings = {
        where: anchored(heading_segments(text), match, settings)
        for where, text in read_as_headings
        if text
    }
    return read_as_headings, headings


def _not_found_observations(
    page, read_as_headings, headings, body, thin, match: Matchers, settings, found
) -> None:
    first_heading(headings, "not_found", "heading_not_found", found)
    short = page.main_word_count <= 2 * settings.thin_words  # (a deleted object's page is)
    for where, heading in (("title", page.title), ("h1", page.h1)) if short else ():
        deleted = "heading_not_found" not in found and deleted_heading(heading)
        if deleted:  # "Artikel gelöscht", "Статья удалена"
            found["heading_not_found"] = f"{where}: {deleted}"
    if "heading_not_found" not in found:
        # (a main content of a few words is read whole: "404 That file could not be found";
        # not when it says a search found nothing, "没有找到与“雨伞”相关的结果": an empty
        # search's "not found" is no missing page)
        few = page.main_text if page.main_word_count <= settings.not_found_words_max else None
        if "empty_results" in body:
            few = None
        words = not_found_words((*read_as_headings[:-1], ("text", few)), match, settings)
        if words:
            found["heading_not_found_words"] = words
    # (a timeline's entry, "23:59 Sales end", is no missing page)
    if "not_found" in body and not scheduled(page.main_text[:LEAD_TEXT_CHARS], body["not_found"]):
        found["content_not_found"] = body["not_found"]
    elif thin and "not_found" not in body:
        expired = expired_link(page, settings.thin_words) or expired_token(page)
        if expired:
            found["expired_link"] = expired
        elif may_say_absent(page.main_text[:LEAD_TEXT_CHARS]):
            # "The page you were trying to reach doesn't exist.", in its own words
            absent = requested_page_absent(page.short_lines)
            if absent:
                found["content_not_found"] = absent
    if "empty_results" in body:
        found["empty_results"] = body["empty_results"]
    if thin and "placeholder" in body:
        found["placeholder_text"] = body["placeholder"]


def _markup_observations(page, headings, detailed, settings, found) -> None:
    """A framework's 404 marker, error classes, an "Error" heading, a placeholder title."""
    marker = _framework_404(page, detailed)
    if marker:
        found["framework_404"] = marker
    if detailed:
        markup = next((t for t in page.markup_tokens if has_any(t.lower(), ERROR_MARKUP)), None)
        markup = markup or error_view(page.body_class)  # (the error view drew the page)
        if markup:
            found["error_markup"] = markup
    for where, names in headings.items():
        if "error_heading" in names:
            found["error_heading"] = where
            break
    else:
        named = _named_error(page)
        if named:
            found["error_heading"] = named
    placeholder = _placeholder(page, settings)
    if placeholder and not bound_in_browser(page, placeholder):  # (an AngularJS view's "{{")
        found["placeholder_title"] = placeholder


def _named_error(page: ParsedPage) -> str | None:
    """A title or h1 segment of two words, the name of the site or its program and then
    "Error" in a language ("Site Error", "RT Error", "Trac Fehler"): an "Error" heading too
    (weak: "Human Error" is a film's title). Not "Error messages", "Error codes": the error
    word first, and a noun after it, is a topic. The last segment of a title is read too:
    a program's title names the error after its own name ("Horde :: Fatal Error").

    Not the site's own name, as the page declares it (og:site_name, application-name): a
    site called "Syntax Error" ends every title so ("Members | Syntax Error"). A page is read
    on its own: the site's other titles are not known here."""
    for where, heading in (("title", page.title), ("h1", page.h1)):
        parts = heading_segments(heading or "")
        for part in parts[:2] + parts[-1:] if len(parts) > 2 else parts:
            words = part.words
            if len(words) == 2 and words[1] in NAMED_ERROR_WORDS and not _site_name(page, words):
                return f"{where}: {part.text}"
    return None


def _site_name(page: ParsedPage, words) -> bool:
    """The words are the site's own name, as the page declares it."""
    declared = page.meta.get("og:site_name") or page.meta.get("application-name")
    return bool(declared) and Text.of(declared).words == words


def _error_page_text(text: str, found: dict) -> int:
    """The status code a short page states (or the exception its stack trace starts with),
    and a server's signature at its end. Returns how many error codes the text names.

    A text naming several codes lists them (a documentation page): it states none."""
    codes = {match.group(1) or match.group(2): match for match in ERROR_CODE.finditer(text)}
    named = len(codes)
    stated = bool(codes)
    if len(codes) == 1:
        code, match = codes.popitem()
        found[CODE_SIGNALS[code]] = match.group(0)[:40]
    exception = EXCEPTION.match(text[:200])
    if exception and not stated:
        found[EXCEPTION_SIGNALS[exception.group(1).lower()]] = exception.group(0).strip()[:60]
    signature = SERVER_SIGNATURE.search(text[-160:])
    if signature:
        found["server_signature"] = signature.group(0)
    return named


def _has_digit(text: str) -> bool:
    return any(character.isdigit() for character in text)


def _option_words(page: ParsedPage) -> int:
    """Words of the choices of the content's drop-down lists: a sign-in page's list of 60
    languages is no content (a page without one costs one pass in C over its elements)."""
    if page.document is None:
        return 0
    return sum(len((option.text or "").split()) for option in page.document.iter("option"))


def _missing_file(page: ParsedPage, found: dict, read: bool) -> None:
    """A thin page of a file named by its path that cannot be opened is a missing file's
    page (unopened_files.py), where nothing else says what the page is."""
    if not read or _not_found(found) or _denies(found):
        return
    unopened = unopened_file(page.main_text)
    if unopened:
        found["message_not_found"] = f"text: {unopened}"


def _not_found(found: dict) -> bool:
    return any(code in found for code in NOT_FOUND_SAID)


def _denies(found: dict) -> bool:
    return any(code in found for code in DENIALS)


def _says_error(headings: dict) -> bool:
    return any(name in names for names in headings.values() for name in ERRORS_SAID)


def _prose_words(page: ParsedPage) -> int:
    """Main content words outside preformatted blocks, and outside tables that hold them: an
    error page's stack trace and its tables of the request's details (a framework's
    development page) are long, its message is not; a table of plain text (an article's
    results) is prose. (A block inside such a table is counted once.)"""
    if page.document is None:
        return page.main_word_count
    apart = 0
    for element in page.document.iter(*NOT_PROSE):
        if element.tag == "table" and next(element.iter("pre", "code"), None) is None:
            continue
        if not any(parent.tag in NOT_PROSE for parent in element.iterancestors()):
            apart += len(element.text_content().split())
    return max(0, page.main_word_count - apart)


def _framework_404(page: ParsedPage, detailed: bool) -> str | None:
    if page.meta.get("next-error") == "not-found":
        return "next.js not-found"
    if any(PRELOADED_404.search(hint) for hint in page.resource_hints):
        return "preloads a 404 page"
    for token in page.body_class.lower().split():
        if token in FRAMEWORK_MARKUP:
            return f"body class: {token}"
    for token in page.markup_tokens if detailed else ():
        if token.lower() in FRAMEWORK_MARKUP:
            return f"markup: {token}"
    if page.app_state:
        for name, pattern in FRAMEWORK_404:
            if pattern.search(page.app_state):
                return name
    if page.word_count <= 200:
        lead = page.text[:400]
        for name, pattern in FRAMEWORK_TEXT:
            if pattern.search(lead):
                return name
    return None


def _placeholder(page: ParsedPage, settings: DetectorSettings) -> str | None:
    for heading in (page.title, page.h1):
        text = normalise(heading)
        if not text:
            continue
        words = set(WORD.findall(text))
        for placeholder in settings.placeholder_words:
            if placeholder in words or (not placeholder.isalnum() and placeholder in text):
                return placeholder
    return None


def _script_observations(url, script, settings, match: Matchers, found) -> None:
    """An empty page that only runs a script: an alert() message, a redirect to sign in."""
    for alert in ALERT.finditer(script):
        message = Text.of(alert.group(2))
        said = match.body.search(message)
        if "not_found" in said:
            found["script_not_found"] = said["not_found"]
        if "login_required" in said:
            found["login_wording"] = said["login_required"]
        if "not_found" not in said:
            names = anchored_all([message], match.headings, match.filler, 2)
            if "not_found" in names:
                found["script_not_found"] = names["not_found"]
    for redirect in SCRIPT_REDIRECT.finditer(script):
        target = redirect.group(1) or redirect.group(2)
        if urls.login_path(joined(url, target), settings):
            found["script_login_redirect"] = target[:200]
            break
