"""A real local HTTP/1.1 server for a :class:`~demo.site.Site`.

Used by the crawl tests, ``gatewatch demo`` and benchmarks.

Usage::

    with serve(site) as server:
        fetch(server.base_url + "/")
        assert server.hits["/private/secret"] == 0

Standalone (e.g. to benchmark other crawlers)::

    python -m gatewatch.demo.server [--generated N [--seed S] | --demo | DIR] [--host H] [--port P]
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import socket
import socketserver
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

from gatewatch.demo.generator import generate_site
from gatewatch.demo.site import HTML_TYPE, Site, load_demo_site, substitute_text, with_header

# Statuses that never carry a body (RFC 9110).
_NO_BODY = {204, 304}


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128
    owner: SiteServer

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls socket.getfqdn(), a reverse-DNS lookup that can hang
        # offline; the name is not needed.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def handle_error(self, request: object, client_address: object) -> None:
        # Clients hanging up (crawler cancelled, stop() during a slow answer) are normal here.
        if isinstance(sys.exc_info()[1], OSError):
            return
        super().handle_error(request, client_address)


class _IPv6HTTPServer(_HTTPServer):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive; every answer carries Content-Length
    server_version = "gatewatch-demo/1.0"
    sys_version = ""
    disable_nagle_algorithm = True  # headers and body are separate writes
    timeout = 60  # idle keep-alive connections are closed after this many seconds
    server: _HTTPServer

    def setup(self) -> None:
        super().setup()
        self.server.owner._track(self.connection, add=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.owner._track(self.connection, add=False)

    def log_message(self, format: str, *args: object) -> None:
        """Silence the default stderr access log."""

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def _refuse(self) -> None:
        self.server.owner._hit(self.path)
        body = b"<!doctype html><title>405 Method Not Allowed</title>\n"
        self.send_response(405)
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Type", HTML_TYPE)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")  # the request body, if any, is not read
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse

    def _respond(self, head: bool) -> None:
        owner = self.server.owner
        target = self.path
        if not target.startswith("/"):  # absolute-form request target (proxy style)
            rest = target.split("://", 1)[-1]
            target = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
        owner._hit(target)
        key, page = owner.site.lookup(target)
        status, headers = page.status, page.headers
        failing = page.fail_first > 0 and owner._count_request(key) <= page.fail_first
        if failing:
            status, headers = page.fail_status, page.fail_headers
        if page.delay:
            time.sleep(page.delay)
        base = owner.base_url
        if failing:
            body = f"<!doctype html><title>{status}</title><h1>Error {status}</h1>\n".encode()
            headers = with_header(headers, "Content-Type", HTML_TYPE)
        else:
            body = page.render(base)
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, substitute_text(value, base))
        if status in _NO_BODY or status < 200:
            self.end_headers()
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head and body:
            self.wfile.write(body)


class SiteServer:
    """A running server for ``site``; stop it with :meth:`stop` or use it as a context manager.

    ``hits`` counts requests per request target (path + query, as sent). ``fail_first`` counters
    belong to this instance, so each new server starts with fresh failures.
    """

    def __init__(self, site: Site, host: str = "127.0.0.1", port: int = 0) -> None:
        self.site = site
        server_cls = _IPv6HTTPServer if ":" in host else _HTTPServer
        self._httpd = server_cls((host, port), _Handler)
        self._httpd.owner = self
        self._lock = threading.Lock()
        self._hits: Counter[str] = Counter()
        self._fail_counts: dict[str, int] = {}
        self._connections: set[socket.socket] = set()
        self.host = host
        self.port: int = self._httpd.server_address[1]
        netloc = f"[{host}]" if ":" in host else host
        self.base_url = f"http://{netloc}:{self.port}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"demo-server-{self.port}",
            daemon=True,
        )
        self._thread.start()

    @property
    def hits(self) -> Counter[str]:
        """A snapshot (copy) of the request counts, safe to read while the server is busy."""
        with self._lock:
            return Counter(self._hits)

    def reset_hits(self) -> None:
        """Forget request counts (not the fail_first counters)."""
        with self._lock:
            self._hits.clear()

    def url(self, path: str) -> str:
        """Absolute URL of ``path`` on this server."""
        return self.base_url + path

    def stop(self) -> None:
        """Stop serving and close open keep-alive connections. Idempotent."""
        if not self._thread.is_alive():
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        self._thread.join()

    def serve_until_interrupted(self) -> None:
        """Block until Ctrl-C (KeyboardInterrupt), then stop."""
        try:
            while self._thread.is_alive():
                self._thread.join(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def __enter__(self) -> SiteServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _hit(self, target: str) -> None:
        with self._lock:
            self._hits[target] += 1

    def _count_request(self, key: str) -> int:
        with self._lock:
            n = self._fail_counts.get(key, 0) + 1
            self._fail_counts[key] = n
            return n

    def _track(self, conn: socket.socket, add: bool) -> None:
        with self._lock:
            if add:
                self._connections.add(conn)
            else:
                self._connections.discard(conn)


def serve(site: Site, host: str = "127.0.0.1", port: int = 0) -> SiteServer:
    """Start serving ``site`` in daemon threads; ``port=0`` picks a free port."""
    return SiteServer(site, host, port)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m gatewatch.demo.server", description="Serve a demo/test site until Ctrl-C."
    )
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--generated", type=int, metavar="N", help="a synthetic site of N pages")
    what.add_argument("--demo", action="store_true", help="the bundled demo site (default)")
    what.add_argument("directory", nargs="?", type=Path, help="a site directory (routes.toml)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (with --generated)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    args = parser.parse_args(argv)

    if args.generated is not None:
        generated = generate_site(args.generated, seed=args.seed)
        site = generated.site
        note = f"generated site: {len(generated.expected)} URLs expected from /"
    elif args.directory is not None:
        site = Site.from_directory(args.directory)
        note = f"{args.directory}: {len(site)} routes"
    else:
        site = load_demo_site()
        note = f"demo site: {len(site)} routes"
    # Stop cleanly on Ctrl-C and on SIGTERM, even when started with SIGINT ignored (e.g. as a
    # background job of a non-interactive shell).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    server = serve(site, args.host, args.port)
    try:
        print(f"{note}; Ctrl-C to stop", file=sys.stderr, flush=True)
        print(server.base_url, flush=True)
        server.serve_until_interrupted()
    except KeyboardInterrupt:  # arrived before serve_until_interrupted() took over
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
