"""An Otter Wiki (PyPI `otterwiki`), in an environment of its own, over a git repository
holding four pages made of the Markdown it ships (its first home page, syntax help, admin
guide and about text), run by `flask run` on 127.0.0.1 in three configurations: anyone may
read and write (the default), anyone may read but only registered users write, only
registered users read (READ_ACCESS=REGISTERED: every page redirects to the login page). Its
interface is English only (SITE_LANG sets only the lang attribute)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, fetch, free_port, running

GROUP = "otterwiki"
HOME = pyenv.HOME.parent / "otterwiki-venv"
# repository file <- the Markdown otterwiki ships
WIKI_PAGES = {
    "home.md": "initial_home.md",
    "wiki-syntax.md": "help.md",
    "administration.md": "help_admin.md",
    "about-otterwiki.md": "about.md",
}
# configuration -> {path: (label, name, note)}
REQUESTS = {
    "open": {
        "/NoSuchPage": ("soft_404", "missing-page", "missing page: 'Do you want to create it?'"),
        "/-/login": ("soft_401", "login", "the login page"),
        "/-/admin": ("soft_401", "login-from-admin", "the login page /-/admin redirects to"),
        "/-/register": ("ok", "register", "the registration form"),
        "/-/lost_password": ("ok", "lost-password", "the lost-password form (e-mail)"),
        "/Home": ("ok", "home", "the start page (the text a new wiki starts with)"),
        "/Administration": ("ok", "administration", "a page: the admin guide (permissions)"),
        "/Wiki-Syntax": ("ok", "wiki-syntax", "a page: the syntax help"),
        "/Administration/history": ("ok", "history", "a page's history"),
        "/-/index": ("ok", "index", "the A - Z page index"),
        "/-/changelog": ("ok", "changelog", "the changelog"),
        "/-/search/permission": ("ok", "search", "a search with results"),
        "/-/help": ("ok", "help", "the help page"),
        "/-/about": ("ok", "about", "the about page"),
        "/-/create": ("ok", "create", "the create-page form"),
    },
    "write-registered": {
        "/NoSuchPage": (
            "soft_404",
            "missing-page-read-only",
            "missing page, anonymous may not write (WRITE_ACCESS=REGISTERED)",
        ),
    },
    "read-registered": {
        "/Administration": (
            "soft_401",
            "login-from-page",
            "the login page a page redirects to (READ_ACCESS=REGISTERED)",
        ),
        "/-/search/login": (
            "soft_401",
            "login-from-search",
            "the login page a search redirects to (READ_ACCESS=REGISTERED)",
        ),
    },
}
SETTINGS = {
    "open": {},
    "write-registered": {"WRITE_ACCESS": "REGISTERED"},
    "read-registered": {"READ_ACCESS": "REGISTERED", "WRITE_ACCESS": "REGISTERED"},
}


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("otterwiki", home=HOME)
    source = f"otterwiki {pyenv.versions(python, 'otterwiki')['otterwiki']} (PyPI)"
    shutil.rmtree(work, ignore_errors=True)
    repository = _repository(python, work / "repository")
    pages = []
    for configuration, requests in REQUESTS.items():
        port = free_port()
        environment = dict(
            os.environ,
            REPOSITORY=str(repository),
            SECRET_KEY="not-a-real-secret-for-the-harvest",
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{work}/{configuration}.sqlite",
            FLASK_APP="otterwiki.server",
            **SETTINGS[configuration],
        )
        command = [str(python.parent / "flask"), "run", "-h", "127.0.0.1", "-p", str(port)]
        with running(command, port, work / f"{configuration}.log", env=environment, cwd=work):
            for path, (label, name, note) in requests.items():
                base = f"http://127.0.0.1:{port}"
                status, headers, body = fetch(base + path)
                obtained = f"GET {path} ({configuration}, anonymous)"
                if status in (301, 302, 303) and headers.get("location"):
                    target = headers["location"].removeprefix(base)
                    status, headers, body = fetch(base + target)
                    obtained += f", then GET {target} (its redirect)"
                if "html" not in headers.get("content-type", ""):
                    continue
                pages.append(
                    Page(f"{name}.html", body, source, GROUP, obtained, "en", label, status, note)
                )
    return pages


def _repository(python: Path, repository: Path) -> Path:
    shipped = python.parents[1] / "lib"
    package = next(shipped.glob("python3*/site-packages/otterwiki"))
    repository.mkdir(parents=True)
    for name, shipped_name in WIKI_PAGES.items():
        shutil.copyfile(package / shipped_name, repository / name)
    git = ["git", "-C", str(repository), "-c", "user.name=harvest", "-c", "user.email=h@localhost"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "pages"], check=True)
    return repository
