"""OctoPrint (PyPI `octoprint`), a 3D printer's web interface, in an environment of its own:
a base folder made here with two users (`octoprint user add`: an administrator, and bob in
the guests group, with no permission), `octoprint serve` on 127.0.0.1 (--iknowwhatimdoing:
the harvest runs as root), Accept-Language in the languages it ships (en, de). Its sign-in
page: asked for, asking to reauthenticate, and where the start page and the recovery page
send an anonymous visitor (soft_401); where they send bob, signed in: the same page saying
"An account with the following permissions is required: ..." (soft_403). Left out: its
404 (Werkzeug's page: the werkzeug group), the interface behind the sign-in (the page is
made by JavaScript). A page is kept in German only where its text differs from the English
page's."""

from __future__ import annotations

import contextlib
import http.client
import http.cookiejar
import json
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, free_port, running

GROUP = "octoprint"
HOME = pyenv.HOME.parent / "octoprint-venv"
# user -> (password, options of `octoprint user add`)
USERS = {
    "admin": ("harvest-only-password-1", ["--admin"]),
    "bob": ("harvest-only-password-2", ["--group", "guests"]),
}
# path -> (label, name, note, who: "" for an anonymous visitor, or a user)
REQUESTS = {
    "/login": ("soft_401", "login", "the sign-in page", ""),
    "/login?reauthenticate=true": (
        "soft_401",
        "login-reauthenticate",
        "the sign-in page asking to reauthenticate ('Please reauthenticate')",
        "",
    ),
    "/": ("soft_401", "login-from-start", "the sign-in page the start page sends a visitor to", ""),
    "/recovery/": (
        "soft_401",
        "login-from-recovery",
        "the sign-in page the recovery page sends a visitor to",
        "",
    ),
    "/?bob": (
        "soft_403",
        "permissions-required-start",
        "the start page for bob (no permission): the sign-in page, 'An account with the "
        "following permissions is required: Status, Settings read'",
        "bob",
    ),
    "/recovery/?bob": (
        "soft_403",
        "permissions-required-recovery",
        "the recovery page for bob (no permission): the sign-in page, 'An account with the "
        "following permissions is required: Admin'",
        "bob",
    ),
}
LANGUAGES = ("en", "de")


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("octoprint", home=HOME)
    source = f"OctoPrint {pyenv.versions(python, 'octoprint')['octoprint']} (PyPI)"
    octoprint = str(python.parent / "octoprint")
    shutil.rmtree(work, ignore_errors=True)
    base = work / "base"
    for user, (password, options) in USERS.items():
        subprocess.run(
            [octoprint, "--basedir", str(base), "user", "add", "--password", password, *options,
             user],
            check=True,
            capture_output=True,
        )  # fmt: skip
    port = free_port()
    command = [octoprint, "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--basedir", str(base), "--iknowwhatimdoing"]
    pages, english = [], {}
    with running(command, port, work / "octoprint.log", cwd=work, timeout=180):
        root = f"http://127.0.0.1:{port}"
        _wait_until_ready(root)
        visitors = {"": _opener(), "bob": _signed_in(root, "bob")}
        for language in LANGUAGES:
            for path, (label, name, note, who) in REQUESTS.items():
                asked = path.removesuffix("?bob")
                status, body, obtained = _get(visitors[who], root, asked, language)
                if english.setdefault(name, _text(body)) == _text(body) and language != "en":
                    continue  # not translated
                obtained += " (signed in as bob, no permission)" if who else " (anonymous)"
                pages.append(
                    Page(f"{name}.{language}.html", body, source, GROUP, obtained, language,
                         label, status, note)
                )  # fmt: skip
    return pages


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *arguments, **keywords):
        return None


def _opener() -> urllib.request.OpenerDirector:
    cookies = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    return urllib.request.build_opener(cookies, _NoRedirect)


def _open(opener, request: urllib.request.Request) -> tuple[int, dict, bytes]:
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _get(opener, root: str, path: str, language: str) -> tuple[int, bytes, str]:
    """The answer to `path`, a redirect to the sign-in page followed once."""
    headers = {"Accept-Language": language, "Accept": "text/html"}
    status, answer, body = _open(opener, urllib.request.Request(root + path, headers=headers))
    obtained = f"GET {path} Accept-Language: {language}"
    location = answer.get("Location", "")
    if status in (301, 302, 303) and location:
        target = location.removeprefix(root)
        status, answer, body = _open(opener, urllib.request.Request(root + target, headers=headers))
        obtained += f", then GET {target} (its redirect)"
    if status != 200 or "html" not in answer.get("Content-Type", ""):
        raise RuntimeError(f"{path} answered {status}")
    return status, body, obtained


def _wait_until_ready(root: str, timeout: float = 180) -> None:
    """OctoPrint listens before it serves (its first answers are not HTTP): wait for /login."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, http.client.HTTPException):
            if _open(_opener(), urllib.request.Request(root + "/login"))[0] == 200:
                return
        time.sleep(1)
    raise RuntimeError(f"OctoPrint did not serve /login within {timeout}s")


def _signed_in(root: str, user: str) -> urllib.request.OpenerDirector:
    """An opener holding `user`'s session (POST /api/login with the CSRF token's cookie)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    _open(opener, urllib.request.Request(root + "/login"))
    token = next(cookie.value for cookie in jar if cookie.name.startswith("csrf_token"))
    data = json.dumps({"user": user, "pass": USERS[user][0], "remember": False}).encode()
    headers = {"Content-Type": "application/json", "X-CSRF-Token": token}
    status, _, _ = _open(opener, urllib.request.Request(root + "/api/login", data, headers))
    if status != 200:
        raise RuntimeError(f"signing in as {user} answered {status}")
    return opener


def _text(body: bytes) -> str:
    """What a reader sees of a page (and its title): no tags, scripts or styles."""
    text = re.sub(rb"(?s)<(script|style)\b.*?</\1>|<[^>]+>", b" ", body)
    return " ".join(text.decode("utf-8", "replace").split())
