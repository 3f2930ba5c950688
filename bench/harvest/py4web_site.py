"""py4web (PyPI `py4web`, web2py's successor), in an environment of its own: the apps it
ships (`py4web setup` copies them into the work folder), run by `py4web run` on 127.0.0.1,
not signed in: py4web's own 404 page ("404 NOT FOUND" and a button back to the app) for an
unknown app and for unknown pages of two apps; the scaffold app's sign-in page; its
registration and password-reset forms, its start page, the welcome app and the showcase's
index (healthy). English only (the scaffold ships no translation of its forms). Left out:
the answers py4web gives an action's HTTP(401)/HTTP(403) and its auth API's "Login
required" (JSON or plain text), the dashboard (a client-rendered page)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, fetch, free_port, running

GROUP = "py4web"
HOME = pyenv.HOME.parent / "py4web-venv"
# path -> (label, name, note)
REQUESTS = {
    "/no-such-app": ("soft_404", "unknown-app", "an unknown app: py4web's 404 page"),
    "/_scaffold/no-such-page": (
        "soft_404",
        "scaffold-no-such-page",
        "an unknown page of the scaffold app: py4web's 404 page",
    ),
    "/showcase/no-such-example": (
        "soft_404",
        "showcase-no-such-page",
        "an unknown page of the showcase app: py4web's 404 page",
    ),
    "/_scaffold/auth/login": ("soft_401", "login", "the scaffold app's sign-in page"),
    "/_scaffold/auth/register": ("ok", "register", "the scaffold app's registration form"),
    "/_scaffold/auth/request_reset_password": (
        "ok",
        "request-reset-password",
        "the scaffold app's password-reset form",
    ),
    "/_scaffold": ("ok", "scaffold-home", "the scaffold app's start page"),
    "/": ("ok", "welcome", "the welcome app (_default)"),
    "/showcase": ("ok", "showcase", "the showcase app's index of examples"),
}


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("py4web", home=HOME)
    source = f"py4web {pyenv.versions(python, 'py4web')['py4web']} (PyPI)"
    py4web = str(python.parent / "py4web")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    subprocess.run([py4web, "setup", str(work / "apps"), "-Y"], check=True, capture_output=True)
    port = free_port()
    command = [py4web, "run", str(work / "apps"), "--host", "127.0.0.1", "--port", str(port)]
    pages = []
    with running(command, port, work / "py4web.log", cwd=work):
        for path, (label, name, note) in REQUESTS.items():
            status, headers, body = fetch(f"http://127.0.0.1:{port}{path}", timeout=60)
            if "html" not in headers.get("content-type", ""):
                continue
            obtained = f"GET {path} (py4web run, the apps it ships, not signed in)"
            pages.append(
                Page(f"{name}.html", body, source, GROUP, obtained, "en", label, status, note)
            )
    return pages
