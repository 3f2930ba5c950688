"""The software of seven HELD-OUT groups brought up again as their harvest modules did, to
FETCH the probes a crawl would plan for each corpus row (tests/fixtures/real_probes/<group>/).
Fetch only: nothing here judges a page or a probe answer (holdout discipline).

    python bench/probe_answers.py --fetch drf,kiwitcms,... --fetch-only

Each server reuses its harvest module's own settings, data and sign-in functions (the same
items made the same way, so that ids that existed at harvest time exist again), on a port of
18750-18799. The rows' `obtained` is written in each harvest's own words ("Accept-Language:
fr", "Accept-Language fr", "the locale preference fr, in its cookie"; "signed in as bob",
"the API token of dana"), which probe_fetch.request_of does not all read: `describe` reads
them all, and `probe_rows` is probe_fetch.probe_group with it (one ProbePlanner per language
and user, the user named in the context). Every probe is sent as the harvest's browser sent
its requests: its Accept header, the row's Accept-Language, and the row's user's session
cookie (signed in once per language and user, as the harvest did) or API token.

Fetched 2026-12-08 (rows / contexts = language x user / shapes / probes; probe first statuses):
  drf: the Django project of drf_site (SQLite, the boats and moorings), runserver; admin and
    bob signed in through DRF's login per language. 507 / 85 / 364 / 364; 404 x364 (DRF's
    404 page under /api/boats|moorings/, the user named in it; Django's bare one elsewhere).
  kiwitcms: Kiwi TCMS 12.4 on Python 3.9, kiwitcms_site's settings and data, on a PostgreSQL
    database of ours (kiwi_probes_seventh: the harvest's name is not reused on the shared
    server); admin, alice, bob, carol signed in per language. 701 / 129 / 706 / 706; 404
    x642, 302 x32 (bob's /admin/<random>: to the administration's sign-in, as his /admin/ at
    harvest), 200 x32 (alice's /plan/1/<random>: Kiwi ignores the plan's slug).
  modoboa: modoboa_site's deployed instance on a database of ours (modoboa_probes_seventh)
    and the harvest's Redis db 11; the three API tokens made by the harvest's own scripts,
    sent as it sent them. 519 / 108 / 466 / 466; 404 x466.
  django-cas-server: cas_server_site's project; bob, and alice signed in with "warn" (as the
    harvest's WARNED). 49 / 14 / 41 / 41; 404 x41 (Django's page: only /cas/ is routed).
  searx: Debian searx 1.1.0 with searx_site's settings (its port ours); the locale in its
    cookie, Accept-Language en, as the harvest sent. 270 / 45 / 225 / 315; 404 x135, 200 x180
    (a random search query and the search without it: the search page), all in the locale.
  fava: both Fava versions of fava_site (1.24.4 at the port, 1.30.16 at port + 1), each
    row probed at the version its `source` names, contexts suffixed with the version.
    242 (240 + 2) / 15 / 102 / 102; 404 x73, 308 x15 (a slash added), 200 x14 (an account
    that does not exist: Fava's empty account page).
  kiwix: kiwix-serve with kiwix_site's three ZIM files. 174 / 15 / 169 / 214; 404 x155,
    400 x54, 200 x5 (searches with a random query value, and one without `start`).
No answer failed (no status None); none was over MAX_PAGE_BYTES (largest 49 KB, kiwitcms).
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from unittest import mock

from bench.harvest.core import running
from bench.probe_fetch import first_request, probe_group
from bench.real_accuracy import load_rows

ACCEPT = "text/html,application/xhtml+xml,*/*;q=0.8"  # web_session.Session's, kept_pages'
Headers = Callable[[dict], dict]


def describe(row: dict) -> tuple[str, str | None, str | None]:
    """(path of the page judged, language, user) from `obtained`, in any harvest's words."""
    obtained = row["obtained"]
    path = re.findall(r"(?:GET|POST|redirected to) (/\S*)", obtained)[-1].rstrip(";,)")
    language = re.search(r"Accept-Language:? ([^\s,;)]+)|locale preference (\w+)", obtained)
    user = re.search(r"signed in as (\w+)|the API token of (\w+)", obtained)
    return (
        path,
        next(filter(None, language.groups())) if language else None,
        next(filter(None, user.groups())) if user else None,
    )


