"""Flower (PyPI `flower`), Celery's monitoring web interface, in an environment of its own,
run by `celery --broker=memory:// flower` on 127.0.0.1 (no worker, no broker to reach), no
authentication: its "Error, page not found" page for an unknown URL, an unknown task and an
unknown worker (404), the workers and tasks pages and the logged-out page (healthy). English
only. Left out: the broker page ("'memory' broker is not supported", 404, not a not-found
page), the 401 of its basic authentication ("Access denied", text/plain), its OAuth error
page (it needs an OAuth provider on the network)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, fetch, free_port, running

GROUP = "flower"
HOME = pyenv.HOME.parent / "flower-venv"
# path -> (label, name, note)
REQUESTS = {
    "/no-such-page": ("soft_404", "no-such-page", "an unknown URL: 'Error, page not found'"),
    "/task/0b6ad1e3-5d9a-4c47-9d55-3a8f3c1d2e4f": (
        "soft_404",
        "unknown-task",
        "a task that does not exist: 'Unknown task ...'",
    ),
    "/worker/celery@nowhere": (
        "soft_404",
        "unknown-worker",
        "a worker that does not exist: 'Unknown worker ...'",
    ),
    "/": ("ok", "workers", "the home page: the workers (none online)"),
    "/tasks": ("ok", "tasks", "the task history (empty)"),
    "/logout": ("ok", "logged-out", "the logged-out page"),
}


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("flower", home=HOME)
    found = pyenv.versions(python, "flower", "celery")
    source = f"flower {found['flower']}, celery {found['celery']} (PyPI)"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    port = free_port()
    command = [
        str(python.parent / "celery"),
        "--broker=memory://",
        "flower",
        "--address=127.0.0.1",
        f"--port={port}",
        f"--db={work / 'flower.db'}",
    ]
    pages = []
    environment = dict(os.environ, HOME=str(work))
    with running(command, port, work / "flower.log", env=environment, cwd=work):
        for path, (label, name, note) in REQUESTS.items():
            status, headers, body = fetch(f"http://127.0.0.1:{port}{path}")
            if "html" not in headers.get("content-type", ""):
                continue
            obtained = f"GET {path} (celery --broker=memory:// flower, no authentication)"
            pages.append(
                Page(f"{name}.html", body, source, GROUP, obtained, "en", label, status, note)
            )
    return pages
