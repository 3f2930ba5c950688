"""Catalyst (Debian libcatalyst-perl, with the plugins a new application loads): a new
application made by `catalyst.pl Harvest` (libcatalyst-devel-perl), run by its own server
(`script/harvest_server.pl`) on 127.0.0.1, with debug mode on (as made: -Debug) and off
(HARVEST_DEBUG=0), English only (Catalyst's pages are not translated).

Pages: the welcome page (ok), the new application's default action for an unknown URL ("Page
not found", 404; the same in both modes: kept once); and, in an application without that
default action (the generated Root controller's `default` removed), Catalyst's debug error
page for an unknown URL: 'Unknown resource "no-such-page"' with the request dumped, answered
with 500 (soft_404: the dispatcher found nothing at that path).
Left out: Catalyst's production error page for the same request ("(en) Please come back
later", "(fr) SVP veuillez revenir plus tard", ... in eleven languages, 500): it does not say
what went wrong. Catalyst has no page of its own for 401 or 403."""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "catalyst"
PACKAGES = (
    "libcatalyst-perl",
    "libcatalyst-devel-perl",
    "libcatalyst-plugin-static-simple-perl",
    "libcatalyst-plugin-configloader-perl",
    "libcatalyst-action-renderview-perl",
    "libconfig-general-perl",
)
DEFAULT_ACTION = re.compile(r"sub default :Path \{.*?\n\}\n", re.S)


def harvest(work: Path) -> list[Page]:
    apt_install(*PACKAGES)
    source = f"{deb_version('libcatalyst-perl')}, {deb_version('libcatalyst-devel-perl')}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    subprocess.run(["catalyst.pl", "Harvest"], cwd=work, check=True, capture_output=True)
    application = work / "Harvest"
    pages = []
    with _server(application, debug=False) as base:
        for path, label, name, note in (
            ("/", "ok", "welcome", "the new application's welcome page"),
            (
                "/no-such-page",
                "soft_404",
                "not-found",
                "the new application's default action: 'Page not found' (404)",
            ),
        ):
            status, headers, body = fetch(base + path)
            if "html" not in headers.get("content-type", ""):
                raise RuntimeError(f"{path} answered {status} {headers}")
            pages.append(Page(f"{name}.en.html", body, source, GROUP, f"GET {path}", "en",
                              label, status, note))  # fmt: skip
    root = application / "lib/Harvest/Controller/Root.pm"
    code, removed = DEFAULT_ACTION.subn("", root.read_text())
    if removed != 1:
        raise RuntimeError("no default action in the generated Root controller")
    root.write_text(code)
    with _server(application, debug=True) as base:
        status, headers, body = fetch(base + "/no-such-page")
    if b"Unknown resource" not in body:
        raise RuntimeError(f"/no-such-page without a default action answered {status}")
    pages.append(
        Page("unknown-resource-debug.en.html", body, source, GROUP,
             "GET /no-such-page (no default action, debug mode)", "en", "soft_404", status,
             "Catalyst's debug error page: Unknown resource (answered with 500)")
    )  # fmt: skip
    return pages


@contextlib.contextmanager
def _server(application: Path, debug: bool) -> Iterator[str]:
    """The application's own server on a free port, debug mode on or off: its base URL."""
    port = free_port()
    command = ["perl", "-Ilib", "script/harvest_server.pl", "-p", str(port)]
    command += ["--host", "127.0.0.1"]
    environment = {"PATH": "/usr/bin:/bin", "HARVEST_DEBUG": "1" if debug else "0"}
    log = application.parent / "server.log"
    with running(command, port, log, cwd=application, env=environment):
        yield f"http://127.0.0.1:{port}"
