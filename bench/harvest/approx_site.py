"""Debian approx (5.12): the Debian archive proxy as inetd runs it, one approx process a
connection (socat listening on 127.0.0.1 in its place, the connection approx's standard
input and output, as approx's user), from a configuration of ours (approx -c: its cache in
the work folder; a repository "debian" mapped to a small Debian repository of ours served on
127.0.0.1 by Python's http.server, one "security" mapped to a path that server does not
have, one "down" mapped to a port where nothing listens): approx never reaches the internet.
approx logs only to syslog and stops when /dev/log cannot be reached, so it runs in a mount
namespace of its own (`unshare -m`) whose /dev holds the machine's null, zero, random,
urandom and full devices and a /dev/log socket of ours (socat writes what approx logs to the
work folder); nothing of the machine's is changed.

Pages: approx's "404: Not Found" (404) for a file a repository does not have, a package that
is not in the pool, a repository the configuration does not map, one whose upstream path does
not exist, one whose upstream is down and a path that climbs out with ../ (the same page:
kept once) (soft_404); its "403: Forbidden invalid HTTP request" (403) for a request with a
query string and for a POST (the same page: kept once) (soft_403); its status page (/: the
configuration files, the host, the version, the repository mappings and the configuration)
and the repository's directory listings as approx delivers them (the upstream server's, the
folder of a suite and of a package in the pool, asked for after apt's requests for the suite's
Release and Packages.gz and the package: approx lists a folder only once a file of it is in
its cache, and answers "404: Not Found" before) (ok, 200). approx is not translated: English
only.

Left out: approx's answer for a repository name without the slash after it (/debian: "500:
Internal Server Error Nethttpd: Handler exception: Invalid_argument", a crash); the files it
delivers (Release, Packages, .deb: no pages)."""

from __future__ import annotations

import gzip
import shutil
import subprocess
from pathlib import Path

from bench.harvest import docs_servers, web_session
from bench.harvest.core import Page, apt_install, deb_version, running
from bench.harvest.kept_pages import Kept, get, session

GROUP = "approx"
DEVICES = ("null", "zero", "random", "urandom", "full")
PACKAGES = """Package: harbour-bread
Version: 1.0
Architecture: all
Maintainer: Harbour Street Bakery <bread@example.org>
Filename: pool/main/h/harbour-bread/harbour-bread_1.0_all.deb
Description: recipes of the Harbour Street Bakery
"""
RELEASE = """Origin: Harbour Street
Label: Harbour Street
Suite: bookworm
Codename: bookworm
Architectures: amd64 all
Components: main
Description: the packages of the Harbour Street Bakery
"""
# what apt fetches first: approx lists a folder only once a file of it is in its cache
FETCHED_FIRST = (
    "/debian/dists/bookworm/Release",
    "/debian/dists/bookworm/main/binary-amd64/Packages.gz",
    "/debian/pool/main/h/harbour-bread/harbour-bread_1.0_all.deb",
)
# (method, path, expected status, label, name, note)
REQUESTS = (
    ("GET", "/", 200, "ok", "status", "approx's status page: its configuration and mappings"),
    ("GET", "/debian/dists/bookworm/", 200, "ok", "listing-suite",
     "the folder of a suite, the upstream's listing as approx delivers it"),
    ("GET", "/debian/pool/main/h/harbour-bread/", 200, "ok", "listing-package",
     "the folder of a package in the pool, the upstream's listing as approx delivers it"),
    ("GET", "/debian/dists/bookworm/main/binary-i386/Packages.gz", 404, "soft_404",
     "no-such-file", "a file the repository does not have (404)"),
    ("GET", "/debian/pool/main/n/nosuch/nosuch_1.0_all.deb", 404, "soft_404",
     "no-such-package", "a package that is not in the pool (404)"),
    ("GET", "/ubuntu/dists/jammy/Release", 404, "soft_404", "no-such-repository",
     "a repository the configuration does not map (404)"),
    ("GET", "/security/dists/bookworm-security/Release", 404, "soft_404",
     "upstream-not-found", "a repository whose upstream path does not exist (404)"),
    ("GET", "/down/dists/bookworm/Release", 404, "soft_404", "upstream-down",
     "a repository whose upstream is down (404)"),
    ("GET", "/debian/../../etc/passwd", 404, "soft_404", "climbs-out",
     "a path that climbs out of the repository with ../ (404)"),
    ("GET", "/debian/dists/bookworm/Release?refresh=1", 403, "soft_403", "query-refused",
     "a request with a query string: '403: Forbidden invalid HTTP request' (403)"),
    ("POST", "/debian/dists/bookworm/Release", 403, "soft_403", "post-refused",
     "a POST: '403: Forbidden invalid HTTP request' (403)"),
)  # fmt: skip


