"""Debian prosody 0.12 (an XMPP server, Lua): its HTTP server's pages, on a server of our own
(`prosody --config ... -F` as the prosody user, data, pid file and admin socket in a folder
of its own, XMPP ports off, HTTP on a free port of 127.0.0.1), the host "localhost" with
mod_http_files (a folder of its own, directory listing on), mod_bosh, mod_websocket and
mod_http_openmetrics (its allowed addresses set to one that is not ours), and an upload
component (mod_http_file_share). Every request names the host localhost (Host header).

Pages: mod_http_errors' template ("404 Not Found ... Whatever you were looking for is not
here.", one of three endings at random) for an unknown URL, a missing file under /files and
an unknown upload slot (soft_404); its "403 Forbidden ... You're not allowed to do that."
for a folder under /files (Prosody 0.12 has no directory listing of its own: the option
needs a community module), a file prosody may not read, and /metrics from an address not
allowed (soft_403); "Prosody is running!" at / (one of six slogans at random), the BOSH and
WebSocket endpoints' "It works!" pages (healthy). Prosody's HTTP pages are not translated.
Pages that differ only by the random ending or slogan are kept once (the note names every
request)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "prosody"
CONFIG = """pidfile = "{home}/prosody.pid"
data_path = "{home}/data"
certificates = "{home}/certs"
admin_socket = "{home}/admin.sock"
log = {{ info = "*console" }}
c2s_ports = {{}}
s2s_ports = {{}}
c2s_direct_tls_ports = {{}}
component_ports = {{}}
https_ports = {{}}
http_ports = {{ {port} }}
http_interfaces = {{ "127.0.0.1" }}
modules_enabled = {{ "disco", "http_files", "bosh", "websocket", "http_openmetrics" }}
http_files_dir = "{home}/www"
http_dir_listing = true
openmetrics_allow_ips = {{ "192.0.2.1" }}
authentication = "internal_hashed"
VirtualHost "localhost"
Component "upload.localhost" "http_file_share"
"""
MESSAGE = re.compile(rb"<p>[^<]*</p>")  # mod_http_errors' message line
# (host, path) -> (label, name, note)
REQUESTS = {
    ("localhost", "/no-such-page"): ("soft_404", "not-found", "an unknown URL"),
    ("localhost", "/files/no-such-file.html"): (
        "soft_404",
        "not-found",
        "a file missing under /files (mod_http_files)",
    ),
    ("upload.localhost", "/file_share/no-such-slot/report.pdf"): (
        "soft_404",
        "not-found",
        "an unknown upload slot (mod_http_file_share)",
    ),
    ("localhost", "/files/docs/"): (
        "soft_403",
        "forbidden",
        "a folder under /files without an index (mod_http_files)",
    ),
    ("localhost", "/files/private.txt"): (
        "soft_403",
        "forbidden",
        "a file prosody may not read (mod_http_files)",
    ),
    ("localhost", "/metrics"): (
        "soft_403",
        "forbidden",
        "/metrics from an address not in openmetrics_allow_ips (mod_http_openmetrics)",
    ),
    ("localhost", "/"): ("ok", "home", "the root: 'Prosody is running!'"),
    ("localhost", "/http-bind"): ("ok", "bosh", "the BOSH endpoint (mod_bosh), a GET"),
    ("localhost", "/xmpp-websocket"): (
        "ok",
        "websocket",
        "the WebSocket endpoint (mod_websocket), a GET without an upgrade",
    ),
}


def harvest(work: Path) -> list[Page]:
    apt_install("prosody")
    source = f"{deb_version('prosody')} (mod_http_errors)"
    # the prosody user must reach the folder: not under the (private) work folder
    home = Path(tempfile.mkdtemp(prefix="gatewatch-prosody-"))
    try:
        port = _prepare(home)
        work.mkdir(parents=True, exist_ok=True)
        command = ["runuser", "-u", "prosody", "--", "prosody", "--config"]
        with running([*command, str(home / "prosody.cfg.lua"), "-F"], port, work / "prosody.log"):
            return _pages(port, source)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _prepare(home: Path) -> int:
    home.chmod(0o755)
    port = free_port()
    (home / "prosody.cfg.lua").write_text(CONFIG.format(home=home, port=port))
    for folder in ("data", "certs", "www/docs"):
        (home / folder).mkdir(parents=True)
    (home / "www/docs/guide.html").write_text("<!DOCTYPE html><title>Guide</title><p>A guide.\n")
    subprocess.run(["chown", "-R", "prosody", str(home)], check=True)
    private = home / "www/private.txt"
    private.write_text("not for prosody\n")  # owned by root, mode 600
    private.chmod(0o600)
    return port


def _pages(port: int, source: str) -> list[Page]:
    kept: dict[bytes, Page] = {}  # by the page without its message (chosen at random)
    for (host, path), (label, name, note) in REQUESTS.items():
        status, headers, body = fetch(f"http://127.0.0.1:{port}{path}", headers={"Host": host})
        if "html" not in headers.get("content-type", ""):
            continue
        obtained = f"GET {path} (Host: {host})"
        key = MESSAGE.sub(b"", body)
        if key in kept:
            page = kept[key]
            page.obtained += f"; {obtained}"
            page.note += f"; {note}"
            continue
        kept[key] = Page(f"{name}.html", body, source, GROUP, obtained, "en", label, status, note)
    return list(kept.values())
