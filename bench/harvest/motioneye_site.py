"""motionEye (PyPI motioneye, an environment of its own) on 127.0.0.1: `meyectl startserver`
with a configuration of its own (its folders in the work folder, no camera, updates off), an
administrator and a surveillance ("normal") user written in its motion.conf (passwords as
sha1, as earlier versions wrote them; this one re-hashes them at the first sign-in), the
interface's language (`@lang`, a setting of the whole server, read at start) set to each
language motionEye ships in turn, the server restarted for each.

motionEye is one page drawn by script: every other answer is JSON. Its sign-in is a dialog
the script draws when /login/ answers {"error": "not authenticated"}; an unknown URL answers
{"error": "not found"} (404), an unknown camera {"error": "no such camera"} (404), a visitor
or the normal user on the settings {"error": "unauthorized"} (403), all application/json: no
page. Its static files are served by Tornado's own handler, whose default error pages are HTML:
"404: Not Found" for a static file that does not exist (soft_404) and "403: Forbidden" for
the static folder, whose listing it refuses (soft_403), en only (not translated). The other
pages are healthy ones: the main page signed in as the administrator, in each
language whose text differs from English's and from the pages kept before it (English, then
Esperanto, the messages' source language, then the others: Bulgarian's catalog translates
almost nothing, so its page is Esperanto's, kept once, as eo), and the version page (not
translated: en only).
Left out: the main page for a visitor and for the normal user (the same HTML as the
administrator's, save a script variable naming the user: the sign-in dialog and the refusals
are drawn by script; kept once, as the administrator's), and every JSON answer."""

from __future__ import annotations

import hashlib
import shutil
import time
import urllib.parse
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, running
from bench.harvest.web_session import Keeper, Session

GROUP = "motioneye"
HOME = Path("/tmp/fresh6c/motioneye-venv")
PORT = 18600  # the harvest's range is 18600-18699 (the machine is shared)
ADMIN = ("admin", "harvest-admin-42")
NORMAL = ("viewer", "harvest-viewer-42")
ENGLISH = "en"
SOURCE = "eo"  # motionEye's messages are written in Esperanto
# (path, who, label, name, note)
REQUESTS = (
    ("/", ADMIN, "ok", "main", "the main page (no camera), signed in as the administrator"),
    ("/", NORMAL, "ok", "main-normal", "the main page, signed in as the normal user"),
    ("/version", None, "ok", "version", "the version page"),
    ("/static/nosuch.js", None, "soft_404", "static-not-found",
     "a static file that does not exist: Tornado's '404: Not Found' (404)"),
    ("/static/", None, "soft_403", "static-forbidden",
     "the static folder, whose listing Tornado refuses: '403: Forbidden' (403)"),
)  # fmt: skip
# pages whose text no language changes: asked in English only
UNTRANSLATED = ("/version", "/static/nosuch.js", "/static/")


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("motioneye", home=HOME)
    version = pyenv.versions(python, "motioneye")["motioneye"]
    keeper = Keeper(GROUP, f"motioneye {version} (PyPI)")
    shutil.rmtree(work, ignore_errors=True)
    languages = _languages(python)
    # English, then Esperanto (the source: a language whose catalog is nearly empty shows it)
    for language in [ENGLISH, SOURCE, *sorted(set(languages) - {ENGLISH, SOURCE})]:
        folder = work / language
        _configure(folder, language)
        command = [str(python.parent / "meyectl"), "startserver", "-c"]
        command.append(str(folder / "motioneye.conf"))
        with running(command, PORT, folder / "motioneye.log", timeout=60):
            _pages(keeper, language)
    return keeper.pages


def _languages(python: Path) -> list[str]:
    """The languages motionEye ships: its locale folders and Esperanto, the source's."""
    locale = next(python.parent.parent.glob("lib/python3*/site-packages/motioneye/locale"))
    found = [folder.name for folder in locale.iterdir() if (folder / "LC_MESSAGES").is_dir()]
    return sorted({*found, SOURCE})


def _configure(folder: Path, language: str) -> None:
    for name in ("conf", "run", "log", "media"):
        (folder / name).mkdir(parents=True)
    settings = {
        "conf_path": folder / "conf",
        "run_path": folder / "run",
        "log_path": folder / "log",
        "media_path": folder / "media",
        "log_level": "info",
        "listen": "127.0.0.1",
        "port": PORT,
        "motion_control_localhost": "true",
        "motion_control_port": PORT + 1,
        "enable_update": "false",
    }
    lines = [f"{key} {value}" for key, value in settings.items()]
    (folder / "motioneye.conf").write_text("\n".join(lines) + "\n")
    # its own configuration lines (@...), passwords as sha1
    main = {
        "@lang": language,
        "@enabled": "on",
        "@admin_username": ADMIN[0],
        "@admin_password": hashlib.sha1(ADMIN[1].encode()).hexdigest(),
        "@normal_username": NORMAL[0],
        "@normal_password": hashlib.sha1(NORMAL[1].encode()).hexdigest(),
    }
    lines = [f"# {key} {value}" for key, value in main.items()]
    (folder / "conf" / "motion.conf").write_text("\n".join(lines) + "\n")


def _pages(keeper: Keeper, language: str) -> None:
    base = f"http://127.0.0.1:{PORT}"
    _wait_for_language(base, language)
    browsers: dict = {None: Session(base, language)}
    for user in (ADMIN, NORMAL):
        browsers[user] = Session(base, language)
        fields = urllib.parse.urlencode({"username": user[0], "password": user[1]}).encode()
        status, _, _, body = browsers[user].get("/login/", fields)
        if status != 200:
            raise RuntimeError(f"{user[0]} could not sign in: {status} {body[:200]!r}")
    for path, user, label, name, note in REQUESTS:
        if path in UNTRANSLATED and language != ENGLISH:
            continue
        status, final, kind, body = browsers[user].get(path)
        who = f"signed in as {user[0]}" if user else "a visitor"
        how = f"GET {path} ({who}, @lang {language})"
        if final != path:
            how += f"; redirected to {final}"
        recorded = language.replace("_", "-").lower()  # nb_NO: nb-no
        keeper.keep(name, body, status, label, recorded, how, note, kind)


def _wait_for_language(base: str, language: str, timeout: float = 30) -> None:
    """Until the server answering is this language's (the last one's may still be stopping)."""
    expected = f"i18n.setLocale('{language}')".encode()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _, _, _, body = Session(base, language).get("/")
        if expected in body:
            return
        time.sleep(1)
    raise RuntimeError(f"motionEye does not answer in {language} after {timeout}s")
