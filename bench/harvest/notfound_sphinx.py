"""sphinx-notfound-page (PyPI) with Sphinx, in an environment of its own: a small Sphinx
project (the classic theme) whose pages are the READMEs of three packages installed with it
(sphinx-notfound-page's own, on 404 pages; Sphinx's; docutils'), built with the extension in
a few of Sphinx's languages (`-D language=`): the 404 page it makes (its message is English,
the theme around it translated), and the built pages (healthy). A web server serves the 404
page with status 404; the built pages with 200."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page

GROUP = "sphinx-notfound-page"
HOME = pyenv.HOME.parent / "notfound-venv"
LANGUAGES = ("en", "de", "fr", "es", "ja", "ru", "pt_BR", "zh_CN")
HEALTHY_LANGUAGES = ("en", "de", "ja")
# document name -> the distribution whose README it is
READMES = {
    "notfound": "sphinx-notfound-page",
    "sphinx": "sphinx",
    "docutils": "docutils",
}
CONF = """
project = "Projects"
extensions = ["notfound.extension"]
html_theme = "classic"
"""
INDEX = """Projects
========

.. toctree::

{entries}
"""
DESCRIPTION = """
import importlib.metadata, sys
print(importlib.metadata.metadata(sys.argv[1]).get_payload())
"""


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("sphinx", "sphinx-notfound-page", home=HOME)
    names = pyenv.versions(python, "sphinx-notfound-page", "sphinx")
    source = (
        f"sphinx-notfound-page {names['sphinx-notfound-page']} + Sphinx {names['sphinx']} (PyPI)"
    )
    shutil.rmtree(work, ignore_errors=True)
    project = work / "source"
    project.mkdir(parents=True)
    (project / "conf.py").write_text(CONF)
    entries = "\n".join(f"   {name}" for name in READMES)
    (project / "index.rst").write_text(INDEX.format(entries=entries))
    for name, distribution in READMES.items():
        readme = _description(python, distribution)
        (project / f"{name}.rst").write_text(readme)
    pages = []
    for language in LANGUAGES:
        site = work / f"html-{language}"
        build = [str(python), "-m", "sphinx", "-b", "html", "-q", "-D", f"language={language}"]
        subprocess.run([*build, str(project), str(site)], check=True, capture_output=True)
        code = language.lower().replace("_", "-")
        built = f"sphinx-build -b html -D language={language}"
        pages.append(
            Page(
                f"404.{code}.html",
                (site / "404.html").read_bytes(),
                source,
                GROUP,
                f"{built}: 404.html",
                code,
                "soft_404",
                404,
                "the 404 page sphinx-notfound-page makes ('Page not found', English message)",
            )
        )
        if language not in HEALTHY_LANGUAGES:
            continue
        for name in ("index", *READMES):
            pages.append(
                Page(
                    f"{name}.{code}.html",
                    (site / f"{name}.html").read_bytes(),
                    source,
                    GROUP,
                    f"{built}: {name}.html",
                    code,
                    "ok",
                    200,
                    "the contents page"
                    if name == "index"
                    else f"a page: the README of {READMES[name]}",
                )
            )
    return pages


def _description(python: Path, distribution: str) -> str:
    result = subprocess.run(
        [str(python), "-c", DESCRIPTION, distribution], capture_output=True, text=True, check=True
    )
    return result.stdout
