"""Debian trafficserver (Apache Traffic Server) as a reverse proxy, run from a runroot of its own
(a copy of /etc/trafficserver in the work folder, remapping required): its body-factory pages
as it serves them, "Not Found on Accelerator" for a URL no remap rule maps (404) and "Access
Denied" for a rule with `@action=deny` (403). English only (its default template set).

Left out: its 407 template (the core has no proxy authentication: a plugin's), and its other
templates (400, 502, 504: not a not-found, sign-in or access-denied page). It serves no
healthy page of its own."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "trafficserver"
RUNROOT = """prefix: /usr
exec_prefix: /usr
bindir: /usr/bin
sbindir: /usr/sbin
sysconfdir: {work}/etc
datadir: {work}/cache
includedir: /usr/include
libdir: /usr/lib/trafficserver
libexecdir: /usr/lib/trafficserver/modules
localstatedir: {work}
runtimedir: {work}/run
logdir: {work}/log
cachedir: {work}/cache
"""
RECORDS = """CONFIG proxy.config.url_remap.remap_required INT 1
CONFIG proxy.config.admin.user_id STRING #-1
CONFIG proxy.config.body_factory.template_sets_dir STRING {work}/etc/body_factory
"""
REMAP = """map http://127.0.0.1:{port}/private/ http://127.0.0.1:{backend}/ @action=deny \
@src_ip=0.0.0.0-255.255.255.255
map http://127.0.0.1:{port}/site/ http://127.0.0.1:{backend}/
"""
# path -> (label, name, note)
REQUESTS = {
    "/no-such-page": (
        "soft_404",
        "not-found",
        "a URL no remap rule maps: Not Found on Accelerator",
    ),
    "/private/report.html": ("soft_403", "access-denied", "a remap rule with @action=deny"),
}


def harvest(work: Path) -> list[Page]:
    apt_install("trafficserver")
    source = deb_version("trafficserver")
    shutil.rmtree(work, ignore_errors=True)
    for folder in ("run", "log", "cache"):
        (work / folder).mkdir(parents=True)
    shutil.copytree("/etc/trafficserver", work / "etc")
    port, backend = free_port(), free_port()
    (work / "runroot.yaml").write_text(RUNROOT.format(work=work))
    records = work / "etc" / "records.config"
    lines = [
        f"CONFIG proxy.config.http.server_ports STRING {port}"
        if line.startswith("CONFIG proxy.config.http.server_ports ")
        else line
        for line in records.read_text().splitlines()
    ]
    records.write_text("\n".join(lines) + "\n" + RECORDS.format(work=work))
    (work / "etc" / "remap.config").write_text(REMAP.format(port=port, backend=backend))
    (work / "etc" / "storage.config").write_text(f"{work}/cache 64M\n")
    command = ["traffic_server", f"--run-root={work / 'runroot.yaml'}"]
    pages = []
    with running(command, port, work / "server.log", cwd=work):
        for path, (label, name, note) in REQUESTS.items():
            status, headers, body = fetch(f"http://127.0.0.1:{port}{path}")
            if "html" not in headers.get("content-type", ""):
                raise RuntimeError(f"{path} answered {status} {headers}")
            how = f"GET {path} (traffic_server, remap.config of its own)"
            pages.append(Page(f"{name}.html", body, source, GROUP, how, "en", label, status, note))
    return pages
