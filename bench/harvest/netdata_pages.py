"""Debian netdata (a real-time monitoring agent, C): its web server's HTML pages.

netdata runs in the foreground (`netdata -D`) as the netdata user the package makes, with a
configuration of its own (its cache, database, logs and run folders in a folder of its own,
a free port, the external plugins, the registry and the cloud off): the dashboard (the
React one at /), the old dashboard, the dashboard page for custom dashboards, the
infographic page and its "go to a host" page (healthy; English).

Left out: its not-found answer ("File does not exist, or is not accessible: /usr/share/
netdata/web/x", status 404, text/html) and its "Unsupported API version" answer are one line
of plain text, no page."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "netdata"
CONFIG = """[global]
	run as user = netdata
	hostname = harvest
[directories]
	cache = {home}/cache
	lib = {home}/lib
	log = {home}/log
	run = {home}/run
[logs]
	debug = none
	error = {home}/log/error.log
	access = {home}/log/access.log
[web]
	bind to = 127.0.0.1:{port}
[plugins]
	enable running new plugins = no
	apps = no
	python.d = no
	charts.d = no
	go.d = no
[registry]
	enabled = no
[cloud]
	enabled = no
"""
# path -> (name, note)
PAGES = {
    "/": ("dashboard", "the dashboard (React)"),
    "/old/": ("old-dashboard", "the old dashboard"),
    "/dashboard.html": ("custom-dashboard", "the page for custom dashboards"),
    "/infographic.html": ("infographic", "the infographic page"),
    "/goto-host-from-alarm.html": ("goto-host", "'Goto a host you know...'"),
}


def harvest(work: Path) -> list[Page]:
    apt_install("netdata-core", "netdata-web")
    source = f"{deb_version('netdata-core')}, {deb_version('netdata-web')}"
    # the netdata user must reach the folder: not under the (private) work folder
    home = Path(tempfile.mkdtemp(prefix="gatewatch-netdata-"))
    home.chmod(0o755)
    work.mkdir(parents=True, exist_ok=True)
    try:
        for folder in ("cache", "lib", "log", "run"):
            (home / folder).mkdir()
        port = free_port()
        (home / "netdata.conf").write_text(CONFIG.format(home=home, port=port))
        subprocess.run(["chown", "-R", "netdata", str(home)], check=True)
        command = [
            *("netdata", "-D", "-c", str(home / "netdata.conf")),
            *("-P", str(home / "run" / "netdata.pid")),
        ]
        pages = []
        with running(command, port, work / "netdata.log"):
            for path, (name, note) in PAGES.items():
                status, answer, body = fetch(f"http://127.0.0.1:{port}{path}")
                if status != 200 or "html" not in answer.get("content-type", ""):
                    raise RuntimeError(f"{path} answered {status}: {body[:200]!r}")
                pages.append(
                    Page(f"{name}.html", body, source, GROUP, f"GET {path}", "en", "ok",
                         status, note)
                )  # fmt: skip
        return pages
    finally:
        shutil.rmtree(home, ignore_errors=True)
