"""Debian xymon (Xymon 4.3) with a configuration of its own: xymonserver.cfg copied from
Debian's with its folders in the work folder, its own port and address for xymond, a
hosts.cfg of two hosts on one page; xymond run on a free port, fed four status messages by
Xymon's own client (`xymon 127.0.0.1:PORT "status ..."`: green, yellow and red); xymongen
writing the static pages; the CGIs run by a real apache2 of our own (mod_cgi), each through a
small wrapper that calls Debian's .cgi with the options Debian's cgioptions.cfg gives it and
our --env. As in Debian's Apache configuration, /xymon-cgi/ is open and /xymon-seccgi/ asks for
Basic authentication (a password file made here); there the status page runs with --access
(Xymon's web access file: admin may see everything, bob only the host web-01).

Pages: the main, all-non-green, critical and subpage views (static, written by xymongen), a
status page of each colour, the host's history, the event log, the acknowledgement and
notification logs, the critical systems view, the find-host form with results, the host
list, the configuration report, the ghost clients, the availability and snapshot report
forms, and for the administrator the restricted status page and the enable/disable form (ok);
"No such host" (served with 403) and "Status not available" (404) for a host and a test that
do not exist (soft_404); "Not available (restricted)." (403) for bob, signed in, on db-01's
status (soft_403).

Left out: Apache's own 401 page for /xymon-seccgi/ without credentials (Apache's default page,
not Xymon's: the tune group apache2 holds it); the history page of a host that does not exist
(an empty history, nothing said); the find-host page without a match (a search with no
results, "Not found" in its table); Xymon is not translated (English only)."""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import time
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running
from bench.harvest.kept_pages import Kept