def probe_rows(group: str, base: str, headers_for: Headers, out: Path, rows=None) -> dict:
    """probe_fetch.probe_group, the row read by `describe`; `rows` (default: the group's)
    lets a group served by two programs (fava) be fetched in parts, merged by the caller."""
    return probe_group(
        group, base, headers_for, out, rows,
        context_of=_context, pages_of=lambda row: (describe(row)[0], first_request(row)),
    )  # fmt: skip


def _context(row: dict) -> str:
    _, language, user = describe(row)
    return f"{language or '-'}|{f'signed-in as {user}' if user else 'anonymous'}"


def _browser_headers(row: dict) -> dict:
    language = describe(row)[1]
    return {"Accept": ACCEPT, **({"Accept-Language": language} if language else {})}


def _cookies(session) -> str:
    """The Cookie header of a web_session.Session's jar (its signed-in session)."""
    jar = next(h.cookiejar for h in session.opener.handlers if hasattr(h, "cookiejar"))
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def _signed_in_headers(sign_in: Callable[[str, str], object]) -> Headers:
    """headers_for: the row's user signed in once per language (sign_in(language, user))."""
    cookies: dict[tuple[str, str], str] = {}

    def headers_for(row: dict) -> dict:
        headers = _browser_headers(row)
        user = describe(row)[2]
        if user:
            key = (headers.get("Accept-Language", "en"), user)
            if key not in cookies:
                cookies[key] = _cookies(sign_in(*key))
            headers["Cookie"] = cookies[key]
        return headers

    return headers_for


def _django_project(work: Path, python: Path, files: dict[str, str], module: str,
                    scripts: list[list[str]]) -> dict:  # fmt: skip
    """Write a small Django project's files into `work`, run its setup commands."""
    shutil.rmtree(work, ignore_errors=True)
    for name, text in files.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(text)
    environment = {"DJANGO_SETTINGS_MODULE": module, "PYTHONPATH": str(work),
                   "PATH": "/usr/bin:/bin"}  # fmt: skip
    for arguments in scripts:
        subprocess.run([str(python), "-m", "django", *arguments], env=environment, cwd=work,
                       check=True, capture_output=True)  # fmt: skip
    return environment


# -- the servers ---------------------------------------------------------------------------


@contextlib.contextmanager
def drf_server(work: Path, port: int) -> Iterator[tuple[str, Headers]]:
    from bench.harvest import drf_site as drf
    from bench.harvest import pyenv

    python = pyenv.python("djangorestframework", home=drf.HOME)
    files = {"harbour/__init__.py": "", "harbour/migrations/__init__.py": "",
             "harbour/models.py": drf.MODELS, "harbour_urls.py": drf.URLS,
             "harbour_settings.py": drf.SETTINGS.replace("{work}", str(work))}  # fmt: skip
    scripts = [["makemigrations", "harbour"], ["migrate"], ["shell", "-c", drf.SETUP]]
    environment = _django_project(work, python, files, "harbour_settings", scripts)
    base = f"http://127.0.0.1:{port}"
    accounts = {account[0]: account for account in (drf.ADMIN, drf.ALICE, drf.BOB)}
    command = [str(python), "-m", "django", "runserver", "--noreload", f"127.0.0.1:{port}"]
    with running(command, port, work / "runserver.log", env=environment, cwd=work):
        yield (
            base,
            _signed_in_headers(
                lambda language, user: drf._signed_in(base, language, accounts[user])
            ),
        )


