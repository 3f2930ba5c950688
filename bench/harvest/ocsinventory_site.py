"""Debian ocsinventory-reports (OCS Inventory NG's reports console) under PHP's built-in server
on 127.0.0.1: a copy of Debian's /usr/share/ocsinventory-reports whose dbconfig.inc.php
names a MariaDB database of its own (`fresh6c_ocs`, from the package's files/ocsbase_new.sql,
its own database user), updated to the console's version by its own update form (the page
the console shows first), install.php removed (as the console asks after an installation),
and vendor/autoload.php written: Debian's package has no vendor folder (composer's), so the
console dies on its first page without one; ours loads Debian's libphp-phpmailer, which the
package depends on. In the database: one computer ("harbour-office-01", tag WEST) and a
static group of it, as an agent and the console would write them; operators: the
administrator (profile sadmin, its password changed), "reader" (profile read-only) and
"eastadmin" (profile ladmin, limited to the tag EAST). The language: the console's language
menu (a POST of LANG, kept in the session and a cookie), before signing in, for each of the
17 languages of plugins/language.

Pages, in each language whose text differs from English's (en_GB): the sign-in page (asked
for; where a visitor is sent from the computer list: the same page; after a wrong password,
"No user provided", which the console says after any failed sign-in) (soft_401); for the
administrator, "The information you are trying to access does not exist" for a group that
does not exist, "page not found !!!!" for the help page (its menu entry's page is not in the
package) and "You don't have access to this data" for a computer that does not exist (the
console's answer when the computer's query finds nothing; the administrator sees every
computer, so for him it can only mean the computer does not exist) (soft_404); "ACCESS
DENIED" for reader on the users, the configuration and a group, and for eastadmin on the
users, "You don't have access to this data" for eastadmin on the computer of tag WEST
(soft_403); healthy pages: the administrator's dashboard, computers, a computer, software,
groups, a group, search, users, profiles, configuration, server information, and reader's
and eastadmin's dashboard and computer list, reader's computer page (ok).

Left out: an unknown function (index.php?function=nosuch: the console's access check answers
"ACCESS DENIED" for any page not in the user's profile, an unknown one too: it says nothing
of whether the page exists)."""

from __future__ import annotations

import re
import shutil
import subprocess
import urllib.parse
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, running
from bench.harvest.web_session import Keeper, Session

