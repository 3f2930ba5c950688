"""The software of nine more tune groups, brought up as their harvest modules did, for
`python bench/probe_answers.py --fetch-only GROUP,...` (tests/fixtures/real_probes/<group>/).

Each server below is a context manager with probe_fetch.trac_server's signature; its
headers_for(row) sends what the row's `obtained` says: the Accept-Language the harvest sent
(none where it sent none), the session or Basic credentials of the user the row names, and,
where the software's language is a setting (BackupPC's $Conf{Language}, ZoneMinder's
ZM_LANG_DEFAULT, Zabbix's default language) or a menu choice (OCS Inventory's LANG), that
setting, switched before the row's probes are fetched.

Why not probe_fetch.probe_group: it keys a crawl by Accept-Language and signed in or not,
and reads "signed in" only as "signed in as"; here the language is often a setting (no
Accept-Language: BackupPC's 416 rows would be one crawl in 13 languages) and one group has
several users (BackupPC's admin, alice, bob; Sympa's alice and bob; Cacti's admin and guest),
whose probes answer differently. probe_rows plans and saves the probes as probe_group does,
in the same index.json format, with one crawl per (language, user) of the rows (context_of).

FIGURES: see the report printed by --fetch-only (filled in below per group when fetched).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from bench.harvest.core import MAX_PAGE_BYTES
from bench.probe_fetch import first_request, follow, request_of, virtual_base
from bench.real_accuracy import load_rows
from gatewatch.crawler.detectors import ProbePlanner

Headers = Callable[[dict], dict]

# the row's language: the Accept-Language sent, else the setting or URL parameter that chose it
_LANGUAGE = re.compile(
    r"Accept-Language: ([^\s,;)]+)|Language\} = '(\w+)'|ZM_LANG_DEFAULT=(\w+)"
    r"|\blanguage ([a-z]{2}_[A-Z]{2})\b|[?&]language=([\w-]+)"
)
_USER = re.compile(r"(?:signed in as|authentication as) ([^\s,;)]+)")


def language_of(row: dict) -> str:
    found = _LANGUAGE.search(row["obtained"])
    return next(filter(None, found.groups())) if found else row["language"]


def user_of(row: dict) -> str:
    """The user the row was fetched as: a name, "signed-in" when unnamed, or "anonymous"."""
    obtained = row["obtained"]
    named = _USER.search(obtained)
    if named:
        return named.group(1)
    if re.search(r"\bsigned[ -]in\b", obtained) and "not signed in" not in obtained:
        return "signed-in"
    return "anonymous"


def context_of(row: dict) -> str:
    """One crawl: the same language, as the same user."""
    return f"{language_of(row)}|{user_of(row)}"


# a user whose rows are probed after every other row's (its sign-in changes the software)
LAST = {"zabbix": "guest"}


def probe_rows(group: str, base: str, headers_for: Headers, out: Path) -> dict:
    """probe_fetch.probe_group with one crawl per context_of(row): every probe a crawl would
    plan for the group's rows, fetched with the row's headers, saved as probe_group saves them.
    headers_for is called only for a row that plans probes (it may switch a setting)."""
    vbase = virtual_base(group)
    planners: dict[str, ProbePlanner] = {}
    index: dict = {"group": group, "contexts": {}, "rows": {}}
    out.mkdir(parents=True, exist_ok=True)
    rows = [row for row in load_rows() if row["source_group"] == group]
    rows.sort(key=lambda row: user_of(row) == LAST.get(group))  # stable: else as in labels
    for row in rows:
        context = context_of(row)
        planner = planners.setdefault(
            context, ProbePlanner(chooser=random.Random(f"{group}|{context}"))
        )
        shapes = index["contexts"].setdefault(context, {"shapes": {}, "sources": {}})
        url = vbase + request_of(row)[0]
        first = first_request(row)
        planned = planner.plan(vbase + first, redirect=True) if first else []
        planned += planner.plan(url)
        headers = headers_for(row) if planned else {}
        for shape, kind, probe_url in planned:
            shapes["sources"].setdefault(shape, url)
            answer = follow(base + probe_url.removeprefix(vbase), headers)
            body = answer.pop("body")
            name = hashlib.sha1(body).hexdigest()[:16] + ".html"
            if len(body) <= MAX_PAGE_BYTES:
                (out / name).write_bytes(body)
            else:
                name = ""  # too large to keep
            answer["final_url"] = vbase + answer["final_url"].removeprefix(base)
            shapes["shapes"].setdefault(shape, []).append(
                {"kind": kind, "url": probe_url, **answer, "file": name, "bytes": len(body)}
            )
        index["rows"][row["file"]] = {"context": context, "url": url}
        if first:
            index["rows"][row["file"]]["first"] = vbase + first
    (out / "index.json").write_text(json.dumps(index, indent=1, ensure_ascii=False) + "\n")
    return index


def _accept(row: dict) -> dict:
    """The Accept-Language the row names (none when it names none)."""
    found = re.search(r"Accept-Language: ([^\s,;)]+)", row["obtained"])
    return {"Accept-Language": found.group(1)} if found else {}


def _cookies(opener) -> str:
    """The Cookie header of a urllib opener's jar."""
    jar = next(h.cookiejar for h in opener.handlers if hasattr(h, "cookiejar"))
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


