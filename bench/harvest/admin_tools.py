"""Administration daemons from Debian with web pages of their own, each run on 127.0.0.1
with a configuration of its own.

monit: its web interface with a user and password (`allow user:password`): its 401 page
without credentials; signed in, the home page, a service's page, the runtime page (healthy)
and its 404 page ("There is no service named ..."). Its denial by address closes the
connection (no page): there is no 403 page here.

apt-cacher-ng: its "Not Found or APT Reconfiguration required" page for a URL that is not a
repository path (406; a not-found page by its title), its "403 Forbidden file type or
location" page, its maintenance page (acng-report.html, healthy). Nothing is fetched from
the network: its "Host not found" (503) pages are neither asked for nor kept."""

from __future__ import annotations

import base64
import random
import shutil
import socket
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

MONIT = """set daemon 60
set pidfile {work}/monit.pid
set idfile {work}/monit.id
set statefile {work}/monit.state
set httpd port {port} and
    use address 127.0.0.1
    allow someone:"invalid"
check file licence with path /usr/share/common-licenses/BSD
"""
SIGNED_IN = {"Authorization": "Basic " + base64.b64encode(b"someone:invalid").decode()}


def monit(work: Path) -> list[Page]:
    apt_install("monit")
    source = deb_version("monit")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    port = free_port()
    configuration = work / "monitrc"
    configuration.write_text(MONIT.format(work=work, port=port))
    configuration.chmod(0o600)  # monit refuses a control file others may read
    requests = [
        ("/", "soft_401", "unauthorized", "401 Unauthorized (no credentials)", None),
        ("/", "ok", "home", "the home page", SIGNED_IN),
        ("/licence", "ok", "service", "a service's page (a file check)", SIGNED_IN),
        ("/_runtime", "ok", "runtime", "the runtime page", SIGNED_IN),
        (
            "/no-such-service",
            "soft_404",
            "not-found",
            'There is no service named "no-such-service"',
            SIGNED_IN,
        ),
    ]
    pages = []
    with running(["monit", "-I", "-c", str(configuration)], port, work / "server.log"):
        for path, label, name, note, headers in requests:
            status, answer, body = fetch(f"http://127.0.0.1:{port}{path}", headers=headers)
            if "html" not in answer.get("content-type", ""):
                continue
            how = f"GET {path} (monit -I{', signed in' if headers else ''})"
            pages.append(
                Page(f"{name}.html", body, source, "monit", how, "en", label, status, note)
            )
    return pages


# path -> (label, name, note)
APT_CACHER_REQUESTS = {
    "/": (
        "soft_404",
        "not-found",
        "Not Found or APT Reconfiguration required (a URL that is no repository path)",
    ),
    "/deb.debian.org/debian/setup.exe": (
        "soft_403",
        "forbidden",
        "403 Forbidden file type or location",
    ),
    "/acng-report.html": ("ok", "report", "the maintenance page"),
}


def apt_cacher_ng(work: Path) -> list[Page]:
    apt_install("apt-cacher-ng")
    source = deb_version("apt-cacher-ng")
    shutil.rmtree(work, ignore_errors=True)
    for folder in ("cache", "log"):
        (work / folder).mkdir(parents=True)
    port = _port_below_32768()
    command = [
        *("/usr/sbin/apt-cacher-ng", "-c", "/etc/apt-cacher-ng", "ForeGround=1"),
        *(f"Port={port}", "BindAddress=127.0.0.1", f"CacheDir={work / 'cache'}"),
        *(f"LogDir={work / 'log'}", f"PidFile={work / 'pid'}"),
    ]
    pages = []
    with running(command, port, work / "server.log"):
        for path, (label, name, note) in APT_CACHER_REQUESTS.items():
            status, answer, body = fetch(f"http://127.0.0.1:{port}{path}")
            if "html" not in answer.get("content-type", ""):
                continue
            how = f"GET {path} (apt-cacher-ng, ForeGround=1)"
            pages.append(
                Page(f"{name}.html", body, source, "apt-cacher-ng", how, "en", label, status, note)
            )
    return pages


def _port_below_32768() -> int:
    """A free port apt-cacher-ng can bind: here it fails on every port above 32767 ("Error
    resolving address for binding"), where the system's free ports are."""
    for port in random.sample(range(20000, 32000), 200):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port between 20000 and 32000")
