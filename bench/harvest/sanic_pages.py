"""Sanic (PyPI), in an environment of its own, run on 127.0.0.1 in production and in debug
mode: its default HTML error pages for an unknown URL (404) and for views raising Sanic's
own 410, 401 and 403 exceptions (their default messages), and its static directory listing
(healthy)."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, fetch, free_port, running

GROUP = "sanic"
HOME = pyenv.HOME.parent / "sanic-venv"
APP = """
import sys
from sanic import Sanic
from sanic.exceptions import Forbidden, SanicException, Unauthorized
app = Sanic("Projects")
app.static("/files", sys.argv[3], directory_view=True)
@app.get("/gone-page")
async def gone(request): raise SanicException(status_code=410)
@app.get("/members/")
async def members(request): raise Unauthorized()
@app.get("/private/")
async def private(request): raise Forbidden()
app.run(host="127.0.0.1", port=int(sys.argv[1]), debug=sys.argv[2] == "debug",
        single_process=True, access_log=False)
"""
# path -> (label, name, note)
REQUESTS = {
    "/no-such-page": ("soft_404", "not-found", "an unknown URL (404)"),
    "/gone-page": ("soft_404", "gone", "a view raising SanicException(status_code=410)"),
    "/members/": ("soft_401", "unauthorized", "a view raising Unauthorized() (401)"),
    "/private/": ("soft_403", "forbidden", "a view raising Forbidden() (403)"),
    "/files/": ("ok", "listing", "the static directory listing (directory_view)"),
    "/files/docs/": ("ok", "listing-docs", "a subfolder's directory listing"),
}


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("sanic", home=HOME)
    source = f"sanic {pyenv.versions(python, 'sanic')['sanic']} (PyPI)"
    shutil.rmtree(work, ignore_errors=True)
    files = work / "files"
    (files / "docs").mkdir(parents=True)
    for name in ("README.txt", "CHANGES.txt", "docs/install.txt", "docs/usage.txt"):
        (files / name).write_text(f"{name}\n")
    (work / "app.py").write_text(APP)
    pages = []
    for mode in ("production", "debug"):
        port = free_port()
        command = [str(python), str(work / "app.py"), str(port), mode, str(files)]
        with running(command, port, work / f"{mode}.log", cwd=work):
            for path, (label, name, note) in REQUESTS.items():
                if label == "ok" and mode == "debug":
                    continue  # the listing does not change with the mode
                status, headers, body = fetch(f"http://127.0.0.1:{port}{path}")
                if "html" not in headers.get("content-type", ""):
                    continue
                pages.append(
                    Page(
                        f"{name}.{mode}.html",
                        body,
                        source,
                        GROUP,
                        f"GET {path} (sanic, {mode} mode)",
                        "en",
                        label,
                        status,
                        f"{note}, {mode} mode",
                    )
                )
    return pages