# -- Python applications (PyPI), in environments of their own --------------------------------

VENVS = Path("/tmp/tuneprobes-venvs")


@contextlib.contextmanager
def allauth_server(work: Path, port: int) -> Iterator[tuple[str, Headers]]:
    """As bench.harvest.allauth_pages: allauth's account app under Django's server; alice's
    session made in the database (its cookie sent for the rows "with a signed-in session")."""
    import os
    import shutil
    import subprocess

    from bench.harvest import allauth_pages as allauth
    from bench.harvest import pyenv
    from bench.harvest.core import running

    python = pyenv.python("django-allauth==65.22.1", "django==5.2.20", home=VENVS / "allauth")
    shutil.rmtree(work, ignore_errors=True)
    (work / "accountsite").mkdir(parents=True)
    (work / "accountsite" / "__init__.py").write_text("")
    (work / "accountsite" / "settings.py").write_text(allauth.SETTINGS)
    (work / "accountsite" / "urls.py").write_text(allauth.URLS)
    environment = dict(os.environ, DJANGO_SETTINGS_MODULE="accountsite.settings",
                       PYTHONPATH=str(work))  # fmt: skip
    django = [str(python), "-m", "django"]
    run = {"cwd": work, "env": environment, "check": True, "capture_output": True, "text": True}
    subprocess.run([*django, "migrate", "-v", "0"], **run)
    session = subprocess.run([*django, "shell", "-c", allauth.SESSION], **run).stdout.split()[-1]

    def headers_for(row: dict) -> dict:
        signed_in = user_of(row) != "anonymous"
        return {**_accept(row), **({"Cookie": f"sessionid={session}"} if signed_in else {})}

    command = [*django, "runserver", f"127.0.0.1:{port}", "--noreload"]
    with running(command, port, work / "server.log", timeout=90, cwd=work, env=environment):
        yield f"http://127.0.0.1:{port}", headers_for


@contextlib.contextmanager
def flask_security_server(work: Path, port: int) -> Iterator[tuple[str, Headers]]:
    """As bench.harvest.flask_security_site: its views alone under `flask run`, not signed in
    (no row is signed in)."""
    import os
    import shutil

    from bench.harvest import flask_security_site as site
    from bench.harvest import pyenv
    from bench.harvest.core import running

    requirement = site.REQUIREMENT.replace("]", "]==5.9.2")
    python = pyenv.python(requirement, home=VENVS / "flasksec")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work / "app.py").write_text(site.APP)
    environment = dict(os.environ, HARVEST_DB=str(work / "users.sqlite"),
                       HARVEST_LOCALES=",".join(site.LOCALES), FLASK_APP="app")  # fmt: skip
    command = [str(python.parent / "flask"), "run", "-h", "127.0.0.1", "-p", str(port)]
    with running(command, port, work / "flask.log", env=environment, cwd=work):
        yield f"http://127.0.0.1:{port}", _accept


