"""klaus (PyPI klaus 3.0.1, a git web viewer, Flask; an environment of its own under the work
folder): two instances of its `make_app` served by Werkzeug's server on 127.0.0.1, over git
repositories made here (fixed authors and dates, so the commits' ids are the same at each
harvest): an open one serving "harbour-tools" and "lighthouse-docs", and one serving
"private-notes" behind klaus's HTTP digest authentication for the whole web interface
(`require_browser_auth` with an htdigest file of one user, as klaus.contrib.wsgi's
KLAUS_REQUIRE_BROWSER_AUTH sets it).
klaus is English only. Debian's klaus 2.0.2 was tried first: its digest authentication
answers every visitor with a crash (httpauth.py names PY2, which it no longer defines: 500,
"Internal Server Error"), so its sign-in answer cannot be had; PyPI's, which uses the
separate httpauth package, answers 401.

Pages: klaus's answer to a visitor of the private instance ("401 - Authentication Required",
401, served without a Content-Type; after a wrong password the same page, kept once)
(soft_401); Werkzeug's "404 Not Found" page with klaus's words for an unknown repository
("No such repository 'nosuch'"), an unknown commit ("No such commit 'deadbeef...'"), an
unknown file ("File not found") and an unknown branch (soft_404);
healthy pages: the list of repositories, a repository's front page, its history, a folder,
a file, a file's blame, a commit, a file at an old commit, and signed in on the private
instance its list and repository (ok).

Left out: raw files, patches and tarballs (not HTML); the git smart HTTP answers (not
enabled: a push would be refused with the same 401 page)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, apt_install, running
from bench.harvest.web_session import Keeper, Session

GROUP = "klaus"
HOME = pyenv.HOME.parent / "klaus-venv"  # kept between runs
PORT = 18570  # this harvester's range is 18550-18599 (the machine is shared)
PRIVATE_PORT = 18571
REALM = "Harbour code"
USER = ("mara", "harvest-mara-42")
SERVER = """import sys
from werkzeug.serving import run_simple
from klaus import make_app

port, htdigest, *repositories = sys.argv[1:]
options = {}
if htdigest:
    options = {"htdigest_file": open(htdigest), "require_browser_auth": True}
