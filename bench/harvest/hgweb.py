"""Mercurial's hgweb (Debian mercurial), served by `hg serve --web-conf` on 127.0.0.1 over
two repositories made here (a licence text the system ships), one of them readable only by
a named user: the index, a repository's pages, a keyword search, the help pages (healthy),
"repository not found", an unknown revision, a missing file (404), "read not authorized"
(401) and "Archive type not allowed" (403), in each of the styles hgweb ships."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "hgweb"
STYLES = ("paper", "coal", "gitweb", "monoblue", "spartan")
# path -> (label, name, note)
REQUESTS = {
    "/": ("ok", "index", "the repositories index"),
    "/licences/": ("ok", "repository", "a repository's first page"),
    "/licences/file/tip/BSD": ("ok", "file", "a file"),
    "/licences/rev/tip": ("ok", "changeset", "a changeset"),
    "/licences/log?rev=licence": ("ok", "search", "a keyword search with results"),
    "/licences/help/hgweb": ("ok", "help-hgweb", "help on hgweb (allow_read, deny_read, ...)"),
    "/no-such-repo": ("soft_404", "no-such-repo", "repository not found"),
    "/licences/rev/0123456789ab": ("soft_404", "unknown-revision", "unknown revision"),
    "/licences/file/tip/NO-SUCH-FILE": ("soft_404", "missing-file", "path not found"),
    "/private/": ("soft_401", "read-not-authorized", "read not authorized (allow_read)"),
    "/licences/archive/tip.zip": ("soft_403", "archive-zip", "Archive type not allowed"),
}


def harvest(work: Path) -> list[Page]:
    apt_install("mercurial")
    source = deb_version("mercurial")
    shutil.rmtree(work, ignore_errors=True)
    for name in ("licences", "private"):
        _repository(work / "repositories" / name)
    (work / "repositories" / "private" / ".hg" / "hgrc").write_text("[web]\nallow_read = alice\n")
    (work / "hgweb.conf").write_text(f"[paths]\n/ = {work / 'repositories'}/*\n")
    port = free_port()
    command = ["hg", "serve", "--web-conf", str(work / "hgweb.conf"), "-a", "127.0.0.1"]
    environment = dict(os.environ, HGRCPATH="", HGPLAIN="1")
    pages = []
    with running([*command, "-p", str(port)], port, work / "server.log", env=environment):
        for style in STYLES:
            for path, (label, name, note) in REQUESTS.items():
                url = f"{path}{'&' if '?' in path else '?'}style={style}"
                status, headers, body = fetch(f"http://127.0.0.1:{port}{url}")
                if "html" not in headers.get("content-type", ""):
                    continue
                if label == "ok" and status != 200:
                    continue  # a style without this page (spartan has no help): no healthy page
                pages.append(
                    Page(
                        f"{name}.{style}.html",
                        body,
                        source,
                        GROUP,
                        f"GET {url} (hg serve --web-conf)",
                        "en",
                        label,
                        status,
                        f"{note}, style {style}",
                    )
                )
    return pages


def _repository(folder: Path) -> None:
    folder.mkdir(parents=True)
    shutil.copy("/usr/share/common-licenses/BSD", folder / "BSD")
    (folder / "README").write_text("Licence texts as Debian ships them.\n")
    hg = ["hg", "--config", "ui.username=Harvest <h@example.org>", "-R", str(folder)]
    subprocess.run(["hg", "init", str(folder)], check=True)
    subprocess.run([*hg, "commit", "-A", "-q", "-m", "The BSD licence text"], check=True)
    (folder / "CHANGES").write_text("Added a README.\n")
    subprocess.run([*hg, "commit", "-A", "-q", "-m", "A list of changes"], check=True)
