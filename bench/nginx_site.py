"""Serve a :class:`demo.site.Site` with nginx, answering exactly what ``demo.server`` answers.

Benchmarks need a server that is not the bottleneck: ``demo.server`` is Python and shares the
crawler's cores. Here every page is rendered once into files and an nginx configuration:

* ``200`` answers are static files, grouped by content type (and extra headers) into one
  internal location each;
* redirects are ``return 3xx $gw_location`` with ``absolute_redirect off``, so a relative
  ``Location`` stays relative, exactly as the site gives it;
* every other answer (401, 403, 404, 410, 5xx, ...) is ``return STATUS "body"`` with its
  headers (``add_header ... always``), one internal location per distinct answer;
* request targets are looked up like :meth:`demo.site.Site.lookup`: the exact ``path?query``,
  then the path without its query, then the site's fallback page. Two ``map`` blocks keyed on
  the raw ``$request_uri`` do this in constant time, so 200,000 pages cost no more per request
  than 50.

nginx runs as the current user with everything (config, pid, logs, temp files) in one folder,
listening on 127.0.0.1 only. ``fail_first`` and ``delay`` pages cannot be served this way and
are refused with :class:`NginxSiteError`.

    with NginxSite.start(generated.site) as server:
        crawl(server.base_url + "/")
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from gatewatch.demo.site import Page, Site, substitute_text

NGINX = "/usr/sbin/nginx"
ROUTES = "__gw"  # internal locations live under /__gw/; a site must not use that path
_REDIRECT_STATUSES = {301, 302, 303, 307, 308}
_MAX_FIXED_ANSWERS = 2000
_NOT_FOUND_PROBE = "/__gatewatch-no-such-page__"


class NginxSiteError(RuntimeError):
    """The site cannot be served by nginx, or nginx did not start; the message says why."""


def nginx_available(binary: str = NGINX) -> bool:
    return shutil.which(binary) is not None


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def quote(value: str) -> str:
    """An nginx string that means ``value`` ("$" through the ``$gw_dollar`` variable)."""
    if any(ord(character) < 32 and character not in "\t\n" for character in value):
        raise NginxSiteError(f"control character in {value[:80]!r}: nginx cannot say it")
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("$", "${gw_dollar}")
    return f'"{escaped}"'


def quote_key(key: str) -> str:
    """A ``map`` key: compared literally, so "$" needs no variable (and cannot have one)."""
    if any(ord(character) <= 32 or ord(character) == 127 for character in key):
        raise NginxSiteError(f"request target with a space or control character: {key[:80]!r}")
    return '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass
class _Routes:
    """What the configuration is made of: file classes, redirect classes, fixed answers."""

    body_folder: Path
    files: dict[tuple, int] = field(default_factory=dict)  # (content type, headers) -> class
    redirects: dict[tuple, int] = field(default_factory=dict)  # (status, headers) -> class
    fixed: dict[tuple, int] = field(default_factory=dict)  # (status, headers, body) -> class
    route: dict[str, str] = field(default_factory=dict)  # request target -> internal URI
    location: dict[str, str] = field(default_factory=dict)  # internal URI -> Location

    def add(self, number: int, target: str, page: Page, base_url: str) -> None:
        if page.fail_first or page.delay:
            raise NginxSiteError(f"{target}: fail_first and delay cannot be served by nginx")
        self.route[target] = self.internal_uri(number, page, base_url)

    def internal_uri(self, number: int, page: Page, base_url: str) -> str:
        headers = tuple((name, substitute_text(value, base_url)) for name, value in page.headers)
        content_type = next((v for k, v in headers if k.lower() == "content-type"), None)
        others = tuple((k, v) for k, v in headers if k.lower() != "content-type")
        location = next((v for k, v in others if k.lower() == "location"), None)
        if page.status in _REDIRECT_STATUSES and location is not None:
            rest = tuple((k, v) for k, v in others if k.lower() != "location")
            key = (page.status, rest)
            index = self.redirects.setdefault(key, len(self.redirects))
            uri = f"/{ROUTES}/r{index}/{number}"
            self.location[uri] = location
            return uri
        body = page.render(base_url)
        if page.status == 200:
            index = self.files.setdefault((content_type, others), len(self.files))
            folder = self.body_folder / ROUTES / f"f{index}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / str(number)).write_bytes(body)
            return f"/{ROUTES}/f{index}/{number}"
        try:
            text = body.decode()
        except UnicodeDecodeError:
            raise NginxSiteError(f"binary body with status {page.status}: not served") from None
        key = (page.status, headers, text)
        if key not in self.fixed and len(self.fixed) >= _MAX_FIXED_ANSWERS:
            raise NginxSiteError(f"more than {_MAX_FIXED_ANSWERS} distinct non-200 answers")
        return f"/{ROUTES}/e{self.fixed.setdefault(key, len(self.fixed))}"


def _path(path: Path) -> str:
    """A file path in the configuration (where nginx reads no variables)."""
    text = str(path)
    if any(character in text for character in '"$\\;{}') or not text.isprintable():
        raise NginxSiteError(f"choose a folder without quotes, $, ;, braces or backslashes: {text}")
    return f'"{text}"'


def _hash_size(count: int) -> int:
    size = 1024
    while size < 4 * count:
        size *= 2
    return size


def _bucket_size(keys: list[str]) -> int:
    longest = max((len(key) for key in keys), default=0) + 32
    size = 64
    while size < longest:
        size *= 2
    return size


def _header_lines(headers: tuple[tuple[str, str], ...], indent: str) -> list[str]:
    return [f"{indent}add_header {quote(name)} {quote(value)} always;" for name, value in headers]


def render_config(
    routes: _Routes, fallback_uri: str, prefix: Path, port: int, workers: int = 1
) -> str:
    """The nginx configuration for ``routes`` (written by :func:`write_site`)."""
    body_root = routes.body_folder
    by_path = {k: v for k, v in routes.route.items() if "?" not in k}
    keys = list(routes.route) + list(routes.location)
    user = ""
    if os.geteuid() == 0:  # workers would drop to "nobody" and not read our files
        user = f"user {pwd.getpwuid(os.getuid()).pw_name};\n"
    lines = [
        f"{user}worker_processes {workers};",
        "daemon off;",
        "master_process on;",
        f"pid {_path(prefix / 'nginx.pid')};",
        f"error_log {_path(prefix / 'error.log')} warn;",
        "events { worker_connections 1024; }",
        "http {",
        "    access_log off;",
        "    server_tokens off;",
        "    sendfile on;",
        "    tcp_nodelay on;",
        "    keepalive_requests 100000;",
        "    keepalive_timeout 60s;",
        "    etag off;",
        "    types {}",
        "    default_type application/octet-stream;",
        *(f"    {name}_temp_path {_path(prefix / name)};" for name in _TEMP_PATHS),
        f"    map_hash_max_size {_hash_size(len(routes.route))};",
        f"    map_hash_bucket_size {_bucket_size(keys)};",
        '    geo $gw_dollar { default "$"; }',
        '    map $request_uri $gw_raw_path { "~^(?<gw_path>[^?]*)" $gw_path; }',
        f"    map $gw_raw_path $gw_path_route {{ default {fallback_uri};",
        *(f"        {quote_key(k)} {v};" for k, v in by_path.items()),
        "    }",
        "    map $request_uri $gw_route { default $gw_path_route;",
        *(f"        {quote_key(k)} {v};" for k, v in routes.route.items()),
        "    }",
        '    map $uri $gw_location { default "";',
        *(f"        {quote_key(k)} {quote(v)};" for k, v in routes.location.items()),
        "    }",
        "    server {",
        f"        listen 127.0.0.1:{port};",
        "        absolute_redirect off;",
        "        location / {",
        "            if ($request_method !~ ^(?:GET|HEAD)$) {",
        f"                rewrite ^ /{ROUTES}/refused last;",
        "            }",
        "            rewrite ^ $gw_route last;",
        "        }",
        f"        location = /{ROUTES}/refused {{",
        "            internal;",
        '            add_header Allow "GET, HEAD" always;',
        "            return 405;",
        "        }",
    ]
    for (content_type, headers), index in routes.files.items():
        lines += [
            f"        location ^~ /{ROUTES}/f{index}/ {{",
            "            internal;",
            f"            root {_path(body_root)};",
            f"            default_type {quote(content_type or 'application/octet-stream')};",
            *_header_lines(headers, "            "),
            "        }",
        ]
    for (status, headers), index in routes.redirects.items():
        lines += [
            f"        location ^~ /{ROUTES}/r{index}/ {{",
            "            internal;",
            *_header_lines(headers, "            "),
            f"            return {status} $gw_location;",
            "        }",
        ]
    for (status, headers, text), index in routes.fixed.items():
        content_type = next((v for k, v in headers if k.lower() == "content-type"), None)
        others = tuple((k, v) for k, v in headers if k.lower() != "content-type")
        lines += [
            f"        location = /{ROUTES}/e{index} {{",
            "            internal;",
            f"            default_type {quote(content_type or 'text/html')};",
            *_header_lines(others, "            "),
            f"            return {status} {quote(text)};",
            "        }",
        ]
    lines += ["    }", "}", ""]
    return "\n".join(lines)


_TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def write_site(site: Site, folder: Path, port: int, workers: int = 1) -> Path:
    """Render ``site`` for ``http://127.0.0.1:PORT`` into ``folder``; returns the config file."""
    base_url = f"http://127.0.0.1:{port}"
    routes = _Routes(body_folder=folder / "bodies")
    routes.body_folder.mkdir(parents=True, exist_ok=True)
    for number, (target, page) in enumerate(site.pages.items()):
        if target.split("?", 1)[0].startswith(f"/{ROUTES}/") or target == f"/{ROUTES}":
            raise NginxSiteError(f"{target}: /{ROUTES}/ is reserved for the nginx routes")
        routes.add(number, target, page, base_url)
    fallback = site.fallback(_NOT_FOUND_PROBE)
    fallback_uri = routes.internal_uri(len(site.pages), fallback, base_url)
    config = render_config(routes, fallback_uri, folder, port, workers)
    path = folder / "nginx.conf"
    path.write_text(config, encoding="utf-8")
    return path


