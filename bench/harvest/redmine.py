"""Debian redmine (Rails, SQLite: the instance Debian's package sets up with dbconfig-common),
served by Rack's WEBrick on 127.0.0.1 and seen by an anonymous visitor, each language
Redmine ships asked by Accept-Language: the sign-in page (also where /admin sends the
visitor), a project and an issue that do not exist (404), the lost-password form; in a few
languages the project list, the issue list, the activity, a search, the registration form
(healthy, thin: the instance has no project); Rails' static 404 page (English).

Left out: Redmine's 403 page (an anonymous visitor is sent to the sign-in page instead: a
403 needs a signed-in user, and the instance has only its administrator)."""

from __future__ import annotations

import os
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "redmine"
ROOT = Path("/usr/share/redmine")
WEBRICK = "/usr/share/rubygems-integration/all/gems/webrick-1.8.1/lib"  # outside the Gemfile
# path -> (label, name, note): in every language
EVERY_LANGUAGE = {
    "/login": ("soft_401", "sign-in", "the sign-in page"),
    "/projects/no-such-project": ("soft_404", "missing-project", "a project that does not exist"),
    "/issues/999": ("soft_404", "missing-issue", "an issue that does not exist"),
    "/account/lost_password": ("ok", "lost-password", "the lost-password form"),
}
# in a few languages
SOME_LANGUAGES = ("en", "de", "fr", "ja", "ru")
HEALTHY = {
    "/login?back_url=%2Fadmin": (
        "soft_401",
        "sign-in-for-admin",
        "the sign-in page /admin sends an anonymous visitor to",
    ),
    "/projects": ("ok", "projects", "the project list (empty)"),
    "/issues": ("ok", "issues", "the issue list (empty)"),
    "/activity": ("ok", "activity", "the activity page"),
    "/search?q=admin": ("ok", "search", "a search (no result)"),
    "/account/register": ("ok", "register", "the registration form"),
}


def harvest(work: Path) -> list[Page]:
    apt_install("redmine", "redmine-sqlite")
    source = deb_version("redmine")
    port = free_port()
    command = [
        *("ruby", f"-I{WEBRICK}", "/usr/bin/rackup", "-s", "webrick"),
        *("-o", "127.0.0.1", "-p", str(port), "config.ru"),
    ]
    environment = dict(os.environ, RAILS_ENV="production")
    asked = [(EVERY_LANGUAGE, language) for language in languages()]
    asked += [(HEALTHY, language) for language in SOME_LANGUAGES]
    pages, english = [], {}
    with running(command, port, work / "server.log", timeout=180, cwd=ROOT, env=environment):
        status, headers, body = fetch(f"http://127.0.0.1:{port}/no-such-page", "en")
        note = "Rails' static public/404.html"
        pages.append(
            _page(
                "rails-not-found.html",
                body,
                source,
                "/no-such-page",
                "en",
                "soft_404",
                status,
                note,
            )
        )
        for requests, language in asked:
            for path, (label, name, note) in requests.items():
                status, headers, body = fetch(f"http://127.0.0.1:{port}{path}", language)
                if "html" not in headers.get("content-type", ""):
                    continue
                if language == "en":
                    english[path] = body
                elif body == english.get(path):
                    continue  # not translated: the English page again
                name = f"{name}.{language.lower()}.html"
                pages.append(_page(name, body, source, path, language, label, status, note))
    return pages


def languages() -> list[str]:
    """Redmine's locales, English first (pt-BR, zh-TW as Accept-Language writes them)."""
    found = sorted(path.stem for path in (ROOT / "config/locales").glob("*.yml"))
    return ["en", *(language for language in found if language != "en")]


def _page(
    name: str,
    body: bytes,
    source: str,
    path: str,
    language: str,
    label: str,
    status: int,
    note: str,
) -> Page:
    how = f"GET {path} Accept-Language: {language} (anonymous)"
    return Page(name, body, source, GROUP, how, language.lower(), label, status, note)