GROUP = "ocsinventory"
DATABASE = "fresh6c_ocs"
DB_PASSWORD = "harvest-only-ocs"
PORT = 18640  # the harvest's range is 18600-18699 (the machine is shared)
SHARE = Path("/usr/share/ocsinventory-reports")
ADMIN = ("admin", "harvest-admin-42")
READER = ("reader", "harvest-reader-42")
EAST = ("eastadmin", "harvest-east-42")
# plugins/language folders -> the language recorded (en_GB is the console's default)
LANGUAGES = {
    "en_GB": "en",
    "br_BR": "pt-br",
    "cs_CZ": "cs",
    "de_DE": "de",
    "es_ES": "es",
    "fr_FR": "fr",
    "it_IT": "it",
    "ja_JP": "ja",
    "nl_NL": "nl",
    "pl_PL": "pl",
    "pt_PT": "pt",
    "ru_RU": "ru",
    "si_SI": "sl",  # "slovenian" in its lang_config.txt
    "tr_TR": "tr",
    "ug_UY": "hu",  # "hungarian" in its lang_config.txt
    "uk_UA": "uk",
    "zh_CN": "zh-cn",
}
COMPUTER = "function=computer&head=1&systemid=1"
# (query, user, label, name, note)
REQUESTS = (
    ("", None, "soft_401", "sign-in", "the sign-in page, asked for"),
    ("function=visu_computers", None, "soft_401", "sign-in-from-computers",
     "a visitor opens the computer list: the sign-in page"),
    ("function=console", ADMIN, "ok", "dashboard", "the administrator's dashboard"),
    ("function=visu_computers", ADMIN, "ok", "computers", "all computers, the administrator"),
    (COMPUTER, ADMIN, "ok", "computer", "a computer's page, the administrator"),
    ("function=visu_all_soft", ADMIN, "ok", "software", "all software, the administrator"),
    ("function=visu_groups", ADMIN, "ok", "groups", "the groups, the administrator"),
    ("function=group_show&systemid=2", ADMIN, "ok", "group", "a static group's page"),
    ("function=visu_search", ADMIN, "ok", "search", "the search with various criteria"),
    ("function=admin_user", ADMIN, "ok", "users", "the users, the administrator"),
    ("function=admin_profiles", ADMIN, "ok", "profiles", "the profiles, the administrator"),
    ("function=admin_conf", ADMIN, "ok", "configuration", "the general configuration"),
    ("function=server_infos", ADMIN, "ok", "server-information", "the server information"),
    ("function=group_show&systemid=999", ADMIN, "soft_404", "no-such-group",
     "a group that does not exist: 'The information you are trying to access does not exist'"),
    ("function=help", ADMIN, "soft_404", "help-page-not-found",
     "the help menu entry, whose page the package does not hold: 'page not found !!!!'"),
    ("function=computer&head=1&systemid=999", ADMIN, "soft_404", "no-such-computer",
     "a computer that does not exist, the administrator (who sees every computer): 'You don't "
     "have access to this data', the console's answer when the computer is not found"),
    ("function=console", READER, "ok", "dashboard-reader", "the dashboard of a read-only user"),
    ("function=visu_computers", READER, "ok", "computers-reader", "all computers, read-only"),
    (COMPUTER, READER, "ok", "computer-reader", "a computer's page, read-only"),
    ("function=admin_user", READER, "soft_403", "denied-users",
     "the users for a read-only user: 'ACCESS DENIED'"),
    ("function=admin_conf", READER, "soft_403", "denied-configuration",
     "the configuration for a read-only user: 'ACCESS DENIED'"),
    ("function=group_show&systemid=2", READER, "soft_403", "denied-group",
     "a group's page for a read-only user: 'ACCESS DENIED'"),
    ("function=console", EAST, "ok", "dashboard-east", "the dashboard of eastadmin (tag EAST)"),
    ("function=visu_computers", EAST, "ok", "computers-east",
     "all computers for eastadmin (none of them his)"),
    (COMPUTER, EAST, "soft_403", "denied-computer",
     "the computer of tag WEST for eastadmin, limited to tag EAST: 'You don't have access to "
     "this data'"),
    ("function=admin_user", EAST, "soft_403", "denied-users-east",
     "the users for eastadmin (profile ladmin): 'ACCESS DENIED'"),
)  # fmt: skip
# the server's free memory, the dates and the tokens change between requests
NOISE = re.compile(r"\d[\d.,:/%]*")
SEED = """
INSERT INTO hardware (DEVICEID, NAME, WORKGROUP, USERDOMAIN, OSNAME, OSVERSION, PROCESSORT,
  PROCESSORS, PROCESSORN, MEMORY, SWAP, IPADDR, DNS, DEFAULTGATEWAY, LASTDATE, LASTCOME, USERID,
  DESCRIPTION, USERAGENT, CHECKSUM, IPSRC, UUID, ARCH)
VALUES ('HARBOUR-OFFICE-01-2026-12-07-10-00-00', 'harbour-office-01', 'HARBOUR', 'harbour',
  'Debian GNU/Linux 12', '6.1.0-28-amd64', 'Intel(R) Core(TM) i5-8500', 3000, 6, 8192, 2048,
  '192.168.10.21', '192.168.10.1', '192.168.10.1', NOW(), NOW(), 'mara',
  'x86_64/00-00-00 00:00:00', 'OCS-NG_unified_unix_agent_v2.10.0', 131071, '192.168.10.21',
  '4C4C4544-0031-3010-8050-B2C04F4E3132', 'x86_64');
INSERT INTO accountinfo (HARDWARE_ID, TAG) VALUES (1, 'WEST');
INSERT INTO hardware (DEVICEID, NAME, DESCRIPTION, LASTDATE, CHECKSUM)
VALUES ('_SYSTEMGROUP_', 'West office', 'Computers of the west office', NOW(), 0);
INSERT INTO `groups` VALUES (2, '', UNIX_TIMESTAMP(), 0, '');
INSERT INTO groups_cache VALUES (1, 2, 1);
INSERT INTO tags (Tag, Login) VALUES ('EAST', 'eastadmin');
"""


def harvest(work: Path) -> list[Page]:
    apt_install("ocsinventory-reports", "php-cli", "php-mysql", "php-mbstring", "mariadb-client")
    source = deb_version("ocsinventory-reports")
    shutil.rmtree(work, ignore_errors=True)
    _configure(work)
    _database()
    php = ["php", "-S", f"127.0.0.1:{PORT}", "-t", str(work / "www")]
    with running(php, PORT, work / "php.log", env={"PATH": "/usr/bin:/bin"}):
        base = f"http://127.0.0.1:{PORT}"
        _update(base)
        keeper = Keeper(GROUP, source, NOISE)
        for folder, language in LANGUAGES.items():
            _pages(keeper, base, folder, language)
    _sql_root(f"DROP DATABASE IF EXISTS {DATABASE}")
    return keeper.pages


