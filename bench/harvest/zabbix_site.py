"""Debian's Zabbix front end (zabbix-frontend-php), a private copy under PHP's built-in
server on 127.0.0.1 over a database of its own (PostgreSQL, 127.0.0.1:5432): the schema,
images and data of zabbix-server-pgsql, taken from its .deb (no Zabbix server runs). Its
interface language is the front end's default language (every user keeps "default"), set in
the database before each language's pages, with the glibc locales it needs built into the
work folder (LOCPATH). Pages: the sign-in page; "You are not logged in" (a visitor opens a
page that needs a login); "Access denied ... You have no permissions to access this page."
for the guest (let in at the end: Zabbix's data disables it) and for a user of the "User
role" opening administrators' pages; "Class not found." for an action the front end does
not have; healthy pages signed in as the administrator (the profile: as the user).
A page is kept in a language only where its text differs from the English page's."""

from __future__ import annotations

import glob
import gzip
import json
import os
import re
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "zabbix"
DATABASE = "gatewatch_harvest_zabbix"
PASSWORD = "harvest-only-password-42"
ADMIN_PASSWORD = "zabbix"  # the password Zabbix's data gives its administrator
# Zabbix's locale (one the front end offers) -> the language recorded
LANGUAGES = {
    "en_US": "en",
    "ca_ES": "ca",
    "cs_CZ": "cs",
    "de_DE": "de",
    "fr_FR": "fr",
    "it_IT": "it",
    "nb_NO": "nb",
    "pl_PL": "pl",
    "pt_BR": "pt-br",
    "pt_PT": "pt",
    "ro_RO": "ro",
    "ru_RU": "ru",
    "sk_SK": "sk",
    "tr_TR": "tr",
    "uk_UA": "uk",
    "he_IL": "he",
    "ja_JP": "ja",
    "ko_KR": "ko",
    "vi_VN": "vi",
    "zh_CN": "zh-cn",
}
HEALTHY_LANGUAGES = ("en_US", "de_DE", "fr_FR", "ru_RU", "ja_JP", "pt_BR", "zh_CN", "tr_TR")
# path -> (label, name, note, who: "" for a visitor, "guest", "reader" or "admin")
ERRORS = {
    "/index.php": ("soft_401", "login", "the sign-in page", ""),
    "/zabbix.php?action=dashboard.view": (
        "soft_401",
        "not-logged-in-dashboard",
        "a visitor opens the dashboard: 'You are not logged in' with a Login button",
        "",
    ),
    "/zabbix.php?action=problem.view": (
        "soft_401",
        "not-logged-in-problems",
        "a visitor opens the problems: 'You are not logged in' with a Login button",
        "",
    ),
    "/zabbix.php?action=user.list": (
        "soft_403",
        "access-denied-guest-users",
        "the guest opens the user list: access denied, no permissions",
        "guest",
    ),
    "/zabbix.php?action=usergroup.list": (
        "soft_403",
        "access-denied-user-groups",
        "a user of the User role opens the user groups: access denied, no permissions",
        "reader",
    ),
    "/zabbix.php?action=host.list": (
        "soft_403",
        "access-denied-host-configuration",
        "a user of the User role opens the host configuration: access denied",
        "reader",
    ),
    "/zabbix.php?action=gui.edit": (
        "soft_403",
        "access-denied-gui-settings",
        "a user of the User role opens the GUI settings: access denied",
        "reader",
    ),
    "/zabbix.php?action=no.such.page": (
        "soft_404",
        "class-not-found",
        "an action the front end does not have: 'Class not found.'",
        "admin",
    ),
}
HEALTHY = {
    "/zabbix.php?action=dashboard.view": ("ok", "dashboard", "the global dashboard", "admin"),
    "/zabbix.php?action=host.view": ("ok", "hosts", "Monitoring: the host list", "admin"),
    "/zabbix.php?action=problem.view": ("ok", "problems", "the problem list", "admin"),
    "/zabbix.php?action=search&search=Zabbix": (
        "ok",
        "search",
        "a search with results (hosts, templates)",
        "admin",
    ),
    "/zabbix.php?action=host.list": (
        "ok",
        "host-configuration",
        "Configuration: the host list",
        "admin",
    ),
    "/zabbix.php?action=userprofile.edit": ("ok", "profile", "the user's profile", "reader"),
    "/sysmaps.php": ("ok", "maps", "the network map list", "admin"),
}
CONFIG = """<?php
$DB['TYPE'] = 'POSTGRESQL';
$DB['SERVER'] = '127.0.0.1';
$DB['PORT'] = '5432';
$DB['DATABASE'] = '{database}';
$DB['USER'] = 'postgres';
$DB['PASSWORD'] = '';
$DB['SCHEMA'] = '';
$DB['ENCRYPTION'] = false;
$DB['KEY_FILE'] = '';
$DB['CERT_FILE'] = '';
$DB['CA_FILE'] = '';
$DB['VERIFY_HOST'] = false;
$DB['CIPHER_LIST'] = '';
$DB['VAULT_URL'] = '';
$DB['VAULT_DB_PATH'] = '';
$DB['VAULT_TOKEN'] = '';
$DB['DOUBLE_IEEE754'] = true;
$ZBX_SERVER_NAME = 'Harvest';
$IMAGE_FORMAT_DEFAULT = IMAGE_FORMAT_PNG;
"""


