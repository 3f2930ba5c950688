# ruff: noqa: RUF001  (end marks of Chinese and Japanese sentences)
"""Phrases in many languages, taken from the translation catalogs real software ships.

    pip download --no-deps wagtail ckan plone.app.locales flask-security-too flask-appbuilder \
        Trac roundup weblate pretix django-cms -d /tmp/catalogs
    # then unpack each wheel (roundup: its sdist) into /tmp/catalogs/NAME, and link Debian
    # mediawiki's /usr/share/mediawiki/languages/i18n as /tmp/catalogs/mediawiki
    python -m bench.phrase_catalogs /tmp/catalogs   # writes crawler/detectors/catalog_phrases.py

Each phrase list (not found, access denied, authentication required, sign-in heading) is the
translations of a few messages of these packages' gettext catalogs (.po, or .mo where no .po
is shipped; MediaWiki's JSON). None of them is a source of the real-page corpus's holdout
groups (Django, Tomcat, DokuWiki, lighttpd, Twisted, Pyramid, http-server, MkDocs, the
Debian Reference, Sphinx):
the holdout figures are not tuned through the wording. The module records, for every list,
which packages and messages its phrases came from.
"""

from __future__ import annotations

import gettext
import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "crawler" / "detectors" / "catalog_phrases.py"
HEADER = '''# ruff: noqa: E501, RUF001
"""Phrases by language from real software's translation catalogs: generated, do not edit.

Made by bench/phrase_catalogs.py (see there how, and from which packages). `SOURCES` names the
package and message of each list; `LISTS` maps list name -> language -> phrases;
`HEADINGS_ONLY` are the translations of short messages ("Not found", "Log in"): matched in
titles and headings, never in the text of a page.
"""

'''

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
}
# which files of a package folder are its catalogs (gettext's .po/.mo unless named here)
CATALOG_SUFFIXES = {"mediawiki": (".json",), "docusaurus": (".json",), "redmine": (".yml",)}
PLACEHOLDER = re.compile(r"%\(|\$\{|\{\w*\}|%s|%d|\$\d|\{\{|\[\[|<")
SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s")
MAX_WORDS = 14


def _language(path: Path) -> str:
    parts = path.parts
    if "LC_MESSAGES" in parts:
        return parts[parts.index("LC_MESSAGES") - 1]
    if path.name == "theme-common.json":
        return path.parent.name  # Docusaurus's locales/de/theme-common.json
    return path.stem  # roundup's locale/de.po, MediaWiki's i18n/de.json, Redmine's de.yml


def _entries(path: Path) -> dict[str, str]:
    """msgid -> translation (first plural form) of one catalog; empty translations left out.

    MediaWiki's and Docusaurus's catalogs are JSON files of message key -> text; Redmine's a
    YAML file of language -> message key -> text."""
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


def _clean(text: str) -> str | None:
    """The phrase as the detectors match it: its first sentence, lower case, no end mark."""
    if not text or PLACEHOLDER.search(text) or sum(c.isdigit() for c in text) > 3:
        return None  # (digits: a sign language's SignWriting codes, not words)
    text = SENTENCE_END.split(" ".join(text.split()))[0]
    text = text.strip().rstrip(".!…。！").strip().lower()
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
    return True


def harvest(root: Path) -> dict:
    wanted = defaultdict(list)  # package -> [(list name, msgid)]
    for name, messages in MESSAGES.items():
        for package, msgid in messages:
            wanted[package].append((name, msgid))
    lists: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    sources: dict[str, set[str]] = defaultdict(set)
    headings_only: set[str] = set()
    for package, messages in sorted(wanted.items()):
        folders = sorted(root.glob(f"{package}*"))
        catalogs = [
            path
            for folder in folders
            for path in folder.rglob("*")
            if path.suffix in CATALOG_SUFFIXES.get(package, (".po", ".mo"))
            and _is_catalog(package, path)
        ]
        for path in sorted(catalogs):
            entries = _entries(path)
            language = _language(path)
            for name, msgid in messages:
                phrase = _clean(entries.get(msgid, ""))
                if phrase:
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


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    data = harvest(Path(argv[0]))
    body = (
        f"SOURCES = {json.dumps(data['sources'], ensure_ascii=False, indent=4)}\n\n"
        f"LISTS = {json.dumps(data['lists'], ensure_ascii=False, indent=4)}\n\n"
        f"HEADINGS_ONLY = frozenset({json.dumps(data['headings_only'], ensure_ascii=False)})\n"
    )
    OUTPUT.write_text(HEADER + body, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "ruff", "format", "-q", str(OUTPUT)], check=False)
    counts = {name: sum(map(len, by.values())) for name, by in data["lists"].items()}
    print(f"wrote {OUTPUT}: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
