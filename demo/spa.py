"""A client-rendered store served on 127.0.0.1, the way nginx serves a single-page app
(`try_files $uri /index.html`): every URL that is not a file answers 200 with the same shell,
and the browser draws the page (demo/spa_site/app.js). For the rendering tests and benchmark.

    with serve_spa(items=100) as site:
        site.url("/products/alpine-tent")   # a product, once rendered
        site.hits["/tracker.js"]             # requests for the third-party script (the
                                             # shell names it on another host name)

Routes: `/` (links to the products, only once rendered), `/products/alpine-tent`,
`/products/camp-stove`, `/products/trail-shoe`, `/products/item-N` (N < items), a removed
product `/products/summit-parka` ("Product not found"), `/account` (a sign-in form), and
anything else the app's own "Page not found" view.
"""

from __future__ import annotations

import argparse
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

SITE = Path(__file__).parent / "spa_site"
FILES = {
    "/static/app.js": ("app.js", "application/javascript"),
    "/static/app.css": ("app.css", "text/css"),
}
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    owner: SpaSite


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        site = self.server.owner
        path = urlsplit(self.path).path
        with site.lock:
            site.hits[path] += 1
        if path in FILES:
            name, kind = FILES[path]
            self._send(200, kind, (SITE / name).read_bytes())
        elif path == "/robots.txt":
            self._send(200, "text/plain", site.text("robots.txt").encode())
        elif path == "/sitemap.xml":
            self._send(200, "application/xml", site.sitemap().encode())
        elif path == "/tracker.js":
            self._send(200, "application/javascript", b"window.tracked = true;")
        elif path.endswith(".png"):
            self._send(200, "image/png", PNG)
        elif path.startswith("/api/"):
            self._send(405, "text/plain", b"POST only")
        else:
            self._send(200, "text/html; charset=utf-8", site.text("index.html").encode())

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class SpaSite:
    """The store on a free port of 127.0.0.1, until `stop()` (or the `with` block ends)."""

    def __init__(self, items: int = 0, host: str = "127.0.0.1", port: int = 0) -> None:
        self.items = items
        self.server = _Server((host, port), _Handler)
        self.server.owner = self
        self.port = self.server.server_address[1]
        self.base_url = f"http://{host}:{self.port}"
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return self.base_url + path

    def text(self, name: str) -> str:
        text = (SITE / name).read_text(encoding="utf-8")
        return text.replace("__BASE__", self.base_url).replace("__PORT__", str(self.port))

    def sitemap(self) -> str:
        extra = "".join(
            f"<url><loc>{self.base_url}/products/item-{number}</loc></url>\n"
            for number in range(self.items)
        )
        return self.text("sitemap.xml").replace("</urlset>", extra + "</urlset>")

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> SpaSite:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def serve_spa(items: int = 0, host: str = "127.0.0.1", port: int = 0) -> SpaSite:
    return SpaSite(items, host, port)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the client-rendered demo store.")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--items", type=int, default=0, help="numbered products in the sitemap")
    arguments = parser.parse_args(argv)
    site = SpaSite(arguments.items, port=arguments.port)
    print(f"serving the client-rendered store at {site.base_url}/ (Ctrl-C to stop)")
    try:
        site.thread.join()
    except KeyboardInterrupt:
        site.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
