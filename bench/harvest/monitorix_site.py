"""Debian monitorix (Monitorix 3.15.0): the monitorix daemon with its own Perl HTTP server
(httpd_builtin, HTTP::Server::Simple) on 127.0.0.1, from a configuration of ours in the work
folder (Debian's /etc/monitorix/monitorix.conf copied, then our folders: its web folder a
copy of Debian's /var/lib/monitorix/www, its RRD files, logs and included configuration in
the work folder; its default graphs but the ports' one), so nothing of the machine's /etc or
/var/lib/monitorix is changed. Run twice: with its basic authentication on for every page
(an htpasswd file of ours, admin), then with hosts_deny refusing every address but
10.0.0.0/8.

Pages: "404 Not Found ... The requested URL ... was not found on this server." (Monitorix's
own, served with 404) for a page that does not exist in its web folder and outside it
(soft_404); "403 Forbidden ... You don't have permission to access ... on this server."
(served with 403) for the start page and the CGI, to a refused address (soft_403); admin's
start page (index.html, made by the daemon) and the CGI's graph pages: all graphs for a day,
a week, a month and a year, and one graph of each kind (system load, kernel, filesystems,
network, netstat, users) (ok, 200). Monitorix's pages are not translated (its e-mailed
reports are, but the web server does not serve them): English only.

Left out: its 401 answer ("401 Authorization Required ... This server could not verify that
you are authorized ...", for no or a wrong password): Monitorix writes that page after the
header "Content-Length: 0", so a client that honours the header (a browser, a crawler) gets
no page; the CGI's answer for a graph that does not exist (the page's header and footer,
nothing said)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from bench.harvest import cgi_apache, cgi_ports
from bench.harvest.core import Page, apt_install, deb_version, fetch, running
from bench.harvest.kept_pages import Kept

GROUP = "monitorix"
USER, PASSWORD = "admin", "harvest-only-admin"
HTTPD = """<httpd_builtin>
	enabled = y
	host = 127.0.0.1
	port = {port}
	user = nobody
	group = nogroup
	log_file = {work}/httpd.log
	hosts_deny = {hosts_deny}
	hosts_allow = {hosts_allow}
	autocheck_responsiveness = n
	<auth>
		enabled = {auth}
		hosts_deny = all
		msg = Monitorix: Restricted access
		htpasswd = {work}/htpasswd
	</auth>
</httpd_builtin>"""
# the ports' graph warns at every round when the machine has no such services
INCLUDED = "<graph_enable>\n\tport = n\n</graph_enable>\n"
CGI = "/monitorix-cgi/monitorix.cgi?mode=localhost&graph={graph}&when={when}&color=black"
# with the authentication on, signed in as admin: (path, label, name, note)
SIGNED_IN = (
    ("/monitorix/", "ok", "start", "the start page (index.html)"),
    *((CGI.format(graph="all", when=when), "ok", f"all-{when}", f"all graphs, {period}")
      for when, period in (("1day", "a day"), ("1week", "a week"), ("1month", "a month"),
                           ("1year", "a year"))),
    *((CGI.format(graph=graph, when="1day"), "ok", f"graph-{name}", f"the {name} graph, a day")
      for graph, name in (("_system1", "system-load"), ("_kern1", "kernel"),
                          ("_fs01", "filesystems"), ("_net01", "network"),
                          ("_netstat1", "netstat"), ("_user1", "users"))),
    ("/monitorix/nosuch.html", "soft_404", "unknown-page",
     "a page that does not exist in its web folder: '404 Not Found' (404)"),
    ("/nosuch/page.html", "soft_404", "unknown-path",
     "a path outside its web folder: '404 Not Found' (404)"),
)  # fmt: skip
# with hosts_deny refusing 127.0.0.1: (path, label, name, note)
REFUSED = (
    ("/monitorix/", "soft_403", "refused-start",
     "the start page to a refused address: '403 Forbidden' (403)"),
    (CGI.format(graph="all", when="1day"), "soft_403", "refused-graphs",
     "the graphs to a refused address: '403 Forbidden' (403)"),
)  # fmt: skip


def harvest(work: Path) -> list[Page]:
    apt_install("monitorix")
    source = deb_version("monitorix")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    shutil.copytree("/var/lib/monitorix/www", work / "www")
    (work / "lib").mkdir()
    (work / "conf.d").mkdir()
    (work / "conf.d" / "harvest.conf").write_text(INCLUDED)
    hashed = subprocess.run(
        ["perl", "-e", "print crypt($ARGV[0], 'hv')", PASSWORD],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (work / "htpasswd").write_text(f"{USER}:{hashed}\n")
    port = cgi_ports.port(0)
    found = Kept(GROUP, source, noise=r"\d")
    base = f"http://127.0.0.1:{port}"
    environment = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
    for run, requests, settings in (
        ("auth", SIGNED_IN, {"auth": "y", "hosts_deny": "", "hosts_allow": ""}),
        ("refused", REFUSED,
         {"auth": "n", "hosts_deny": "all", "hosts_allow": "10.0.0.0/8"}),
    ):  # fmt: skip
        config = _configure(work, port, settings)
        cgi_apache.open_to_www_data(work)
        command = ["monitorix", "-c", str(config), "-p", str(work / "monitorix.pid"), "-n"]
        with running(command, port, work / f"monitorix-{run}.log", env=environment):
            headers = cgi_apache.signed_in(USER, PASSWORD) if run == "auth" else {}
            if run == "auth":
                status, answer, body = fetch(f"{base}/monitorix/")
                if status != 401 or body:
                    raise RuntimeError(f"without a password: {status}, {len(body)} bytes")
            for path, label, name, note in requests:
                status, answer, body = fetch(base + path, headers=headers, timeout=120)
                expected = {"ok": 200, "soft_404": 404, "soft_403": 403}[label]
                if status != expected:
                    raise RuntimeError(f"{path} answered {status}, not {expected}")
                how = f"GET {path}" + (" (Basic authentication as admin)" if headers else "")
                found.keep(name, "en", body, status, answer.get("content-type", ""), label,
                           how, note)  # fmt: skip
    if found.left_out:
        raise RuntimeError(f"answers that are no page: {found.left_out}")
    return found.pages


def _configure(work: Path, port: int, settings: dict[str, str]) -> Path:
    debian = Path("/etc/monitorix/monitorix.conf").read_text()
    changes = {
        r"(?m)^include_dir\s*=.*$": f"include_dir = {work}/conf.d",
        r"(?m)^base_dir\s*=.*$": f"base_dir = {work}/www/",
        r"(?m)^base_lib\s*=.*$": f"base_lib = {work}/lib/",
        r"(?m)^log_file\s*=.*$": f"log_file = {work}/monitorix.log",
        r"(?s)<httpd_builtin>.*?</httpd_builtin>": HTTPD.format(port=port, work=work, **settings),
    }
    ours = debian
    for pattern, replacement in changes.items():
        ours, count = re.subn(pattern, lambda _, text=replacement: text, ours, count=1)
        if count != 1:
            raise RuntimeError(f"Debian's monitorix.conf has no {pattern!r}")
    config = work / "monitorix.conf"
    config.write_text(ours)
    return config
