"""Debian webfs: webfsd, run as nobody on 127.0.0.1 over a folder made here (licence texts the
system ships, a file and a folder nobody may not read): its directory listings, the only HTML
it writes. Its 404 ("File or directory not found"), 403 ("Access denied", a file and a
folder it may not read) and 401 ("Authentication required", `-b user:pass`) answers are
text/plain: no page, left out."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "webfs"
LICENCES = Path("/usr/share/common-licenses")
# path -> (label, name, note)
REQUESTS = {
    "/": ("ok", "listing-root", "the directory listing of the served folder"),
    "/licences/": ("ok", "listing-licences", "a directory listing (licence texts)"),
    "/licences/more/": ("ok", "listing-nested", "a directory listing two folders down"),
}
# the error answers: text/plain, checked so that a change of webfs is noticed
PLAIN = ("/no-such-page", "/secret.txt", "/private/")


def harvest(work: Path) -> list[Page]:
    apt_install("webfs")
    source = deb_version("webfs")
    work.mkdir(parents=True, exist_ok=True)
    served = Path(tempfile.mkdtemp(prefix="gatewatch-webfs-"))  # nobody must reach it
    try:
        served.chmod(0o755)
        (served / "licences" / "more").mkdir(parents=True, mode=0o755)
        for name in ("BSD", "GPL-3", "MPL-2.0"):
            shutil.copy(LICENCES / name, served / "licences" / name)
        for name in ("Apache-2.0", "LGPL-2.1"):
            shutil.copy(LICENCES / name, served / "licences" / "more" / name)
        (served / "README.txt").write_text("Licence texts as Debian ships them.\n")
        (served / "secret.txt").write_text("not for everyone\n")
        (served / "secret.txt").chmod(0o600)
        (served / "private").mkdir(mode=0o700)
        port = free_port()
        command = [
            *("webfsd", "-F", "-4", "-i", "127.0.0.1", "-p", str(port)),
            *("-r", str(served), "-u", "nobody", "-g", "nogroup"),
        ]
        pages = []
        with running(command, port, work / "server.log"):
            base = f"http://127.0.0.1:{port}"
            for path in PLAIN:
                status, headers, _ = fetch(base + path)
                if status < 400 or "html" in headers.get("content-type", ""):
                    raise RuntimeError(f"webfsd answered {path} with {status} {headers}")
            for path, (label, name, note) in REQUESTS.items():
                status, headers, body = fetch(base + path)
                if status != 200 or "html" not in headers.get("content-type", ""):
                    raise RuntimeError(f"webfsd answered {path} with {status}")
                how = f"GET {path} (webfsd -u nobody)"
                pages.append(
                    Page(f"{name}.html", body, source, GROUP, how, "en", label, status, note)
                )
        return pages
    finally:
        shutil.rmtree(served, ignore_errors=True)
