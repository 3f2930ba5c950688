"""Debian cacti (Cacti, a graphing and monitoring front end, PHP): a private copy of Debian's
install (its site and cli folders, with a config.php of its own) under PHP's built-in server,
over a database of its own (MariaDB, 127.0.0.1:3306) made from the schema Debian ships and
installed by Cacti's own `cli/install_cacti.php --accept-eula --install`; one device
("Local server", its graphs made by Cacti's automation) added by `cli/add_device.php`. The
interface language is chosen by Cacti's `?language=` parameter, for each of its 23
translations.

Not signed in: the sign-in page (/index.php) and the sign-in form a deep link into the
console or the graphs gets (soft_401). Signed in as "guest" (the account Cacti ships with the
"View Graphs" right only; enabled here, with a password): "Permission Denied - You are not
permitted to access this section of Cacti." on the settings and the device list
(soft_403); its graph tree (healthy). Signed in as the administrator: "GRAPH DOES NOT EXIST"
for an unknown graph id (soft_404, inside the page's menus); the console, the device list, a
device search and a graph-template search with results, a graph, the about page, the user list
(healthy, in a few languages).

A page is kept in a language only where its text differs from the English page's. Left out:
PHP's built-in server's own 404 page (not Cacti's; under Apache it is Apache's), logout.php
(a redirect)."""

from __future__ import annotations

import http.cookiejar
import re
import shutil
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "cacti"
INSTALL = Path("/usr/share/cacti")
DATABASE = "tune_c_harvest_cacti"
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) gatewatch-harvest"
CONFIG = """<?php
$database_type     = 'mysql';
$database_default  = '{database}';
$database_hostname = '127.0.0.1';
$database_username = 'root';
$database_password = '';
$database_port     = '3306';
$database_retries  = 5;
$database_ssl      = false;
$database_persist  = false;
$poller_id = 1;
$url_path = '/';
$cacti_session_name = 'Cacti';
$cacti_db_session = false;
$disable_log_rotation = true;
$path_csrf_secret = '{work}/csrf-secret.php';
$proxy_headers = null;
"""
# path -> (label, name, note)
VISITOR = {
    "/index.php": ("soft_401", "sign-in", "the sign-in page"),
    "/graph_view.php": (
        "soft_401",
        "sign-in-wall-graphs",
        "the graphs, not signed in: the sign-in form",
    ),
    "/host.php?action=edit&id=1": (
        "soft_401",
        "sign-in-wall-device",
        "a device's edit page in the console, not signed in: the sign-in form",
    ),
}
GUEST = {
    "/settings.php": (
        "soft_403",
        "permission-denied-settings",
        "the settings, signed in as guest (View Graphs only): 'Permission Denied'",
    ),
    "/host.php": (
        "soft_403",
        "permission-denied-devices",
        "the device list, signed in as guest (View Graphs only): 'Permission Denied'",
    ),
}
GUEST_HEALTHY = {
    "/graph_view.php": ("ok", "guest-graphs", "the graph tree, signed in as guest"),
}
ADMIN = {
    "/graph.php?local_graph_id=999&rra_id=all": (
        "soft_404",
        "graph-does-not-exist",
        "an unknown graph id, signed in as admin: 'GRAPH DOES NOT EXIST' inside the page",
    ),
}
ADMIN_HEALTHY = {
    "/index.php": ("ok", "console", "the console's home, signed in as admin"),
    "/host.php": ("ok", "devices", "the device list"),
    "/host.php?filter=Local": ("ok", "device-search", "a device search with one result"),
    "/graph_templates.php?filter=Unix": (
        "ok",
        "graph-template-search",
        "a graph-template search with results",
    ),
    "/graph.php?local_graph_id=2&rra_id=all": ("ok", "graph", "a graph (Load Average)"),
    "/about.php": ("ok", "about", "the about page"),
    "/user_admin.php": ("ok", "users", "the user list"),
}
HEALTHY_LANGUAGES = ("en", "de-DE", "fr-FR", "es-ES", "ja-JP", "ru-RU", "pt-BR")
TAGS = {"pt-BR": "pt-br", "zh-CN": "zh-cn", "zh-TW": "zh-tw"}


