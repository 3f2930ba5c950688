"""Perl web frameworks from Debian, each a small application made by the framework's own
generator and run by its own server on 127.0.0.1.

Mojolicious (libmojolicious-perl): `mojo generate lite-app` and `mojo generate app`, in
production and development mode: the not-found page of each mode (404) and the welcome
pages. Mojolicious has no page of its own for 401 or 403 (an application renders its own);
its exception pages are not our kinds.

Dancer2 (libdancer2-perl): `dancer2 gen -a Hello` with two routes added that answer with
Dancer2's send_error and the status's standard phrase (401, 403), run by plackup in
development and production: the scaffold's public/404.html, Dancer2's built-in error page
for 401 and 403 (and for 404 in an application without a public/404.html), the scaffold's
welcome page."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from bench.harvest.core import (
    STABLE_PORT,
    Page,
    apt_install,
    deb_version,
    fetch,
    free_port,
    running,
)

MOJO_MODES = ("production", "development")
# (application, path) -> (label, name, note)
MOJO_REQUESTS = {
    ("lite", "/"): ("ok", "lite-welcome", "the lite-app's welcome page"),
    ("lite", "/no-such-page"): ("soft_404", "lite-not-found", "the not-found page"),
    ("full", "/"): ("ok", "app-welcome", "the full app's welcome page"),
    ("full", "/no-such-page"): ("soft_404", "app-not-found", "the not-found page"),
}


def mojolicious(work: Path) -> list[Page]:
    apt_install("libmojolicious-perl")
    source = deb_version("libmojolicious-perl")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    subprocess.run(
        ["mojo", "generate", "lite-app", "lite.pl"], cwd=work, check=True, capture_output=True
    )
    subprocess.run(["mojo", "generate", "app", "Full"], cwd=work, check=True, capture_output=True)
    scripts = {
        "lite": ["perl", str(work / "lite.pl")],
        "full": ["perl", str(work / "full/script/full")],
    }
    pages, seen = [], set()
    for mode in MOJO_MODES:
        for application, script in scripts.items():
            port = free_port()
            command = [*script, "daemon", "-m", mode, "-l", f"http://127.0.0.1:{port}"]
            with running(command, port, work / "server.log", cwd=work):
                for (asked, path), (label, name, note) in MOJO_REQUESTS.items():
                    if asked != application:
                        continue
                    status, headers, body = fetch(f"http://127.0.0.1:{port}{path}")
                    if "html" not in headers.get("content-type", "") or _again(body, seen):
                        continue
                    pages.append(
                        Page(
                            f"{name}.{mode}.html",
                            body,
                            source,
                            "mojolicious",
                            f"GET {path} ({' '.join(command[2:4])} -m {mode})",
                            "en",
                            label,
                            status,
                            f"{note}, {mode} mode",
                        )
                    )
    return pages


DANCER_ROUTES = """
get '/members' => sub { send_error("Unauthorized", 401) };
get '/private' => sub { send_error("Forbidden", 403) };
"""
DANCER_BARE = (
    """use Dancer2;
get '/' => sub { "home" };
"""
    + DANCER_ROUTES
    + """
__PACKAGE__->to_app;
"""
)
DANCER_ENVIRONMENTS = ("development", "production")
# (application, path) -> (label, name, note)
DANCER_REQUESTS = {
    ("scaffold", "/"): ("ok", "welcome", "the scaffold's welcome page"),
    ("scaffold", "/no-such-page"): ("soft_404", "not-found", "the scaffold's public/404.html"),
    ("scaffold", "/members"): ("soft_401", "unauthorized", "send_error('Unauthorized', 401)"),
    ("scaffold", "/private"): ("soft_403", "forbidden", "send_error('Forbidden', 403)"),
    ("bare", "/no-such-page"): ("soft_404", "bare-not-found", "Dancer2's built-in 404 page"),
}


def dancer2(work: Path) -> list[Page]:
    apt_install("libdancer2-perl")
    source = deb_version("libdancer2-perl")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    subprocess.run(["dancer2", "gen", "-a", "Hello"], cwd=work, check=True, capture_output=True)
    module = work / "Hello/lib/Hello.pm"
    module.write_text(module.read_text().replace("\ntrue;", DANCER_ROUTES + "\ntrue;"))
    (work / "bare").mkdir()
    (work / "bare/app.psgi").write_text(DANCER_BARE)
    applications = {
        "scaffold": (work / "Hello", "bin/app.psgi"),
        "bare": (work / "bare", "app.psgi"),
    }
    pages, seen = [], set()
    for environment in DANCER_ENVIRONMENTS:
        for application, (folder, psgi) in applications.items():
            port = free_port()
            command = ["plackup", "-E", environment, "--host", "127.0.0.1", "-p", str(port), psgi]
            with running(command, port, work / "server.log", cwd=folder):
                for (asked, path), (label, name, note) in DANCER_REQUESTS.items():
                    if asked != application:
                        continue
                    status, headers, body = fetch(f"http://127.0.0.1:{port}{path}")
                    if "html" not in headers.get("content-type", "") or _again(body, seen):
                        continue
                    pages.append(
                        Page(
                            f"{name}.{environment}.html",
                            body,
                            source,
                            "dancer2",
                            f"GET {path} (plackup -E {environment}, {application} app)",
                            "en",
                            label,
                            status,
                            f"{note}, {environment}",
                        )
                    )
    return pages


def _again(body: bytes, seen: set[bytes]) -> bool:
    """Whether the same page (but for the port) was kept already: in another mode, say."""
    key = STABLE_PORT.sub(b"", body)
    if key in seen:
        return True
    seen.add(key)
    return False