GROUP = "xymon"
BIN = Path("/usr/lib/xymon/server/bin")
MODULES = Path("/usr/lib/apache2/modules")
ADMIN = ("admin", "harvest-only-admin")
RESTRICTED = ("bob", "harvest-only-bob")  # signed in; Xymon's access file gives him web-01
HOSTS = """page servers Servers
127.0.0.1\tweb-01\t# noconn
127.0.0.1\tdb-01\t# noconn
"""
ACCESS = "root: admin\nweb-01: bob\n"
STATUSES = (
    "status web-01.cpu green up: 12 days, 3 users, 97 procs, load=0.10",
    "status web-01.disk yellow /var is 91% full (warning at 90%)",
    "status db-01.cpu green up: 40 days, 1 users, 120 procs, load=0.42",
    "status db-01.http red http://db-01/ - Connection refused",
)
# wrapper name -> (the .cgi, options from Debian's cgioptions.cfg)
WRAPPERS = {
    "svcstatus.sh": ("svcstatus.cgi", "--no-svcid --history=top"),
    "history.sh": ("history.cgi", "--no-svcid"),
    "eventlog.sh": ("eventlog.cgi", ""),
    "findhost.sh": ("findhost.cgi", ""),
    "criticalview.sh": ("criticalview.cgi", ""),
    "acknowledgements.sh": ("acknowledgements.cgi", ""),
    "notifications.sh": ("notifications.cgi", ""),
    "ghostlist.sh": ("ghostlist.cgi", ""),
    "hostlist.sh": ("hostlist.cgi", ""),
    "confreport.sh": ("confreport.cgi", ""),
    "report.sh": ("report.cgi", ""),
    "snapshot.sh": ("snapshot.cgi", ""),
}
SECURE_WRAPPERS = {
    "svcstatus.sh": ("svcstatus.cgi", "--no-svcid --history=top --access={work}/access"),
    "enadis.sh": ("enadis.cgi", "--access={work}/access"),
}
APACHE = """ServerRoot {work}
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {work}/apache2.pid
ErrorLog {work}/error.log
User www-data
Group www-data
LoadModule mpm_prefork_module {modules}/mod_mpm_prefork.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule authz_user_module {modules}/mod_authz_user.so
LoadModule authn_core_module {modules}/mod_authn_core.so
LoadModule authn_file_module {modules}/mod_authn_file.so
LoadModule auth_basic_module {modules}/mod_auth_basic.so
LoadModule mime_module {modules}/mod_mime.so
LoadModule alias_module {modules}/mod_alias.so
LoadModule cgi_module {modules}/mod_cgi.so
LoadModule dir_module {modules}/mod_dir.so
TypesConfig /etc/mime.types
Alias /xymon/ {work}/www/
ScriptAlias /xymon-cgi/ {work}/cgi/
ScriptAlias /xymon-seccgi/ {work}/seccgi/
<Directory {work}/www>
    DirectoryIndex index.html
    Require all granted
</Directory>
<Directory {work}/cgi>
    Require all granted
</Directory>
<Directory {work}/seccgi>
    AuthType Basic
    AuthName "Xymon Administration"
    AuthUserFile {work}/xymonpasswd
    Require valid-user
</Directory>
"""
# (path, who, label, name, note)
REQUESTS = (
    ("/xymon/", None, "ok", "main-view", "the main view (xymongen)"),
    ("/xymon/nongreen.html", None, "ok", "non-green-view", "the all non-green view (xymongen)"),
    ("/xymon/critical.html", None, "ok", "critical-page", "the critical view page (xymongen)"),
    ("/xymon/servers/", None, "ok", "subpage", "a page of hosts.cfg (xymongen)"),
    ("/xymon-cgi/svcstatus.sh?HOST=web-01&SERVICE=cpu", None, "ok", "status-green",
     "a green status"),
    ("/xymon-cgi/svcstatus.sh?HOST=web-01&SERVICE=disk", None, "ok", "status-yellow",
     "a yellow status"),
    ("/xymon-cgi/svcstatus.sh?HOST=db-01&SERVICE=http", None, "ok", "status-red",
     "a red status (the page is healthy: it reports a failing test)"),
    ("/xymon-cgi/history.sh?HOST=web-01&SERVICE=disk", None, "ok", "history", "a test's history"),
    ("/xymon-cgi/eventlog.sh", None, "ok", "event-log", "the event log"),
    ("/xymon-cgi/acknowledgements.sh", None, "ok", "acknowledgements", "the acknowledgement log"),
    ("/xymon-cgi/notifications.sh", None, "ok", "notifications", "the notification log"),
    ("/xymon-cgi/criticalview.sh", None, "ok", "critical-systems", "the critical systems view"),
    ("/xymon-cgi/findhost.sh", None, "ok", "find-host", "the find-host form"),
    ("/xymon-cgi/findhost.sh?host=web", None, "ok", "find-host-results",
     "a host search with a result"),
    ("/xymon-cgi/hostlist.sh", None, "ok", "host-list", "the host list form"),
    ("/xymon-cgi/confreport.sh", None, "ok", "config-report", "the configuration report"),
    ("/xymon-cgi/ghostlist.sh", None, "ok", "ghost-clients", "the ghost clients (none)"),
    ("/xymon-cgi/report.sh", None, "ok", "availability-report", "the availability report form"),
    ("/xymon-cgi/snapshot.sh", None, "ok", "snapshot-report", "the snapshot report form"),
    ("/xymon-seccgi/svcstatus.sh?HOST=db-01&SERVICE=cpu", ADMIN, "ok", "status-admin",
     "a status page with web access control, for the administrator"),
    ("/xymon-seccgi/enadis.sh", ADMIN, "ok", "enable-disable", "the enable/disable form"),
    ("/xymon-cgi/svcstatus.sh?HOST=no-such-host&SERVICE=cpu", None, "soft_404", "no-such-host",
     "a host that does not exist: 'Invalid request / No such host' (served with 403)"),
    ("/xymon-cgi/svcstatus.sh?HOST=web-01&SERVICE=nosuchtest", None, "soft_404",
     "no-such-test", "a test the host does not have: 'Status not available' (404)"),
    ("/xymon-seccgi/svcstatus.sh?HOST=db-01&SERVICE=cpu", RESTRICTED, "soft_403", "restricted",
     "db-01's status for bob, signed in, whom the web access file gives web-01 only:"
     " 'Not available (restricted).'"),
)  # fmt: skip