def harvest(work: Path) -> list[Page]:
    apt_install("cacti", "php-cli", "php-mysql")
    source = f"{deb_version('cacti')} under PHP's built-in server, MariaDB"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    for folder in ("site", "cli"):
        subprocess.run(["cp", "-rL", str(INSTALL / folder), str(work / folder)], check=True)
    (work / "site" / "include" / "config.php").unlink()
    (work / "site" / "include" / "config.php").write_text(
        CONFIG.format(database=DATABASE, work=work)
    )
    _mysql(f"DROP DATABASE IF EXISTS {DATABASE}", f"CREATE DATABASE {DATABASE}")
    try:
        with (INSTALL / "conf_templates" / "cacti.sql").open("rb") as schema:
            subprocess.run([*_MYSQL, DATABASE], stdin=schema, check=True)
        _mysql(
            f"UPDATE settings SET value = '{work}/site/log/cacti.log' WHERE name = 'path_cactilog'",
            database=DATABASE,
        )
        _cli(work, "install_cacti.php", "--accept-eula", "--install")
        _cli(
            work, "add_device.php", "--description=Local server", "--ip=127.0.0.1",
            f"--template={_template(work)}", "--avail=none", "--version=0",
        )  # fmt: skip
        _mysql(
            "UPDATE user_auth SET must_change_password = '' WHERE username = 'admin'",
            "UPDATE user_auth SET enabled = 'on', must_change_password = '',"
            " password = MD5('guest-42') WHERE username = 'guest'",
            database=DATABASE,
        )
        languages = sorted(path.stem for path in (work / "site/locales/LC_MESSAGES").glob("*.mo"))
        port = free_port()
        command = ["php", "-S", f"127.0.0.1:{port}", "-t", str(work / "site")]
        pages: list[Page] = []
        english: dict[str, str] = {}
        with running(command, port, work / "php.log", cwd=work / "site"):
            admin = _sign_in(port, "admin", "admin")
            guest = _sign_in(port, "guest", "guest-42")
            for code in ["en", *languages]:
                take = {"port": port, "code": code, "english": english, "source": source}
                pages += _take(requests=VISITOR, cookie="", who="", **take)
                pages += _take(requests=GUEST, cookie=guest, who="guest", **take)
                pages += _take(requests=ADMIN, cookie=admin, who="admin", **take)
                if code in HEALTHY_LANGUAGES:
                    pages += _take(requests=GUEST_HEALTHY, cookie=guest, who="guest", **take)
                    pages += _take(requests=ADMIN_HEALTHY, cookie=admin, who="admin", **take)
        return pages
    finally:
        _mysql(f"DROP DATABASE IF EXISTS {DATABASE}")


def _take(
    port: int,
    code: str,
    requests: dict,
    cookie: str,
    who: str,
    english: dict[str, str],
    source: str,
) -> list[Page]:
    language = TAGS.get(code, code.split("-")[0])
    headers = {"Cookie": cookie} if cookie else {}
    pages = []
    for path, (label, name, note) in requests.items():
        asked = f"{path}{'&' if '?' in path else '?'}language={code}"
        status, answer, body = fetch(f"http://127.0.0.1:{port}{asked}", None, headers, 60)
        if status != 200 or "html" not in answer.get("content-type", ""):
            raise RuntimeError(f"{asked} answered {status}: {body[:300]!r}")
        if cookie and b"login_password" in body:
            raise RuntimeError(f"{asked} signed in as {who} answered the sign-in form")
        if not cookie and b"login_password" not in body:
            raise RuntimeError(f"{asked} not signed in answered no sign-in form")
        if english.setdefault(name, _text(body)) == _text(body) and language != "en":
            continue  # not translated
        how = f"GET {asked}" + (f" (signed in as {who})" if who else " (not signed in)")
        pages.append(
            Page(f"{name}.{language}.html", body, source, GROUP, how, language, label, status,
                 note)
        )  # fmt: skip
    return pages


def _sign_in(port: int, user: str, password: str) -> str:
    """The session cookie of `user`, through the sign-in form (with its CSRF token)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", USER_AGENT)]
    with opener.open(f"http://127.0.0.1:{port}/index.php", timeout=60) as response:
        token = re.search(rb"csrfMagicToken='([^']+)'", response.read()).group(1).decode()
    data = urllib.parse.urlencode(
        {
            "__csrf_magic": token,
            "action": "login",
            "login_username": user,
            "login_password": password,
        }
    ).encode()
    with opener.open(f"http://127.0.0.1:{port}/index.php", data, timeout=60) as response:
        body = response.read()
    if b"login_password" in body:
        raise RuntimeError(f"signing in as {user} failed")
    sessions = [f"{cookie.name}={cookie.value}" for cookie in jar if cookie.name == "Cacti"]
    if not sessions:
        raise RuntimeError(f"signing in as {user} gave no session cookie")
    return sessions[-1]


_MYSQL = ["mysql", "-h", "127.0.0.1", "-u", "root"]


def _mysql(*statements: str, database: str = "") -> None:
    command = [*_MYSQL, "-e", "; ".join(statements)]
    subprocess.run([*command, *([database] if database else [])], check=True)


def _template(work: Path) -> str:
    """The id of the device template "Local Linux Machine"."""
    return subprocess.run(
        [*_MYSQL, "-N", "-e", "SELECT id FROM host_template WHERE name = 'Local Linux Machine'",
         DATABASE],
        check=True, capture_output=True, text=True,
    ).stdout.split()[0]  # fmt: skip


def _cli(work: Path, script: str, *arguments: str) -> None:
    subprocess.run(
        ["php", script, *arguments],
        cwd=work / "cli",
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=900,
    )


def _text(body: bytes) -> str:
    """What a reader sees of a page (and its title): no tags, scripts or styles."""
    text = re.sub(rb"(?s)<(script|style)\b.*?</\1>|<[^>]+>", b" ", body)
    return " ".join(text.decode("utf-8", "replace").split())
