"""Debian munin (a graphing front end, Perl): the pages munin-html generates.

A munin-node of our own (Debian munin-node, a private configuration on a free port, the
machine's plugins as Debian linked them in /etc/munin/plugins) is polled once by
munin-update under a munin.conf of our own (its database, logs and web folder in a folder of
its own, owned by the munin user the package makes); munin-limits and munin-html then write
the static pages a web server serves as they are: the overview, the problems page, category
pages, the group and host pages, a few service pages (healthy; English: Munin is not
translated).

Left out: munin-cgi-html (the CGI that renders the same pages on demand) has no not-found
page: an unknown group, host or page gets the nearest overview page, with status 200, the
same as a healthy page (a soft 404 only by its URL, nothing on the page says so)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, free_port, running

GROUP = "munin"
HOST = "localdomain/localhost.localdomain"
# file under the web folder -> (name, note)
FILES = {
    "index.html": ("overview", "the overview"),
    "problems.html": ("problems", "the problems page (nothing critical)"),
    "system-day.html": ("category-system-day", "the category 'system', by day"),
    "disk-week.html": ("category-disk-week", "the category 'disk', by week"),
    "network-month.html": ("category-network-month", "the category 'network', by month"),
    "localdomain/index.html": ("group", "the group localdomain"),
    f"{HOST}/index.html": ("host", "the host localhost.localdomain"),
    f"{HOST}/cpu.html": ("service-cpu", "a service: CPU usage"),
    f"{HOST}/memory.html": ("service-memory", "a service: memory usage"),
    f"{HOST}/load.html": ("service-load", "a service: load average"),
    f"{HOST}/df.html": ("service-df", "a service: disk usage"),
    f"{HOST}/diskstats_latency/index.html": ("service-diskstats", "a multigraph service"),
}
NODE_CONFIG = """log_level 4
log_file {home}/log/munin-node.log
pid_file {home}/run/munin-node.pid
background 0
setsid 0
user root
group root
allow ^127\\.0\\.0\\.1$
host 127.0.0.1
port {port}
"""
MASTER_CONFIG = """dbdir {home}/db
htmldir {home}/www
logdir {home}/log
rundir {home}/run
tmpldir /etc/munin/templates
staticdir /etc/munin/static
html_strategy cron
graph_strategy cgi
[localhost.localdomain]
    address 127.0.0.1
    port {port}
    use_node_name yes
"""


def harvest(work: Path) -> list[Page]:
    apt_install("munin", "munin-node")
    source = f"{deb_version('munin')}, {deb_version('munin-node')}"
    # the munin user must reach the folder: not under the (private) work folder
    home = Path(tempfile.mkdtemp(prefix="gatewatch-munin-"))
    home.chmod(0o755)
    work.mkdir(parents=True, exist_ok=True)
    try:
        for folder in ("db", "www", "log", "run"):
            (home / folder).mkdir()
        port = free_port()
        (home / "munin-node.conf").write_text(NODE_CONFIG.format(home=home, port=port))
        (home / "munin.conf").write_text(MASTER_CONFIG.format(home=home, port=port))
        subprocess.run(["chown", "-R", "munin", str(home)], check=True)
        node = ["munin-node", "--config", str(home / "munin-node.conf")]
        with running(node, port, work / "munin-node.log"):
            for program in ("munin-update", "munin-limits", "munin-html"):
                subprocess.run(
                    [
                        *("runuser", "-u", "munin", "--"),
                        *(f"/usr/share/munin/{program}", "--config", str(home / "munin.conf")),
                    ],
                    check=True,
                    stdout=subprocess.DEVNULL,
                    timeout=600,
                )
        _wait_for_pages(home / "www")
        pages = []
        for file, (name, note) in FILES.items():
            path = home / "www" / file
            pages.append(
                Page(f"{name}.html", path.read_bytes(), source, GROUP,
                     f"file {file} written by munin-html", "en", "ok", 200, note)
            )  # fmt: skip
        return pages
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _wait_for_pages(www: Path, timeout: float = 120) -> None:
    """munin-html returns while the processes it forked still write pages: wait for them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        missing = [file for file in FILES if not (www / file).exists()]
        newest = max((path.stat().st_mtime for path in www.rglob("*.html")), default=0)
        if not missing and time.time() - newest > 3:
            return
        time.sleep(1)
    raise RuntimeError(f"munin-html wrote no {', '.join(missing)} within {timeout} s")