@contextlib.contextmanager
def changedetection_server(work: Path, port: int) -> Iterator[tuple[str, Headers]]:
    """As bench.harvest.changedetection_site: two watches of a small site of ours (each with
    two snapshots), then a password set; a row "signed in" sends the session of a sign-in in
    its Accept-Language."""
    import os
    import shutil

    from bench.harvest import changedetection_site as cd
    from bench.harvest import pyenv, web_session
    from bench.harvest.core import running
    from bench.harvest.web_session import Session

    python = pyenv.python("changedetection.io==0.60.10", home=VENVS / "changedetection")
    shutil.rmtree(work, ignore_errors=True)
    data = work / "datastore"
    command = [str(python.parent / "changedetection.io"), "-h", "127.0.0.1", "-p", str(port)]
    command += ["-d", str(data)]
    environment = dict(os.environ, ALLOW_IANA_RESTRICTED_ADDRESSES="true", HOME=str(work))
    site_folder = web_session.write_site(work / "site")
    with web_session.serving(site_folder, port + 1) as site:
        adding = ["-C", "-u", site + "index.html", "-u", site + "bread.html"]
        with running(command + adding, port, work / "cd.log", timeout=120, env=environment):
            cd._wait_for_snapshots(data, 1)
        web_session.write_site(site_folder, "New this week: rye and caraway rolls.")
        with running([*command, "-r", "all"], port, work / "cd.log", timeout=120,
                     env=environment):  # fmt: skip
            cd._wait_for_snapshots(data, 2)
    cd._set_password(data / "changedetection.json")
    _harvest_uuids(data, {"index.html": "fba27348-966b-4b4c-9fde-5de62dc13725",
                          "bread.html": "17c378ec-b554-498a-beb6-b824dd7391de"})  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    sessions: dict[str, str] = {}

    def headers_for(row: dict) -> dict:
        headers = _accept(row)
        if user_of(row) == "anonymous":
            return headers
        language = headers["Accept-Language"]
        if language not in sessions:
            user = Session(base, language)
            if cd._sign_in(user, cd.PASSWORD)[1] != "/":
                raise RuntimeError("changedetection.io refused its password")
            sessions[language] = _cookies(user.opener)
        return {**headers, "Cookie": sessions[language]}

    with running(command, port, work / "cd.log", timeout=120, env=environment):
        yield base, headers_for


def _harvest_uuids(data: Path, wanted: dict[str, str]) -> None:
    """Give each watch the UUID it had at harvest time (its page's name -> UUID), so that the
    rows' watch URLs name watches that exist: the UUID renamed in every file of the
    datastore and in the watch's folder name."""
    renames = {}
    for folder in data.iterdir():
        if (folder / "watch.json").exists():
            url = json.loads((folder / "watch.json").read_text()).get("url", "")
            renames[folder.name] = wanted[url.rsplit("/", 1)[-1]]
    for path in [p for p in data.rglob("*") if p.is_file()]:
        try:
            text = path.read_text()
        except UnicodeDecodeError:
            continue
        changed = text
        for old, new in renames.items():
            changed = changed.replace(old, new)
        if changed != text:
            path.write_text(changed)
    for old, new in renames.items():
        (data / old).rename(data / new)


# -- Debian packages ---------------------------------------------------------------------------


@contextlib.contextmanager
def backuppc_server(work: Path, port: int) -> Iterator[tuple[str, Headers]]:
    """As bench.harvest.backuppc_site: the BackupPC server and an apache2 of our own in a
    mount namespace where our folder is /etc/backuppc, one full backup of localhost made. Its
    work folder is the harvest's own (/tmp/fresh6a/work/backuppc, whatever `work` says): the
    backed-up share is named by that path in the rows' URLs. The language is
    $Conf{Language}, rewritten before a row of another language; Basic authentication as the
    row's user; no Accept-Language (the harvest sent none)."""
    import shutil

    from bench.harvest import backuppc_site as bpc
    from bench.harvest import cgi_apache
    from bench.harvest.core import running

    del work  # the harvest's path, see the docstring
    home = Path("/tmp/fresh6a/work/backuppc")
    shutil.rmtree(home, ignore_errors=True)
    bpc._configure(home)
    config = cgi_apache.write_config(home, port, bpc.SITE.format(work=home))
    cgi_apache.write_passwords(home / "htpasswd", bpc.USERS)
    cgi_apache.open_to_www_data(home)
    bpc._own(home)
    script = (
        f"mount --bind {home}/etc /etc/backuppc"
        f" && (runuser -u backuppc -- {bpc.BIN}/BackupPC >{home}/server.log 2>&1 &)"
        f" && exec {' '.join(cgi_apache.command(config))}"
    )
    setting = {"now": "en"}

    def headers_for(row: dict) -> dict:
        wanted = language_of(row)
        if wanted != setting["now"]:
            bpc._write_main_config(home, wanted)
            setting["now"] = wanted
        user = user_of(row)
        return cgi_apache.signed_in(user, bpc.USERS[user])

    environment = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
    with running(["unshare", "-m", "sh", "-c", script], port, home / "apache.log",
                 env=environment):  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        share = bpc._backup(home, base + "/backuppc/index.cgi")
        if share != "/tmp/fresh6a/work/backuppc/data":
            raise RuntimeError(f"the share is {share}, not the harvest's")
        yield base, headers_for