def harvest(work: Path) -> list[Page]:
    apt_install("zabbix-frontend-php", "php-pgsql", "locales")
    source = f"{deb_version('zabbix-frontend-php')} under PHP's built-in server, PostgreSQL"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    frontend = _install(work)
    locales = _build_locales(work)
    _psql(f"DROP DATABASE IF EXISTS {DATABASE}", f"CREATE DATABASE {DATABASE}")
    pages = []
    try:
        _load_schema(work)
        port = free_port()
        command = ["php", "-S", f"127.0.0.1:{port}", "-t", str(frontend)]
        environment = dict(os.environ, LOCPATH=str(locales))
        with running(command, port, work / "php.log", cwd=frontend, env=environment):
            _add_reader(port)
            cookies = {
                "": "",
                "reader": _sign_in(port, {"name": "reader", "password": PASSWORD}),
                "admin": _sign_in(port, {"name": "Admin", "password": ADMIN_PASSWORD}),
            }
            english: dict[str, str] = {}  # name -> the English page's text
            others = [(path, row) for path, row in ERRORS.items() if row[3] != "guest"]
            for locale in LANGUAGES:
                healthy = list(HEALTHY.items()) if locale in HEALTHY_LANGUAGES else []
                pages += _take(port, locale, others + healthy, cookies, english, source)
            # Zabbix's data puts the guest in the "Disabled" group; letting it in (as sites
            # with guest access do) also makes every visitor the guest, so this comes last
            _psql(
                "DELETE FROM users_groups WHERE userid = (SELECT userid FROM users WHERE"
                " username = 'guest') AND usrgrpid = (SELECT usrgrpid FROM usrgrp WHERE"
                " name = 'Disabled')",
                database=DATABASE,
            )
            cookies["guest"] = _sign_in(port, {"enter": "guest"})
            guests = [(path, row) for path, row in ERRORS.items() if row[3] == "guest"]
            for locale in LANGUAGES:
                pages += _take(port, locale, guests, cookies, english, source)
    finally:
        _psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    return pages


def _take(
    port: int,
    locale: str,
    requests: list[tuple[str, tuple[str, str, str, str]]],
    cookies: dict[str, str],
    english: dict[str, str],
    source: str,
) -> list[Page]:
    """The pages of `requests` with the front end's default language set to `locale`."""
    _psql(f"UPDATE config SET default_lang = '{locale}'", database=DATABASE)
    language = LANGUAGES[locale]
    pages = []
    for path, (label, name, note, who) in requests:
        headers = {"Cookie": cookies[who]} if who else {}
        status, answer, body = fetch(f"http://127.0.0.1:{port}{path}", headers=headers, timeout=60)
        if status != 200 or "html" not in answer.get("content-type", ""):
            raise RuntimeError(f"{path} ({who or 'visitor'}) answered {status}")
        if english.setdefault(name, _text(body)) == _text(body) and language != "en":
            continue  # not translated
        how = f"GET {path} with the default language {locale}"
        how += f" (signed in as {who})" if who else " (not signed in)"
        pages.append(
            Page(f"{name}.{language}.html", body, source, GROUP, how, language, label, status,
                 note)
        )  # fmt: skip
    return pages