application = make_app(repositories, "Harbour code", **options)
run_simple("127.0.0.1", int(port), application, threaded=True)
"""
# repository -> commits: (message, {file: text})
REPOSITORIES = {
    "harbour-tools": (
        ("Start the tide table tool", {
            "README.md": "# Harbour tools\n\nSmall tools for the harbour office.\n",
            "src/tide.py": "def high_tides(day):\n    return [(6, 12), (18, 37)]\n"}),
        ("Print the tides of a day", {
            "src/tide.py": "def high_tides(day):\n    return [(6, 12), (18, 37)]\n\n\n"
                           "def show(day):\n    for hour, minute in high_tides(day):\n"
                           "        print(f'{hour:02}:{minute:02}')\n"}),
        ("Add the berth list", {"data/berths.csv": "berth,length\nA1,40\nA2,32\nB1,60\n"}),
    ),
    "lighthouse-docs": (
        ("Write the keeper's guide", {
            "index.rst": "Lighthouse keeper's guide\n=========================\n\n"
                         "Light the lamp at sunset.\n"}),
    ),
    "private-notes": (
        ("Notes of the board meeting", {
            "board.md": "# Board meeting\n\nThe new pier opens in May.\n"}),
    ),
}  # fmt: skip


def harvest(work: Path) -> list[Page]:
    apt_install("git")
    interpreter = pyenv.python("klaus==3.0.1", home=HOME)
    found = pyenv.versions(interpreter, "klaus", "dulwich", "Flask")
    source = (f"klaus {found['klaus']} (PyPI), dulwich {found['dulwich']}, "
              f"Flask {found['Flask']}")  # fmt: skip
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    commits = {name: _repository(work / name, history) for name, history in REPOSITORIES.items()}
    (work / "server.py").write_text(SERVER)
    digest = hashlib.md5(f"{USER[0]}:{REALM}:{USER[1]}".encode()).hexdigest()
    (work / "htdigest").write_text(f"{USER[0]}:{REALM}:{digest}\n")
    python = [str(interpreter), str(work / "server.py")]
    public = [*python, str(PORT), "", str(work / "harbour-tools"), str(work / "lighthouse-docs")]
    private = [*python, str(PRIVATE_PORT), str(work / "htdigest"), str(work / "private-notes")]
    environment = {"PATH": "/usr/bin:/bin"}
    keeper = Keeper(GROUP, source)
    with (
        running(public, PORT, work / "public.log", env=environment),
        running(private, PRIVATE_PORT, work / "private.log", env=environment),
    ):
        _public(keeper, f"http://127.0.0.1:{PORT}", commits)
        _private(keeper, f"http://127.0.0.1:{PRIVATE_PORT}")
    return keeper.pages


def _repository(folder: Path, history) -> list[str]:
    """A repository with `history` committed by a fixed author at fixed dates; its commits."""
    environment = {"PATH": "/usr/bin:/bin", "HOME": str(folder.parent), "GIT_CONFIG_NOSYSTEM": "1",
                   "GIT_AUTHOR_NAME": "Mara Holm", "GIT_AUTHOR_EMAIL": "mara@example.org",
                   "GIT_COMMITTER_NAME": "Mara Holm",
                   "GIT_COMMITTER_EMAIL": "mara@example.org"}  # fmt: skip
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True, env=environment)
    commits = []
    for number, (message, files) in enumerate(history):
        for name, text in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text)
        date = f"2024-06-{10 + number:02}T10:30:00+0000"
        stamped = {**environment, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        subprocess.run(["git", "add", "-A"], cwd=folder, check=True, env=stamped)
        subprocess.run(["git", "commit", "-q", "-m", message], cwd=folder, check=True, env=stamped)
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, check=True, env=stamped,
                              capture_output=True, text=True).stdout.strip()  # fmt: skip
        commits.append(head)
    return commits


def _public(keeper: Keeper, base: str, commits: dict[str, list[str]]) -> None:
    first = commits["harbour-tools"][0]
    requests = (
        ("/", "ok", "repositories", "the list of repositories"),
        ("/harbour-tools/", "ok", "repository", "a repository's front page (its history)"),
        ("/harbour-tools/tree/main/", "ok", "history", "a branch's history"),
        ("/harbour-tools/tree/main/src", "ok", "folder-history", "a folder's history"),
        ("/harbour-tools/blob/main/src/tide.py", "ok", "file", "a file"),
        ("/harbour-tools/blob/main/README.md", "ok", "readme", "a Markdown file, rendered"),
        ("/harbour-tools/blame/main/src/tide.py", "ok", "blame", "a file's blame"),
        (f"/harbour-tools/commit/{commits['harbour-tools'][1]}/", "ok", "commit", "a commit"),
        (f"/harbour-tools/blob/{first}/src/tide.py", "ok", "file-at-commit",
         "a file at an older commit"),
        ("/lighthouse-docs/", "ok", "repository-docs", "another repository's front page"),
        ("/nosuch/", "soft_404", "no-such-repository",
         "an unknown repository: '404 Not Found ... No such repository'"),
        ("/harbour-tools/commit/deadbeefdeadbeefdeadbeefdeadbeefdeadbeef/", "soft_404",
         "no-such-commit", "an unknown commit: '404 Not Found ... No such commit'"),
        ("/harbour-tools/blob/main/src/nosuch.py", "soft_404", "no-such-file",
         "an unknown file: '404 Not Found ... File not found'"),
        ("/harbour-tools/tree/nosuch-branch/", "soft_404", "no-such-branch",
         "an unknown branch: '404 Not Found ... No such commit'"),
    )  # fmt: skip
    for path, label, name, note in requests:
        status, _, kind, body = Session(base).get(path)
        if label == "ok" and status != 200:
            raise RuntimeError(f"{path} answered {status}")
        keeper.keep(name, body, status, label, "en", f"GET {path}", note, kind)


def _private(keeper: Keeper, base: str) -> None:
    note = "the private instance (digest authentication for the whole web interface)"
    for path, name in (("/", "authentication-required"), ("/private-notes/", "repo-401")):
        status, _, kind, body = Session(base).get(path)
        if status != 401:
            raise RuntimeError(f"{path} answered {status} to a visitor")
        keeper.keep(name, body, status, "soft_401", "en", f"GET {path} (a visitor)",
                    f"{note}, a visitor: '401 - Authentication Required' (no Content-Type)",
                    kind or "text/html")  # fmt: skip
    wrong = _digest(base, USER[0], "not-the-password")
    status, kind, body = _get(wrong, base + "/")
    keeper.keep("authentication-failed", body, status, "soft_401", "en",
                "GET / with a wrong password (digest)", f"{note}, a wrong password",
                kind or "text/html")  # fmt: skip
    signed = _digest(base, *USER)
    pages = (("/", "repositories-private", "its list of repositories"),
             ("/private-notes/", "repository-private", "its repository"))  # fmt: skip
    for path, name, what in pages:
        status, kind, body = _get(signed, base + path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status} to {USER[0]}")
        keeper.keep(name, body, status, "ok", "en", f"GET {path} (signed in, digest)",
                    f"{note}: {what}, signed in", kind)  # fmt: skip


def _digest(base: str, user: str, password: str) -> urllib.request.OpenerDirector:
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, base, user, password)
    return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(manager))


def _get(opener: urllib.request.OpenerDirector, url: str) -> tuple[int, str, bytes]:
    try:
        with opener.open(url, timeout=60) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()
