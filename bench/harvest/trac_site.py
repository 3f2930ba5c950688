"""Trac (PyPI), a new environment made by `trac-admin initenv` (SQLite) and served by its own
tracd on 127.0.0.1, as an anonymous visitor with Trac's default permissions, its interface
language chosen by Accept-Language: a missing wiki page, ticket and milestone, an unknown
URL, the "privileges are required" pages (new ticket, edit a page, new report), and healthy
pages (the start page, the permissions guide, a search with results, the timeline, a report,
the roadmap, the title index, the about and preferences pages)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, fetch, free_port, running

GROUP = "trac"
# Accept-Language -> the language recorded
ERROR_LANGUAGES = (
    "en",
    "ar",
    "cs",
    "de",
    "es",
    "fa",
    "fr",
    "he",
    "it",
    "ja",
    "ko",
    "nl",
    "pl",
    "pt-BR",
    "ru",
    "tr",
    "uk",
    "zh-CN",
)
HEALTHY_LANGUAGES = ("en", "de", "ja", "ru", "es")
# path -> (label, name, note)
ERRORS = {
    "/wiki/NoSuchPage": ("soft_404", "missing-wiki-page", "the wiki page does not exist"),
    "/ticket/999": ("soft_404", "missing-ticket", "ticket #999 does not exist"),
    "/milestone/no-such-milestone": ("soft_404", "missing-milestone", "milestone does not exist"),
    "/no-such-page": ("soft_404", "no-handler", "no handler matched the request"),
    "/newticket": ("soft_403", "newticket", "TICKET_CREATE privileges are required"),
    "/wiki/WikiStart?action=edit": ("soft_403", "edit-page", "WIKI_MODIFY privileges required"),
}
HEALTHY = {
    "/wiki/WikiStart": ("ok", "wiki-start", "the wiki's start page"),
    "/wiki/TracPermissions": ("ok", "permissions-guide", "the guide page on permissions"),
    "/search?q=ticket&wiki=on": ("ok", "search", "a search with results"),
    "/timeline": ("ok", "timeline", "the timeline"),
    "/report/1": ("ok", "report", "a report (active tickets: none yet)"),
    "/roadmap": ("ok", "roadmap", "the roadmap with its milestones"),
    "/wiki/TitleIndex": ("ok", "title-index", "the title index"),
    "/about": ("ok", "about", "about Trac"),
    "/prefs": ("ok", "preferences", "the preferences form (anonymous session)"),
}


def harvest(work: Path) -> list[Page]:
    # Trac 1.6 imports pkg_resources, which setuptools 81 dropped
    python = pyenv.python("trac", "babel")
    if subprocess.run([str(python), "-c", "import pkg_resources"], check=False).returncode:
        subprocess.run([str(python), "-m", "pip", "install", "-q", "setuptools<81"], check=True)
    names = pyenv.versions(python, "trac", "babel")
    source = f"Trac {names['trac']} + Babel {names['babel']} (PyPI)"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    environment = work / "projects"
    subprocess.run(
        [str(python.parent / "trac-admin"), str(environment), "initenv", "Projects",
         "sqlite:db/trac.db"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    port = free_port()
    command = [str(python.parent / "tracd"), "-s", "-b", "127.0.0.1", "-p", str(port)]
    pages = []
    with running([*command, str(environment)], port, work / "server.log"):
        for requests, languages in ((ERRORS, ERROR_LANGUAGES), (HEALTHY, HEALTHY_LANGUAGES)):
            for language in languages:
                for path, (label, name, note) in requests.items():
                    status, headers, body = fetch(f"http://127.0.0.1:{port}{path}", language)
                    if "html" not in headers.get("content-type", ""):
                        continue
                    pages.append(
                        Page(
                            f"{name}.{language.lower()}.html",
                            body,
                            source,
                            GROUP,
                            f"GET {path} Accept-Language: {language} (tracd, anonymous)",
                            language.lower(),
                            label,
                            status,
                            note,
                        )
                    )
    return pages
