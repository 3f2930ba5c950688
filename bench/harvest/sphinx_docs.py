"""Documentation built by the real Sphinx (PyPI) from a package's own sources: Flask's docs/
(from its sdist on PyPI) on error handling, views with login, security, deployment, with
Sphinx's bundled alabaster theme, the interface in several languages; plus each build's
search page (a thin, healthy page)."""

from __future__ import annotations

import shutil
import subprocess
import tarfile
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page

PAGES = (
    "errorhandling",
    "quickstart",
    "tutorial/views",
    "tutorial/templates",
    "patterns/viewdecorators",
    "debugging",
    "web-security",
    "config",
    "deploying/nginx",
    "deploying/apache-httpd",
    "logging",
    "installation",
    "patterns/errorpages",
    "tutorial/blog",
    "patterns/flashing",
    "server",
)
LANGUAGES = ("en", "de", "fr", "es", "ja", "ru", "zh_CN", "pt_BR", "it", "pl", "ko", "tr")
CONTENT_LANGUAGES = 3
CONF = """
project = "Flask"
copyright = "2010 Pallets"
html_theme = "alabaster"
exclude_patterns = ["_build"]
suppress_warnings = ["*"]
"""


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("sphinx", "flask")
    versions = pyenv.versions(python, "sphinx", "flask")
    sources = _flask_docs(python, work, versions["flask"])
    source = f"Flask {versions['flask']} docs (sdist, PyPI) built by Sphinx {versions['sphinx']}"
    pages = []
    for index, language in enumerate(LANGUAGES):
        out = work / f"html-{language}"
        subprocess.run(
            [
                str(python),
                "-m",
                "sphinx",
                "-b",
                "html",
                "-q",
                "-Q",
                "-E",
                "-D",
                f"language={language}",
                str(sources),
                str(out),
            ],
            check=False,
            capture_output=True,
        )
        code = language.replace("_", "-").lower()
        how = f"sphinx-build -b html -D language={language}"
        search = out / "search.html"
        if search.exists():
            pages.append(
                Page(
                    f"search.{code}.html",
                    search.read_bytes(),
                    source,
                    "sphinx-docs",
                    f"{how}: search.html",
                    code,
                    "ok",
                    200,
                    "Sphinx's search page (no query)",
                )
            )
        if index >= CONTENT_LANGUAGES:
            continue
        for name in PAGES:
            path = out / f"{name}.html"
            if path.exists():
                pages.append(
                    Page(
                        f"{name.replace('/', '-')}.{code}.html",
                        path.read_bytes(),
                        source,
                        "sphinx-docs",
                        f"{how}: {name}.html",
                        code,
                        "ok",
                        200,
                        f"Flask documentation: {name}",
                    )
                )
    return pages


def _flask_docs(python: Path, work: Path, version: str) -> Path:
    """Flask's docs/ from its sdist, with a conf.py that needs no Pallets theme."""
    download = work / "sdist"
    if not list(download.glob("flask-*.tar.gz")):
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "download",
                "-q",
                "--no-deps",
                "--no-binary",
                ":all:",
                "-d",
                str(download),
                f"flask=={version}",
            ],
            check=True,
        )
    archive = next(download.glob("flask-*.tar.gz"))
    sources = work / "docs"
    shutil.rmtree(sources, ignore_errors=True)
    with tarfile.open(archive) as tar:
        members = [m for m in tar.getmembers() if "/docs/" in m.name and m.isfile()]
        for member in members:
            member.name = member.name.split("/docs/", 1)[1]
        tar.extractall(sources, members=members, filter="data")
    (sources / "conf.py").write_text(CONF)
    return sources
