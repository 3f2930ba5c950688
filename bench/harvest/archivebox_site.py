"""ArchiveBox (PyPI archivebox, an environment of its own made with Debian's python3: ArchiveBox
refuses to run as root, so every command runs as `nobody`, which cannot reach an interpreter
under /root) on 127.0.0.1: a data folder of its own (`archivebox init`), the extractors that
need the internet, Chrome or a missing program turned off (`archivebox config --set`: favicon,
archive.org, PDF, screenshot, DOM, SingleFile, Readability, Mercury, media, git), two
snapshots (`archivebox add`: title, headers, wget, WARC, text) of two pages of a small site
served by this harvest on 127.0.0.1, an administrator and a staff user without permissions
(`archivebox manage createsuperuser`, `manage shell`), `archivebox server` (Django's
development server) on the harvest's port. Served twice: with its defaults (a public index
and public snapshots) and with PUBLIC_INDEX, PUBLIC_SNAPSHOTS and PUBLIC_ADD_VIEW off.

Pages: the admin sign-in page (asked for; where a visitor is sent from the admin, the add
page and, with the public index off, the index, a snapshot, and an unknown snapshot; after a
wrong password); "No Snapshot directories match the given timestamp or UUID" and "No
Snapshots match the given url" (404), "Snapshot [...] exists in DB, but resource ... does
not exist in snapshot dir yet." (404), Django's "Not Found" for an unknown URL (404), the
admin's notice for a snapshot that does not exist ("... doesn't exist. Perhaps it was
deleted?", the admin index after a redirect); for the staff user without permissions the
admin index ("You don't have permission to view or edit anything.") and Django's 403 page on
the snapshot list; healthy: the public index (and a search in it), a snapshot's page, the
admin signed in (index, snapshot list, a snapshot's change page, tags, users, the add page).
English only: ArchiveBox has no LocaleMiddleware (LANGUAGE_CODE en-us). The same page for two
requests is kept once (every redirected sign-in page is the sign-in page asked for).
Left out: the archived copies themselves (our pages, served as wget saved them), /health/
(text/plain), index.json (JSON)."""

from __future__ import annotations

import os
import pwd
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from bench.harvest import pyenv, web_session
from bench.harvest.core import Page, running
from bench.harvest.web_session import Keeper, Session, token

GROUP = "archivebox"
HOME = Path("/tmp/fresh5c/archivebox-venv")
SYSTEM_PYTHON = "/usr/bin/python3"  # readable by nobody, unlike pyenv's under /root
ADMIN = ("admin", "harvest-admin-42")
STAFF = ("viewer", "harvest-viewer-42")
OFF = ("FAVICON", "ARCHIVE_DOT_ORG", "PDF", "SCREENSHOT", "DOM", "SINGLEFILE", "READABILITY",
       "MERCURY", "MEDIA", "GIT")  # fmt: skip
MAKE_STAFF = (
    "from django.contrib.auth.models import User; "
    f"User.objects.create_user({STAFF[0]!r}, 'viewer@example.org', {STAFF[1]!r}, is_staff=True)"
)
NO_SUCH_ID = "11111111-2222-4333-8444-555555555555"
# (path, label, name, note, who: "" a visitor, "admin", "viewer"); {ts}: a snapshot's timestamp,
# {id}: its id, {site}: the archived site's address
PUBLIC = (
    ("/admin/login/", "soft_401", "login", "the admin's sign-in page", ""),
    ("/admin/", "soft_401", "login-from-admin", "a visitor opens the admin: sent to sign in", ""),
    ("/add/", "soft_401", "login-from-add", "a visitor opens the add page: sent to sign in", ""),
    ("/public/", "ok", "public-index", "the public index", ""),
    ("/public/?q=bread", "ok", "public-search", "a search in the public index", ""),
    ("/archive/{ts}/index.html", "ok", "snapshot", "a snapshot's page", ""),
    ("/archive/999.999/index.html", "soft_404", "no-such-snapshot", "a snapshot timestamp that "
     "does not exist (404)", ""),
    ("/archive/http://nosuch.example.org/", "soft_404", "no-such-url", "a URL with no snapshot "
     "(404)", ""),
    ("/archive/{ts}/nosuch.html", "soft_404", "no-such-resource", "a file a snapshot does not "
     "have (404)", ""),
    ("/no-such-page/", "soft_404", "not-found", "an unknown URL (Django's 404 page)", ""),
    ("/admin/", "ok", "admin", "the admin index", "admin"),
    ("/admin/core/snapshot/", "ok", "admin-snapshots", "the admin's snapshot list", "admin"),
    ("/admin/core/snapshot/{id}/change/", "ok", "admin-snapshot", "a snapshot's change page",
     "admin"),
    ("/admin/core/tag/", "ok", "admin-tags", "the admin's tags", "admin"),
    ("/admin/auth/user/", "ok", "admin-users", "the admin's users", "admin"),
    ("/add/", "ok", "add", "the add page", "admin"),
    ("/no-such-page/", "soft_404", "not-found-signed-in", "an unknown URL, signed in", "admin"),
    (f"/admin/core/snapshot/{NO_SUCH_ID}/change/", "soft_404", "admin-no-such-snapshot",
     "the change page of a snapshot that does not exist: the admin index with its notice",
     "admin"),
    ("/admin/", "soft_403", "admin-no-permission", "the admin index for a staff user without "
     "permissions", "viewer"),
    ("/admin/core/snapshot/", "soft_403", "admin-forbidden", "the snapshot list for a staff "
     "user without permissions (Django's 403 page)", "viewer"),
)  # fmt: skip
PRIVATE = (
    ("/", "soft_401", "login-from-index", "the index with the public index off: sent to sign "
     "in", ""),
    ("/archive/{ts}/index.html", "soft_401", "login-from-snapshot", "a snapshot with public "
     "snapshots off: sent to sign in", ""),
    ("/archive/999.999/index.html", "soft_401", "login-from-no-such-snapshot", "an unknown "
     "snapshot with public snapshots off: sent to sign in", ""),
)  # fmt: skip