@contextlib.contextmanager
def ocsinventory_server(work: Path, port: int) -> Iterator[tuple[str, Headers]]:
    """As bench.harvest.ocsinventory_site: its console under PHP's built-in server over its
    database (fresh6c_ocs, the harvest's, dropped after), updated by its own form; one browser
    per (language, user) that chose the language in the console's menu and signed in (its
    cookies sent; Accept-Language "en", as the harvest's browsers sent)."""
    import shutil

    from bench.harvest import ocsinventory_site as ocs
    from bench.harvest.core import running

    shutil.rmtree(work, ignore_errors=True)
    ocs._configure(work)
    ocs._database()
    users = {user[0]: user for user in (ocs.ADMIN, ocs.READER, ocs.EAST)}
    base = f"http://127.0.0.1:{port}"
    browsers: dict[tuple[str, str], str] = {}

    def headers_for(row: dict) -> dict:
        key = (language_of(row), user_of(row))
        if key not in browsers:
            browser = ocs._session(base, key[0], users.get(key[1]))
            browsers[key] = _cookies(browser.opener)
        return {"Accept-Language": "en", "Cookie": browsers[key]}

    php = ["php", "-S", f"127.0.0.1:{port}", "-t", str(work / "www")]
    try:
        with running(php, port, work / "php.log", env={"PATH": "/usr/bin:/bin"}):
            ocs._update(base)
            yield base, headers_for
    finally:
        ocs._sql_root(f"DROP DATABASE IF EXISTS {ocs.DATABASE}")


@contextlib.contextmanager
def cacti_server(work: Path, port: int) -> Iterator[tuple[str, Headers]]:
    """As bench.harvest.cacti_site: a private copy of Debian's cacti under PHP's built-in
    server over its database (the harvest's name, dropped after), installed by its own CLI,
    one device added. One Cacti session per (language, user): signed in as the row's user
    (none for a visitor), then the row's URL fetched with it, as the crawl fetched the page
    before its probes: the session takes the row's ?language= (probes without the parameter
    are answered in it). No Accept-Language (the harvest sent none)."""
    import shutil
    import subprocess
    import urllib.request

    from bench.harvest import cacti_site as cacti
    from bench.harvest.core import fetch, running

    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    for folder in ("site", "cli"):  # include/config.php links to /etc/cacti's debian.php,
        # which the package's configuration writes (absent here: `cp` fails on it alone, and
        # it is replaced below)
        subprocess.run(["cp", "-rL", str(cacti.INSTALL / folder), str(work / folder)])
    if not (work / "site" / "resource" / "script_server").is_dir():
        raise RuntimeError(f"cacti's site was not copied into {work}")
    (work / "site" / "include" / "config.php").unlink(missing_ok=True)
    (work / "site" / "include" / "config.php").write_text(
        cacti.CONFIG.format(database=cacti.DATABASE, work=work)
    )
    database = cacti.DATABASE
    cacti._mysql(f"DROP DATABASE IF EXISTS {database}", f"CREATE DATABASE {database}")
    try:
        with (cacti.INSTALL / "conf_templates" / "cacti.sql").open("rb") as schema:
            subprocess.run([*cacti._MYSQL, database], stdin=schema, check=True)
        cacti._mysql(
            f"UPDATE settings SET value = '{work}/site/log/cacti.log' WHERE name = 'path_cactilog'",
            database=database,
        )
        cacti._cli(work, "install_cacti.php", "--accept-eula", "--install")
        cacti._cli(
            work, "add_device.php", "--description=Local server", "--ip=127.0.0.1",
            f"--template={cacti._template(work)}", "--avail=none", "--version=0",
        )  # fmt: skip
        cacti._mysql(
            "UPDATE user_auth SET must_change_password = '' WHERE username = 'admin'",
            "UPDATE user_auth SET enabled = 'on', must_change_password = '',"
            " password = MD5('guest-42') WHERE username = 'guest'",
            database=database,
        )
        passwords = {"admin": "admin", "guest": "guest-42"}
        base = f"http://127.0.0.1:{port}"
        sessions: dict[str, str] = {}

        def headers_for(row: dict) -> dict:
            context, user = context_of(row), user_of(row)
            if context not in sessions:
                if user in passwords:
                    cookie = cacti._sign_in(port, user, passwords[user])
                    fetch(base + request_of(row)[0], None, {"Cookie": cookie}, 60)
                else:  # a visitor's session, as the page set it
                    visitor = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
                    visitor.open(base + request_of(row)[0], timeout=60).read()
                    cookie = _cookies(visitor)
                sessions[context] = cookie
            return {"Cookie": sessions[context]} if sessions[context] else {}

        command = ["php", "-S", f"127.0.0.1:{port}", "-t", str(work / "site")]
        with running(command, port, work / "php.log", cwd=work / "site"):
            yield base, headers_for
    finally:
        cacti._mysql(f"DROP DATABASE IF EXISTS {database}")