def _install(work: Path) -> Path:
    """A copy of the front end whose configuration file is in the copy."""
    frontend = work / "zabbix"
    subprocess.run(["cp", "-rL", "/usr/share/zabbix", str(frontend)], check=True)
    configuration = frontend / "conf" / "zabbix.conf.php"
    configuration.write_text(CONFIG.format(database=DATABASE))
    # Debian's front end reads /etc/zabbix/zabbix.conf.php; the copy reads its own
    constants = frontend / "include" / "classes" / "core" / "CConfigFile.php"
    text = constants.read_text()
    if "'/etc/zabbix/zabbix.conf.php'" not in text:
        raise RuntimeError(f"{constants} no longer names /etc/zabbix/zabbix.conf.php")
    constants.write_text(text.replace("'/etc/zabbix/zabbix.conf.php'", f"'{configuration}'"))
    return frontend


def _build_locales(work: Path) -> Path:
    """The glibc locales of LANGUAGES, built into the work folder (read through LOCPATH)."""
    locales = work / "locales"
    locales.mkdir()
    for locale in LANGUAGES:
        subprocess.run(
            ["localedef", "-i", locale, "-f", "UTF-8", str(locales / f"{locale}.UTF-8")],
            check=True,
            capture_output=True,
        )
    return locales


def _load_schema(work: Path) -> None:
    """schema.sql, images.sql and data.sql of zabbix-server-pgsql (downloaded, not installed)."""
    subprocess.run(
        ["apt-get", "download", "-q", "zabbix-server-pgsql"],
        cwd=work,
        check=True,
        capture_output=True,
    )
    (package,) = glob.glob(str(work / "zabbix-server-pgsql_*.deb"))
    subprocess.run(["dpkg-deb", "-x", package, str(work / "server")], check=True)
    scripts = work / "server" / "usr" / "share" / "zabbix-server-pgsql"
    for name in ("schema", "images", "data"):
        sql = gzip.decompress((scripts / f"{name}.sql.gz").read_bytes())
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-v", "ON_ERROR_STOP=1",
             DATABASE],
            input=sql,
            check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip


def _add_reader(port: int) -> None:
    """A user of the "User role" in a group of its own, through the front end's API."""
    token = _api(port, "user.login", {"username": "Admin", "password": ADMIN_PASSWORD})
    group = _api(port, "usergroup.create", {"name": "Readers", "gui_access": 0}, token)
    user = {
        "username": "reader",
        "passwd": PASSWORD,
        "roleid": "1",
        "usrgrps": [{"usrgrpid": group["usrgrpids"][0]}],
    }
    _api(port, "user.create", user, token)


def _api(port: int, method: str, params: dict, token: str | None = None):
    call = {"jsonrpc": "2.0", "method": method, "params": params, "id": 1}
    if token:
        call["auth"] = token
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api_jsonrpc.php",
        json.dumps(call).encode(),
        {"Content-Type": "application/json-rpc"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.load(response)
    if "error" in answer:
        raise RuntimeError(f"{method}: {answer['error']}")
    return answer["result"]


def _sign_in(port: int, fields: dict[str, str]) -> str:
    """The session cookie of a sign-in through the sign-in form, as a Cookie header."""
    url = f"http://127.0.0.1:{port}/index.php"
    if fields.get("enter") == "guest":
        request = urllib.request.Request(f"{url}?enter=guest")
    else:
        data = urllib.parse.urlencode({**fields, "enter": "Sign in"}).encode()
        request = urllib.request.Request(url, data)
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        response = opener.open(request, timeout=60)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        cookies = response.headers.get_all("Set-Cookie") or []
        status = response.status
    sessions = [cookie.split(";")[0] for cookie in cookies if cookie.startswith("zbx_session=")]
    if status != 302 or not sessions:
        raise RuntimeError(f"signing in with {fields} answered {status}")
    return sessions[-1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *arguments, **keywords):
        return None


def _psql(*statements: str, database: str = "postgres") -> None:
    command = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-v", "ON_ERROR_STOP=1"]
    for statement in statements:
        command += ["-c", statement]
    subprocess.run([*command, database], check=True, stdout=subprocess.DEVNULL)


def _text(body: bytes) -> str:
    """What a reader sees of a page (and its title): no tags, scripts or styles."""
    text = re.sub(rb"(?s)<(script|style)\b.*?</\1>|<[^>]+>", b" ", body)
    return " ".join(text.decode("utf-8", "replace").split())
