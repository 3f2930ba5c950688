"""Radicale 3.1 (Debian radicale) on 127.0.0.1 with a configuration of its own: htpasswd
authentication (two users), a rights file (each user owns their own collections; the root
is read-only), a storage folder in the work folder, the internal web interface.

Pages: its web interface (/.web/), a page whose first and only scene for a visitor is the
sign-in form ("Login", user name, password): the client keeps no session, so every visit
begins there (soft_401, 200). The page is English only (Radicale's web interface has no
translations).
Left out: every other answer of Radicale is text/plain: 401 "Access to the requested
resource forbidden." (a visitor, or a wrong password), 403 (a user on another user's
collection: "Access to the requested resource forbidden."; "Directory listings are not
supported."), 404 "The requested resource could not be found." and the redirects of / and
/.web ("Redirected to /.web")."""

from __future__ import annotations

from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "radicale"
CONFIG = """[server]
hosts = 127.0.0.1:{port}
[auth]
type = htpasswd
htpasswd_filename = {work}/users
htpasswd_encryption = plain
[rights]
type = from_file
file = {work}/rights
[storage]
filesystem_folder = {work}/collections
[web]
type = internal
"""
RIGHTS = """[owner]
user: .+
collection: {user}(/.*)?
permissions: RrWw
[root]
user: .+
collection:
permissions: R
"""


def harvest(work: Path) -> list[Page]:
    apt_install("radicale")
    source = deb_version("radicale")
    work.mkdir(parents=True, exist_ok=True)
    port = free_port()
    (work / "users").write_text("alice:harvest-only-password\nbob:harvest-only-password\n")
    (work / "rights").write_text(RIGHTS)
    config = work / "radicale.ini"
    config.write_text(CONFIG.format(port=port, work=work))
    command = ["/usr/bin/python3", "-m", "radicale", "--config", str(config)]
    with running(command, port, work / "radicale.log"):
        status, headers, body = fetch(f"http://127.0.0.1:{port}/.web/")
    if "html" not in headers.get("content-type", ""):
        raise RuntimeError(f"Radicale's web interface answered {status} {headers}")
    note = "the web interface: its first scene for every visit is the sign-in form"
    how = "GET /.web/ (not signed in)"
    return [Page("web-interface.en.html", body, source, GROUP, how, "en", "soft_401", status, note)]
