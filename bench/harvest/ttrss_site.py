"""Debian tt-rss (Tiny Tiny RSS, PHP): a private copy of Debian's install under PHP's built-in
server, run as www-data (tt-rss refuses root), over a database of its own (PostgreSQL,
127.0.0.1:5432; the schema tt-rss ships, whose only user is its administrator). Its
interface language follows Accept-Language (tt-rss's al2gt) for each of its 30 translations.

Not signed in: the sign-in page (/), the sign-in forms of the "share" and "subscribe"
bookmarklets (public.php?op=sharepopup, ?op=subscribe: a login wall), the database-update
page (public.php?op=dbupdate: it sends a visitor to the sign-in form) (soft_401); the
password-reset form (healthy). Signed in as the administrator: the reader and the
preferences (healthy; their page is a shell the JavaScript fills, with the translated
strings it needs), in a few languages.

A page is kept in a language only where its text differs from the English page's (the
translations are not all complete). Left out: "Article not found." (public.php?op=share with
an unknown key) and "File not found." (cached_url): a bare line of text, no HTML."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "ttrss"
INSTALL = Path("/usr/share/tt-rss")
DATABASE = "gatewatch_harvest_ttrss"
# path -> (label, name, note)
VISITOR = {
    "/": ("soft_401", "sign-in", "the sign-in page"),
    "/public.php?op=sharepopup": (
        "soft_401",
        "share-sign-in",
        "the share bookmarklet, not signed in: its sign-in form",
    ),
    "/public.php?op=subscribe&feed_url=http%3A%2F%2Fexample.org%2Ffeed": (
        "soft_401",
        "subscribe-sign-in",
        "the subscribe bookmarklet, not signed in: its sign-in form",
    ),
    "/public.php?op=forgotpass": ("ok", "password-reset", "the password-reset form"),
}
SIGNED_IN = {
    "/index.php": ("ok", "reader", "the reader, signed in (a shell filled by JavaScript)"),
    "/prefs.php": ("ok", "preferences", "the preferences, signed in"),
}
SIGNED_IN_LANGUAGES = ("en_US", "de_DE", "fr_FR", "ru_RU", "ja_JP", "pt_BR")
CONFIG = """<?php
define('DB_TYPE', 'pgsql');
define('DB_HOST', '127.0.0.1');
define('DB_PORT', '5432');
define('DB_USER', 'postgres');
define('DB_NAME', '{database}');
define('DB_PASS', '');
define('MYSQL_CHARSET', 'UTF8');
define('SELF_URL_PATH', 'http://127.0.0.1:{port}/');
define('SINGLE_USER_MODE', false);
define('SIMPLE_UPDATE_MODE', false);
define('PHP_EXECUTABLE', '/usr/bin/php');
define('LOCK_DIRECTORY', '{state}/lock');
define('CACHE_DIR', '{state}/cache');
define('ICONS_DIR', 'feed-icons');
define('ICONS_URL', 'feed-icons');
define('AUTH_AUTO_CREATE', true);
define('AUTH_AUTO_LOGIN', true);
define('FORCE_ARTICLE_PURGE', 0);
define('ENABLE_REGISTRATION', false);
define('REG_NOTIFY_ADDRESS', 'user@example.org');
define('REG_MAX_USERS', 10);
define('SESSION_COOKIE_LIFETIME', 86400);
define('SMTP_FROM_NAME', 'Tiny Tiny RSS');
define('SMTP_FROM_ADDRESS', 'noreply@example.org');
define('DIGEST_SUBJECT', '[tt-rss] New headlines for last 24 hours');
define('CHECK_FOR_UPDATES', false);
define('ENABLE_GZIP_OUTPUT', false);
define('PLUGINS', 'auth_internal, note');
define('LOG_DESTINATION', 'sql');
define('CONFIG_VERSION', 26);
"""
# tt-rss's locale folders whose language part is not enough
TAGS = {"pt_BR": "pt-br", "zh_CN": "zh-cn", "zh_TW": "zh-tw", "es_LA": "es-419", "en_US": "en"}


def harvest(work: Path) -> list[Page]:
    apt_install("tt-rss", "php-cli", "php-pgsql", "php-mbstring", "php-intl", "php-xml")
    source = f"{deb_version('tt-rss')} under PHP's built-in server, PostgreSQL"
    # www-data must reach the copy: a folder of its own, not under the (private) work folder
    served = Path(tempfile.mkdtemp(prefix="gatewatch-ttrss-"))
    served.chmod(0o755)
    work.mkdir(parents=True, exist_ok=True)
    _psql(f"DROP DATABASE IF EXISTS {DATABASE}", f"CREATE DATABASE {DATABASE}")
    try:
        _psql_file(INSTALL / "schema" / "ttrss_schema_pgsql.sql")
        port = free_port()
        www = _install(served, port)
        command = [
            *("runuser", "-u", "www-data", "--", "php", "-S", f"127.0.0.1:{port}"),
            *("-t", str(www)),
        ]
        pages: list[Page] = []
        english: dict[str, str] = {}
        with running(command, port, work / "php.log", cwd=www):
            for locale in ["en_US", *sorted(_locales())]:
                pages += _take(port, locale, VISITOR, "", english, source)
            cookie = _sign_in(port)
            for locale in SIGNED_IN_LANGUAGES:
                pages += _take(port, locale, SIGNED_IN, cookie, english, source)
        return pages
    finally:
        _psql(f"DROP DATABASE IF EXISTS {DATABASE}")
        shutil.rmtree(served, ignore_errors=True)


def _take(
    port: int, locale: str, requests: dict, cookie: str, english: dict[str, str], source: str
) -> list[Page]:
    language = TAGS.get(locale, locale.split("_")[0])
    accept = locale.lower().replace("_", "-")
    headers = {"Cookie": cookie} if cookie else {}
    pages = []
    for path, (label, name, note) in requests.items():
        status, answer, body = fetch(f"http://127.0.0.1:{port}{path}", accept, headers, 60)
        if status != 200 or "html" not in answer.get("content-type", ""):
            raise RuntimeError(f"{path} ({locale}) answered {status}: {body[:300]!r}")
        if cookie and b'name="password"' in body:
            raise RuntimeError(f"{path} ({locale}) signed in answered the sign-in form")
        if english.setdefault(name, _text(body)) == _text(body) and language != "en":
            continue  # not translated
        how = f"GET {path} Accept-Language: {accept}"
        how += " (signed in as the administrator)" if cookie else " (not signed in)"
        pages.append(
            Page(f"{name}.{language}.html", body, source, GROUP, how, language, label, status,
                 note)
        )  # fmt: skip
    return pages


def _locales() -> list[str]:
    return [path.name for path in (INSTALL / "www" / "locale").iterdir() if path.is_dir()]


def _install(served: Path, port: int) -> Path:
    """A copy of the web folder with its own config.php and writable state folders."""
    www = served / "www"
    shutil.copytree(
        INSTALL / "www",
        www,
        ignore=lambda folder, names: (
            {"config.php", "feed-icons"} if Path(folder) == INSTALL / "www" else set()
        ),
    )
    state = served / "state"
    for folder in ("lock", "cache/images", "cache/upload", "cache/export", "cache/js"):
        (state / folder).mkdir(parents=True)
    (www / "feed-icons").mkdir()
    (www / "config.php").write_text(CONFIG.format(database=DATABASE, port=port, state=state))
    subprocess.run(["chown", "-R", "www-data:www-data", str(served)], check=True)
    return www


def _sign_in(port: int) -> str:
    """The session cookie of the administrator (the schema's admin / password)."""
    data = urllib.parse.urlencode(
        {"op": "login", "login": "admin", "password": "password", "profile": ""}
    ).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/public.php", data)
    # the session is bound to the browser's User-Agent: the one core.fetch sends
    request.add_header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) gatewatch-harvest")
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        response = opener.open(request, timeout=60)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        cookies = response.headers.get_all("Set-Cookie") or []
    sessions = [cookie.split(";")[0] for cookie in cookies if cookie.startswith("ttrss_sid=")]
    if not sessions:
        raise RuntimeError("signing in as admin gave no session cookie")
    return sessions[-1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *arguments, **keywords):
        return None


def _psql(*statements: str, database: str = "postgres") -> None:
    command = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-v", "ON_ERROR_STOP=1"]
    for statement in statements:
        command += ["-c", statement]
    subprocess.run([*command, database], check=True, stdout=subprocess.DEVNULL)


def _psql_file(path: Path) -> None:
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-v", "ON_ERROR_STOP=1",
         "-f", str(path), DATABASE],
        check=True,
        stdout=subprocess.DEVNULL,
        env=dict(os.environ, PGOPTIONS="--client-min-messages=warning"),
    )  # fmt: skip


def _text(body: bytes) -> str:
    """What a reader sees of a page (and its title): no tags, scripts or styles."""
    text = re.sub(rb"(?s)<(script|style)\b.*?</\1>|<[^>]+>", b" ", body)
    return " ".join(text.decode("utf-8", "replace").split())
