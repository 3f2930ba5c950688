"""Debian cockpit-ws (the web console) on 127.0.0.1 without TLS, seen by a visitor who has
not signed in: the sign-in page every address answers (at / and at a deep link; the same
page is kept once), the "Authentication failed" page (401) of its login endpoint without
credentials, and its "Not Found" page (404).

The sign-in page's text is English in its HTML; cockpit translates it in the browser from a
script it inlines by Accept-Language, so the page is kept in English only."""

from __future__ import annotations

from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "cockpit"
COCKPIT_WS = "/usr/lib/cockpit/cockpit-ws"
# path -> (label, name, note)
REQUESTS = {
    "/": ("soft_401", "sign-in", "the sign-in page (it needs JavaScript)"),
    "/system/services": ("soft_401", "sign-in-deep-link", "the sign-in page at a deep link"),
    "/cockpit/login": (
        "soft_401",
        "authentication-failed",
        "Authentication failed (the login endpoint without credentials)",
    ),
    "/cockpit/static/no-such-file": ("soft_404", "not-found", "Not Found"),
}


def harvest(work: Path) -> list[Page]:
    apt_install("cockpit-ws")
    source = deb_version("cockpit-ws")
    port = free_port()
    command = [COCKPIT_WS, "--no-tls", "--address", "127.0.0.1", "--port", str(port)]
    pages, seen = [], set()
    with running(command, port, work / "server.log"):
        for path, (label, name, note) in REQUESTS.items():
            status, headers, body = fetch(f"http://127.0.0.1:{port}{path}", "en")
            if "html" not in headers.get("content-type", "") or body in seen:
                continue  # the deep link answers the sign-in page byte for byte: kept once
            seen.add(body)
            pages.append(
                Page(
                    f"{name}.html",
                    body,
                    source,
                    GROUP,
                    f"GET {path} Accept-Language: en (cockpit-ws --no-tls)",
                    "en",
                    label,
                    status,
                    note,
                )
            )
    return pages
