"""Roundup (PyPI), a tracker made by `roundup-admin install classic sqlite` with two issues,
served through Roundup's own WSGI dispatcher on 127.0.0.1 (roundup-server refuses to run as
root), as an anonymous visitor, its interface language chosen by Accept-Language: a missing
issue ("Item Not Found"), the pages that ask to log in (the user list, a user, a new user),
and healthy pages (the issue list, an issue, the search form, a search with results, the
registration and lost-password forms)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, fetch, free_port, running

GROUP = "roundup"
# the languages Roundup ships catalogues for
LANGUAGES = ("en", "de", "es", "fr", "hu", "it", "ja", "lt", "nb", "ru", "zh-CN", "zh-TW")
# path -> (label, name, note)
# Roundup's "Item Not Found" template is not translated: asked for once, in English
MISSING = {
    "/issue999": ("soft_404", "missing-issue", "Item Not Found: there is no issue with id 999"),
    "/msg999": ("soft_404", "missing-message", "Item Not Found: there is no msg with id 999"),
    "/file999": ("soft_404", "missing-file", "Item Not Found: there is no file with id 999"),
}
REQUESTS = {
    "/user": ("soft_401", "user-list", "the user list: please login with your username"),
    "/user1": ("soft_401", "user", "a user's page: please login with your username"),
    "/user?@template=item": ("soft_401", "new-user", "new user: please login"),
    "/": ("ok", "issue-list", "the issue list (two issues)"),
    "/issue1": ("ok", "issue", "an issue"),
    "/issue?@template=search": ("ok", "search-form", "the issue search form"),
    "/issue?@filter=title&title=login&@columns=id,title,status": (
        "ok",
        "search-results",
        "a search with results",
    ),
    "/user?@template=register": ("ok", "register", "the registration form"),
    "/user?@template=forgotten": ("ok", "forgotten", "the lost-password form"),
}
ISSUES = ("Login page shows the wrong language", "Search results miss closed issues")
SERVER = """
import sys
from wsgiref.simple_server import make_server
from roundup.cgi.wsgi_handler import RequestDispatcher
make_server("127.0.0.1", int(sys.argv[1]), RequestDispatcher(sys.argv[2])).serve_forever()
"""


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("roundup")
    source = f"roundup {pyenv.versions(python, 'roundup')['roundup']} (PyPI)"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    tracker = work / "tracker"
    port = free_port()
    admin = [str(python.parent / "roundup-admin"), "-i", str(tracker)]
    settings = f"tracker_web=http://127.0.0.1:{port}/,mail_domain=example.org,mail_host=localhost"
    for arguments in (
        ["install", "classic", "sqlite", settings],
        ["initialise", "not-a-real-password"],
        *(["create", "issue", f"title={title}"] for title in ISSUES),
    ):
        subprocess.run([*admin, *arguments], check=True, capture_output=True)
    (work / "server.py").write_text(SERVER)
    pages = []
    command = [str(python), str(work / "server.py"), str(port), str(tracker)]
    with running(command, port, work / "server.log"):
        for requests, languages in ((MISSING, ("en",)), (REQUESTS, LANGUAGES)):
            for language, (path, (label, name, note)) in _each(languages, requests):
                status, headers, body = fetch(f"http://127.0.0.1:{port}{path}", language)
                if "html" not in headers.get("content-type", ""):
                    continue
                pages.append(
                    Page(
                        f"{name}.{language.lower()}.html",
                        body,
                        source,
                        GROUP,
                        f"GET {path} Accept-Language: {language} (classic template, anonymous)",
                        language.lower(),
                        label,
                        status,
                        note,
                    )
                )
    return pages


def _each(languages: tuple[str, ...], requests: dict) -> list[tuple[str, tuple]]:
    return [(language, request) for language in languages for request in requests.items()]
