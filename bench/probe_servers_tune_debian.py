"""The six Debian-packaged tune groups of bench/probe_servers_tune.py (backuppc,
ocsinventory, cacti, zoneminder, zabbix, sympa), each brought up as its harvest module does
(bench/harvest/<group>_site.py), its functions reused: see probe_servers_tune's docstring
for what each answered."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from bench.probe_fetch import request_of
from bench.probe_rows import Headers, accept, context_of, cookies, language_of, user_of


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
            browsers[key] = cookies(browser.opener)
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
                    cookie = cookies(visitor)
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
            browsers[context] = cookies(browser)
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
    sessions: dict[str, str] = {"anonymous": ""}
    setting = {"now": ""}

    def headers_for(row: dict) -> dict:
        locale, user = language_of(row), user_of(row)
        if locale != setting["now"]:
            zabbix._psql(f"UPDATE config SET default_lang = '{locale}'", database=zabbix.DATABASE)
            setting["now"] = locale
        if user == "guest" and user not in sessions:
            zabbix._psql(
                "DELETE FROM users_groups WHERE userid = (SELECT userid FROM users WHERE"
                " username = 'guest') AND usrgrpid = (SELECT usrgrpid FROM usrgrp WHERE"
                " name = 'Disabled')",
                database=zabbix.DATABASE,
            )
            sessions["guest"] = zabbix._sign_in(port, {"enter": "guest"})
        return {"Cookie": sessions[user]} if sessions[user] else {}

    try:
        zabbix._load_schema(work)
        command = ["php", "-S", f"127.0.0.1:{port}", "-t", str(frontend)]
        environment = dict(os.environ, LOCPATH=str(locales))
        with running(command, port, work / "php.log", cwd=frontend, env=environment):
            zabbix._add_reader(port)
            sessions["reader"] = zabbix._sign_in(
                port, {"name": "reader", "password": zabbix.PASSWORD}
            )
            sessions["admin"] = zabbix._sign_in(
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
        headers = {"Host": sympa.DOMAIN, **accept(row)}
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
