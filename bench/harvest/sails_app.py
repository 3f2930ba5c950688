"""Sails.js 1 (npm `sails`): the two apps `sails new --fast` offers, each with its
dependencies (`npm install --omit=dev`: no Grunt, so no frontend build), lifted in the
development environment (`node app.js`; production wants Redis for sessions and sockets) on
127.0.0.1 and a free port (`sails_explicitHost`, `sails_port`), datastore sails-disk.

The "Web App" template (auth, login and password recovery), its bootstrap's user
(admin@example.com), signed in through the app's own login action (PUT with its CSRF token):
its 404 view ("The page you seek doesn't exist.") for an unknown URL, a visitor's and the
signed-in user's (soft_404); its 498 view ("Sorry, that link is expired, or it has already
been used.") for an e-mail confirmation and a password reset link with an unknown token
(soft_404: a gone link); its sign-in page, asked for and where res.unauthorized() sends a
visitor (the account pages, the dashboard) (soft_401); the homepage, FAQ, terms, privacy,
contact, sign-up and forgot-password pages, and signed in the dashboard and account pages
(healthy). The "Empty" template: its 404 view and its homepage ("A brand new app.").

Sails' res.forbidden() (the Web App's is-super-admin policy) sends a text/plain "Forbidden":
no page. The views are English only (config/locales holds two sample strings no view
uses). Pages with the same bytes (but the session's CSRF token) are kept once (the note
names every request)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import urllib.request
from pathlib import Path

from bench.harvest.core import Page, fetch, free_port, running
from bench.harvest.npm_common import install, version

GROUP = "sails"
TEMPLATES = {"web-app": "1", "empty": "2"}  # sails new's prompt: its template's number
CSRF = re.compile(rb"(?<=_csrf: unescape\(')([^']+)(?='\))")
ADMIN = {"emailAddress": "admin@example.com", "password": "abc123"}  # the bootstrap's user
# template -> path -> (label, name, note, signed in)
REQUESTS = {
    "web-app": {
        "/no-such-page": ("soft_404", "not-found", "an unknown URL (a visitor)", False),
        "/email/confirm?token=no-such-token": (
            "soft_404",
            "expired-link",
            "an e-mail confirmation link with an unknown token (res.expired())",
            False,
        ),
        "/password/new?token=no-such-token": (
            "soft_404",
            "expired-link",
            "a password reset link with an unknown token (res.expired())",
            False,
        ),
        "/login": ("soft_401", "login", "the sign-in page, asked for", False),
        "/account": ("soft_401", "login", "where the account page sends a visitor", False),
        "/welcome": ("soft_401", "login", "where the dashboard sends a visitor", False),
        "/": ("ok", "homepage", "the homepage (a visitor)", False),
        "/faq": ("ok", "faq", "the FAQ", False),
        "/legal/terms": ("ok", "terms", "the terms of service", False),
        "/legal/privacy": ("ok", "privacy", "the privacy policy", False),
        "/contact": ("ok", "contact", "the contact form", False),
        "/signup": ("ok", "signup", "the sign-up form", False),
        "/password/forgot": ("ok", "forgot-password", "the forgot-password form", False),
        "/no-such-page#signed-in": (
            "soft_404",
            "not-found-signed-in",
            "an unknown URL, signed in",
            True,
        ),
        "/welcome#signed-in": ("ok", "welcome", "the dashboard, signed in", True),
        "/account#signed-in": ("ok", "account", "the account overview, signed in", True),
        "/account/profile#signed-in": ("ok", "profile", "the profile form, signed in", True),
        "/account/password#signed-in": ("ok", "password", "the password form, signed in", True),
    },
    "empty": {
        "/no-such-page": ("soft_404", "not-found", "an unknown URL", False),
        "/": ("ok", "homepage", "the homepage", False),
    },
}


def harvest(work: Path) -> list[Page]:
    install(work, ("sails@^1",))
    pages: list[Page] = []
    for template, choice in TEMPLATES.items():
        app = _generate(work, template, choice)
        source = f"sails {version(app, 'sails')} (npm), sails new: the {template} template"
        port = free_port()
        environment = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(app),
            "sails_port": str(port),
            "sails_explicitHost": "127.0.0.1",
        }
        command = ["node", "app.js"]
        with running(command, port, work / f"{template}.log", cwd=app, env=environment):
            pages += _pages(port, template, source)
    return pages


def _generate(work: Path, template: str, choice: str) -> Path:
    app = work / template
    if not (app / "node_modules").exists():
        shutil.rmtree(app, ignore_errors=True)
        subprocess.run(
            ["node", str(work / "node_modules/sails/bin/sails.js"), "new", template, "--fast"],
            cwd=work,
            input=f"{choice}\n",
            text=True,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund", "--omit=dev"],
            cwd=app,
            check=True,
        )
    shutil.rmtree(app / ".tmp", ignore_errors=True)  # sails-disk's data: the bootstrap runs anew
    return app


def _pages(port: int, template: str, source: str) -> list[Page]:
    base = f"http://127.0.0.1:{port}"
    cookie = ""
    kept: dict[bytes, Page] = {}  # by the page's bytes but its session's CSRF token
    for request, (label, name, note, signed_in) in REQUESTS[template].items():
        if signed_in and not cookie:
            cookie = _sign_in(base)
        path = request.split("#")[0]
        headers = {"Cookie": cookie} if signed_in else {}
        status, answer, body = fetch(base + path, headers=headers)
        obtained = f"GET {path}" + (" (signed in)" if signed_in else "")
        if status == 302 and not signed_in:  # res.unauthorized(): on to the sign-in page
            location = answer["location"].removeprefix(base)
            status, answer, body = fetch(base + location)
            obtained += f", redirected to GET {location}"
        if "html" not in answer.get("content-type", ""):
            continue
        key = CSRF.sub(b"", body)
        if key in kept:
            kept[key].obtained += f"; {obtained}"
            kept[key].note += f"; {note}"
            continue
        kept[key] = Page(
            f"{template}.{name}.html", body, source, GROUP, obtained, "en", label, status, note
        )
    return list(kept.values())


def _sign_in(base: str) -> str:
    """The session cookie of the bootstrap's user, signed in as the login page's script does."""
    _, headers, body = fetch(f"{base}/login")
    cookie = headers["set-cookie"].split(";")[0]
    token = CSRF.search(body).group(1).decode()
    request = urllib.request.Request(
        f"{base}/api/v1/entrance/login",
        data=json.dumps(ADMIN).encode(),
        method="PUT",
        headers={"Content-Type": "application/json", "X-CSRF-Token": token, "Cookie": cookie},
    )
    with urllib.request.urlopen(request, timeout=20) as response:
        renewed = response.headers.get("set-cookie")
    return renewed.split(";")[0] if renewed else cookie
