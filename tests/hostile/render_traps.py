"""A hostile client-rendered site for the browser: two servers on 127.0.0.1 (the site, and
`other`, another origin on the same address), logging every request either gets.

Not a ``traps_*`` module: these traps need POST, a robots.txt and a second port, which the
shared hostile server does not have.

The site answers every page with an app shell whose script (`/static/app.js`) does, on every
page: a POST to /api/track (robots.txt disallows /api/), a GET of /api/data, a fetch of
the other origin, a WebSocket to it, a script whose URL redirects to it. By path:
`/hang` busy-loops after load; `/hang-open` keeps a request open, then loops; `/flaky`
answers 200 once then 503; `/moved` navigates (history) to /elsewhere/deep/ and links
`child`; `/big` builds a DOM of about 200 kB; `/storage` shows what storage held before.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

SHELL = (
    b'<!doctype html><html><head><title>Shop</title></head><body><div id="root"></div>'
    b'<script src="/static/app.js"></script></body></html>'
)
APP = """
var path = location.pathname;
var seen = localStorage.getItem('seen') || 'nothing';
localStorage.setItem('seen', path); document.cookie = 'visited=' + path;
document.title = 'Rendered ' + path;
document.getElementById('root').innerHTML = '<h1>Product ' + path + '</h1><p>' +
  'word '.repeat(60) + '</p><p id="before">storage before: ' + seen + '</p>' +
  '<a href="/p/two">two</a>';
if (path == '/') {
  document.getElementById('root').innerHTML += '<a href="/hang">h</a><a href="/hang-open">o</a>' +
    '<a href="/flaky">f</a><a href="/moved">m</a>';
}
fetch('/api/track', {method: 'POST', body: 'x'}).catch(function () {});
fetch('/api/data').catch(function () {});
fetch('http://127.0.0.1:OTHER/other-port').catch(function () {});
try { new WebSocket('ws://127.0.0.1:OTHER/ws'); } catch (e) {}
var s = document.createElement('script'); s.src = '/redir.js'; document.body.appendChild(s);
if (path == '/hang') { setTimeout(function () { for (;;) {} }, 200); }
if (path == '/hang-open') { fetch('/slow'); setTimeout(function () { for (;;) {} }, 500); }
if (path == '/moved') {
  history.replaceState(null, '', '/elsewhere/deep/');
  document.getElementById('root').innerHTML += '<a href="child">child</a>';
}
if (path == '/big') {
  document.getElementById('root').innerHTML += '<p>' + 'big '.repeat(50000) + '</p>';
}
"""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    owner: RenderTrapSite
    name: str

    def handle_error(self, request: object, client_address: object) -> None:
        pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _log(self) -> str:
        path = urlsplit(self.path).path
        with self.server.owner.lock:
            self.server.owner.hits[(self.server.name, self.command, path)] += 1
        return path

    def _send(self, status: int, body: bytes = b"", kind: str = "text/html", **headers) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_POST(self) -> None:
        self._log()
        self._send(204)

    def do_GET(self) -> None:
        path = self._log()
        owner = self.server.owner
        if self.server.name == "other":
            return self._send(200, b"window.other = true;", "application/javascript")
        if path == "/robots.txt":
            return self._send(200, b"User-agent: *\nDisallow: /api/\n", "text/plain")
        if path == "/static/app.js":
            app = APP.replace("OTHER", str(owner.other_port))
            return self._send(200, app.encode(), "application/javascript")
        if path == "/redir.js":
            return self._send(302, Location=f"{owner.other_url}/redirected.js")
        if path == "/slow":
            time.sleep(60)
            return self._send(200, b"{}", "application/json")
        if path.startswith(("/sitemap", "/api/")):
            return self._send(404)
        if path == "/flaky" and owner.hits[("site", "GET", "/flaky")] > 1:
            return self._send(503, b"<title>503 Service Temporarily Unavailable</title>")
        return self._send(200, SHELL)

    do_HEAD = do_GET


class RenderTrapSite:
    """The site and the other origin, until `stop()` (or the `with` block ends)."""

    def __init__(self) -> None:
        self.hits: Counter[tuple[str, str, str]] = Counter()  # (server, method, path)
        self.lock = threading.Lock()
        self.servers = []
        for name in ("site", "other"):
            server = _Server(("127.0.0.1", 0), _Handler)
            server.owner, server.name = self, name
            self.servers.append(server)
            threading.Thread(target=server.serve_forever, daemon=True).start()
        self.port = self.servers[0].server_address[1]
        self.other_port = self.servers[1].server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.other_url = f"http://127.0.0.1:{self.other_port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def other_hits(self) -> list[tuple[str, str, str]]:
        return [hit for hit in self.hits if hit[0] == "other"]

    def stop(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()

    def __enter__(self) -> RenderTrapSite:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
