"""Node.js servers from npm, run on 127.0.0.1: Express (finalhandler's "Cannot GET" page and
its error pages, with and without NODE_ENV=production), serve-handler (the `serve` package's
404 page and directory listing) and http-server (its 404 page and directory listing)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from bench.harvest.core import Page, fetch, free_port, running

PACKAGES = ("express", "http-errors", "http-server", "serve-handler")
TRIGGERS = {
    "/no-such-page": "soft_404",
    "/gone-page": "soft_404",
    "/members/": "soft_401",
    "/private/": "soft_403",
}

EXPRESS = """
const express = require("express"), createError = require("http-errors");
const app = express();
app.get("/gone-page", (req, res, next) => next(createError(410)));
app.get("/members/", (req, res, next) => next(createError(401)));
app.get("/private/", (req, res, next) => next(createError(403)));
app.listen(Number(process.argv[2]), "127.0.0.1");
"""
SERVE_HANDLER = """
const handler = require("serve-handler"), http = require("http");
http.createServer((req, res) => handler(req, res, {public: process.argv[3]}))
    .listen(Number(process.argv[2]), "127.0.0.1");
"""


def _install(work: Path) -> dict[str, str]:
    work.mkdir(parents=True, exist_ok=True)
    if not all((work / "node_modules" / name).exists() for name in PACKAGES):
        subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund", *PACKAGES],
            cwd=work,
            check=True,
        )
    return {
        name: json.loads((work / "node_modules" / name / "package.json").read_text())["version"]
        for name in (*PACKAGES, "finalhandler")
    }


def _files(work: Path) -> Path:
    public = work / "public"
    (public / "downloads").mkdir(parents=True, exist_ok=True)
    for name in ("CHANGELOG.md", "LICENSE.txt", "release-1.4.2.tar.gz", "release-1.5.0.tar.gz"):
        (public / "downloads" / name).write_text("placeholder\n")
    return public


def express(work: Path) -> list[Page]:
    versions = _install(work)
    source = f"express {versions['express']} + finalhandler {versions['finalhandler']} (npm)"
    (work / "express-app.js").write_text(EXPRESS)
    pages = []
    for mode in ("development", "production"):
        port = free_port()
        environment = {"PATH": "/usr/bin:/bin", "NODE_ENV": mode}
        command = ["node", str(work / "express-app.js"), str(port)]
        with running(command, port, work / f"express-{mode}.log", env=environment, cwd=work):
            for path, label in TRIGGERS.items():
                status, _, body = fetch(f"http://127.0.0.1:{port}{path}")
                name = path.strip("/").replace("/", "-")
                pages.append(
                    Page(
                        f"{name}.{mode}.html",
                        body,
                        source,
                        "express",
                        f"GET {path} (NODE_ENV={mode})",
                        "en",
                        label,
                        status,
                        f"finalhandler's {status} page",
                    )
                )
    return pages


def file_servers(work: Path) -> list[Page]:
    """http-server and serve-handler (one group, held out): their 404 pages and directory
    listings."""
    versions = _install(work)
    public = _files(work)
    (work / "serve-app.js").write_text(SERVE_HANDLER)
    pages = []
    servers = {
        "http-server": (
            [
                "node",
                str(work / "node_modules/http-server/bin/http-server"),
                str(public),
                "-a",
                "127.0.0.1",
                "-s",
                "-p",
            ],
            "http-server",
        ),
        "serve-handler": (["node", str(work / "serve-app.js")], "serve-handler"),
    }
    for name, (command, package) in servers.items():
        port = free_port()
        arguments = [*command, str(port)] + ([str(public)] if name == "serve-handler" else [])
        source = f"{package} {versions[package]} (npm)"
        with running(arguments, port, work / f"{name}.log", cwd=work):
            for path, label, slug in (
                ("/no-such-page", "soft_404", "no-such-page"),
                ("/downloads/", "ok", "directory-listing"),
                ("/downloads/release-2.0.tar.gz", "soft_404", "missing-file"),
            ):
                status, headers, body = fetch(f"http://127.0.0.1:{port}{path}")
                if "html" not in headers.get("content-type", ""):
                    continue
                pages.append(
                    Page(
                        f"{name}-{slug}.html",
                        body,
                        source,
                        "http-server",
                        f"GET {path}",
                        "en",
                        label,
                        status,
                        f"{package}'s page",
                    )
                )
    return pages
