"""Debian cgit over a repository made here (a licence text the system ships), cgit.cgi run as
a CGI program (the request in its environment, as a web server would run it, its answer read
from its output): the index, a repository's summary, log, tree, file, commit and about pages,
a log search with results (healthy), and its "No repositories found", "Bad commit
reference", "Path not found" and "Invalid request" pages (each answered with 404)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version

GROUP = "cgit"
CGI = "/usr/lib/cgit/cgit.cgi"
CONFIG = """css=/cgit.css
logo=/cgit.png
virtual-root=/
root-title=Projects
root-desc=Licence texts and tools
readme=:README
enable-log-filecount=1
scan-path={repositories}
"""
# (PATH_INFO, QUERY_STRING) -> (label, name, note)
REQUESTS = {
    ("/", ""): ("ok", "index", "the repository index"),
    ("/licences.git/", ""): ("ok", "summary", "a repository's summary"),
    ("/licences.git/log/", ""): ("ok", "log", "a repository's log"),
    ("/licences.git/tree/", ""): ("ok", "tree", "a repository's tree"),
    ("/licences.git/tree/BSD", ""): ("ok", "file", "a file"),
    ("/licences.git/commit/", ""): ("ok", "commit", "the last commit"),
    ("/licences.git/about/", ""): ("ok", "about", "the repository's README"),
    ("/licences.git/refs/", ""): ("ok", "refs", "branches and tags"),
    ("/licences.git/log/", "qt=grep&q=licence"): ("ok", "search", "a log search with results"),
    ("/no-such-repo.git/", ""): ("soft_404", "no-such-repo", "No repositories found"),
    ("/licences.git/commit/", "id=0123456789abcdef0123456789abcdef01234567"): (
        "soft_404",
        "bad-commit",
        "Bad commit reference",
    ),
    ("/licences.git/tree/NO-SUCH-FILE", ""): ("soft_404", "missing-path", "Path not found"),
    ("/licences.git/no-such-command/", ""): ("soft_404", "invalid-request", "Invalid request"),
}


def harvest(work: Path) -> list[Page]:
    apt_install("cgit", "git")
    source = deb_version("cgit")
    shutil.rmtree(work, ignore_errors=True)
    repositories = work / "repositories"
    _repository(repositories / "licences.git", work / "checkout")
    config = work / "cgitrc"
    config.write_text(CONFIG.format(repositories=repositories))
    pages = []
    for (path, query), (label, name, note) in REQUESTS.items():
        status, headers, body = _run(config, path, query)
        if "html" not in headers.get("content-type", ""):
            continue
        request = path + (f"?{query}" if query else "")
        pages.append(
            Page(
                f"{name}.html",
                body,
                source,
                GROUP,
                f"CGI GET {request} (cgit.cgi, CGIT_CONFIG with virtual-root=/)",
                "en",
                label,
                status,
                note,
            )
        )
    return pages


def _run(config: Path, path: str, query: str) -> tuple[int, dict[str, str], bytes]:
    """cgit.cgi's answer to one GET: (status, headers, body)."""
    environment = {
        "PATH": "/usr/bin:/bin",
        "CGIT_CONFIG": str(config),
        "GATEWAY_INTERFACE": "CGI/1.1",
        "REQUEST_METHOD": "GET",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8080",
        "SCRIPT_NAME": "/",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HOME": str(config.parent),
    }
    output = subprocess.run([CGI], env=environment, capture_output=True, check=True).stdout
    head, _, body = output.partition(b"\n\n")
    headers = {}
    for line in head.decode("latin-1").splitlines():
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    status = int(headers.get("status", "200").split()[0])
    return status, headers, body


def _repository(bare: Path, checkout: Path) -> None:
    checkout.mkdir(parents=True)
    shutil.copy("/usr/share/common-licenses/BSD", checkout / "BSD")
    (checkout / "README").write_text("Licence texts as Debian ships them.\n")
    environment = dict(
        os.environ,
        GIT_AUTHOR_NAME="Harvest",
        GIT_AUTHOR_EMAIL="h@example.org",
        GIT_COMMITTER_NAME="Harvest",
        GIT_COMMITTER_EMAIL="h@example.org",
    )
    for command in (
        ["git", "init", "-q", "-b", "master"],
        ["git", "add", "."],
        ["git", "commit", "-q", "-m", "The BSD licence text"],
    ):
        subprocess.run(command, cwd=checkout, check=True, env=environment)
    subprocess.run(["git", "clone", "-q", "--bare", str(checkout), str(bare)], check=True)
    (bare / "description").write_text("Licence texts\n")