@contextlib.contextmanager
def zoneminder_server(work: Path, port: int) -> Iterator[tuple[str, Headers]]:
    """As bench.harvest.zoneminder_site: its www under PHP's built-in server over its
    database (the harvest's name, dropped after), authentication on, admin and viewer. The
    language is ZM_LANG_DEFAULT, set before a row of another language; one browser per
    (language, user), signed in through the sign-in form (its cookies sent), Accept-Language
    the row's language tag, as the harvest's browsers sent."""
    import shutil

    from bench.harvest import zoneminder_site as zm
    from bench.harvest.core import running
    from bench.harvest.kept_pages import session

    shutil.rmtree(work, ignore_errors=True)
    zm._configure(work)
    zm._database()
    users = {user[0]: user for user in (zm.ADMIN, zm.VIEWER)}
    base = f"http://127.0.0.1:{port}"
    setting = {"now": ""}
    browsers: dict[str, str] = {}

    def headers_for(row: dict) -> dict:
        locale, user, context = language_of(row), user_of(row), context_of(row)
        if locale != setting["now"]:
            zm._sql(f"UPDATE Config SET Value='{locale}' WHERE Name='ZM_LANG_DEFAULT'")
            setting["now"] = locale
        if context not in browsers:
            browser = session(row["language"])
            if user in users:
                status, url, _, body = zm._sign_in(browser, base, *users[user])
                if b"loginError" in body and b"Logging In" not in body:
                    raise RuntimeError(f"{user} could not sign in ({status} {url})")
            browsers[context] = _cookies(browser)
        headers = {"Accept-Language": row["language"]}
        return {**headers, "Cookie": browsers[context]} if browsers[context] else headers

    php = ["php", "-S", f"127.0.0.1:{port}", "-t", str(work / "www")]
    try:
        with running(php, port, work / "php.log", env={"PATH": "/usr/bin:/bin"}):
            yield base, headers_for
    finally:
        zm._sql_root(f"DROP DATABASE IF EXISTS {zm.DATABASE}")


@contextlib.contextmanager
def zabbix_server(work: Path, port: int) -> Iterator[tuple[str, Headers]]:
    """As bench.harvest.zabbix_site: a private copy of the front end under PHP's built-in
    server over its PostgreSQL database (the harvest's name, dropped after), the glibc
    locales built into the work folder; reader added through the API; the administrator and
    reader signed in once. The language is the front end's default language, set before a
    row of another language. The guest is let in only before its rows' probes (LAST: they
    come after every other row's), since that makes every visitor the guest. No
    Accept-Language (the harvest sent none)."""
    import os
    import shutil

    from bench.harvest import zabbix_site as zabbix
    from bench.harvest.core import running

    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    frontend = zabbix._install(work)
    locales = zabbix._build_locales(work)
    zabbix._psql(f"DROP DATABASE IF EXISTS {zabbix.DATABASE}", f"CREATE DATABASE {zabbix.DATABASE}")
    cookies: dict[str, str] = {"anonymous": ""}
    setting = {"now": ""}

    def headers_for(row: dict) -> dict:
        locale, user = language_of(row), user_of(row)
        if locale != setting["now"]:
            zabbix._psql(f"UPDATE config SET default_lang = '{locale}'", database=zabbix.DATABASE)
            setting["now"] = locale
        if user == "guest" and user not in cookies:
            zabbix._psql(
                "DELETE FROM users_groups WHERE userid = (SELECT userid FROM users WHERE"
                " username = 'guest') AND usrgrpid = (SELECT usrgrpid FROM usrgrp WHERE"
                " name = 'Disabled')",
                database=zabbix.DATABASE,
            )
            cookies["guest"] = zabbix._sign_in(port, {"enter": "guest"})
        return {"Cookie": cookies[user]} if cookies[user] else {}

    try:
        zabbix._load_schema(work)
        command = ["php", "-S", f"127.0.0.1:{port}", "-t", str(frontend)]
        environment = dict(os.environ, LOCPATH=str(locales))
        with running(command, port, work / "php.log", cwd=frontend, env=environment):
            zabbix._add_reader(port)
            cookies["reader"] = zabbix._sign_in(
                port, {"name": "reader", "password": zabbix.PASSWORD}
            )
            cookies["admin"] = zabbix._sign_in(
                port, {"name": "Admin", "password": zabbix.ADMIN_PASSWORD}
            )
            yield f"http://127.0.0.1:{port}", headers_for
    finally:
        zabbix._psql(f"DROP DATABASE IF EXISTS {zabbix.DATABASE}")


