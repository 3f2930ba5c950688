"""Debian shellinabox (Shell In A Box 2.20, package 2.21): shellinaboxd's own web server on
127.0.0.1 (`-t`, no TLS; `--localhost-only`), publishing a terminal service at / and one at /top
(a command of ours, run as nobody: no session is opened, the pages are what a visitor meets
before typing), with its own options: its user style sheets (`--user-css`, Debian's
/etc/shellinabox/options-available) and a static page of ours (`--static-file`), then again with
only the /top service (nothing at /).

Pages: the terminal's page (the same page with or without the style sheet options: they
change only its script), its on-screen keyboard (keyboard.html) and the static page of ours
(ok, 200); "404 File not found ... File not found" for an unknown page, a path under a
service, the start page where no service is published, and a static file whose file is
missing (soft_404). Its pages are not translated: English only.

Left out: "400 Bad Request" (a POST for a session that does not exist) and "405 Method Not
Allowed" (PUT, DELETE): answers to requests a browser following links never makes, and
neither a not-found, a sign-in nor a refusal; the terminal's JSON answers and its scripts,
style sheets, sounds and images."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, range_port, running
from bench.harvest.kept_pages import Kept

GROUP = "shellinabox"
PORTS = range(18760, 18770)  # this harvest's share of the machine's ports
OPTIONS = "/etc/shellinabox/options-available"
WELCOME = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Build machine</title>"
    "</head><body><h1>Build machine</h1><p>Open the <a href='/'>terminal</a> to reach the"
    " build machine, or <a href='/top'>watch its processes</a>.</p></body></html>"
)
# with the services at / and /top: (path, label, name, note)
BOTH = (
    ("/", "ok", "terminal", "the terminal's page (service /)"),
    ("/top", "ok", "terminal-top", "the terminal's page of the service /top"),
    ("/keyboard.html", "ok", "keyboard", "its on-screen keyboard"),
    ("/welcome.html", "ok", "static-page", "a static page of ours (--static-file)"),
    ("/nosuch.html", "soft_404", "unknown-page", "an unknown page: '404 File not found'"),
    ("/top/nosuch", "soft_404", "unknown-under-service", "a path under a service: 404"),
    ("/gone.html", "soft_404", "missing-static-file",
     "a static file whose file is missing: 404"),
)  # fmt: skip
ONLY_TOP = (
    ("/", "soft_404", "no-service-start", "the start page, no service at /: 404"),
    ("/top", "ok", "only-top", "the service /top alone"),
)


def harvest(work: Path) -> list[Page]:
    apt_install("shellinabox")
    source = deb_version("shellinabox")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work / "welcome.html").write_text(WELCOME)
    for folder in (work, *work.parents):
        if str(folder) in ("/", "/tmp"):
            break
        folder.chmod(folder.stat().st_mode | 0o055)  # shellinaboxd reads as nobody
    (work / "welcome.html").chmod(0o644)
    port = range_port(PORTS, 0)
    command = ["shellinaboxd", "-t", "--localhost-only", "-p", str(port), "--no-beep"]
    top = "/top:nobody:nogroup:/:/usr/bin/top -b -n 1"
    styles = (
        f"Black on white:+{OPTIONS}/00+Black on White.css,"
        f"White on black:-{OPTIONS}/00_White On Black.css;"
        f"Color terminal:+{OPTIONS}/01+Color Terminal.css,"
        f"Monochrome:-{OPTIONS}/01_Monochrome.css"
    )
    runs = (
        ("services / and /top, --user-css, --static-file", [
            "-s", "/:nobody:nogroup:/:/bin/bash --norc", "-s", top, "--user-css", styles,
            "-f", f"welcome.html:{work / 'welcome.html'}",
            "-f", f"gone.html:{work / 'no-such-file.html'}",
        ], BOTH),
        ("the service /top alone", ["-s", top], ONLY_TOP),
    )  # fmt: skip
    found = Kept(GROUP, source)
    for number, (run, options, requests) in enumerate(runs):
        with running([*command, *options], port, work / f"shellinabox-{number}.log", cwd=work):
            for path, label, name, note in requests:
                status, answer, body = fetch(f"http://127.0.0.1:{port}{path}")
                if status != (200 if label == "ok" else 404):
                    raise RuntimeError(f"{run}: {path} answered {status} (a {label} page)")
                how = f"GET {path} (shellinaboxd -t, {run})"
                found.keep(name, "en", body, status, answer.get("content-type", ""), label,
                           how, note)  # fmt: skip
    return found.pages
