"""The software of four HELD-OUT groups (zoph, sql-ledger, ledgersmb, ganglia) brought up again
as their harvest modules do, and the probes a crawl would plan for each corpus row fetched and
saved (tests/fixtures/real_probes/<group>/), for `bench/probe_answers.py --fetch-only`. Nothing
here judges a page or a probe answer: these groups are held out.

Why not bench.probe_fetch.probe_group as it is: its context (one ProbePlanner per crawl) is
(Accept-Language, signed in or not). Here a row's language is often a setting of the server
(sql-ledger.conf and the user's countrycode, LedgerSMB's language preference or ledgersmb.conf,
Ganglia's auth_system), not a header, and two users sign in to zoph: the context is (the
setting the row names, the user it names), one crawl each. A context's rows are met in
labels.csv order as there (rows are taken setting by setting, which keeps that order within
each planner and switches each server's setting once per setting). The server functions'
headers_for(row) makes the server's setting the row's before it returns the row's headers
(its Accept-Language as the harvest's browser sent it, its user's session).

  zoph: zoph_site's own functions (zoph.ini of ours, MariaDB database zoph_harvest, photos
    and organisers by Zoph's CLI, the reader and his group by the admin's forms); PHP's
    built-in server; each (user, Accept-Language) signed in once as the harvest did.
  sql-ledger: sqlledger_site's copy, apache2 (mod_cgi), the dataset h2_sqlledger made in
    SQL-Ledger's administration; per language folder sql-ledger.conf and the admin's
    countrycode rewritten and the admin signed in again (his session cookie sent).
  ledgersmb: ledgersmb_site's Starman and setup wizard (database h2_ledgersmb); the admin's
    preference saved per language (Basic credentials and his session cookie sent, as the
    harvest did); Starman started again with ledgersmb.conf's language for the rows that name
    it; the setup wizard's rows with postgres's Basic credentials; the timed-out row with a
    session aged a day in the database (a new one for each such row).
  ganglia: ganglia_site's gmonds, gmetad and apache2 (mod_php) with its PHP 8 changes, on this
    module's ports; conf.php's auth_system "enabled", "readonly" for the two rows whose note
    says so; alice signed in through login.php (Basic) once, her Ganglia cookie sent.
  Changed from the harvest: zoph's PHP gets memory_limit=1G (Debian's CLI has none): the
  administrator's probe of an unknown place makes Zoph loop, allocating without end (17 GB in
  two minutes before it was stopped; the harvest never asked for one): it now ends in a 500.

Fetched 2026-12-08, every row of the four groups (probe first statuses; not judged):
  zoph        568 rows, 37 contexts, 271 shapes, 468 probes: 200 396, 404 37, 500 35 (the
              admin's random place id, 18; the reader's random photo id, 17: the 500 with an
              empty body the harvest met). No signed-in probe ended at logon.php.
  sql-ledger  1015 rows, 78 contexts, 523 shapes, 936 probes: 200 826, 404 110. Signed-in
              URLs are probed by varying their last parameter, path=bin/mozilla: the random
              and the bare probe get the same 333-byte page in every language.
  ledgersmb   1126 rows, 88 contexts, 751 shapes, 1380 probes: 200 764, 500 482 (a random
              action or report name, and the URL without it: 98-257 bytes), 404 122, 303 12
              (the timed-out rows' probes). No 401: every signed-in probe carried a session.
  ganglia     27 rows, 4 contexts, 22 shapes, 37 probes: 200 30, 404 7.
A row posted (sql-ledger's and zoph's sign-ins, ledgersmb's setup wizard) is probed, as the
crawler plans it, by GETs of its URL's shape; the setup wizard's with postgres's Basic
credentials only (its cookie is not kept)."""

from __future__ import annotations

import contextlib
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

from bench.harvest.core import running
from bench.probe_fetch import get
from bench.probe_fetch import probe_group as fetch_rows
from bench.real_accuracy import load_rows