def harvest(work: Path) -> list[Page]:
    apt_install("approx", "socat")
    source = deb_version("approx")
    shutil.rmtree(work, ignore_errors=True)
    port, upstream, down = docs_servers.port(30), docs_servers.port(31), docs_servers.port(32)
    _write_repository(work / "repository")
    config = _configure(work, upstream, down)
    listener = (
        f"exec socat TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork"
        f' EXEC:"/usr/sbin/approx -c {config}",su=approx,nofork'
    )
    found = Kept(GROUP, source)
    with (
        web_session.serving(work / "repository", upstream),
        running(["unshare", "-m", "sh", "-c", f"{_namespace(work)} {listener}"], port,
                work / "socat.log"),
    ):  # fmt: skip
        for path in FETCHED_FIRST:
            status, _, _, _ = get(session(), f"http://127.0.0.1:{port}{path}")
            if status != 200:
                raise RuntimeError(f"GET {path} answered {status}")
        for method, path, expected, label, name, note in REQUESTS:
            data = b"" if method == "POST" else None
            status, _, kind, body = get(session(), f"http://127.0.0.1:{port}{path}", data)
            if status != expected:
                raise RuntimeError(f"{method} {path} answered {status}, not {expected}")
            found.keep(name, "en", body, status, kind, label, f"{method} {path}", note)
    return found.pages


def _write_repository(folder: Path) -> None:
    """A small Debian repository: a suite's Release and Packages, one package in the pool."""
    binary = folder / "debian" / "dists" / "bookworm" / "main" / "binary-amd64"
    binary.mkdir(parents=True)
    (binary / "Packages").write_text(PACKAGES)
    (binary / "Packages.gz").write_bytes(gzip.compress(PACKAGES.encode(), mtime=0))
    (folder / "debian" / "dists" / "bookworm" / "Release").write_text(RELEASE)
    pool = folder / "debian" / "pool" / "main" / "h" / "harbour-bread"
    pool.mkdir(parents=True)
    (pool / "harbour-bread_1.0_all.deb").write_bytes(b"!<arch>\n")


def _configure(work: Path, upstream: int, down: int) -> Path:
    cache = work / "cache"
    cache.mkdir(parents=True)
    shutil.chown(cache, "approx", "approx")
    config = work / "approx.conf"
    config.write_text(
        f"$cache {cache}\n$verbose true\n$syslog user\n"
        f"debian http://127.0.0.1:{upstream}/debian\n"
        f"security http://127.0.0.1:{upstream}/debian-security\n"
        f"down http://127.0.0.1:{down}/debian\n"
    )
    subprocess.run(["chmod", "-R", "a+rX", str(work)], check=True)
    for parent in work.parents:
        if str(parent) not in ("/", "/tmp"):
            parent.chmod(parent.stat().st_mode | 0o055)
    return config


def _namespace(work: Path) -> str:
    """Shell commands: a /dev of the machine's devices and a /dev/log socket of ours."""
    devices = work / "machine-dev"
    devices.mkdir()
    binds = " ".join(
        f"touch /dev/{name}; mount --bind {devices}/{name} /dev/{name};" for name in DEVICES
    )
    return (
        f"set -e; mount --rbind /dev {devices}; mount -t tmpfs -o mode=755 tmpfs /dev; {binds}"
        f" socat -u UNIX-RECV:/dev/log,mode=666 OPEN:{work}/syslog.log,creat,append &"
        " while [ ! -S /dev/log ]; do sleep 0.1; done;"
    )
