"""Debian smokeping (SmokePing 2.7): Debian's configuration (/etc/smokeping/config and its
config.d) copied into the work folder, its paths (data, image cache, pid, dynamic folders)
there, its Database section asking 5 pings instead of 20 (a shorter round) and a Targets
section of our own (the top page, two sections, four hosts on 127.0.0.x); `smokeping --debug`
runs the FPing probe once and writes the round-trip times into the RRD files (as root, as
Debian's daemon runs); then Debian's smokeping.cgi, through a wrapper that gives it our
configuration as Debian's /usr/lib/cgi-bin/smokeping.cgi gives it /etc/smokeping/config,
under an apache2 of our own laid out as Debian's apache2 configuration (/smokeping/).

Pages: "ERROR: Section '...' does not exist (display webpage)." (CGI::Carp's page, served
with 500) for a target, a section and a target inside a section that do not exist, and
"ERROR: slave ... is not defined" and "ERROR: unknown hierarchy ..." for a slave and a
hierarchy that do not exist (soft_404);
healthy pages: the top page, each section, a host's detail page, the charts and one of them,
the navigator (zoom) view of a host, a host filtered out by the menu's filter (ok).

SmokePing has no sign-in page and refuses nothing (it leaves access to the web server) and is
not translated (English only): no soft_401 or soft_403 page. Left out: the answers to a wrong
slave or dynamic-address secret (text/plain, or a 404 without a body)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from bench.harvest import cgi_apache
from bench.harvest.core import Page, apt_install, deb_version, fetch, running
from bench.harvest.kept_pages import Kept

GROUP = "smokeping"
DEBIAN = Path("/etc/smokeping")
TARGETS = """*** Targets ***

probe = FPing

menu = Top
title = Network Latency Grapher
remark = Welcome to the SmokePing website of the harvest. \\
         Here you will learn all about the latency of our network.

+ Local

menu = Local
title = Local Network

++ LocalMachine

menu = Local Machine
title = This host
host = localhost

++ Loopback

menu = Loopback
title = A second loopback address
host = 127.0.0.2

+ Servers

menu = Servers
title = Our servers

++ Web

menu = Web server
title = The web server
host = 127.0.0.3

++ Mail

menu = Mail server
title = The mail server
host = 127.0.0.4
"""
APACHE = """ScriptAlias /smokeping/smokeping.cgi {work}/cgi/smokeping.cgi
Alias /smokeping/images {work}/images
Alias /smokeping /usr/share/smokeping/www
<Directory "/usr/share/smokeping/www">
    Options FollowSymLinks
    Require all granted
    DirectoryIndex smokeping.cgi
</Directory>
<Directory "{work}">
    Require all granted
