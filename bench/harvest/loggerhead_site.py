"""Debian loggerhead: Breezy's web front end (`loggerhead-serve`, Paste's HTTP server) over a
folder holding one small branch made here with `brz` (three revisions: licence texts, a
README, an edit): the branch list, changes, files, a folder, a file, its annotation, a
revision, a revision's changes, a search of the changes (no results: the search index needs
the bzr-search plugin, which Debian does not ship with it); the 404 page (Paste's "Not
Found ... The resource could not be found.", the same bytes for a missing file, folder,
revision, view or branch: kept once). Left out: the 500 page for a revision id it cannot
resolve ("Could not fetch changes": a server error by its words) and the Atom feed's error
page (a Python traceback). Its interface is English only."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "loggerhead"
# path -> (label, name, note)
REQUESTS = {
    "/": ("ok", "branches", "the list of branches it serves"),
    "/demo/changes": ("ok", "changes", "the branch's changes"),
    "/demo/changes/2": ("ok", "changes-from-revision", "the changes from revision 2 down"),
    "/demo/files": ("ok", "files", "the files of the last revision"),
    "/demo/files/head:/docs": ("ok", "folder", "a folder"),
    "/demo/view/head:/README": ("ok", "file", "a file"),
    "/demo/annotate/head:/README": ("ok", "annotate", "a file annotated"),
    "/demo/revision/2": ("ok", "revision", "a revision"),
    "/demo/changes?q=licence": (
        "ok",
        "search-no-results",
        "a search of the changes: 'Sorry, no results found for your search.' (no search index)",
    ),
    "/demo/view/head:/no-such-file": (
        "soft_404",
        "not-found",
        "a missing file: 404 'Not Found ... The resource could not be found.' (the same page"
        " for a missing folder, revision, view and branch)",
    ),
}


def harvest(work: Path) -> list[Page]:
    apt_install("loggerhead", "brz")
    source = f"{deb_version('loggerhead')}, {deb_version('brz')}"
    shutil.rmtree(work, ignore_errors=True)
    branches = work / "branches"
    environment = dict(os.environ, HOME=str(work), BRZ_EMAIL="Harvest <harvest@localhost>")
    _branch(branches / "demo", environment)
    for folder in ("cache", "log"):
        (work / folder).mkdir()
    port = free_port()
    command = [
        "loggerhead-serve",
        *("--host=127.0.0.1", f"--port={port}"),
        f"--cache-dir={work / 'cache'}",
        f"--log-folder={work / 'log'}",
        str(branches),
    ]
    pages = []
    with running(command, port, work / "serve.log", env=environment, cwd=work):
        for path, (label, name, note) in REQUESTS.items():
            status, headers, body = fetch(f"http://127.0.0.1:{port}{path}")
            if "html" not in headers.get("content-type", ""):
                continue
            obtained = f"GET {path}"
            pages.append(
                Page(f"{name}.html", body, source, GROUP, obtained, "en", label, status, note)
            )
    return pages


def _branch(branch: Path, environment: dict) -> None:
    def brz(*arguments: str) -> None:
        subprocess.run(["brz", *arguments], cwd=branch, env=environment, check=True)

    branch.mkdir(parents=True)
    brz("init", "-q", ".")
    shutil.copyfile("/usr/share/common-licenses/GPL-2", branch / "COPYING")
    (branch / "docs").mkdir()
    shutil.copyfile("/usr/share/common-licenses/Apache-2.0", branch / "docs" / "apache.txt")
    brz("add", "-q")
    brz("commit", "-q", "-m", "Add the licence texts")
    (branch / "README").write_text("A small branch made for the harvest.\n")
    brz("add", "-q", "README")
    brz("commit", "-q", "-m", "Add a README about the branch")
    apache = branch / "docs" / "apache.txt"
    apache.write_text(apache.read_text().split("\n", 1)[1])
    brz("commit", "-q", "-m", "Trim the Apache licence")
