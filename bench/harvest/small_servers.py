"""Small servers from Debian, each run on 127.0.0.1 over a folder made here: their own pages.

python-http-server: `python3 -m http.server` (Debian python3), run as the user nobody: its
"File not found" page (404), its "No permission to list directory" page (a folder nobody
may not read; answered with 404, an access denial by what it says), two directory listings.

busybox-httpd: `busybox httpd` (Debian busybox) with an httpd.conf: its 404 page, its 401
page (a /protected:user:password rule), its 403 page (a second server whose httpd.conf
denies every address, D:*). It has no page of its own for a healthy answer (no listing).

mini-httpd: Debian mini-httpd (mini_httpd, run as nobody) over a folder made here: its 404,
401 (an .htpasswd in a folder), 403 (a folder and a file nobody may read: "Directory is
protected", "File is protected") pages and two directory listings.

php-builtin-server: PHP's built-in web server (`php -S`, Debian php8.2-cli) over a folder
made here: its Not Found page for a missing file and for a folder without an index (404).
(A missing path without an extension gets the folder's index.html: PHP's front-controller
fallback, not an error page.)

yaws: the Yaws web server (Debian yaws, Erlang) with a configuration of its own: its 404,
401 (an <auth> section with a user) and 403 (an <auth> section that denies every address)
pages, two directory listings (dir_listings = true).

icecast2: Debian icecast2 with a configuration of its own (no stream): its 404 page (an
unknown mount), its status pages (status.xsl, server_version.xsl, the listener
authentication page), the admin pages signed in. Its 401 answer is text/plain: left out."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

LICENCES = Path("/usr/share/common-licenses")


def python_http_server(work: Path) -> list[Page]:
    source = deb_version("python3")
    version = subprocess.run(
        ["/usr/bin/python3", "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    served = Path(tempfile.mkdtemp(prefix="gatewatch-http-server-"))  # nobody must reach it
    try:
        served.chmod(0o755)
        (served / "licences").mkdir()
        for name in ("Apache-2.0", "BSD", "GPL-3", "LGPL-2.1", "MPL-2.0"):
            shutil.copy(LICENCES / name, served / "licences" / name)
        (served / "README.txt").write_text("Licence texts as Debian ships them.\n")
        (served / "private").mkdir(mode=0o700)
        requests = {
            "/": ("ok", "listing-root", "the directory listing of the served folder"),
            "/licences/": ("ok", "listing-licences", "a directory listing (licence texts)"),
            "/no-such-page": ("soft_404", "not-found", "Error code: 404, File not found"),
            "/private/": (
                "soft_403",
                "no-permission",
                "No permission to list directory (answered with 404)",
            ),
        }
        port = free_port()
        command = [
            *("runuser", "-u", "nobody", "--", "/usr/bin/python3", "-m", "http.server"),
            *("--bind", "127.0.0.1", "--directory", str(served), str(port)),
        ]
        return _pages(
            command,
            port,
            work,
            requests,
            "python-http-server",
            f"{source}, {version}",
            "python3 -m http.server, as nobody",
        )
    finally:
        shutil.rmtree(served, ignore_errors=True)


def busybox_httpd(work: Path) -> list[Page]:
    apt_install("busybox")
    source = deb_version("busybox")
    shutil.rmtree(work, ignore_errors=True)
    (work / "www/protected").mkdir(parents=True)
    (work / "www/index.html").write_text("<p>home</p>\n")
    (work / "www/protected/index.html").write_text("<p>members</p>\n")
    (work / "httpd.conf").write_text("A:*\n/protected:someone:invalid\n")
    (work / "deny.conf").write_text("D:*\n")
    pages = []
    configurations = {
        "httpd.conf": {
            "/no-such-page": ("soft_404", "not-found", "404 Not Found"),
            "/protected/": ("soft_401", "unauthorized", "401 Unauthorized (/protected:user:pass)"),
        },
        "deny.conf": {"/": ("soft_403", "forbidden", "403 Forbidden (D:* in httpd.conf)")},
    }
    for configuration, requests in configurations.items():
        port = free_port()
        command = [
            *("busybox", "httpd", "-f", "-p", f"127.0.0.1:{port}"),
            *("-h", str(work / "www"), "-c", str(work / configuration)),
        ]
        how = f"busybox httpd -c {configuration}"
        pages += _pages(command, port, work, requests, "busybox-httpd", source, how)
    return pages


def mini_httpd(work: Path) -> list[Page]:
    apt_install("mini-httpd")
    source = deb_version("mini-httpd")
    served = Path(tempfile.mkdtemp(prefix="gatewatch-mini-httpd-"))  # nobody must reach it
    work.mkdir(parents=True, exist_ok=True)
    try:
        served.chmod(0o755)
        for folder in ("licences", "members", "private", "protected-file"):
            (served / folder).mkdir(mode=0o755)
        for name in ("BSD", "GPL-3", "MPL-2.0"):
            shutil.copy(LICENCES / name, served / "licences" / name)
        (served / "members/index.html").write_text("<p>members</p>\n")
        (served / "members/.htpasswd").write_text("someone:$1$invalid$invalidinvalidinvalid\n")
        (served / "private/index.html").write_text("<p>private</p>\n")
        (served / "private").chmod(0o700)
        secret = served / "protected-file/index.html"
        secret.write_text("<p>private</p>\n")
        secret.chmod(0o600)
        requests = {
            "/": ("ok", "listing-root", "the directory listing of the served folder"),
            "/licences/": ("ok", "listing-licences", "a directory listing (licence texts)"),
            "/no-such-page": ("soft_404", "not-found", "404 Not Found: File not found."),
            "/members/": ("soft_401", "unauthorized", "401 Unauthorized (.htpasswd)"),
            "/private/": ("soft_403", "forbidden-directory", "403: Directory is protected."),
            "/protected-file/index.html": ("soft_403", "forbidden-file", "403: File is protected."),
        }
        port = free_port()
        command = [
            *("mini_httpd", "-D", "-h", "127.0.0.1", "-p", str(port)),
            *("-d", str(served), "-u", "nobody", "-l", str(work / "access.log")),
        ]
        return _pages(command, port, work, requests, "mini-httpd", source, "mini_httpd -u nobody")
    finally:
        shutil.rmtree(served, ignore_errors=True)


def php_builtin_server(work: Path) -> list[Page]:
    apt_install("php-cli")
    source = deb_version("php8.2-cli")
    shutil.rmtree(work, ignore_errors=True)
    (work / "www/licences").mkdir(parents=True)
    (work / "www/index.html").write_text("<p>home</p>\n")
    requests = {
        "/no-such-page.html": ("soft_404", "not-found", "Not Found: a missing file"),
        "/licences/": ("soft_404", "not-found-folder", "Not Found: a folder without an index"),
    }
    port = free_port()
    command = ["php", "-S", f"127.0.0.1:{port}", "-t", str(work / "www")]
    return _pages(command, port, work, requests, "php-builtin-server", source, "php -S")


YAWS = """logdir = {work}/log
<server 127.0.0.1>
  port = {port}
  listen = 127.0.0.1
  docroot = {work}/www
  dir_listings = true
  <auth>
    realm = Members
    dir = /members
    user = someone:invalid
  </auth>
  <auth>
    dir = /private
    order = deny, allow
    deny = all
  </auth>