class NginxSite:
    """A running nginx serving a rendered site; stop it with :meth:`stop` or ``with``."""

    def __init__(self, process: subprocess.Popen, folder: Path, port: int, cleanup: bool):
        self.process = process
        self.folder = folder
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}"
        self._cleanup = cleanup

    @classmethod
    def start(
        cls,
        site: Site,
        folder: Path | None = None,
        workers: int = 1,
        binary: str = NGINX,
        timeout: float = 60.0,
    ) -> NginxSite:
        """Render ``site`` into ``folder`` (a new temporary folder if None) and start nginx."""
        if not nginx_available(binary):
            raise NginxSiteError(f"{binary} not found: apt-get install nginx-light (or nginx)")
        cleanup = folder is None
        folder = Path(tempfile.mkdtemp(prefix="gatewatch-nginx-")) if folder is None else folder
        port = free_port()
        try:
            config = write_site(site, folder, port, workers)
        except BaseException:
            if cleanup:
                shutil.rmtree(folder, ignore_errors=True)
            raise
        process = subprocess.Popen(
            [binary, "-c", str(config), "-p", str(folder), "-e", str(folder / "error.log")],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,  # Ctrl-C in a terminal stops the benchmark, not nginx first
        )
        server = cls(process, folder, port, cleanup)
        server._wait_until_listening(timeout)
        return server

    def _wait_until_listening(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                error = (
                    self.process.stderr.read().decode(errors="replace")
                    if self.process.stderr
                    else ""
                )
                log = self.folder / "error.log"
                if log.exists():
                    error += log.read_text(errors="replace")[-2000:]
                self.stop()
                raise NginxSiteError(f"nginx exited with {self.process.returncode}: {error}")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=1),
            ):
                return
            time.sleep(0.05)
        self.stop()
        raise NginxSiteError(f"nginx did not listen on port {self.port} within {timeout:.0f} s")

    def stop(self) -> None:
        """Stop nginx (graceful QUIT, then KILL) and remove the rendered files. Idempotent."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.process.stderr:
            self.process.stderr.close()
        if self._cleanup:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> NginxSite:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