@contextlib.contextmanager
def sympa_server(work: Path, port: int) -> Iterator[tuple[str, Headers]]:
    """As bench.harvest.sympa_site: wwsympa under a lighttpd of our own (on our port), its
    three lists and two users made by `sympa`; every request names the host
    lists.example.org and sends the row's Accept-Language; a signed-in row sends the session
    of its user signed in through the sign-in form in that language."""
    import shutil
    import tempfile

    from bench.harvest import sympa_site as sympa
    from bench.harvest.core import running

    sympa._install()
    home = Path(tempfile.mkdtemp(prefix="gatewatch-tuneprobes-sympa-"))
    base = f"http://127.0.0.1:{port}"
    sessions: dict[str, str] = {}

    def headers_for(row: dict) -> dict:
        headers = {"Host": sympa.DOMAIN, **_accept(row)}
        user = user_of(row)
        if user == "anonymous":
            return headers
        key = context_of(row)
        if key not in sessions:
            sessions[key] = sympa._sign_in(base, user, headers["Accept-Language"])
        return {**headers, "Cookie": sessions[key]}

    try:
        sympa._prepare(home)  # its lighttpd.conf names a free port: ours instead
        (home / "lighttpd.conf").write_text(sympa.LIGHTTPD.format(home=home, port=port))
        work.mkdir(parents=True, exist_ok=True)
        command = ["lighttpd", "-D", "-f", str(home / "lighttpd.conf")]
        with running(command, port, work / "lighttpd.log"):
            yield base, headers_for
    finally:
        shutil.rmtree(home, ignore_errors=True)


# -- fetching a group, without judging it ------------------------------------------------------

PROBES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "real_probes"


def fetch_only(group: str, work: Path, port_offset: int = 0) -> dict:
    """Bring the group's software up, fetch and save its probes (replacing the saved ones),
    and say what was fetched: rows, crawls, shapes, requests, the probes' first statuses."""
    import shutil

    with SERVERS[group](work / group, PORTS[group] + port_offset) as (base, headers_for):
        shutil.rmtree(PROBES / group, ignore_errors=True)
        index = probe_rows(group, base, headers_for, PROBES / group)
    return summary(index)


def summary(index: dict) -> dict:
    from collections import Counter

    answers = [answer for known in index["contexts"].values()
               for shape in known["shapes"].values() for answer in shape]  # fmt: skip
    return {
        "rows": len(index["rows"]),
        "contexts": len(index["contexts"]),
        "shapes": sum(len(known["shapes"]) for known in index["contexts"].values()),
        "requests": len(answers),
        "first_status": dict(Counter(str(answer["status"]) for answer in answers)),
        "final_status": dict(Counter(str(answer["final_status"]) for answer in answers)),
    }


SERVERS = {
    "backuppc": backuppc_server,
    "ocsinventory": ocsinventory_server,
    "cacti": cacti_server,
    "zoneminder": zoneminder_server,
    "zabbix": zabbix_server,
    "sympa": sympa_server,
    "changedetection-io": changedetection_server,
    "allauth": allauth_server,
    "flask-security": flask_security_server,
}
PORTS = {"backuppc": 18800, "ocsinventory": 18801, "changedetection-io": 18802,
         "cacti": 18804, "zoneminder": 18805, "zabbix": 18806, "allauth": 18807,
         "flask-security": 18808, "sympa": 18809}  # fmt: skip