def harvest(work: Path) -> list[Page]:
    if not (HOME / "bin" / "python").exists():
        subprocess.run([SYSTEM_PYTHON, "-m", "venv", str(HOME)], check=True)
    python = pyenv.python("archivebox", home=HOME)
    version = pyenv.versions(python, "archivebox")["archivebox"]
    keeper = Keeper(GROUP, f"archivebox {version} (PyPI)")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    # a folder nobody may write (the harvest's work folder is the owner's only)
    data = Path(tempfile.mkdtemp(prefix="gatewatch-archivebox-"))
    try:
        return _harvest(python, data, work, keeper)
    finally:
        shutil.rmtree(data, ignore_errors=True)


def _harvest(python: Path, data: Path, work: Path, keeper: Keeper) -> list[Page]:
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        os.chown(data, nobody.pw_uid, nobody.pw_gid)
    archivebox = str(python.parent / "archivebox")
    _run([archivebox, "init"], data)
    settings = [f"SAVE_{name}=False" for name in OFF]
    _run([archivebox, "config", "--set", *settings, "USE_CHROME=False"], data)
    site_port, port = web_session.port(31), web_session.port(32)
    with web_session.serving(web_session.write_site(work / "site"), site_port) as site:
        links = "".join(f"{site}{name}\n" for name in ("index.html", "bread.html"))
        _run([archivebox, "add"], data, links)
    superuser = {"DJANGO_SUPERUSER_USERNAME": ADMIN[0], "DJANGO_SUPERUSER_PASSWORD": ADMIN[1]}
    superuser["DJANGO_SUPERUSER_EMAIL"] = "admin@example.org"
    _run([archivebox, "manage", "createsuperuser", "--noinput"], data, environment=superuser)
    _run([archivebox, "manage", "shell", "-c", MAKE_STAFF], data)
    with sqlite3.connect(data / "index.sqlite3") as database:
        snapshot_id, timestamp = database.execute(
            "SELECT id, timestamp FROM core_snapshot WHERE url LIKE '%bread.html'"
        ).fetchone()
    values = {"ts": timestamp, "id": snapshot_id, "site": site}
    server = [archivebox, "server", f"127.0.0.1:{port}"]
    for requests, public in ((PUBLIC, "on"), (PRIVATE, "off")):
        if public == "off":
            switches = ("PUBLIC_INDEX=False", "PUBLIC_SNAPSHOTS=False", "PUBLIC_ADD_VIEW=False")
            _run([archivebox, "config", "--set", *switches], data)
        with running(_as_nobody(server, data), port, work / "server.log", timeout=120,
                     cwd=data):  # fmt: skip
            base = f"http://127.0.0.1:{port}"
            sessions = {"": Session(base)}
            if public == "on":
                status, final, kind, body = _sign_in(Session(base), ADMIN[0], "wrong-password")
                keeper.keep("login-failed", body, status, "soft_401", "en",
                            "POST /admin/login/ with a wrong password",
                            "the sign-in page after a wrong password", kind)  # fmt: skip
                for user, password in (ADMIN, STAFF):
                    sessions[user] = Session(base)
                    if _sign_in(sessions[user], user, password)[1] != "/admin/":
                        raise RuntimeError(f"{user} could not sign in")
            for path, label, name, note, who in requests:
                path = path.format(**values)
                status, final, kind, body = sessions[who].get(path)
                how = f"GET {path} (" + (f"signed in as {who}" if who else "not signed in")
                how += f"; public index {public})"
                if final != path:
                    how += f"; redirected to {final}"
                keeper.keep(name, body, status, label, "en", how, note, kind)
    return keeper.pages


def _sign_in(session: Session, user: str, password: str) -> tuple[int, str, str, bytes]:
    _, _, _, page = session.get("/admin/login/")
    form = {"csrfmiddlewaretoken": token(page, "csrfmiddlewaretoken"), "username": user}
    form.update({"password": password, "next": "/admin/"})
    return session.get("/admin/login/?next=/admin/", form)


def _as_nobody(command: list[str], data: Path, environment: dict | None = None) -> list[str]:
    """`command` run as nobody (ArchiveBox refuses root) with the data folder as its home."""
    settings = [f"HOME={data}", "PATH=/usr/bin:/bin", "USE_COLOR=False"]
    settings += [f"{name}={value}" for name, value in (environment or {}).items()]
    prefix = ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []
    return [*prefix, "env", *settings, *command]


def _run(command: list[str], data: Path, given: str = "", environment: dict | None = None):
    result = subprocess.run(_as_nobody(command, data, environment), cwd=data, input=given,
                            capture_output=True, text=True, check=False)  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command[1:3])} failed: {result.stdout[-1500:]}"
                           f"{result.stderr[-1500:]}")  # fmt: skip
