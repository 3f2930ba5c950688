"""Reverse proxies and caches from Debian, each run on 127.0.0.1 with a configuration that
answers with its own built-in pages (no backend is ever reached).

haproxy: `http-request deny` (403), `http-request auth` with a userlist (401), `deny_status`
410 and 404 (the usual way a haproxy frontend refuses a path it does not route).

varnish: a VCL whose vcl_recv answers `synth(403)`, `synth(401)`, `synth(410)` and
`synth(404)`: the built-in vcl_synth page ("Guru Meditation").

tinyproxy (a forward proxy): its 407 page (BasicAuth, no credentials), its 403 pages (a URL
filter: "Filtered"; an Allow rule the client does not match: "Access denied"), its stats
page (healthy). It has no not-found page of its own.

privoxy (a filtering proxy, Debian's templates): its "Request blocked" page (403, a +block
action), its configuration pages at config.privoxy.org (healthy: the menu, status, URL info,
client tags, request headers), their "page not found" (404) and "access denied" (403, a
page of a feature disabled in the configuration). Nothing is fetched from the network: each
answer is privoxy's or tinyproxy's own."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running
from bench.harvest.squid import through_proxy

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


TINYPROXY = """User nobody
Group nogroup
Port {port}
Listen 127.0.0.1
Timeout 10
MaxClients 10
DefaultErrorFile "/usr/share/tinyproxy/default.html"
StatFile "/usr/share/tinyproxy/stats.html"
StatHost "tinyproxy.stats"
"""
# configuration line -> {absolute URL: (label, name, note)}
TINYPROXY_CASES = {
    "BasicAuth someone invalid": {
        "http://www.example.org/members/": (
            "soft_401",
            "proxy-authentication-required",
            "407 Proxy Authentication Required (BasicAuth, no credentials)",
        ),
    },
    'Filter "{work}/filter"\nFilterURLs On': {
        "http://www.example.org/blocked/": ("soft_403", "filtered", "403 Filtered (a URL filter)"),
        "http://tinyproxy.stats/": ("ok", "stats", "the stats page (StatHost)"),
    },
    "Allow 192.0.2.1": {
        "http://www.example.org/": (
            "soft_403",
            "access-denied",
            "403 Access denied (an Allow rule the client does not match)",
        ),
    },
}


def tinyproxy(work: Path) -> list[Page]:
    apt_install("tinyproxy")
    source = deb_version("tinyproxy")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work / "filter").write_text("blocked\n")
    pages = []
    for number, (line, requests) in enumerate(TINYPROXY_CASES.items()):
        port = free_port()
        configuration = work / f"tinyproxy-{number}.conf"
        configuration.write_text(TINYPROXY.format(port=port) + line.format(work=work) + "\n")
        command = ["tinyproxy", "-d", "-c", str(configuration)]
        with running(command, port, work / "server.log"):
            for url, (label, name, note) in requests.items():
                status, content_type, body = through_proxy(port, url)
                if "html" not in content_type:
                    continue
                how = f"GET {url} through tinyproxy ({line.splitlines()[0]})"
                pages.append(
                    Page(f"{name}.html", body, source, "tinyproxy", how, "en", label, status, note)
                )
    return pages


PRIVOXY = """confdir /etc/privoxy
templdir /etc/privoxy/templates
actionsfile match-all.action
actionsfile default.action
actionsfile {work}/user.action
filterfile default.filter
listen-address 127.0.0.1:{port}
toggle 1
enable-remote-toggle 0
enable-edit-actions 0
"""
PRIVOXY_ACTIONS = "{+block{Blocked by the harvest's rule.}}\n.example.org/blocked/\n"
CONFIG_PAGES = "http://config.privoxy.org"
# absolute URL -> (label, name, note)
PRIVOXY_REQUESTS = {
    "http://www.example.org/blocked/page.html": (
        "soft_403",
        "request-blocked",
        "Request blocked by Privoxy (a +block action)",
    ),
    f"{CONFIG_PAGES}/": ("ok", "menu", "the configuration menu"),
    f"{CONFIG_PAGES}/show-status": ("ok", "show-status", "the status page"),
    f"{CONFIG_PAGES}/show-url-info?url=www.example.org%2Fblocked%2F": (
        "ok",
        "show-url-info",
        "which actions apply to a URL",
    ),
    f"{CONFIG_PAGES}/client-tags": ("ok", "client-tags", "the client tags"),
    f"{CONFIG_PAGES}/show-request": ("ok", "show-request", "the request headers"),
    f"{CONFIG_PAGES}/no-such-page": (
        "soft_404",
        "not-found",
        "Privoxy Configuration page not found",
    ),
    f"{CONFIG_PAGES}/edit-actions-list": (
        "soft_403",
        "access-denied",
        "Privoxy Configuration access denied (enable-edit-actions 0)",
    ),
}


def privoxy(work: Path) -> list[Page]:
    apt_install("privoxy")
    source = deb_version("privoxy")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work / "user.action").write_text(PRIVOXY_ACTIONS)
    port = free_port()
    (work / "config").write_text(PRIVOXY.format(work=work, port=port))
    pages = []
    with running(["privoxy", "--no-daemon", str(work / "config")], port, work / "server.log"):
        for url, (label, name, note) in PRIVOXY_REQUESTS.items():
            status, content_type, body = through_proxy(port, url)
            if "html" not in content_type:
                continue
            how = f"GET {url} through privoxy"
            pages.append(
                Page(f"{name}.html", body, source, "privoxy", how, "en", label, status, note)
            )
    return pages