Server = Iterator[tuple[str, Callable[[dict], dict]]]
# every path the row names: asked for, posted to, redirected to ("; to /x": LedgerSMB's)
PATHS = re.compile(r"(?:GET|POST|to) (/\S*)")


# -- the row's request ---------------------------------------------------------------------


def pages_of(row: dict) -> tuple[str, str | None]:
    """(the path of the page judged, the path first asked for when it was redirected)."""
    paths = [path.rstrip(";,)") for path in PATHS.findall(row["obtained"])]
    first = paths[0] if len(paths) > 1 and paths[0] != paths[-1] else None
    return paths[-1], first


def user_of(row: dict) -> str | None:
    """The user whose session the row's request carried (None: a visitor)."""
    obtained = row["obtained"]
    named = re.search(r"signed in (?:to the setup wizard )?as ([^\s,()]+)", obtained)
    if named:
        return named.group(1)
    if "his session unused for a day" in obtained:
        return obtained.split("(", 1)[1].split(",", 1)[0] + " (session unused for a day)"
    return None


def setting_of(row: dict) -> str:
    """The language (or access) setting the row was fetched in, as the row states it."""
    obtained = row["obtained"]
    for pattern in (r"Accept-Language: [^\s,;)]+", r"countrycode \S+?(?=\))",
                    r"language preference \S+?(?=\))", r"ledgersmb.conf language = \S+?(?=\))",
                    r"no language set"):  # fmt: skip
        found = re.search(pattern, obtained)
        if found:
            return found.group(0)
    if row["source_group"] == "ganglia":
        return "auth_system " + ("readonly" if "'readonly'" in row["note"] else "enabled")
    raise ValueError(f"no setting in {obtained!r}")


def _code(setting: str) -> str:
    """The language code at the end of a setting ("" for none)."""
    return "" if setting == "no language set" else re.split(r"[ :=]+", setting)[-1]


# -- fetching ------------------------------------------------------------------------------


def probe_group(group: str, base: str, headers_for: Callable[[dict], dict], out: Path) -> dict:
    """As bench.probe_fetch.probe_group, one planner per (setting, user) (see the docstring),
    the rows taken one setting at a time (labels.csv order kept within each)."""
    rows = [row for row in load_rows() if row["source_group"] == group]
    order = list(dict.fromkeys(setting_of(row) for row in rows))
    rows.sort(key=lambda row: order.index(setting_of(row)))  # stable: labels.csv order kept
    return fetch_rows(
        group, base, headers_for, out, rows,
        context_of=lambda row: f"{setting_of(row)}|{user_of(row) or 'anonymous'}",
        pages_of=pages_of,
    )  # fmt: skip


