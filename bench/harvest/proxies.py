"""Reverse proxies and caches from Debian, each run on 127.0.0.1 with a configuration that
answers with its own built-in pages (no backend is ever reached).

haproxy: `http-request deny` (403), `http-request auth` with a userlist (401), `deny_status`
410 and 404 (the usual way a haproxy frontend refuses a path it does not route).

varnish: a VCL whose vcl_recv answers `synth(403)`, `synth(401)`, `synth(410)` and
`synth(404)`: the built-in vcl_synth page ("Guru Meditation")."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

# path -> (label, name, note): the same paths for both
REQUESTS = {
    "/no-such-page": ("soft_404", "not-found", "404"),
    "/gone-page": ("soft_404", "gone", "410"),
    "/members/": ("soft_401", "unauthorized", "401"),
    "/private/": ("soft_403", "forbidden", "403"),
}
HAPROXY = """global
  log stdout format raw local0
defaults
  mode http
  timeout connect 5s
  timeout client 10s
  timeout server 10s
userlist members
  user someone insecure-password invalid
frontend web
  bind 127.0.0.1:{port}
  http-request deny if {{ path_beg /private/ }}
  http-request auth realm Members if {{ path_beg /members/ }} !{{ http_auth(members) }}
  http-request deny deny_status 410 if {{ path_beg /gone-page }}
  http-request deny deny_status 404
"""
HAPROXY_RULES = {
    "/no-such-page": "http-request deny deny_status 404",
    "/gone-page": "http-request deny deny_status 410",
    "/members/": "http-request auth (userlist, no credentials)",
    "/private/": "http-request deny",
}
VARNISH = """vcl 4.1;
backend default none;
sub vcl_recv {
    if (req.url ~ "^/private/") { return (synth(403)); }
    if (req.url ~ "^/members/") { return (synth(401)); }
    if (req.url ~ "^/gone-page") { return (synth(410)); }
    return (synth(404));
}
"""


def haproxy(work: Path) -> list[Page]:
    apt_install("haproxy")
    source = deb_version("haproxy")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    port = free_port()
    (work / "haproxy.cfg").write_text(HAPROXY.format(port=port))
    command = ["haproxy", "-db", "-f", str(work / "haproxy.cfg")]
    with running(command, port, work / "server.log"):
        return [
            Page(
                f"{name}.html",
                body,
                source,
                "haproxy",
                f"GET {path} (haproxy frontend: {HAPROXY_RULES[path]})",
                "en",
                label,
                status,
                f"haproxy's built-in {note} page",
            )
            for path, (label, name, note) in REQUESTS.items()
            for status, headers, body in [fetch(f"http://127.0.0.1:{port}{path}")]
            if "html" in headers.get("content-type", "")
        ]


def varnish(work: Path) -> list[Page]:
    apt_install("varnish")
    source = deb_version("varnish")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    port = free_port()
    (work / "default.vcl").write_text(VARNISH)
    command = [
        *("varnishd", "-F", "-j", "none", "-a", f"127.0.0.1:{port}"),
        *("-f", str(work / "default.vcl"), "-n", str(work / "state"), "-s", "malloc,16m"),
    ]
    with running(command, port, work / "server.log"):
        return [
            Page(
                f"{name}.html",
                body,
                source,
                "varnish",
                f"GET {path} (vcl_recv: return (synth({note})))",
                "en",
                label,
                status,
                f"varnish's built-in vcl_synth page for {note}",
            )
            for path, (label, name, note) in REQUESTS.items()
            for status, headers, body in [fetch(f"http://127.0.0.1:{port}{path}")]
            if "html" in headers.get("content-type", "")
        ]
