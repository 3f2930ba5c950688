"""Debian's h2o web server with a configuration of its own on 127.0.0.1: `file.dirlisting`
over a small tree (its directory listings; `user` set to the user it is started as, who can
read the work folder), basic authentication on one folder (the htpasswd.rb mruby handler h2o
ships), a folder with listings off and no index (403), and its status page (`status: ON`,
the HTML page h2o ships). h2o has no default page of its own (Debian's configuration serves
/var/www). Its answers for an unknown path (404 "not found"), the folder it will not list
(403 "access forbidden") and a missing password (401 "Authorization Required") are
text/plain: no page, so only the listings and the status page are kept."""

from __future__ import annotations

import getpass
import os
import shutil
import subprocess
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "h2o"
FILES = (
    "README.txt",
    "releases/gatewatch-1.0.tar.gz",
    "releases/gatewatch-1.1.tar.gz",
    "releases/SHA256SUMS",
    "docs/install.html",
    "docs/configuration.html",
    "docs/images/diagram.svg",
    "private/accounts.txt",
    "closed/report.txt",
)
CONFIG = """server-name: "h2o (Debian)"
user: {user}
listen:
  host: 127.0.0.1
  port: {port}
hosts:
  default:
    paths:
      /private:
        mruby.handler: |
          require "htpasswd.rb"
          Htpasswd.new("{work}/htpasswd", "Restricted")
        file.dir: {root}/private
      /closed:
        file.dir: {root}/closed
      /server-status:
        status: ON
      /:
        file.dir: {root}
        file.dirlisting: ON
"""
# path -> (label, name, note); an answer without an HTML body is left out
REQUESTS = {
    "/": ("ok", "listing-root", "directory listing of the site's root"),
    "/releases/": ("ok", "listing-releases", "directory listing"),
    "/docs/": ("ok", "listing-docs", "directory listing with a sub-folder"),
    "/docs/images/": ("ok", "listing-images", "directory listing"),
    "/server-status": ("ok", "status", "h2o's status page (status: ON)"),
    "/no-such-file": ("soft_404", "not-found", "unknown path (404)"),
    "/closed/": ("soft_403", "forbidden", "a folder without an index, listings off (403)"),
    "/private/accounts.txt": ("soft_401", "basic-auth", "basic authentication, no password"),
}


def harvest(work: Path) -> list[Page]:
    apt_install("h2o", "apache2-utils")
    source = deb_version("h2o")
    shutil.rmtree(work, ignore_errors=True)
    root = work / "site"
    for index, name in enumerate(FILES):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * (100 + 977 * index))
        os.utime(path, (1_780_000_000 + 86_400 * index,) * 2)
    subprocess.run(
        ["htpasswd", "-bc", str(work / "htpasswd"), "alice", "harvest-only-password"],
        check=True,
        capture_output=True,
    )
    port = free_port()
    configuration = work / "h2o.conf"
    configuration.write_text(CONFIG.format(user=getpass.getuser(), work=work, root=root, port=port))
    pages = []
    with running(["h2o", "-c", str(configuration)], port, work / "h2o.log", cwd=work):
        for path, (label, name, note) in REQUESTS.items():
            status, headers, body = fetch(f"http://127.0.0.1:{port}{path}")
            if "html" not in headers.get("content-type", "") or not body.strip():
                continue
            pages.append(
                Page(f"{name}.html", body, source, GROUP, f"GET {path}", "en", label, status, note)
            )
    return pages