def _wait_closed(port: int, timeout: float = 30) -> None:
    """Until nothing listens on `port` (a server stopped, its children gone too)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"port {port} still answers after {timeout}s")


def _wait_answers(url: str, timeout: float = 60) -> None:
    """Until `url` answers with a status (a server started: its port may open before)."""
    deadline = time.monotonic() + timeout
    while get(url, {})[0] is None:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} does not answer after {timeout}s")
        time.sleep(0.5)


def _cookie(browser) -> str:
    jar = next(h.cookiejar for h in browser.opener.handlers if hasattr(h, "cookiejar"))
    return "; ".join(f"{c.name}={c.value}" for c in jar)


# -- the software, brought up as its harvest module does ------------------------------------


@contextlib.contextmanager
def zoph_server(work: Path, port: int) -> Server:
    from bench.harvest import zoph_site as zoph

    shutil.rmtree(work, ignore_errors=True)
    zoph._configure(work)
    zoph._database()
    zoph._photos(work)
    php = ["php", "-d", f"auto_prepend_file={work / 'prepend.php'}",
           "-d", "upload_max_filesize=16M", "-d", "post_max_size=16M",
           "-d", "max_execution_time=60", "-d", "memory_limit=1G",
           "-S", f"127.0.0.1:{port}", "-t", str(work / "www")]  # fmt: skip
    environment = {"PATH": "/usr/bin:/bin", "PHP_CLI_SERVER_WORKERS": "3"}
    users = dict((zoph.ADMIN, zoph.READER))
    try:
        with running(php, port, work / "php.log", env=environment):
            base = f"http://127.0.0.1:{port}"
            zoph._users(base)
            cookies: dict[tuple[str, str], str] = {}

            def headers_for(row: dict) -> dict:
                language, user = _code(setting_of(row)), user_of(row)
                if not user:
                    return {"Accept-Language": language}
                if (user, language) not in cookies:  # as the harvest: one sign-in a language
                    browser = zoph._session(base, language, (user, users[user]))
                    cookies[(user, language)] = _cookie(browser)
                return {"Accept-Language": language, "Cookie": cookies[(user, language)]}

            yield base, headers_for
    finally:
        zoph._mysql([], f"DROP DATABASE IF EXISTS {zoph.DATABASE}")


@contextlib.contextmanager
def sqlledger_server(work: Path, port: int) -> Server:
    from bench.harvest import cgi_apache
    from bench.harvest import sqlledger_site as sl

    shutil.rmtree(work, ignore_errors=True)
    app = sl._copy(work)
    config = cgi_apache.write_config(work, port, sl.APACHE.format(app=app))
    cgi_apache.open_to_www_data(work)
    sl._chown(app)
    base = f"http://127.0.0.1:{port}/sql-ledger"
    sl._drop()
    try:
        with running(cgi_apache.command(config), port, work / "server.log"):
            sl._setup(base)
            state: dict = {"folder": None, "cookie": None}

            def headers_for(row: dict) -> dict:
                folder = _code(setting_of(row))
                if folder != state["folder"]:  # the installation's language and the admin's
                    sl._language(app, folder)
                    state.update(folder=folder, cookie=None)
                # the harvest's browser sent the language recorded as its Accept-Language
                headers = {"Accept-Language": row["language"]}
                if not user_of(row):
                    return headers
                if state["cookie"] is None:  # his countrycode is read at sign-in
                    state["cookie"] = _cookie(sl._signed_in(base, row["language"]))
                return {**headers, "Cookie": state["cookie"]}

            yield base, headers_for
    finally:
        sl._drop()


@contextlib.contextmanager
def ledgersmb_server(work: Path, port: int) -> Server:
    from bench.harvest import ledgersmb_site as ls
    from bench.harvest.cgi_apache import signed_in

    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    config = ls._configure(work)
    base = f"http://127.0.0.1:{port}"
    command = ["runuser", "-u", "ledgersmb", "--", "env", f"LSMB_CONFIG_FILE={config}",
               "starman", "--listen", f"127.0.0.1:{port}", "--workers", "2", "-MTemplate",
               "-I", "lib", "-I", "old/lib", "bin/ledgersmb-server.psgi"]  # fmt: skip
    admin = signed_in(*ls.ADMIN)
    state: dict = {"conf": "", "preference": None, "cookie": None}
    ls._drop()
    try:
        with ExitStack() as outer:
            server = outer.enter_context(ExitStack())
            server.enter_context(running(command, port, work / "starman.log", cwd=ls.SHARE))
            ls._setup(base)

            def headers_for(row: dict) -> dict:
                nonlocal server
                setting, user = setting_of(row), user_of(row)
                language = _code(setting)
                conf = language if setting.startswith("ledgersmb.conf") else ""
                if conf != state["conf"]:  # read when Starman starts: started again
                    server.close()
                    _wait_closed(port)  # Starman's workers may outlive it a moment
                    ls._configure(work, conf)
                    server = outer.enter_context(ExitStack())
                    server.enter_context(running(command, port, work / "starman.log",
                                                 cwd=ls.SHARE))  # fmt: skip
                    _wait_answers(base + "/login.pl")
                    state["conf"] = conf
                headers = {"Accept-Language": language}
                if user is None:
                    return headers
                if user == ls.SUPERUSER[0]:
                    return {**headers, **signed_in(*ls.SUPERUSER)}
                if language != state["preference"]:
                    browser = ls._signed_in(base, language)
                    ls._prefer(browser, language)
                    state.update(preference=language, cookie=_cookie(browser))
                if "unused" not in user:
                    return {**headers, **admin, "Cookie": state["cookie"]}
                stale = ls._signed_in(base, language)  # aged past LedgerSMB's 90 minutes
                cookie = _cookie(stale)
                session_id = cookie.split("=", 1)[1].split(":")[0]
                ls._psql(f"\\c {ls.DATABASE}\nUPDATE session SET last_used = now() - "
                         f"interval '1 day' WHERE session_id = {int(session_id)};")  # fmt: skip
                return {**headers, **admin, "Cookie": cookie}

            yield base, headers_for
    finally:
        ls._drop()


@contextlib.contextmanager
def ganglia_server(work: Path, port: int) -> Server:
    """The web server on `port`, the daemons on the next six ports."""
    from bench.harvest import cgi_apache
    from bench.harvest import ganglia_site as gg
    from bench.harvest.web_session import Session

    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    names = ("web", "harbour-udp", "harbour-tcp", "quay-udp", "quay-tcp", "xml", "interactive")
    ports = {name: port + offset for offset, name in enumerate(names)}
    web = gg._front_end(work)
    gg._daemons_configured(work, ports)
    cgi_apache.write_passwords(work / "passwords", gg.USERS)
    apache = gg.APACHE.format(modules=cgi_apache.MODULES, web=web, work=work)
    config = cgi_apache.write_config(work, ports["web"], apache)
    cgi_apache.open_to_www_data(work)
    subprocess.run(["chown", "-R", "www-data", str(work / "state")], check=True)
    with ExitStack() as stack:
        for cluster in ("harbour", "quay"):
            gmond = ["gmond", "-f", "-c", str(work / f"gmond-{cluster}.conf")]
            log = work / f"gmond-{cluster}.log"
            stack.enter_context(running(gmond, ports[f"{cluster}-tcp"], log))
        stack.enter_context(running(["gmetad", "-d", "1", "-c", str(work / "gmetad.conf")],
                                    ports["interactive"], work / "gmetad.log"))  # fmt: skip
        gg._wait_for_averages(work / "rrds")
        stack.enter_context(running(cgi_apache.command(config), ports["web"], work / "apache.log"))
        base = f"http://127.0.0.1:{ports['web']}"
        state: dict = {"auth": None}
        cookies: dict[str, str] = {}

        def headers_for(row: dict) -> dict:
            auth = _code(setting_of(row))
            if auth != state["auth"]:
                gg._write_conf(web, work, ports["interactive"], auth)
                state["auth"] = auth
            headers, user = {"Accept-Language": "en"}, user_of(row)  # the harvest's browser
            if user and pages_of(row)[0].endswith("login.php"):
                return {**headers, **cgi_apache.signed_in(user, gg.USERS[user])}
            if user:  # login.php (Basic) sets Ganglia's cookie, sent alone after
                if user not in cookies:
                    browser = Session(base)
                    browser.get("/ganglia/login.php", None,
                                cgi_apache.signed_in(user, gg.USERS[user]))  # fmt: skip
                    cookies[user] = _cookie(browser)
                headers["Cookie"] = cookies[user]
            return headers

        yield base, headers_for


SERVERS = {"zoph": zoph_server, "sql-ledger": sqlledger_server, "ledgersmb": ledgersmb_server,
           "ganglia": ganglia_server}  # fmt: skip
PORTS = {"zoph": 18701, "sql-ledger": 18702, "ledgersmb": 18703, "ganglia": 18740}
