"""The application express-generator (npm) makes, `express --view=ENGINE`, for three of its
view engines (pug, ejs, hbs: each has its own error template), its dependencies as the
generator pins them (`npm install` in the app), run by its own bin/www (the one change:
it listens on 127.0.0.1 only), with NODE_ENV development and production (the error page
shows the error's stack in development only).

Pages: the generator's error page ("Not Found" / 404, from its catch-all handler) for an
unknown URL (soft_404); the same error template for three routes added by the harvest to the
generator's routes/index.js, each one line calling next(createError(STATUS)): 401
("Unauthorized": soft_401), 403 ("Forbidden": soft_403), 410 ("Gone": soft_404); the index
page ("Welcome to Express") and the users page ("respond with a resource", sent as
text/html) (healthy; the same in both modes, kept once). The app is English only."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from bench.harvest.core import Page, fetch, free_port, running
from bench.harvest.npm_common import install, version

GROUP = "express-generator"
ENGINES = ("pug", "ejs", "hbs")
MODES = ("development", "production")
# the harvest's routes, appended to the generator's routes/index.js
ROUTES = """
var createError = require('http-errors');
router.get('/members', function(req, res, next) { next(createError(401)); });
router.get('/admin', function(req, res, next) { next(createError(403)); });
router.get('/old-page', function(req, res, next) { next(createError(410)); });
"""
# path -> (label, name, note)
ERRORS = {
    "/no-such-page": ("soft_404", "not-found", "an unknown URL: the catch-all 404"),
    "/members": ("soft_401", "unauthorized", "next(createError(401)) (a route of the harvest)"),
    "/admin": ("soft_403", "forbidden", "next(createError(403)) (a route of the harvest)"),
    "/old-page": ("soft_404", "gone", "next(createError(410)) (a route of the harvest)"),
}
HEALTHY = {
    "/": ("ok", "index", "the index page"),
    "/users": ("ok", "users", "the users page"),
}


def harvest(work: Path) -> list[Page]:
    install(work, ("express-generator@^4",))
    generator = version(work, "express-generator")
    pages: list[Page] = []
    for engine in ENGINES:
        app = _generate(work, engine)
        source = f"express-generator {generator} (npm), express {version(app, 'express')}"
        for mode in MODES:
            wanted = dict(ERRORS, **(HEALTHY if mode == "production" else {}))
            pages += _answers(app, engine, mode, wanted, source, work / f"{engine}.log")
    return pages


def _generate(work: Path, engine: str) -> Path:
    app = work / f"app-{engine}"
    if not (app / "node_modules").exists():
        shutil.rmtree(app, ignore_errors=True)
        cli = work / "node_modules/express-generator/bin/express-cli.js"
        subprocess.run(
            ["node", str(cli), f"--view={engine}", app.name],
            cwd=work,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        routes = app / "routes/index.js"
        text = routes.read_text()
        routes.write_text(
            text.replace("module.exports = router;", ROUTES + "\nmodule.exports = router;")
        )
        www = app / "bin/www"
        www.write_text(
            re.sub(r"server\.listen\(port\);", "server.listen(port, '127.0.0.1');", www.read_text())
        )
        subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund"], cwd=app, check=True
        )
    return app


def _answers(app: Path, engine: str, mode: str, wanted: dict, source: str, log: Path) -> list[Page]:
    port = free_port()
    environment = {"PATH": "/usr/bin:/bin", "PORT": str(port), "NODE_ENV": mode}
    pages = []
    with running(["node", "bin/www"], port, log, cwd=app, env=environment):
        for path, (label, name, note) in wanted.items():
            status, headers, body = fetch(f"http://127.0.0.1:{port}{path}")
            if "html" not in headers.get("content-type", ""):
                continue
            suffix = "" if label == "ok" else f".{mode}"
            pages.append(
                Page(
                    f"{engine}.{name}{suffix}.html",
                    body,
                    source,
                    GROUP,
                    f"GET {path} (express --view={engine}, NODE_ENV={mode})",
                    "en",
                    label,
                    status,
                    f"{note}; the {engine} views",
                )
            )
    return pages