</server>
"""


def yaws(work: Path) -> list[Page]:
    apt_install("yaws")
    source = deb_version("yaws")
    shutil.rmtree(work, ignore_errors=True)
    for folder in ("www/licences", "www/members", "www/private", "log"):
        (work / folder).mkdir(parents=True)
    for name in ("BSD", "GPL-3", "MPL-2.0"):
        shutil.copy(LICENCES / name, work / "www/licences" / name)
    (work / "www/members/index.html").write_text("<p>members</p>\n")
    (work / "www/private/index.html").write_text("<p>private</p>\n")
    port = free_port()
    (work / "yaws.conf").write_text(YAWS.format(work=work, port=port))
    requests = {
        "/": ("ok", "listing-root", "the directory listing of the served folder"),
        "/licences/": ("ok", "listing-licences", "a directory listing (licence texts)"),
        "/no-such-page": ("soft_404", "not-found", "404 Not Found"),
        "/members/": ("soft_401", "unauthorized", "401 authentication needed (<auth> with a user)"),
        "/private/": ("soft_403", "forbidden", "403 (<auth> with deny = all)"),
    }
    # yaws -i runs in the foreground with an Erlang shell on its standard input: kept open
    command = ["yaws", "-i", "--conf", str(work / "yaws.conf"), "--id", "gatewatch_harvest"]
    with running(command, port, work / "server.log", stdin=subprocess.PIPE):
        return _ask(port, requests, "yaws", source, "yaws -i --conf yaws.conf")


ICECAST = """<icecast>
  <location>Earth</location><admin>icemaster@localhost</admin>
  <limits><clients>10</clients><sources>2</sources></limits>
  <authentication><source-password>invalid</source-password>
    <relay-password>invalid</relay-password>
    <admin-user>admin</admin-user><admin-password>invalid</admin-password></authentication>
  <hostname>127.0.0.1</hostname>
  <listen-socket><port>{port}</port><bind-address>127.0.0.1</bind-address></listen-socket>
  <fileserve>1</fileserve>
  <paths><basedir>/usr/share/icecast2</basedir><logdir>/tmp</logdir>
    <webroot>/usr/share/icecast2/web</webroot>
    <adminroot>/usr/share/icecast2/admin</adminroot></paths>
  <logging><accesslog>-</accesslog><errorlog>-</errorlog><loglevel>2</loglevel></logging>
  <security><chroot>0</chroot>
    <changeowner><user>icecast2</user><group>icecast</group></changeowner></security>
