"""Debian fossil: a repository made here by `fossil init` (a licence text the system ships, a
wiki page, a ticket), served by `fossil server` on 127.0.0.1 and seen by an anonymous
visitor (fossil's default privileges), in some of its built-in skins (`?skin=`): timeline,
files, a wiki page, the ticket report, branches, the home page (healthy); a missing wiki
page ("Empty Page"), a missing file, check-in and document (404 or 200, as fossil answers);
the sign-in page, on its own and where a page needing a privilege sends the anonymous
visitor (/login?g=setup). Its unknown-URL page ("Not Found", 404) is not skinned: kept once.

Left out: a missing ticket (fossil shows an empty ticket, not a not-found page), a malformed
artifact name (400), the redirects themselves (302, a few bytes)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "fossil"
SKINS = ("default", "ardoise", "eagle", "khaki", "xekri")
# path -> (label, name, note)
REQUESTS = {
    "/index": ("ok", "home", "the stub home page (no project name set)"),
    "/timeline": ("ok", "timeline", "the timeline"),
    "/dir?ci=tip": ("ok", "dir", "the files of the last check-in"),
    "/wiki?name=Home": ("ok", "wiki", "a wiki page"),
    "/rptview?rn=1": ("ok", "tickets", "the ticket report (one ticket)"),
    "/brlist": ("ok", "branches", "the branch list"),
    "/wiki?name=NoSuchPage": ("soft_404", "missing-wiki", "a wiki page that does not exist"),
    "/file?name=NO-SUCH-FILE&ci=tip": ("soft_404", "missing-file", "File does not exist"),
    "/info/0123456789ab": ("soft_404", "missing-checkin", "No such object"),
    "/doc/tip/NO-SUCH-DOCUMENT": ("soft_404", "missing-document", "Document not found"),
    "/login": ("soft_401", "login", "the sign-in page"),
    "/login?g=setup": (
        "soft_401",
        "login-for-setup",
        "the sign-in page /setup redirects an anonymous visitor to",
    ),
}
UNKNOWN = "/no-such-page"


def harvest(work: Path) -> list[Page]:
    apt_install("fossil")
    source = deb_version("fossil")
    shutil.rmtree(work, ignore_errors=True)
    repository = _repository(work)
    port = free_port()
    command = ["fossil", "server", "--localhost", "--port", str(port), str(repository)]
    pages = []
    with running(command, port, work / "server.log", env=_environment(work)):
        status, headers, body = fetch(f"http://127.0.0.1:{port}{UNKNOWN}")
        if "html" in headers.get("content-type", ""):
            pages.append(
                Page(
                    "unknown-url.html",
                    body,
                    source,
                    GROUP,
                    f"GET {UNKNOWN} (fossil server)",
                    "en",
                    "soft_404",
                    status,
                    "Not Found: Page not found (unskinned)",
                )
            )
        for skin in SKINS:
            for path, (label, name, note) in REQUESTS.items():
                url = f"{path}{'&' if '?' in path else '?'}skin={skin}"
                status, headers, body = fetch(f"http://127.0.0.1:{port}{url}")
                if "html" not in headers.get("content-type", ""):
                    continue
                pages.append(
                    Page(
                        f"{name}.{skin}.html",
                        body,
                        source,
                        GROUP,
                        f"GET {url} (fossil server, anonymous)",
                        "en",
                        label,
                        status,
                        f"{note}, skin {skin}",
                    )
                )
    return pages


def _repository(work: Path) -> Path:
    repository, checkout = work / "licences.fossil", work / "checkout"
    checkout.mkdir(parents=True)
    environment = _environment(work)

    def fossil(*arguments: str, stdin: str | None = None) -> None:
        subprocess.run(
            ["fossil", *arguments],
            cwd=checkout,
            env=environment,
            input=stdin,
            text=True,
            check=True,
            capture_output=True,
        )

    fossil("init", "-A", "harvest", str(repository))
    fossil("open", str(repository))
    fossil("user", "default", "harvest")
    shutil.copy("/usr/share/common-licenses/BSD", checkout / "BSD")
    (checkout / "README").write_text("Licence texts as Debian ships them.\n")
    fossil("add", "BSD", "README")
    fossil("commit", "-m", "The BSD licence text", "--no-warnings")
    fossil("wiki", "create", "Home", "-", stdin="Licence texts as Debian ships them.\n")
    fossil(
        "ticket", "add", "title", "Add the GPL text", "status", "Open", "type", "Feature_Request"
    )
    fossil("close")
    return repository


def _environment(work: Path) -> dict[str, str]:
    return dict(os.environ, HOME=str(work), USER="harvest")
