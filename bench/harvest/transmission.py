"""Debian transmission-daemon (a BitTorrent daemon people run with its web interface) on
127.0.0.1, no peer networking, two configurations of its own: RPC authentication required
(its 401 page without credentials; signed in, the web interface and its 404 page for a file
the web interface does not have) and an RPC address whitelist the client is not on (its 403
page). Its 409 page (a missing session id: a protocol step, not a refusal) is left out."""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "transmission"
SETTINGS = {
    "rpc-enabled": True,
    "rpc-bind-address": "127.0.0.1",
    "rpc-host-whitelist-enabled": False,
    "dht-enabled": False,
    "lpd-enabled": False,
    "pex-enabled": False,
    "utp-enabled": False,
    "port-forwarding-enabled": False,
}
SIGNED_IN = {
    "Authorization": "Basic " + base64.b64encode(b"someone:invalid").decode(),
}
# configuration -> {path: (label, name, note, signed in)}
CASES = {
    "authentication": (
        {
            "rpc-authentication-required": True,
            "rpc-username": "someone",
            "rpc-password": "invalid",
            "rpc-whitelist-enabled": False,
        },
        {
            "/transmission/web/": (
                "soft_401",
                "unauthorized",
                "401 Unauthorized User (no credentials)",
                False,
            ),
            "/transmission/web/index.html": ("ok", "web-interface", "the web interface", True),
            "/transmission/web/no-such-file.html": (
                "soft_404",
                "not-found",
                "404 Not Found (a file of the web interface)",
                True,
            ),
        },
    ),
    "whitelist": (
        {
            "rpc-authentication-required": False,
            "rpc-whitelist-enabled": True,
            "rpc-whitelist": "192.0.2.1",
        },
        {
            "/transmission/web/": (
                "soft_403",
                "forbidden",
                "403 Unauthorized IP Address (rpc-whitelist)",
                False,
            ),
        },
    ),
}


def harvest(work: Path) -> list[Page]:
    apt_install("transmission-daemon")
    source = deb_version("transmission-daemon")
    shutil.rmtree(work, ignore_errors=True)
    pages = []
    for case, (settings, requests) in CASES.items():
        configuration = work / case
        configuration.mkdir(parents=True)
        port, peer_port = free_port(), free_port()
        every = {
            **SETTINGS,
            **settings,
            "rpc-port": port,
            "peer-port": peer_port,
            "download-dir": str(work / "downloads"),
        }
        (configuration / "settings.json").write_text(json.dumps(every, indent=1))
        command = ["transmission-daemon", "-f", "-g", str(configuration)]
        with running(command, port, work / "server.log"):
            for path, (label, name, note, signed_in) in requests.items():
                headers = SIGNED_IN if signed_in else None
                status, answer, body = fetch(f"http://127.0.0.1:{port}{path}", headers=headers)
                if "html" not in answer.get("content-type", ""):
                    continue
                how = f"GET {path} ({case}{', signed in' if signed_in else ''})"
                pages.append(
                    Page(f"{name}.html", body, source, GROUP, how, "en", label, status, note)
                )
    return pages
