"""pyLoad's web interface (PyPI `pyload-ng`), in an environment of its own, with a user folder,
cache and download folder of its own (`--userdir`, `--tempdir`, `--storagedir`; made by
`--dry-run`, then its web interface set to 127.0.0.1 and a free port), one configuration per
theme it ships (modern, pyplex), its default user: the sign-in page (asked for, where the
dashboard and the settings send a visitor, after a wrong password), its 404 page ("Sorry,
something went wrong... Error 404: The requested URL was not found on the server.") for an
anonymous visitor and for the signed-in user (an unknown URL, a file it does not have);
signed in, the dashboard, queue, collector, files, settings, logs, server information (all
server-rendered) and the signed-out page. Left out: its 403 ("Forbidden", a user without a
permission) and 401 (the API) answers, text/plain and JSON, and its page for an exception
(500, not one of our labels). Its interface is English only (the only catalog it ships)."""

from __future__ import annotations

import http.cookiejar
import re
import shutil
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, fetch, free_port, running

GROUP = "pyload-ng"
HOME = pyenv.HOME.parent / "pyload-venv"
THEMES = ("modern", "pyplex")
USER = {"username": "pyload", "password": "pyload"}
# path -> (label, name, note, signed in?)
REQUESTS = {
    "/login": ("soft_401", "login", "the sign-in page", False),
    "/": ("soft_401", "login-from-home", "where / sends a visitor: the sign-in page", False),
    "/settings": (
        "soft_401",
        "login-from-settings",
        "where the settings send a visitor: the sign-in page",
        False,
    ),
    "/no-such-page": ("soft_404", "not-found", "an unknown URL: its 404 page", False),
    "/no-such-page?signed-in": (
        "soft_404",
        "not-found-signed-in",
        "an unknown URL, signed in: its 404 page",
        True,
    ),
    "/files/get/no-such-file.zip": (
        "soft_404",
        "missing-file",
        "a file it does not have, signed in: its 404 page",
        True,
    ),
    "/dashboard": ("ok", "dashboard", "the dashboard (no downloads)", True),
    "/queue": ("ok", "queue", "the queue (empty)", True),
    "/collector": ("ok", "collector", "the collector (empty)", True),
    "/files": ("ok", "files", "the downloaded files (none)", True),
    "/settings?signed-in": ("ok", "settings", "the settings", True),
    "/logs": ("ok", "logs", "the log", True),
    "/info": ("ok", "info", "the server information", True),
    "/logout": ("ok", "logged-out", "the signed-out page", True),
}


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("pyload-ng", home=HOME)
    source = f"pyload-ng {pyenv.versions(python, 'pyload-ng')['pyload-ng']} (PyPI)"
    pyload = str(python.parent / "pyload")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    pages = []
    for theme in THEMES:
        folders = [
            *("--userdir", str(work / theme / "user")),
            *("--tempdir", str(work / theme / "tmp")),
            *("--storagedir", str(work / theme / "downloads")),
        ]
        subprocess.run([pyload, *folders, "--dry-run"], check=True, capture_output=True, cwd=work)
        port = free_port()
        settings = work / theme / "user" / "settings" / "pyload.cfg"
        text = settings.read_text()
        text = re.sub(r'(ip host : "IP address" =) \S+', r"\1 127.0.0.1", text)
        text = re.sub(r'(int port : "Port" =) \d+', rf"\1 {port}", text)
        text = re.sub(r'(modern;pyplex theme : "Theme" =) \S+', rf"\1 {theme}", text)
        settings.write_text(text)
        with running([pyload, *folders], port, work / theme / "server.log", cwd=work):
            base = f"http://127.0.0.1:{port}"
            cookie = ""
            wrong = _login(base, {**USER, "password": "wrong-password"})[1]
            pages.append(
                Page(
                    f"login-failed.{theme}.html",
                    wrong,
                    source,
                    GROUP,
                    f"POST /login with a wrong password (theme {theme})",
                    "en",
                    "soft_401",
                    200,
                    "the sign-in page after a wrong password",
                )
            )
            for path, (label, name, note, signed_in) in REQUESTS.items():
                if signed_in and not cookie:
                    cookie = _login(base, USER)[0]
                request = path.replace("?signed-in", "")
                headers = {"Cookie": cookie} if signed_in else {}
                status, answer, body = fetch(base + request, headers=headers)
                obtained = f"GET {request} (theme {theme}, "
                obtained += "signed in as its default user)" if signed_in else "anonymous)"
                if status in (301, 302, 303) and answer.get("location"):
                    target = urllib.parse.urljoin(base + request, answer["location"])
                    request = target.removeprefix(base)
                    status, answer, body = fetch(target, headers=headers)
                    obtained += f", then GET {request} (its redirect)"
                if "html" not in answer.get("content-type", ""):
                    continue
                pages.append(
                    Page(
                        f"{name}.{theme}.html",
                        body,
                        source,
                        GROUP,
                        obtained,
                        "en",
                        label,
                        status,
                        note,
                    )
                )
    return pages


def _login(base: str, user: dict) -> tuple[str, bytes]:
    """(the session cookie, the page answered) of a sign-in through the form."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{base}/login", timeout=20).read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode({**user, "csrf_token": token}).encode()
    body = opener.open(f"{base}/login", data, timeout=20).read()
    cookie = "; ".join(f"{item.name}={item.value}" for item in jar)
    return cookie, body
