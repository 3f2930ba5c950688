"""The software of nine more tune groups, brought up as their harvest modules did, for
`python bench/probe_answers.py --fetch GROUP,...` (tests/fixtures/real_probes/<group>/).

Each server (the six Debian-packaged ones in bench/probe_servers_tune_debian.py) is a
context manager with probe_fetch.trac_server's signature; its headers_for(row) sends what the
row's `obtained` says: the Accept-Language the harvest sent (none where it sent none), the
session or Basic credentials of the user the row names, and, where the software's language
is a setting (BackupPC's $Conf{Language}, ZoneMinder's ZM_LANG_DEFAULT, Zabbix's default
language) or a menu choice (OCS Inventory's LANG), that setting, switched before the row's
probes are fetched. The probes are planned, fetched and saved by bench/probe_rows.py: one
crawl per (language, user) of the rows, in probe_fetch.probe_group's index.json format.

FETCHED (2026-12-08; rows, crawls, shapes, requests, first statuses; no body over
MAX_PAGE_BYTES, none dropped; the judging is not run here):
  backuppc         416 rows, 39 crawls, 234 shapes, 403 requests: 338 200, 65 404 (Apache's,
                   paths outside the CGI); signed in by Basic auth as admin, alice or bob
  ocsinventory     408, 68, 204, 323: 306 200, 17 404 (PHP's, a random .php); no signed-in
                   probe met the sign-in form, every visitor's did
  changedetection  114, 32, 115, 131: signed in 82 404 (Werkzeug's; its watch routes take
                   UUIDs only); visitors 16 302 (to the sign-in page), 32 200, 1 403
  cacti            200, 72, 182, 292: all 200 (PHP's server routes every path to a page;
                   visitors: the sign-in form in the row's language)
  zoneminder       309, 67, 178, 289: 267 200, 22 302 (visitors to the sign-in page); 44
                   answers are 200 with an empty body (an unknown view, as at harvest time)
  zabbix           216, 80, 196, 284: 216 200, 40 302, 28 404; "Class not found." for an
                   unknown action, signed in or not
  allauth          440, 80, 360, 360: 320 404 (Django's), 40 200 (an unknown confirmation
                   key: the expired-link page)
  flask-security   189, 21, 84, 105: 42 302 (bad tokens: to the forms), 42 200, 21 404
  sympa            230, 78, 240, 266: 188 200 (wwsympa's error pages), 78 404 (lighttpd's,
                   outside /wws); signed-in probes carry the session (a sign-out link)
Left out: nothing of the nine groups. Not as at harvest time: a crawl's probes are sent
with fixed headers (no cookie a probe's answer sets is kept), as probe_fetch does.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

from bench.probe_fetch import summary
from bench.probe_rows import Headers, accept, cookies, probe_rows, user_of
from bench.probe_servers_tune_debian import (
    backuppc_server,
    cacti_server,
    ocsinventory_server,
    sympa_server,
    zabbix_server,
    zoneminder_server,
)

# -- Python applications (PyPI), in environments of their own --------------------------------

VENVS = Path("/tmp/gatewatch-probes-venvs")


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
        return {**accept(row), **({"Cookie": f"sessionid={session}"} if signed_in else {})}

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
        yield f"http://127.0.0.1:{port}", accept


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
        headers = accept(row)
        if user_of(row) == "anonymous":
            return headers
        language = headers["Accept-Language"]
        if language not in sessions:
            user = Session(base, language)
            if cd._sign_in(user, cd.PASSWORD)[1] != "/":
                raise RuntimeError("changedetection.io refused its password")
            sessions[language] = cookies(user.opener)
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