def harvest(work: Path) -> list[Page]:
    apt_install("xymon", "apache2-bin")
    source = f"{deb_version('xymon')}, {deb_version('apache2-bin')}"
    shutil.rmtree(work, ignore_errors=True)
    _configure(work)
    xymond_port = free_port()
    _environment(work, xymond_port)
    xymond = [
        str(BIN / "xymond"),
        f"--env={work}/xymonserver.cfg",
        f"--listen=127.0.0.1:{xymond_port}",
        f"--hosts={work}/hosts.cfg",
        "--no-daemon",
        f"--log={work}/log/xymond.log",
    ]
    found = Kept(GROUP, source)
    with running(xymond, xymond_port, work / "xymond.out"):
        for message in STATUSES:
            subprocess.run([str(BIN / "xymon"), f"127.0.0.1:{xymond_port}", message], check=True)
        time.sleep(1)
        subprocess.run(
            [str(BIN / "xymongen"), f"--env={work}/xymonserver.cfg", str(work / "www")],
            check=True,
            capture_output=True,
            env={"PATH": f"/usr/bin:/bin:{BIN}"},
        )
        subprocess.run(["chmod", "-R", "a+rX", str(work)], check=True)
        # www-data runs the CGIs: it must pass through the folders above the work folder
        parents = [str(p) for p in work.parents if str(p) not in ("/", "/tmp")]
        subprocess.run(["chmod", "a+rx", *parents], check=True)
        subprocess.run(
            ["chown", "-R", "www-data", str(work / "var"), str(work / "log")], check=True
        )
        port = free_port()
        config = work / "apache2.conf"
        config.write_text(APACHE.format(work=work, port=port, modules=MODULES))
        apache = ["/usr/sbin/apache2", "-f", str(config), "-DFOREGROUND"]
        with running(apache, port, work / "server.log", env={"PATH": "/usr/sbin:/usr/bin:/bin"}):
            for path, who, label, name, note in REQUESTS:
                headers = {}
                if who:
                    token = base64.b64encode(f"{who[0]}:{who[1]}".encode()).decode()
                    headers["Authorization"] = f"Basic {token}"
                status, answer, body = fetch(f"http://127.0.0.1:{port}{path}", headers=headers)
                if label == "ok" and status != 200:
                    raise RuntimeError(f"{path} answered {status}: not a healthy page")
                how = f"GET {path} " + (f"(Basic authentication as {who[0]})" if who else "")
                found.keep(name, "en", body, status, answer.get("content-type", ""), label,
                           how.strip(), note)  # fmt: skip
    if found.left_out:
        raise RuntimeError(f"answers that are no page: {found.left_out}")
    return found.pages


def _configure(work: Path) -> None:
    for folder in ("acks", "data", "disabled", "hist", "histlogs", "logs", "tmp", "rrd"):
        (work / "var" / folder).mkdir(parents=True)
    for folder in ("log", "cgi", "seccgi"):
        (work / folder).mkdir()
    shutil.copytree("/var/lib/xymon/www", work / "www", symlinks=True)
    (work / "hosts.cfg").write_text(HOSTS)
    (work / "access").write_text(ACCESS)
    (work / "xymonpasswd").write_text(
        "".join(
            f"{user}:{{SHA}}{base64.b64encode(hashlib.sha1(password.encode()).digest()).decode()}\n"
            for user, password in (ADMIN, RESTRICTED)
        )
    )
    for folder, wrappers in (("cgi", WRAPPERS), ("seccgi", SECURE_WRAPPERS)):
        for name, (program, options) in wrappers.items():
            script = work / folder / name
            options = options.format(work=work)
            script.write_text(
                f"#!/bin/sh\nexec {BIN / program} --env={work}/xymonserver.cfg {options}\n"
            )
            script.chmod(0o755)


def _environment(work: Path, port: int) -> None:
    """Debian's xymonserver.cfg with its folders, hosts file and xymond address ours."""
    lines = ['XYMSRV="127.0.0.1"', 'XYMONSERVERIP="127.0.0.1"', 'XYMSERVERS=""']
    for line in Path("/etc/xymon/xymonserver.cfg").read_text().splitlines():
        line = line.replace("/var/lib/xymon", f"{work}/var").replace(
            "/var/log/xymon", f"{work}/log"
        )
        if line.startswith("include /var/run/"):
            continue  # written by Debian's running xymon: none here
        if line.startswith("XYMONDPORT="):
            line = f'XYMONDPORT="{port}"'
        elif line.startswith("HOSTSCFG="):
            line = f'HOSTSCFG="{work}/hosts.cfg"'
        elif line.startswith("XYMONWWWDIR="):
            line = f'XYMONWWWDIR="{work}/www"'
        lines.append(line)
    (work / "xymonserver.cfg").write_text("\n".join(lines) + "\n")