</Directory>
"""
# (query, label, name, note)
REQUESTS = (
    ("", "ok", "top", "the top page: every host's overview graph"),
    ("?target=Local", "ok", "section-local", "a section"),
    ("?target=Servers", "ok", "section-servers", "another section"),
    ("?target=Local.LocalMachine", "ok", "host-detail", "a host's detail page"),
    ("?target=Servers.Web", "ok", "host-detail-web", "another host's detail page"),
    ("?target=_charts", "ok", "charts", "the charts"),
    ("?target=_charts.median", "ok", "chart-median", "one chart: by median round-trip time"),
    ("?displaymode=n;start=-3h;end=now;target=Local.LocalMachine", "ok", "navigator",
     "the navigator (zoom) view of a host"),
    ("?filter=Mail;target=Servers", "ok", "filtered-menu", "the menu filtered by a word"),
    ("?target=NoSuchSection", "soft_404", "unknown-target",
     "a target that does not exist: 'ERROR: Section 'NoSuchSection' does not exist'"),
    ("?target=Local.NoSuchHost", "soft_404", "unknown-host",
     "a host that does not exist in a section that does"),
    ("?target=NoSuchSection.NoSuchHost", "soft_404", "unknown-section-host",
     "a host in a section that does not exist"),
    ("?target=Local.LocalMachine~nosuch-slave", "soft_404", "unknown-slave",
     "a host as a slave that does not exist measures it: 'ERROR: slave 'nosuch-slave' is not"
     " defined in the '*** Slaves ***' section!'"),
    ("?hierarchy=nosuch;target=Local", "soft_404", "unknown-hierarchy",
     "a hierarchy that does not exist: 'ERROR: unknown hierarchy nosuch'"),
)  # fmt: skip


def harvest(work: Path) -> list[Page]:
    apt_install("smokeping", "fping", "apache2-bin")
    source = f"{deb_version('smokeping')}, {deb_version('apache2-bin')}"
    shutil.rmtree(work, ignore_errors=True)
    _configure(work)
    subprocess.run(
        ["/usr/sbin/smokeping", f"--config={work}/config", "--debug"],
        check=True,
        capture_output=True,
        timeout=300,
    )
    port = cgi_apache.port(2)
    config = cgi_apache.write_config(work, port, APACHE.format(work=work))
    cgi_apache.open_to_www_data(work)
    # the CGI draws its graphs into the image cache and keeps its own files in the data folder
    subprocess.run(["chown", "-R", "www-data", str(work / "images"), str(work / "data")],
                   check=True)  # fmt: skip
    # the slaves' secrets: SmokePing refuses a file others may read; the CGI reads it
    shutil.chown(work / "smokeping_secrets", "www-data")
    (work / "smokeping_secrets").chmod(0o600)
    found = Kept(GROUP, source)
    environment = {"PATH": "/usr/sbin:/usr/bin:/bin"}
    with running(cgi_apache.command(config), port, work / "server.log", env=environment):
        for query, label, name, note in REQUESTS:
            status, answer, body = fetch(f"http://127.0.0.1:{port}/smokeping/smokeping.cgi{query}")
            if label == "ok" and status != 200:
                raise RuntimeError(f"{query} answered {status}: not a healthy page")
            how = f"GET /smokeping/smokeping.cgi{query}"
            found.keep(name, "en", body, status, answer.get("content-type", ""), label, how,
                       note)  # fmt: skip
    if found.left_out:
        raise RuntimeError(f"answers that are no page: {found.left_out}")
    return found.pages


def _configure(work: Path) -> None:
    for folder in ("config.d", "data", "images", "run", "cgi"):
        (work / folder).mkdir(parents=True)
    (work / "data" / "__cgi").mkdir()
    for part in ("General", "Alerts", "Database", "Presentation", "Probes", "Slaves"):
        text = (DEBIAN / "config.d" / part).read_text()
        text = text.replace("/etc/smokeping/config.d", f"{work}/config.d")
        text = text.replace("/etc/smokeping/smokeping_secrets", f"{work}/smokeping_secrets")
        if part == "General":
            text = text.replace("http://some.url/smokeping.cgi",
                                "http://127.0.0.1/smokeping/smokeping.cgi")  # fmt: skip
        if part == "Database":
            text = text.replace("pings    = 20", "pings    = 5")
        (work / "config.d" / part).write_text(text)
    (work / "config.d" / "Targets").write_text(TARGETS)
    pathnames = (DEBIAN / "config.d" / "pathnames").read_text()
    for debian, ours in (
        ("/var/cache/smokeping/images", f"{work}/images"),
        ("/var/lib/smokeping/__cgi", f"{work}/data/__cgi"),
        ("/var/lib/smokeping", f"{work}/data"),
        ("/run/smokeping", f"{work}/run"),
    ):
        pathnames = pathnames.replace(debian, ours)
    (work / "config.d" / "pathnames").write_text(pathnames)
    (work / "smokeping_secrets").write_text("")
    (work / "smokeping_secrets").chmod(0o600)  # SmokePing refuses a file others may read
    (work / "config").write_text(
        (DEBIAN / "config").read_text().replace("/etc/smokeping/config.d", f"{work}/config.d")
    )
    wrapper = work / "cgi" / "smokeping.cgi"
    wrapper.write_text(f"#!/bin/sh\n\nexec /usr/share/smokeping/smokeping.cgi {work}/config\n")
    wrapper.chmod(0o755)
