"""marimo (PyPI `marimo`), a notebook server, in an environment of its own: `marimo edit
--headless` on 127.0.0.1 with a token password, not signed in: its sign-in page ("Access Token
/ Password"), asked for, where the start page sends a visitor, and after a wrong and an empty
password. English only. Left out: its answer for an unknown URL (JSON) and everything behind
the sign-in (a client-rendered application a crawler does not get)."""

from __future__ import annotations

import os
import shutil
import urllib.error
import urllib.request
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, fetch, free_port, running

GROUP = "marimo"
HOME = pyenv.HOME.parent / "marimo-venv"
TOKEN = "harvest-only-token-42"


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("marimo", home=HOME)
    source = f"marimo {pyenv.versions(python, 'marimo')['marimo']} (PyPI)"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    port = free_port()
    command = [
        str(python.parent / "marimo"),
        *("edit", "--headless", "--host", "127.0.0.1", "--port", str(port)),
        *("--token-password", TOKEN, "--no-skew-protection"),
    ]
    base = f"http://127.0.0.1:{port}"
    environment = dict(os.environ, HOME=str(work))
    pages = []
    how = "marimo edit --headless --token-password, not signed in"
    with running(command, port, work / "marimo.log", env=environment, cwd=work, timeout=120):
        status, headers, body = fetch(f"{base}/auth/login")
        pages.append(_page("login", body, source, f"GET /auth/login ({how})", status,
                           "the sign-in page"))  # fmt: skip
        status, headers, _ = fetch(f"{base}/")
        target = headers.get("location", "").removeprefix(base)
        if status in (302, 303) and target.startswith("/auth/login"):
            status, headers, body = fetch(base + target)
            pages.append(_page("login-from-start", body, source,
                               f"GET / ({how}), then GET {target} (its redirect)", status,
                               "the sign-in page the start page sends a visitor to"))  # fmt: skip
        for password, name, note in (
            ("wrong-password", "login-wrong-password", "after a wrong password"),
            ("", "login-empty-password", "after an empty password"),
        ):
            status, body = _post(f"{base}/auth/login", f"password={password}".encode())
            pages.append(_page(name, body, source, f"POST /auth/login ({how})", status,
                               f"the sign-in page {note}"))  # fmt: skip
    return pages


def _page(name: str, body: bytes, source: str, obtained: str, status: int, note: str) -> Page:
    return Page(f"{name}.html", body, source, GROUP, obtained, "en", "soft_401", status, note)


def _post(url: str, data: bytes) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=data, method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