@contextlib.contextmanager
def cas_server(work: Path, port: int) -> Iterator[tuple[str, Headers]]:
    from bench.harvest import cas_server_site as cas
    from bench.harvest import pyenv

    python = pyenv.python("django-cas-server", home=cas.HOME)
    files = {"cas_settings.py": cas.SETTINGS.replace("{work}", str(work)),
             "cas_urls.py": cas.URLS}  # fmt: skip
    scripts = [["migrate"], ["shell", "-c", cas.SETUP]]
    environment = _django_project(work, python, files, "cas_settings", scripts)
    base = f"http://127.0.0.1:{port}"
    # the harvest's alice signed in asking to be warned (WARNED); bob plainly
    accounts = {"bob": cas.BOB, "alice": cas.WARNED}
    command = [str(python), "-m", "django", "runserver", "--noreload", f"127.0.0.1:{port}"]
    with running(command, port, work / "runserver.log", env=environment, cwd=work):
        yield (
            base,
            _signed_in_headers(
                lambda language, user: cas._signed_in(base, language, accounts[user])
            ),
        )


@contextlib.contextmanager
def kiwitcms_server(work: Path, port: int) -> Iterator[tuple[str, Headers]]:
    from bench.harvest import kiwitcms_site as kiwi
    from bench.harvest.web_session import Session

    with mock.patch.object(kiwi, "DATABASE", "kiwi_probes_seventh"):
        python, environment = kiwi._install(work)
        kiwi._populate(python, environment)  # the harvest's data (the site name its port)
    base = f"http://127.0.0.1:{port}"
    accounts = {a[0]: a for a in (kiwi.ADMIN, kiwi.ALICE, kiwi.BOB, kiwi.CAROL)}

    def sign_in(language: str, user: str):
        browser = Session(base, language)
        status, final, _, _ = kiwi._sign_in(browser, *accounts[user])
        if final.startswith("/accounts/login/"):
            raise RuntimeError(f"{user} could not sign in: {status} {final}")
        return browser

    command = [str(python.parent / "django-admin"), "runserver", f"127.0.0.1:{port}",
               "--noreload", "--insecure"]  # fmt: skip
    with running(command, port, work / "runserver.log", timeout=180, env=environment):
        yield base, _signed_in_headers(sign_in)


@contextlib.contextmanager
def modoboa_server(work: Path, port: int) -> Iterator[tuple[str, Headers]]:
    from bench.harvest import modoboa_site as modoboa
    from bench.harvest import pyenv
    from bench.harvest.core import apt_install

    apt_install("librrd-dev")
    python = pyenv.python("modoboa", "psycopg2-binary", home=modoboa.HOME)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    # a database of ours on the shared PostgreSQL; Redis db 11 as the harvest (its settings
    # name it, and the harvest flushes it by number; no other program uses it)
    patched = {"DATABASE": "modoboa_probes_seventh", "PORT": port}
    with contextlib.ExitStack() as stack:
        for name, value in patched.items():
            stack.enter_context(mock.patch.object(modoboa, name, value))
        instance = modoboa._deploy(python, work)
        manage = [str(python), str(instance / "manage.py")]
        admin_token = modoboa._shell(manage, modoboa.ADMIN_SETUP).strip().splitlines()[-1]
        command = [*manage, "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"]
        with running(command, port, work / "runserver.log", timeout=180, cwd=instance):
            modoboa._populate(admin_token)
            tokens = json.loads(modoboa._shell(manage, modoboa.TOKENS).strip().splitlines()[-1])
            roles = {"admin": admin_token, "dana": tokens["dana@harbour.example"],
                     "sam": tokens["sam@harbour.example"]}  # fmt: skip

            def headers_for(row: dict) -> dict:
                headers = _browser_headers(row)
                user = describe(row)[2]
                if user:
                    headers["Authorization"] = f"Token {roles[user]}"
                return headers

            yield f"http://127.0.0.1:{port}", headers_for


