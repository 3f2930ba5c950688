"""changedetection.io (PyPI changedetection-io, an environment of its own) on 127.0.0.1:
`changedetection.io -h 127.0.0.1 -p <port> -d <a datastore of its own>`, watching two pages
of a small site served by this harvest on 127.0.0.1 (ALLOW_IANA_RESTRICTED_ADDRESSES=true,
its switch for fetching private addresses). It is started three times: once to make the
datastore and add the two watches (`-C -u`), then, the site's pages changed, with `-r all`
(a recheck, so that each watch has two snapshots and a diff), and last with a password set
(stored in the datastore as its settings form stores it: base64 of salt and PBKDF2 key).

Pages: the sign-in page (asked for; where a visitor is sent from the watch list, the
settings, a watch's edit page and an unknown URL; after a wrong password: "Incorrect
password"); Werkzeug's 403 page for a visitor asking for a watch's screenshot (a
password-protected instance refuses it; its favicon likewise: the same page); signed in,
Werkzeug's 404 page for an unknown URL and an unknown tag (Flask's
abort(404): changedetection.io has no error page of its own), and the watch list with its
error notice for a watch that does not exist ("No watch with the UUID ... found." from the
edit page, "No history found for the specified link, bad link?" from the diff and preview
pages; 200 after a redirect); healthy pages signed in: the watch list, the settings, a
watch's edit page, its diff and preview pages, the backups, the notification log, the queue.
Languages: every translation it ships (Accept-Language) for the sign-in and not-found pages,
six for the healthy pages; a page in another language is kept only where its text differs
from the English page's, and once where two requests give the same page."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import time
from pathlib import Path

from bench.harvest import pyenv, web_session
from bench.harvest.core import Page, running
from bench.harvest.web_session import Keeper, Session, token

GROUP = "changedetection-io"
HOME = Path("/tmp/fresh5c/changedetection-io-venv")
PASSWORD = "harvest-only-password-42"
NO_SUCH = "11111111-2222-4333-8444-555555555555"  # a UUID no watch has
# Accept-Language -> the language recorded (its translations folder; en_US is its English)
LANGUAGES = {
    "en-US": "en",
    "en-GB": "en-gb",
    "cs": "cs",
    "de": "de",
    "es": "es",
    "fr": "fr",
    "id": "id",
    "it": "it",
    "ja": "ja",
    "ko": "ko",
    "pl": "pl",
    "pt-BR": "pt-br",
    "ru": "ru",
    "tr": "tr",
    "uk": "uk",
    "zh": "zh-cn",
    "zh-TW": "zh-tw",
}
HEALTHY_LANGUAGES = ("en-US", "de", "fr", "ja", "ru", "zh")
# (path, label, name, note, signed in?); {watch}: a watch's UUID
VISITOR = (
    ("/login", "soft_401", "login", "the sign-in page", False),
    ("/", "soft_401", "login-from-list", "a visitor opens the watch list: sent to the sign-in "
     "page", False),
    ("/settings", "soft_401", "login-from-settings", "a visitor opens the settings: sent to the "
     "sign-in page", False),
    ("/edit/{watch}", "soft_401", "login-from-edit", "a visitor opens a watch's edit page: sent "
     "to the sign-in page", False),
    ("/no-such-page", "soft_401", "login-from-unknown", "a visitor opens an unknown URL: sent to "
     "the sign-in page", False),
    ("/static/screenshot/{watch}", "soft_403", "forbidden-screenshot", "a visitor asks for a "
     "watch's screenshot: refused (Werkzeug's 403 page)", False),
)  # fmt: skip
SIGNED_IN = (
    ("/no-such-page", "soft_404", "not-found", "an unknown URL, signed in (Werkzeug's 404 page)",
     True),
    (f"/tag/{NO_SUCH}", "soft_404", "no-such-tag", "a tag that does not exist (404)", True),
    (f"/edit/{NO_SUCH}", "soft_404", "no-such-watch-edit", "the edit page of a watch that does "
     "not exist: the watch list with 'No watch with the UUID ... found.'", True),
    (f"/diff/{NO_SUCH}", "soft_404", "no-such-watch-diff", "the diff page of a watch that does "
     "not exist: the watch list with 'No history found for the specified link'", True),
    (f"/preview/{NO_SUCH}", "soft_404", "no-such-watch-preview", "the preview page of a watch "
     "that does not exist: the watch list with 'No history found ...'", True),
)  # fmt: skip
HEALTHY = (
    ("/", "ok", "watch-list", "the watch list", True),
    ("/settings", "ok", "settings", "the settings", True),
    ("/edit/{watch}", "ok", "edit", "a watch's edit page", True),
    ("/diff/{watch}", "ok", "diff", "a watch's diff page (two snapshots)", True),
    ("/preview/{watch}", "ok", "preview", "a watch's preview page", True),
    ("/backups/", "ok", "backups", "the backups page", True),
    ("/settings/notification-logs", "ok", "notification-logs", "the notification log", True),
    ("/queue", "ok", "queue", "the check queue", True),
)


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("changedetection.io", home=HOME)
    version = pyenv.versions(python, "changedetection.io")["changedetection.io"]
    # counts and times change from one request to the next (a watch being checked): no text
    keeper = Keeper(GROUP, f"changedetection.io {version} (PyPI)", re.compile(r"\d+"))
    shutil.rmtree(work, ignore_errors=True)
    data = work / "datastore"
    site_port, port = web_session.port(11), web_session.port(12)
    command = [str(python.parent / "changedetection.io"), "-h", "127.0.0.1", "-p", str(port)]
    command += ["-d", str(data)]
    environment = dict(os.environ, ALLOW_IANA_RESTRICTED_ADDRESSES="true", HOME=str(work))
    site_folder = web_session.write_site(work / "site")
    with web_session.serving(site_folder, site_port) as site:
        adding = ["-C", "-u", site + "index.html", "-u", site + "bread.html"]
        with running(command + adding, port, work / "cd.log", timeout=120, env=environment):
            _wait_for_snapshots(data, 1)
        web_session.write_site(site_folder, "New this week: rye and caraway rolls.")
        with running([*command, "-r", "all"], port, work / "cd.log", timeout=120,
                     env=environment):  # fmt: skip
            _wait_for_snapshots(data, 2)
    _set_password(data / "changedetection.json")
    watch = sorted(_watches(data))[0]
    with running(command, port, work / "cd.log", timeout=120, env=environment):
        base = f"http://127.0.0.1:{port}"
        for accept, language in LANGUAGES.items():
            visitor = Session(base, accept)
            user = Session(base, accept)
            status, final, kind, body = _sign_in(user, "not-the-password")
            how = f"POST /login with a wrong password (Accept-Language: {accept}); " + (
                f"redirected to {final}"
            )
            keeper.keep("login-failed", body, status, "soft_401", language, how,
                        "the sign-in page after a wrong password", kind)  # fmt: skip
            if _sign_in(user, PASSWORD)[1] != "/":
                raise RuntimeError("changedetection.io refused its password")
            requests = VISITOR + SIGNED_IN + (HEALTHY if accept in HEALTHY_LANGUAGES else ())
            for path, label, name, note, signed_in in requests:
                path = path.format(watch=watch)
                status, final, kind, body = (user if signed_in else visitor).get(path)
                how = f"GET {path} (" + ("signed in, " if signed_in else "not signed in, ")
                how += f"Accept-Language: {accept})"
                if final != path:
                    how += f"; redirected to {final}"
                keeper.keep(name, body, status, label, language, how, note, kind)
    return keeper.pages


def _sign_in(user: Session, password: str) -> tuple[int, str, str, bytes]:
    _, _, _, page = user.get("/login")
    form = {"csrf_token": token(page), "redirect": "/", "password": password}
    form["email"] = "defaultuser@changedetection.io"
    return user.get("/login", form)


def _watches(data: Path) -> list[str]:
    return [folder.name for folder in data.iterdir() if (folder / "watch.json").exists()]


def _wait_for_snapshots(data: Path, count: int, timeout: float = 120) -> None:
    """Until each watch's history holds `count` snapshots."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if data.exists():
            histories = [data / watch / "history.txt" for watch in _watches(data)]
            if len(histories) == 2 and all(
                history.exists() and len(history.read_text().splitlines()) >= count
                for history in histories
            ):
                time.sleep(2)  # let it write the watch's state
                return
        time.sleep(1)
    raise RuntimeError(f"the watches did not get {count} snapshots in {timeout}s")


def _set_password(settings: Path) -> None:
    """The password as its settings form stores it (forms.SaltyPasswordField)."""
    store = json.loads(settings.read_text())
    salt = os.urandom(32)
    key = hashlib.pbkdf2_hmac("sha256", PASSWORD.encode(), salt, 100000)
    store["settings"]["application"]["password"] = base64.b64encode(salt + key).decode()
    settings.write_text(json.dumps(store, indent=2))
