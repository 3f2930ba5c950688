"""Django (PyPI), run with its own development server on 127.0.0.1: the default 404 and 403
pages (DEBUG off), the CSRF failure page, the admin's login page and shipped 404 template,
the password-reset and logged-out pages, and with DEBUG on the technical 404 page and the
"install worked" page, in many languages through LocaleMiddleware (Accept-Language)."""

from __future__ import annotations

import shutil
import urllib.request
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, fetch, free_port, running

LANGUAGES = (
    "en",
    "ar",
    "bg",
    "ca",
    "cs",
    "da",
    "de",
    "el",
    "es",
    "et",
    "fa",
    "fi",
    "fr",
    "he",
    "hi",
    "hu",
    "id",
    "it",
    "ja",
    "ko",
    "lt",
    "nb",
    "nl",
    "pl",
    "pt-br",
    "ro",
    "ru",
    "sk",
    "sl",
    "sr",
    "sv",
    "th",
    "tr",
    "uk",
    "vi",
    "zh-hans",
)

# path -> (label, note); asked in every language, kept once per distinct page
OFF = {
    "/admin/login/?next=/admin/": ("soft_401", "admin login page"),
    "/shipped-404/": ("soft_404", "the admin's shipped 404 template (admin/404.html)"),
    "/no-such-page/": ("soft_404", "default 404 page, DEBUG=False"),
    "/forbidden/": ("soft_403", "default 403 page (PermissionDenied), DEBUG=False"),
    "/password-reset/": ("ok", "password reset form (asks for an e-mail address)"),
    "/logged-out/": ("ok", "logged-out page ('Log in again' link)"),
}
ON = {
    "/": ("ok", "the 'install worked' page, DEBUG=True"),
    "/no-such-page/": ("soft_404", "technical 404 page, DEBUG=True"),
}
CSRF = ("/admin/login/", "soft_403", "CSRF verification failed page (POST without a token)")


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("django")
    source = f"Django {pyenv.versions(python, 'django')['django']} (PyPI)"
    work.mkdir(parents=True, exist_ok=True)
    app = work / "django_app.py"
    shutil.copy(Path(__file__).with_name("django_app.py"), app)
    pages: list[Page] = []
    for debug, paths in (("0", OFF), ("1", ON)):
        port = free_port()
        command = [str(python), str(app), debug, str(port)]
        with running(command, port, work / f"server-{debug}.log", timeout=90):
            base = f"http://127.0.0.1:{port}"
            for path, (label, note) in paths.items():
                pages += _in_languages(base, path, label, note, source, debug)
            if debug == "0":
                pages += _csrf_pages(base, source)
    return pages


def _in_languages(base, path, label, note, source, debug) -> list[Page]:
    pages, seen = [], set()
    slug = path.split("?")[0].strip("/").replace("/", "-") or "home"
    for language in LANGUAGES:
        status, _, body = fetch(base + path, language)
        if body in seen:
            continue  # not translated: the same page as in a language already kept
        seen.add(body)
        pages.append(
            Page(
                f"{slug}{'-debug' if debug == '1' else ''}.{language}.html",
                body,
                source,
                "django",
                f"GET {path} Accept-Language: {language}{' (DEBUG=True)' if debug == '1' else ''}",
                language,
                label,
                status,
                note,
            )
        )
    return pages


def _csrf_pages(base: str, source: str) -> list[Page]:
    path, label, note = CSRF
    pages = []
    for language in LANGUAGES:
        request = urllib.request.Request(
            base + path, data=b"username=a&password=b", headers={"Accept-Language": language}
        )
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                status, body = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read()
        pages.append(
            Page(
                f"csrf-failure.{language}.html",
                body,
                source,
                "django",
                f"POST {path} without a CSRF token, Accept-Language: {language}",
                language,
                label,
                status,
                note,
            )
        )
    return pages
