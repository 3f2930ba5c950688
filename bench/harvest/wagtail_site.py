"""Wagtail (PyPI): a new site made by `wagtail start`, run with Django's server on 127.0.0.1
(DEBUG off, LocaleMiddleware added): its welcome page and search results (healthy), its 404
page, and the Wagtail admin's sign-in page in many languages (Accept-Language)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, fetch, free_port, running

LANGUAGES = (
    "en",
    "ar",
    "ca",
    "cs",
    "de",
    "el",
    "es",
    "et",
    "fa",
    "fi",
    "fr",
    "gl",
    "he",
    "hu",
    "id",
    "is",
    "it",
    "ja",
    "ko",
    "lt",
    "lv",
    "nb",
    "nl",
    "pl",
    "pt-br",
    "pt",
    "ro",
    "ru",
    "sk",
    "sl",
    "sv",
    "th",
    "tr",
    "uk",
    "vi",
    "zh-hans",
    "zh-hant",
)
SETTINGS = """
from .dev import *  # noqa

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
MIDDLEWARE.insert(2, "django.middleware.locale.LocaleMiddleware")
"""
# path -> (label, name, note, in every language?)
REQUESTS = {
    "/": ("ok", "welcome", "the new site's welcome page", True),
    "/search/?query=home": ("ok", "search", "a search with results", False),
    "/no-such-page/": ("soft_404", "no-such-page", "the project template's 404 page", False),
    "/admin/login/?next=/admin/": ("soft_401", "admin-login", "the admin sign-in page", True),
    "/admin/password_reset/": ("ok", "password-reset", "password reset form (e-mail)", True),
}


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("wagtail")
    source = f"wagtail {pyenv.versions(python, 'wagtail')['wagtail']} (PyPI)"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    wagtail = python.parent / "wagtail"
    subprocess.run(
        [str(wagtail), "start", "newsite"], cwd=work, check=True, stdout=subprocess.DEVNULL
    )
    project = work / "newsite"
    (project / "newsite" / "settings" / "harvest.py").write_text(SETTINGS)
    manage = [str(python), "manage.py"]
    environment = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "newsite.settings.harvest"}
    subprocess.run([*manage, "migrate", "-v", "0"], cwd=project, check=True, env=environment)
    subprocess.run(
        [*manage, "update_index"],
        cwd=project,
        check=True,
        env=environment,
        stdout=subprocess.DEVNULL,
    )
    port = free_port()
    pages = []
    command = [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"]
    with running(command, port, work / "server.log", timeout=90, cwd=project, env=environment):
        for path, (label, name, note, translated) in REQUESTS.items():
            seen = set()
            for language in LANGUAGES if translated else ("en",):
                status, _, body = fetch(f"http://127.0.0.1:{port}{path}", language)
                if body in seen or 300 <= status < 400:
                    continue
                seen.add(body)
                pages.append(
                    Page(
                        f"{name}.{language}.html",
                        body,
                        source,
                        "wagtail",
                        f"GET {path} Accept-Language: {language}",
                        language,
                        label,
                        status,
                        note,
                    )
                )
    return pages
