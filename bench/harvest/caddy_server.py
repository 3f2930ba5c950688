"""Debian's Caddy with a Caddyfile on 127.0.0.1: `file_server browse` over a small tree (its
directory listings, sorted in several ways), `basicauth` on one folder and `respond 403` on
another; and Debian's default site (its Caddyfile's `root * /usr/share/caddy` and
`file_server`) on a second port, with its welcome page. Caddy answers an unknown path
(404), a missing password (401) and the denied folder (403) with an empty body: no page, so
only its listings and the welcome page are kept."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "caddy"
FILES = (
    "README.txt",
    "releases/gatewatch-1.0.tar.gz",
    "releases/gatewatch-1.1.tar.gz",
    "releases/gatewatch-1.2.tar.gz",
    "releases/SHA256SUMS",
    "docs/install.txt",
    "docs/configuration.txt",
    "docs/images/diagram.svg",
    "private/accounts.txt",
)
CADDYFILE = """{{
\tadmin off
\tauto_https off
}}
http://127.0.0.1:{port} {{
\troot * {root}
\tbasicauth /private/* {{
\t\talice {password_hash}
\t}}
\trespond /denied/* 403
\tfile_server browse
}}
http://127.0.0.1:{welcome_port} {{
\troot * /usr/share/caddy
\tfile_server
}}
"""
# path -> (label, name, note); an answer without an HTML body is left out
REQUESTS = {
    "/": ("ok", "listing-root", "directory listing of the site's root"),
    "/releases/": ("ok", "listing-releases", "directory listing"),
    "/releases/?sort=size&order=desc": ("ok", "listing-by-size", "listing sorted by size"),
    "/releases/?sort=time&order=asc": ("ok", "listing-by-time", "listing sorted by time"),
    "/docs/": ("ok", "listing-docs", "directory listing with a sub-folder"),
    "/docs/images/": ("ok", "listing-images", "directory listing"),
    "/docs/?limit=1": ("ok", "listing-limited", "listing limited to one entry"),
    "/no-such-file": ("soft_404", "not-found", "unknown path (404)"),
    "/private/accounts.txt": ("soft_401", "basic-auth", "basicauth without credentials (401)"),
    "/denied/report": ("soft_403", "denied", "respond 403"),
}


def harvest(work: Path) -> list[Page]:
    apt_install("caddy")
    source = deb_version("caddy")
    shutil.rmtree(work, ignore_errors=True)
    root = work / "site"
    for index, name in enumerate(FILES):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * (100 + 977 * index))
        os.utime(path, (1_780_000_000 + 86_400 * index,) * 2)
    password_hash = subprocess.run(
        ["caddy", "hash-password", "--plaintext", "harvest-only-password"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    port, welcome_port = free_port(), free_port()
    caddyfile = work / "Caddyfile"
    caddyfile.write_text(
        CADDYFILE.format(
            port=port, welcome_port=welcome_port, root=root, password_hash=password_hash
        )
    )
    command = ["caddy", "run", "--config", str(caddyfile), "--adapter", "caddyfile"]
    environment = dict(os.environ, HOME=str(work), XDG_DATA_HOME=str(work / "data"))
    pages = []
    with running(command, port, work / "caddy.log", env=environment):
        welcome = {
            ("/", welcome_port): ("ok", "welcome", "Debian's default site: its welcome page")
        }
        requests = {**{(path, port): what for path, what in REQUESTS.items()}, **welcome}
        for (path, at), (label, name, note) in requests.items():
            status, headers, body = fetch(f"http://127.0.0.1:{at}{path}")
            if "html" not in headers.get("content-type", "") or not body.strip():
                continue
            pages.append(
                Page(f"{name}.html", body, source, GROUP, f"GET {path}", "en", label, status, note)
            )
    return pages
