"""Debian zoneminder (ZoneMinder 1.36) under PHP's built-in server on 127.0.0.1: a copy of
Debian's /usr/share/zoneminder/www whose includes/config.php reads a zm.conf and conf.d of our
own (its database, paths under the work folder), a MariaDB database of its own
(`fresh5a_zm`, made from Debian's zm_create.sql and triggers.sql, its own database user), with
authentication on (ZM_OPT_USE_AUTH), the privacy notice off, a monitor ("Front door", not
capturing: no zmc runs) and, beside Debian's admin, a user "viewer" whose rights are all None.
The language: ZoneMinder's default language (ZM_LANG_DEFAULT, the Options' setting), set to
each of its 23 lang/*.php in turn; the users have no language of their own, so a visitor and a
signed-in user see it.

Pages, in each language whose text differs from English's (en_gb, ZoneMinder's default):
the sign-in page (asked for; where a visitor is sent from the console; after a wrong
password: the same page) (soft_401); for admin, "Event was not found." for an event that does
not exist (soft_404); for viewer, signed in, "You do not have permissions to access this
resource." (the options, a monitor's live view, the events, the log: one page, kept once)
(soft_403); healthy pages: admin's console, options, a monitor's settings and live view,
events, event filter, groups, montage, cycle, system log, and viewer's console (empty) (ok).

Left out: a view that does not exist (index.php?view=nosuch), the report, storage and server
views of ids that do not exist: 200 with an empty body; a monitor, user or frame that does
not exist (ZoneMinder shows an empty monitor, a new-user form, an empty frame: nothing says
it is missing); a zone that does not exist (text/plain "Bogus coordinate string", 500); the
page shown right after signing in ("Logging In", a redirect by script)."""

from __future__ import annotations

import re
import shutil
import subprocess
import urllib.parse
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, free_port, running
from bench.harvest.kept_pages import Kept, get, session

GROUP = "zoneminder"
DATABASE = "fresh5a_zm"
DB_PASSWORD = "harvest-only-zm"
ADMIN = ("admin", "admin")  # zm_create.sql's administrator
VIEWER = ("viewer", "harvest-only-viewer")
SHARE = Path("/usr/share/zoneminder")
# lang/*.php -> the language recorded (en_gb is ZoneMinder's default and English here)
LANGUAGES = {
    "en_gb": "en",
    "en_us": "en-us",
    "ba_ba": "bs",
    "big5_big5": "zh-hant",  # Traditional Chinese in Big5 (zh_tw is the UTF-8 one)
    "cs_cz": "cs",
    "de_de": "de",
    "dk_dk": "da",
    "es_ar": "es-ar",
    "es_es": "es",
    "et_ee": "et",
    "fr_fr": "fr",
    "he_il": "he",
    "hu_hu": "hu",
    "it_it": "it",
    "ja_jp": "ja",
    "nl_nl": "nl",
    "pl_pl": "pl",
    "pt_br": "pt-br",
    "ro_ro": "ro",
    "ru_ru": "ru",
    "se_se": "sv",
    "zh_cn": "zh-cn",
    "zh_tw": "zh-tw",
}
# (query, user, label, name, note)
REQUESTS = (
    ("view=login", None, "soft_401", "sign-in", "the sign-in page, asked for"),
    ("view=console", None, "soft_401", "sign-in-from-console",
     "a visitor opens the console: sent to the sign-in page"),
    ("view=console", ADMIN, "ok", "console", "the console (one monitor), signed in as admin"),
    ("view=options", ADMIN, "ok", "options", "the options, admin"),
    ("view=monitor&mid=1", ADMIN, "ok", "monitor-settings", "a monitor's settings, admin"),
    ("view=watch&mid=1", ADMIN, "ok", "monitor-live", "a monitor's live view (not capturing)"),
    ("view=events", ADMIN, "ok", "events", "the events (none), admin"),
    ("view=filter", ADMIN, "ok", "filter", "the event filter, admin"),
    ("view=groups", ADMIN, "ok", "groups", "the monitor groups, admin"),
    ("view=montage", ADMIN, "ok", "montage", "the montage, admin"),
    ("view=cycle", ADMIN, "ok", "cycle", "the cycle view, admin"),
    ("view=log", ADMIN, "ok", "log", "the system log, admin"),
    ("view=event&eid=999", ADMIN, "soft_404", "no-such-event",
     "an event that does not exist, admin: 'Event was not found.'"),
    ("view=console", VIEWER, "ok", "console-viewer", "the console of a user without rights"),
    ("view=options", VIEWER, "soft_403", "denied-options",
     "the options for a signed-in user without rights: 'You do not have permissions to access"
     " this resource.'"),
    ("view=watch&mid=1", VIEWER, "soft_403", "denied-monitor",
     "a monitor's live view for a signed-in user without rights"),
    ("view=events", VIEWER, "soft_403", "denied-events",
     "the events for a signed-in user without rights"),
    ("view=log", VIEWER, "soft_403", "denied-log", "the log for a signed-in user without rights"),
)  # fmt: skip
# the console's load, disk and database figures and the tokens change between requests
NOISE = r"\d[\d.,:/%]*"


def harvest(work: Path) -> list[Page]:
    apt_install("zoneminder", "php-cli", "php-mysql", "mariadb-client")
    source = deb_version("zoneminder")
    shutil.rmtree(work, ignore_errors=True)
    _configure(work)
    _database()
    port = free_port()
    php = ["php", "-S", f"127.0.0.1:{port}", "-t", str(work / "www")]
    with running(php, port, work / "php.log", env={"PATH": "/usr/bin:/bin"}):
        found = Kept(GROUP, source, NOISE)
        for locale, language in LANGUAGES.items():
            _sql(f"UPDATE Config SET Value='{locale}' WHERE Name='ZM_LANG_DEFAULT'")
            _pages(found, f"http://127.0.0.1:{port}", locale, language)
    _sql_root(f"DROP DATABASE IF EXISTS {DATABASE}")
    return found.pages


