"""Kallithea (PyPI), in an environment of its own made with Python 3.9 (its setup refuses
3.11; FormEncode's needs setuptools < 58), an instance made by `kallithea-cli` (SQLite) over
two bare git repositories of licence texts, one private, served by `gearbox serve` on
127.0.0.1, its interface language chosen by Accept-Language: as an anonymous visitor, the
sign-in page (direct, and where the private repository sends), its 404 page (a missing
repository), healthy pages (the repository list, a summary, the changelog, a file, the search
page, the password-reset and registration forms); signed in as a user without rights
on the private repository, its 403 page."""

from __future__ import annotations

import http.cookiejar
import json
import re
import shutil
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, fetch, free_port, running

GROUP = "kallithea"
HOME = pyenv.HOME.parent / "kallithea-venv"
LANGUAGES = (
    "en", "be", "bg", "cs", "da", "de", "el", "es", "fr", "hu", "ja", "nb-NO",
    "nl-BE", "pl", "pt", "pt-BR", "ru", "sk", "tr", "uk", "zh-CN", "zh-TW",
)  # fmt: skip
HEALTHY_LANGUAGES = ("en", "de", "ja", "ru")
LICENCES = ("GPL-3", "Apache-2.0")
# path -> (label, name, note, in every language?)
ANONYMOUS = {
    "/_admin/login": ("soft_401", "login", "the sign-in page", True),
    "/secret": (
        "soft_401",
        "login-from-private",
        "the sign-in page a private repo sends to",
        False,
    ),
    "/no-such-repo": ("soft_404", "missing-repository", "a missing repository (404)", True),
    "/": ("ok", "repositories", "the repository list", False),
    "/projects": ("ok", "summary", "a repository's summary", False),
    "/projects/changelog": ("ok", "changelog", "a repository's changelog", False),
    "/projects/files/tip/Apache-2.0": ("ok", "file", "a file (a licence text)", False),
    "/_admin/search?q=license": (
        "ok",
        "search",
        "a search page (it found nothing: 0 results)",
        False,
    ),
    "/_admin/password_reset": ("ok", "password-reset", "password reset form (e-mail)", False),
    "/_admin/register": ("ok", "register", "the registration form", False),
}
SIGNED_IN = {
    "/secret": ("soft_403", "private-repository", "a private repository, signed in without rights"),
}
CSRF_TOKEN = re.compile(rb'name="_session_csrf_secret_token" type="hidden" value="(\d+)"')


def harvest(work: Path) -> list[Page]:
    python = _environment()
    source = f"kallithea {pyenv.versions(python, 'kallithea')['kallithea']} (PyPI)"
    shutil.rmtree(work, ignore_errors=True)
    (work / "repos").mkdir(parents=True)
    port = free_port()
    cli = [str(python.parent / "kallithea-cli")]
    run = {"cwd": work, "check": True, "capture_output": True}
    subprocess.run([*cli, "config-create", "my.ini", "host=127.0.0.1", f"port={port}"], **run)
    subprocess.run(
        [*cli, "db-create", "-c", "my.ini", "--user=admin", "--email=admin@example.org",
         "--password=not-a-real-password", f"--repos={work / 'repos'}", "--force-yes"],
        **run,
    )  # fmt: skip
    for name in ("projects", "secret"):
        _bare_repository(work, name)
    subprocess.run([*cli, "repo-scan", "-c", "my.ini"], **run)
    base = f"http://127.0.0.1:{port}"
    pages = []
    command = [str(python.parent / "gearbox"), "serve", "-c", "my.ini"]
    with running(command, port, work / "server.log", timeout=120, cwd=work):
        _api(work, base, "update_repo", repoid="secret", private=True)
        _api(work, base, "create_user", username="bob", email="bob@example.org",
             password="not-a-real-password-bob")  # fmt: skip
        for path, (label, name, note, translated) in ANONYMOUS.items():
            seen = set()
            for language in LANGUAGES if translated else HEALTHY_LANGUAGES:
                status, headers, body = fetch(base + path, language)
                obtained = f"GET {path} Accept-Language: {language} (anonymous)"
                if status in (301, 302, 303) and headers.get("location"):
                    url = urllib.parse.urljoin(base + path, headers["location"])
                    status, headers, body = fetch(url, language)
                    obtained += f", then GET {url.removeprefix(base)} (its redirect)"
                text = CSRF_TOKEN.sub(b"", body)
                if "html" not in headers.get("content-type", "") or text in seen:
                    continue  # a language without its own text of a page: no second copy
                seen.add(text)
                code = language.lower()
                pages.append(
                    Page(f"{name}.{code}.html", body, source, GROUP, obtained, code, label,
                         status, note)
                )  # fmt: skip
        opener = _signed_in(base, "bob", "not-a-real-password-bob")
        for path, (label, name, note) in SIGNED_IN.items():
            seen = set()
            for language in LANGUAGES:
                status, body = _get(opener, base + path, language)
                if body in seen:
                    continue
                seen.add(body)
                code = language.lower()
                obtained = f"GET {path} Accept-Language: {language} (signed in as a user)"
                pages.append(
                    Page(f"{name}.{code}.html", body, source, GROUP, obtained, code, label,
                         status, note)
                )  # fmt: skip
    return pages


def _environment() -> Path:
    """Python 3.9 (pyenv's, or the system's), setuptools < 58, no build isolation."""
    interpreter = HOME / "bin" / "python"
    if not interpreter.exists():
        subprocess.run([pyenv.python39(), "-m", "venv", str(HOME)], check=True)
    pip = [str(interpreter), "-m", "pip", "install", "-q"]
    if subprocess.run([*pip[:3], "show", "-q", "kallithea"], check=False).returncode:
        subprocess.run([*pip, "setuptools<58", "wheel"], check=True)
        subprocess.run([*pip, "--no-build-isolation", "FormEncode<1.4", "kallithea"], check=True)
    return interpreter


def _bare_repository(work: Path, name: str) -> None:
    source = work / f"source-{name}"
    source.mkdir()
    for licence in LICENCES:
        shutil.copyfile(f"/usr/share/common-licenses/{licence}", source / licence)
    git = ["git", "-C", str(source), "-c", "user.name=harvest", "-c", "user.email=h@localhost"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "Licence texts"], check=True)
    bare = ["git", "clone", "-q", "--bare", str(source), str(work / "repos" / name)]
    subprocess.run(bare, check=True)


def _api(work: Path, base: str, method: str, **arguments) -> None:
    import sqlite3

    with sqlite3.connect(work / "kallithea.db") as database:
        (key,) = database.execute("select api_key from users where username='admin'").fetchone()
    payload = {"id": 1, "api_key": key, "method": method, "args": arguments}
    request = urllib.request.Request(
        f"{base}/_admin/api",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.load(response)
    if answer.get("error"):
        raise RuntimeError(f"Kallithea API {method}: {answer['error']}")


def _signed_in(base: str, username: str, password: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    _, form = _get(opener, f"{base}/_admin/login", "en")
    token = CSRF_TOKEN.search(form).group(1).decode()
    fields = {
        "username": username,
        "password": password,
        "_session_csrf_secret_token": token,
        "sign_in": "Sign In",
    }
    data = urllib.parse.urlencode(fields).encode()
    with opener.open(f"{base}/_admin/login", data=data, timeout=60) as response:
        response.read()
    return opener


def _get(opener: urllib.request.OpenerDirector, url: str, language: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Language": language})
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
