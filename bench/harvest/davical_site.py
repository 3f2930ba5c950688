"""Debian davical (DAViCal, a CalDAV/CardDAV server, PHP): its administration interface, a
private copy under PHP's built-in server over a database of its own made by DAViCal's
dba/create-database.sh (PostgreSQL, 127.0.0.1:5432; its two roles are dropped after). The
copy reads a configuration of its own (always.php's /etc/davical/ paths point to the work
folder). Its interface language is the site's default locale ($c->default_locale), set per
language, with the glibc locales it needs built into the work folder (LOCPATH).

Not signed in, in each of its 24 translations: the sign-in page (/index.php) and the same
form where a deep link into the administration sends a visitor (soft_401). Signed in as its
administrator, in the languages where the text differs from English: the home page, the
principal list, a principal, the help page (healthy); "No page found to browse ..." for a
component it does not have (soft_404; its message is not translated, the page around it is).

A page is kept in a language only where its text differs from the English page's."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "davical"
INSTALL = Path("/usr/share/davical")
DATABASE = "gatewatch_harvest_davical"
ROLES = ("gatewatch_harvest_davical_dba", "gatewatch_harvest_davical_app")
PASSWORD = "harvest-admin-42"
# DAViCal's locale folder -> (the glibc locale set, the language recorded)
LOCALES = {
    "en": ("en_US", "en"),
    "ar": ("ar_SA", "ar"),
    "ca": ("ca_ES", "ca"),
    "cs_CZ": ("cs_CZ", "cs"),
    "de": ("de_DE", "de"),
    "es_AR": ("es_AR", "es-ar"),
    "es_ES": ("es_ES", "es"),
    "es_MX": ("es_MX", "es-mx"),
    "es_VE": ("es_VE", "es-ve"),
    "et": ("et_EE", "et"),
    "fi": ("fi_FI", "fi"),
    "fr": ("fr_FR", "fr"),
    "hu": ("hu_HU", "hu"),
    "id_ID": ("id_ID", "id"),
    "it": ("it_IT", "it"),
    "ja": ("ja_JP", "ja"),
    "ko_KR": ("ko_KR", "ko"),
    "nb_NO": ("nb_NO", "nb"),
    "nl": ("nl_NL", "nl"),
    "pl": ("pl_PL", "pl"),
    "pt_BR": ("pt_BR", "pt-br"),
    "pt_PT": ("pt_PT", "pt"),
    "ru": ("ru_RU", "ru"),
    "sk_SK": ("sk_SK", "sk"),
    "sv": ("sv_SE", "sv"),
}
SIGNED_IN_LOCALES = ("en", "de", "fr", "es_ES", "ja", "ru", "pt_BR")
# path -> (label, name, note)
VISITOR = {
    "/index.php": ("soft_401", "sign-in", "the sign-in page"),
    "/admin.php?action=browse&t=principal&type=1": (
        "soft_401",
        "sign-in-wall",
        "a deep link into the administration, not signed in: the sign-in form",
    ),
}
SIGNED_IN = {
    "/index.php": ("ok", "home", "the home page, signed in as the administrator"),
    "/admin.php?action=browse&t=principal&type=1": ("ok", "users", "the list of users"),
    "/admin.php?action=edit&t=principal&id=1": ("ok", "principal", "the administrator"),
    "/help.php": ("ok", "help", "the help page"),
    "/admin.php?action=browse&t=calendars": (
        "soft_404",
        "no-page-found",
        "a component DAViCal does not have: 'No page found to browse calendarss'",
    ),
}
CONFIG = """<?php
$c->pg_connect[] = "host=127.0.0.1 dbname={database} user=postgres";
$c->default_locale = getenv('HARVEST_LOCALE') ?: 'en_US';
$c->system_name = "DAViCal";
"""


def harvest(work: Path) -> list[Page]:
    apt_install("davical", "php-cli", "php-pgsql", "php-xml", "locales")
    source = f"{deb_version('davical')}, {deb_version('libawl-php')}, PHP's built-in server"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    for folder in ("htdocs", "inc", "locale"):
        subprocess.run(["cp", "-rL", str(INSTALL / folder), str(work / folder)], check=True)
    (work / "config").mkdir()
    (work / "config" / "config.php").write_text(CONFIG.format(database=DATABASE))
    always = work / "htdocs" / "always.php"
    text = always.read_text()
    if "'/etc/davical/" not in text:
        raise RuntimeError(f"{always} no longer names /etc/davical/")
    always.write_text(text.replace("'/etc/davical/", f"'{work}/config/"))
    locales = _build_locales(work)
    _drop()
    try:
        subprocess.run(
            [str(INSTALL / "dba" / "create-database.sh"), DATABASE, PASSWORD, *ROLES],
            check=True,
            capture_output=True,
            env=dict(os.environ, PGHOST="127.0.0.1", PGUSER="postgres"),
        )
        pages: list[Page] = []
        english: dict[str, str] = {}
        for folder, (locale, language) in LOCALES.items():
            port = free_port()
            command = ["php", "-S", f"127.0.0.1:{port}", "-t", str(work / "htdocs")]
            environment = dict(os.environ, LOCPATH=str(locales), HARVEST_LOCALE=locale)
            log = work / "php.log"
            with running(command, port, log, cwd=work / "htdocs", env=environment):
                pages += _take(port, language, VISITOR, "", english, source, locale)
                if folder in SIGNED_IN_LOCALES:
                    cookie = _sign_in(port)
                    pages += _take(port, language, SIGNED_IN, cookie, english, source, locale)
        return pages
    finally:
        _drop()


def _take(
    port: int,
    language: str,
    requests: dict,
    cookie: str,
    english: dict[str, str],
    source: str,
    locale: str,
) -> list[Page]:
    headers = {"Cookie": cookie} if cookie else {}
    pages = []
    for path, (label, name, note) in requests.items():
        status, answer, body = fetch(f"http://127.0.0.1:{port}{path}", headers=headers, timeout=60)
        if status != 200 or "html" not in answer.get("content-type", ""):
            raise RuntimeError(f"{path} ({locale}) answered {status}: {body[:300]!r}")
        if cookie and b'name="password"' in body and label != "soft_401":
            raise RuntimeError(f"{path} ({locale}) signed in answered the sign-in form")
        if english.setdefault(name, _text(body)) == _text(body) and language != "en":
            continue  # not translated
        how = f"GET {path} with the default locale {locale}"
        how += " (signed in as admin)" if cookie else " (not signed in)"
        pages.append(
            Page(f"{name}.{language}.html", body, source, GROUP, how, language, label, status,
                 note)
        )  # fmt: skip
    return pages


def _sign_in(port: int) -> str:
    """The session cookie of the administrator, through the sign-in form."""
    data = urllib.parse.urlencode(
        {"username": "admin", "password": PASSWORD, "submit": "GO!"}
    ).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/index.php", data)
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        response = opener.open(request, timeout=60)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        cookies = response.headers.get_all("Set-Cookie") or []
    sessions = [cookie.split(";")[0] for cookie in cookies if cookie.startswith("sid=")]
    if not sessions:
        raise RuntimeError(f"signing in as admin gave no session cookie: {cookies}")
    return sessions[-1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *arguments, **keywords):
        return None


def _build_locales(work: Path) -> Path:
    """The glibc locales of LOCALES, built into the work folder (read through LOCPATH)."""
    locales = work / "glibc-locales"
    locales.mkdir()
    for locale, _ in LOCALES.values():
        subprocess.run(
            ["localedef", "-i", locale, "-f", "UTF-8", str(locales / f"{locale}.UTF-8")],
            check=False,  # localedef warns (and exits 1) for some locales it still writes
            capture_output=True,
        )
    return locales


def _drop() -> None:
    statements = [f"DROP DATABASE IF EXISTS {DATABASE}"]
    statements += [f"DROP ROLE IF EXISTS {role}" for role in ROLES]
    command = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q"]
    for statement in statements:
        command += ["-c", statement]
    subprocess.run(
        [*command, "postgres"],
        check=True,
        stdout=subprocess.DEVNULL,
        env=dict(os.environ, PGOPTIONS="--client-min-messages=warning"),
    )


def _text(body: bytes) -> str:
    """What a reader sees of a page (and its title): no tags, scripts or styles."""
    text = re.sub(rb"(?s)<(script|style)\b.*?</\1>|<[^>]+>", b" ", body)
    return " ".join(text.decode("utf-8", "replace").split())