@contextlib.contextmanager
def searx_server(work: Path, port: int) -> Iterator[tuple[str, Headers]]:
    from bench.harvest import searx_site as searx

    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    with mock.patch.object(searx, "PORT", port):
        settings = searx._settings(work)
    command = ["/usr/bin/python3", "/usr/bin/searx-run"]
    environment = {"PATH": "/usr/bin:/bin", "SEARX_SETTINGS_PATH": str(settings)}

    def headers_for(row: dict) -> dict:
        # the harvest's browser: Accept-Language en, the locale preference in its cookie
        return {"Accept": ACCEPT, "Accept-Language": "en", "Cookie": f"locale={describe(row)[1]}"}

    with running(command, port, work / "searx.log", env=environment, timeout=120):
        yield f"http://127.0.0.1:{port}", headers_for


@contextlib.contextmanager
def kiwix_server(work: Path, port: int) -> Iterator[tuple[str, Headers]]:
    from bench.harvest import kiwix_site as kiwix
    from bench.harvest.core import apt_install

    apt_install("kiwix-tools", "zim-tools")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    zims = [kiwix._write_book(work, name, *book) for name, book in kiwix.BOOKS.items()]
    command = ["kiwix-serve", "--blockexternal", "-i", "127.0.0.1", "-p", str(port), *zims]
    with running(command, port, work / "kiwix-serve.log"):
        yield f"http://127.0.0.1:{port}", _browser_headers


@contextlib.contextmanager
def fava_server(work: Path, port: int) -> Iterator[tuple[str, Headers]]:
    """Fava 1.24.4 at `port`, the current Fava at port + 1: each row is probed at the
    version its `source` names (see fava_probes)."""
    from bench.harvest import fava_site as fava
    from bench.harvest import pyenv

    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    ledger = work / "ledger.beancount"
    ledger.write_text(fava.LEDGER)
    with contextlib.ExitStack() as stack:
        bases = {}
        for offset, (version, (home, requirements)) in enumerate(fava.VERSIONS.items()):
            interpreter = pyenv.python(*requirements, home=home)
            command = [str(interpreter.parent / "fava"), "-H", "127.0.0.1",
                       "-p", str(port + offset), str(ledger)]  # fmt: skip
            stack.enter_context(running(command, port + offset, work / f"fava-{version}.log"))
            bases[version] = f"http://127.0.0.1:{port + offset}"
        yield bases, _browser_headers


def fetch(group: str, work: Path, port: int, out: Path) -> dict:
    """Bring the group's software up and fetch its rows' probes into `out`."""
    shutil.rmtree(out, ignore_errors=True)
    with SERVERS[group](work, port) as (base, headers_for):
        if group != "fava":
            return probe_rows(group, base, headers_for, out)
        # two programs: each version's rows probed at it, the two indexes merged
        rows = [row for row in load_rows() if row["source_group"] == group]
        merged: dict = {"group": group, "contexts": {}, "rows": {}}
        for version, version_base in base.items():
            mine = [row for row in rows if row["source"].startswith(f"fava {version},")]
            part = probe_rows(group, version_base, headers_for, out, mine)
            for context, known in part["contexts"].items():
                key = f"{context}|fava {version}"
                merged["contexts"][key] = known
            for file, entry in part["rows"].items():
                merged["rows"][file] = {**entry, "context": f"{entry['context']}|fava {version}"}
        (out / "index.json").write_text(json.dumps(merged, indent=1, ensure_ascii=False) + "\n")
        return merged


SERVERS = {
    "drf": drf_server,
    "kiwitcms": kiwitcms_server,
    "modoboa": modoboa_server,
    "django-cas-server": cas_server,
    "searx": searx_server,
    "fava": fava_server,
    "kiwix": kiwix_server,
}
PORTS = {"drf": 18750, "kiwitcms": 18751, "modoboa": 18752, "django-cas-server": 18753,
         "searx": 18754, "fava": 18756, "kiwix": 18758}  # fmt: skip
