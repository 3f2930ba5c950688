"""A real local HTTP server whose paths are traps a hostile site sets for a crawler.

Each ``traps_*.py`` module beside this one defines ``TRAPS``: a mapping of a path prefix to
a function ``trap(request)`` that answers the request (a ``BaseHTTPRequestHandler``; the
server's ``hits`` counts requests per path). The longest matching prefix wins; anything else
is a plain 404. Trap modules are separate files so that traps are added without touching
each other.

    with serve_hostile() as server:
        crawl(server.base_url + "/long-urls/")
        assert server.hits["/long-urls/"] == 1
"""

from __future__ import annotations

import contextlib
import importlib
import pkgutil
import socketserver
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

Trap = Callable[[BaseHTTPRequestHandler], None]


def all_traps() -> dict[str, Trap]:
    """Every trap of every ``traps_*`` module in this package, by path prefix."""
    traps: dict[str, Trap] = {}
    for module in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if module.name.startswith("traps_"):
            loaded = importlib.import_module(f"{__package__}.{module.name}")
            for prefix, trap in loaded.TRAPS.items():
                if prefix in traps:
                    raise ValueError(f"two traps claim {prefix!r} ({module.name})")
                traps[prefix] = trap
    return traps


def send(
    request: BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    content_type: str = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> None:
    """Answer with a status, headers and a body of known length."""
    request.send_response(status)
    request.send_header("Content-Type", content_type)
    request.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        request.send_header(name, value)
    request.end_headers()
    if request.command != "HEAD":
        request.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def server_bind(self) -> None:
        socketserver.TCPServer.server_bind(self)  # no reverse-DNS lookup
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a crawler hanging up on a trap is what traps are for


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        owner: HostileServer = self.server.owner  # type: ignore[attr-defined]
        path = urlsplit(self.path).path
        with owner.lock:
            owner.hits[path] += 1
        matches = [prefix for prefix in owner.traps if path.startswith(prefix)]
        if not matches:
            send(self, 404, b"<title>Not found</title><h1>Not found</h1>")
            return
        owner.traps[max(matches, key=len)](self)

    do_HEAD = do_GET


class HostileServer:
    """The server on 127.0.0.1 (a free port), serving in a thread."""

    def __init__(self, traps: dict[str, Trap]) -> None:
        self.traps = traps
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self  # type: ignore[attr-defined]
        self.port = self._server.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> HostileServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@contextlib.contextmanager
def serve_hostile(traps: dict[str, Trap] | None = None) -> Iterator[HostileServer]:
    """Serve every trap (or the ones given) until the block ends."""
    server = HostileServer(all_traps() if traps is None else traps).start()
    try:
        yield server
    finally:
        server.stop()
