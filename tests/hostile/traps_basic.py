"""The simplest trap: a page that links to itself, to check the server works."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler

from tests.hostile.server import send


def _self_link(request: BaseHTTPRequestHandler) -> None:
    send(request, 200, b'<title>Loop</title><a href="/basic/">again</a>')


TRAPS = {"/basic/": _self_link}