def _configure(work: Path) -> None:
    shutil.copytree(SHARE / "www", work / "www", symlinks=True)
    for folder in ("conf.d", "log", "events", "tmp"):
        (work / folder).mkdir()
    config = work / "www/includes/config.php"
    text = config.read_text()
    text = text.replace("'/etc/zm/zm.conf'", f"'{work}/zm.conf'")
    config.write_text(text.replace("'/etc/zm/conf.d'", f"'{work}/conf.d'"))
    settings = {
        "ZM_DB_NAME": DATABASE,
        "ZM_DB_USER": DATABASE,
        "ZM_DB_PASS": DB_PASSWORD,
        "ZM_PATH_WEB": f"{work}/www",
        "ZM_DIR_EVENTS": f"{work}/events",
        "ZM_PATH_LOGS": f"{work}/log",
        "ZM_PATH_SOCKS": f"{work}/tmp",
        "ZM_PATH_SWAP": f"{work}/tmp",
        "ZM_DIR_EXPORTS": f"{work}/tmp",
    }
    for name, target in (
        ("zm.conf", work / "zm.conf"),
        ("conf.d/01-system-paths.conf", work / "conf.d/01-system-paths.conf"),
        ("conf.d/02-multiserver.conf", work / "conf.d/02-multiserver.conf"),
    ):
        lines = Path("/etc/zm", name).read_text().splitlines()
        for index, line in enumerate(lines):
            key = line.split("=", 1)[0]
            if key in settings:
                lines[index] = f"{key}={settings[key]}"
        target.write_text("\n".join(lines) + "\n")


def _database() -> None:
    """fresh5a_zm from Debian's schema, its user, authentication on, the two users, a monitor."""
    schema = (SHARE / "db/zm_create.sql").read_text().replace("`zm`", f"`{DATABASE}`")
    _sql_root(f"DROP DATABASE IF EXISTS {DATABASE}")
    subprocess.run(["mysql"], input=schema, text=True, check=True)
    triggers = (SHARE / "db/triggers.sql").read_text()
    subprocess.run(["mysql", DATABASE], input=triggers, text=True, check=True)
    _sql_root(
        f"CREATE USER IF NOT EXISTS '{DATABASE}'@'localhost' IDENTIFIED BY '{DB_PASSWORD}';"
        f" GRANT ALL ON {DATABASE}.* TO '{DATABASE}'@'localhost';"
    )
    password = subprocess.run(
        ["php", "-r", f"echo password_hash('{VIEWER[1]}', PASSWORD_BCRYPT);"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    _sql(
        "UPDATE Config SET Value='1' WHERE Name='ZM_OPT_USE_AUTH';"
        " UPDATE Config SET Value='harvest-only-secret' WHERE Name='ZM_AUTH_HASH_SECRET';"
        " UPDATE Config SET Value='0' WHERE Name='ZM_SHOW_PRIVACY';"
        " INSERT INTO Users (Username, Password, Language, Enabled, Stream, Events, Control,"
        " Monitors, `Groups`, Devices, System) VALUES"
        f" ('{VIEWER[0]}', '{password}', '', 1, 'None', 'None', 'None', 'None', 'None', 'None',"
        " 'None');"
        " INSERT INTO Monitors (Name, Type, `Function`, Path, Width, Height) VALUES"
        " ('Front door', 'Ffmpeg', 'Monitor', 'rtsp://127.0.0.1:1/none', 640, 480);"
    )


def _sql_root(statement: str) -> None:
    subprocess.run(["mysql", "-e", statement], check=True)


def _sql(statement: str) -> None:
    subprocess.run(["mysql", DATABASE, "-e", statement], check=True)


def _pages(found: Kept, base: str, locale: str, language: str) -> None:
    browsers = {None: session(language)}
    for user in (ADMIN, VIEWER):
        browsers[user] = session(language)
        status, url, _, body = _sign_in(browsers[user], base, *user)
        if b"loginError" in body and b"Logging In" not in body:
            raise RuntimeError(f"{user[0]} could not sign in ({status} {url})")
    for query, user, label, name, note in REQUESTS:
        status, url, kind, body = get(browsers[user], f"{base}/index.php?{query}")
        if label == "ok" and (status != 200 or b"view=login" in url.encode()):
            raise RuntimeError(f"{query} ({user}) answered {status} at {url}: no healthy page")
        who = f"signed in as {user[0]}" if user else "a visitor"
        how = f"GET /index.php?{query} ({who}, ZM_LANG_DEFAULT={locale})"
        if url != f"{base}/index.php?{query}":
            how += f"; redirected to {url.removeprefix(base)}"
        found.keep(name, language, body, status, kind, label, how, note)
    status, url, kind, body = _sign_in(session(language), base, VIEWER[0], "not-the-password")
    found.keep("sign-in-failed", language, body, status, kind, "soft_401",
               f"POST /index.php?view=login with a wrong password (ZM_LANG_DEFAULT={locale})",
               "the sign-in page after a wrong password")  # fmt: skip


def _sign_in(browser, base: str, username: str, password: str):
    _, _, _, page = get(browser, f"{base}/index.php?view=login")
    token = re.search(rb"name='__csrf_magic' value=\"([^\"]+)\"", page)
    fields = {
        "__csrf_magic": token.group(1).decode() if token else "",
        "action": "login",
        "postLoginQuery": "",
        "username": username,
        "password": password,
    }
    data = urllib.parse.urlencode(fields).encode()
    return get(browser, f"{base}/index.php?view=login", data)