def _configure(work: Path) -> None:
    www = work / "www"
    shutil.copytree(SHARE, www, symlinks=True)
    (www / "dbconfig.inc.php").unlink()
    (www / "install.php").unlink()
    settings = {"DB_NAME": DATABASE, "SERVER_READ": "127.0.0.1", "SERVER_WRITE": "127.0.0.1",
                "SERVER_PORT": "3306", "COMPTE_BASE": DATABASE, "PSWD_BASE": DB_PASSWORD,
                "ENABLE_SSL": "0", "SSL_MODE": "", "SSL_KEY": "", "SSL_CERT": "",
                "CA_CERT": ""}  # fmt: skip
    lines = [f'define("{key}", "{value}");' for key, value in settings.items()]
    (www / "dbconfig.inc.php").write_text("<?php\n" + "\n".join(lines) + "\n?>")
    (www / "vendor").mkdir()
    (www / "vendor/autoload.php").write_text(
        "<?php\n// composer's autoloader, from Debian's packages\n"
        'require_once "/usr/share/php/libphp-phpmailer/autoload.php";\n'
    )


def _database() -> None:
    _sql_root(
        f"DROP DATABASE IF EXISTS {DATABASE};"
        f" CREATE DATABASE {DATABASE} CHARACTER SET utf8 COLLATE utf8_bin;"
        + "".join(
            f" CREATE USER IF NOT EXISTS '{DATABASE}'@'{host}' IDENTIFIED BY '{DB_PASSWORD}';"
            f" GRANT ALL ON {DATABASE}.* TO '{DATABASE}'@'{host}';"
            for host in ("localhost", "127.0.0.1")
        )
    )
    schema = (SHARE / "files/ocsbase_new.sql").read_text()
    _mysql([DATABASE], schema)
    hashes = {user: _bcrypt(password) for user, password in (ADMIN, READER, EAST)}
    operators = (
        f"UPDATE operators SET PASSWD='{hashes[ADMIN[0]]}' WHERE ID='{ADMIN[0]}';"
        " INSERT INTO operators (ID, FIRSTNAME, LASTNAME, PASSWD, NEW_ACCESSLVL, COMMENTS,"
        " EMAIL, PASSWORD_VERSION) VALUES"
        f" ('{READER[0]}', 'Rita', 'Holm', '{hashes[READER[0]]}', 'read-only',"
        " 'Read-only account', 'reader@example.org', 1),"
        f" ('{EAST[0]}', 'Erik', 'Strand', '{hashes[EAST[0]]}', 'ladmin',"
        " 'Administrator of the east site', 'east@example.org', 1);"
    )
    _mysql([DATABASE], SEED + operators)


def _bcrypt(password: str) -> str:
    script = f"echo password_hash('{password}', PASSWORD_BCRYPT);"
    return subprocess.run(["php", "-r", script], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip


def _sql_root(statement: str) -> None:
    _mysql([], statement)


def _mysql(arguments: list[str], script: str) -> None:
    command = ["mysql", "-h", "127.0.0.1", "-u", "root", *arguments]
    subprocess.run(command, input=script, text=True, check=True)


def _update(base: str) -> None:
    """The console's own update form, which its first page shows (GUI_VERSION 7039 -> 7069)."""
    browser = Session(base)
    _, _, _, page = browser.get("/index.php")
    if b"form_update" in page:
        _, _, _, page = browser.get("/index.php", {"update": "Perform the update"})
    _, _, _, page = Session(base).get("/index.php")
    if b'name="LOGIN"' not in page:
        raise RuntimeError(f"no sign-in page after the update: {page[-600:]!r}")


def _session(base: str, folder: str, user: tuple[str, str] | None) -> Session:
    """A browser whose language is `folder`, signed in as `user` (None: a visitor)."""
    browser = Session(base)
    browser.get("/index.php", {"LANG": folder})
    if user:
        fields = {"LOGIN": user[0], "PASSWD": user[1], "Valid_CNX": "Send"}
        _, _, _, page = browser.get("/index.php", fields)
        if b'name="LOGIN"' in page:
            raise RuntimeError(f"{user[0]} could not sign in")
    return browser


def _pages(keeper: Keeper, base: str, folder: str, language: str) -> None:
    browsers = {user: _session(base, folder, user) for user in (None, ADMIN, READER, EAST)}
    for query, user, label, name, note in REQUESTS:
        path = f"/index.php?{query}" if query else "/index.php"
        status, final, kind, body = browsers[user].get(path)
        if label == "ok" and (status != 200 or b'name="LOGIN"' in body):
            raise RuntimeError(f"{path} ({user}) answered {status}: no healthy page")
        who = f"signed in as {user[0]}" if user else "a visitor"
        how = f"GET {path} ({who}, language {folder} chosen in the console's menu)"
        if final != path:
            how += f"; redirected to {final}"
        keeper.keep(name, body, status, label, language, how, note, kind)
    fields = urllib.parse.urlencode({"LOGIN": READER[0], "PASSWD": "not-the-password",
                                     "Valid_CNX": "Send"}).encode()  # fmt: skip
    status, _, kind, body = _session(base, folder, None).get("/index.php", fields)
    keeper.keep("sign-in-failed", body, status, "soft_401", language,
                f"POST /index.php with a wrong password (language {folder})",
                "the sign-in page after a wrong password: 'No user provided'", kind)  # fmt: skip