</icecast>
"""


def icecast2(work: Path) -> list[Page]:
    apt_install("icecast2")
    source = deb_version("icecast2")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    port = free_port()
    configuration = work / "icecast.xml"
    configuration.write_text(ICECAST.format(port=port))
    configuration.chmod(0o644)
    requests = {
        "/status.xsl": ("ok", "status", "the status page (no mount)"),
        "/server_version.xsl": ("ok", "server-version", "the server version page"),
        "/auth.xsl": ("ok", "auth", "the listener authentication page (no mount)"),
        "/no-such-mount.mp3": ("soft_404", "not-found", "an unknown mount: 404"),
    }
    signed_in = {
        "/admin/stats.xsl": ("ok", "admin-stats", "the admin statistics page, signed in"),
        "/admin/listmounts.xsl": ("ok", "admin-mounts", "the admin mount list, signed in"),
    }
    command = ["icecast2", "-c", str(configuration)]
    with running(command, port, work / "server.log"):
        pages = _ask(port, requests, "icecast2", source, "icecast2 -c icecast.xml")
        pages += _ask(
            port,
            signed_in,
            "icecast2",
            source,
            "icecast2 -c icecast.xml, Basic admin credentials",
            {"Authorization": "Basic YWRtaW46aW52YWxpZA=="},  # admin:invalid
        )
    return pages


def _pages(
    command: list[str],
    port: int,
    work: Path,
    requests: dict,
    group: str,
    source: str,
    how: str,
) -> list[Page]:
    with running(command, port, work / "server.log"):
        return _ask(port, requests, group, source, how)


def _ask(
    port: int, requests: dict, group: str, source: str, how: str, headers: dict | None = None
) -> list[Page]:
    pages = []
    for path, (label, name, note) in requests.items():
        status, answer, body = fetch(f"http://127.0.0.1:{port}{path}", headers=headers)
        if "html" not in answer.get("content-type", "") and not body.lstrip().startswith(
            (b"<?xml", b"<!DOCTYPE html", b"<html")
        ):
            continue
        pages.append(
            Page(
                f"{name}.html",
                body,
                source,
                group,
                f"GET {path} ({how})",
                "en",
                label,
                status,
                note,
            )
        )
    return pages
