"""Debian Adminer (its /etc/adminer/conf.php, with the plugins Debian enables) under PHP's
built-in server on 127.0.0.1, over the local PostgreSQL: the sign-in page in each language it
ships (Accept-Language), the sign-in form it answers to a deep link without a session (403),
"Invalid database" (404), and, signed in, the database list, a schema and the SQL command
page (healthy) in a few languages."""

from __future__ import annotations

import http.cookiejar
import os
import shutil
import urllib.parse
import urllib.request
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "adminer"
LANGUAGES = (
    "en",
    "ar",
    "bg",
    "bn",
    "bs",
    "ca",
    "cs",
    "da",
    "de",
    "el",
    "es",
    "et",
    "fa",
    "fi",
    "fr",
    "gl",
    "he",
    "hu",
    "id",
    "it",
    "ja",
    "ka",
    "ko",
    "lt",
    "ms",
    "nl",
    "no",
    "pl",
    "pt",
    "pt-BR",
    "ro",
    "ru",
    "sk",
    "sl",
    "sr",
    "sv",
    "ta",
    "th",
    "tr",
    "uk",
    "vi",
    "zh",
    "zh-TW",
)
SIGNED_IN_LANGUAGES = ("en", "de", "fr", "ja", "ru", "es", "pl", "zh")
SERVER = "?pgsql=127.0.0.1&username=postgres"
# path (after /conf.php) -> (label, name, note, languages), asked without a session; a deep
# link counts as a failed sign-in, and after 30 Adminer says "too many unsuccessful login
# attempts": asked for in a few languages only
ANONYMOUS = {
    "": ("soft_401", "login", "the sign-in page", LANGUAGES),
    f"{SERVER}&db=postgres": (
        "soft_401",
        "login-deep-link",
        "a deep link, no session: the sign-in form (403)",
        (*SIGNED_IN_LANGUAGES, "ar", "it", "ko", "tr"),
    ),
}
# ... and signed in
SIGNED_IN = {
    SERVER: ("ok", "databases", "the database list"),
    f"{SERVER}&db=postgres&ns=public": ("ok", "schema", "a schema (no tables)"),
    f"{SERVER}&db=postgres&ns=public&sql=": ("ok", "sql-command", "the SQL command page"),
    f"{SERVER}&db=no_such_database": ("soft_404", "invalid-database", "Invalid database."),
}


def harvest(work: Path) -> list[Page]:
    apt_install("adminer", "php-cli", "php-pgsql")
    source = deb_version("adminer")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}/conf.php"
    command = ["php", "-S", f"127.0.0.1:{port}", "-t", "/etc/adminer"]
    # Adminer counts failed sign-ins in its temporary folder: a private one, so that no
    # earlier run's count locks the sign-in
    (work / "temp").mkdir(exist_ok=True)
    environment = dict(os.environ, TMPDIR=str(work / "temp"))
    pages = []
    with running(command, port, work / "server.log", env=environment):
        for language in SIGNED_IN_LANGUAGES:
            opener = _signed_in(base, language)
            for path, (label, name, note) in SIGNED_IN.items():
                status, body = _get(opener, base + path, language)
                pages.append(
                    _page(name, language, path, label, status, note, body, source, signed=True)
                )
        # after signing in: each deep link without a session counts as a failed sign-in
        for path, (label, name, note, languages) in ANONYMOUS.items():
            for language in languages:
                status, _, body = fetch(base + path, language)
                pages.append(_page(name, language, path, label, status, note, body, source))
    return pages


def _page(name, language, path, label, status, note, body, source, signed=False) -> Page:
    how = "signed in as postgres (pgsql), " if signed else ""
    return Page(
        f"{name}.{language.lower()}.html",
        body,
        source,
        GROUP,
        f"GET /conf.php{path} Accept-Language: {language} ({how}Adminer's own session)",
        language.lower(),
        label,
        status,
        note,
    )


def _signed_in(base: str, language: str) -> urllib.request.OpenerDirector:
    """An opener holding a session signed in to the local PostgreSQL (trust: any password)."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    _get(opener, base, language)
    form = {
        "auth[driver]": "pgsql",
        "auth[server]": "127.0.0.1",
        "auth[username]": "postgres",
        "auth[password]": "harvest",
        "auth[db]": "postgres",
    }
    request = urllib.request.Request(base, data=urllib.parse.urlencode(form).encode())
    request.add_header("Accept-Language", language)
    with opener.open(request, timeout=20) as response:
        response.read()
    return opener


def _get(opener: urllib.request.OpenerDirector, url: str, language: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Language": language})
    try:
        with opener.open(request, timeout=20) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
