"""Nikola (PyPI `nikola`), a static site generator, in an environment of its own: the site
`nikola init -q` makes (theme bootblog4), with two posts and a page written for the harvest
(bench/harvest/npm_common.py's texts), built by `nikola build` once per language, the
site's DEFAULT_LANG set to each of LANGUAGES (Nikola translates its interface into 60):
the home page, the archive, the year page, tags and categories, a tag's page, a post, the
page, the (empty) galleries and listings indexes, read from the output folder as built.
Nikola makes no 404 page by default (a plugin of its own, fetched from the network, does):
every page is healthy. The site's own words (its title, its navigation links) stay as
conf.py has them; a page is kept in a language only where its text differs from the English
page's."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page
from bench.harvest.npm_common import GUIDES

GROUP = "nikola"
HOME = pyenv.HOME.parent / "nikola-venv"
# Nikola's language code -> the language recorded
LANGUAGES = {
    "en": "en",
    "ar": "ar",
    "bg": "bg",
    "ca": "ca",
    "cs": "cs",
    "da": "da",
    "de": "de",
    "el": "el",
    "es": "es",
    "fa": "fa",
    "fi": "fi",
    "fr": "fr",
    "he": "he",
    "hu": "hu",
    "id": "id",
    "it": "it",
    "ja": "ja",
    "ko": "ko",
    "nb": "nb",
    "nl": "nl",
    "pl": "pl",
    "pt_br": "pt-br",
    "ru": "ru",
    "sk": "sk",
    "sv": "sv",
    "th": "th",
    "tr": "tr",
    "uk": "uk",
    "vi": "vi",
    "zh_cn": "zh-cn",
}
# output file -> (name, note)
PAGES = {
    "index.html": ("home", "the home page (the latest posts)"),
    "archive.html": ("archive", "the archive"),
    "2026/index.html": ("year", "the posts of a year"),
    "categories/index.html": ("tags", "tags and categories"),
    "categories/errors/index.html": ("tag", "a tag's page (posts about errors)"),
    "posts/handling-errors/index.html": ("post-errors", "a post: handling errors"),
    "posts/accounts-and-signing-in/index.html": ("post-accounts", "a post: signing in"),
    "pages/about/index.html": ("about", "a page: about"),
    "galleries/index.html": ("galleries", "the galleries index (no gallery)"),
    "listings/index.html": ("listings", "the listings index (no listing)"),
}
# npm_common.GUIDES key -> (slug, tags) of a post
POSTS = {
    "errors": ("handling-errors", "errors, guides"),
    "accounts": ("accounts-and-signing-in", "accounts, guides"),
}


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("nikola", home=HOME)
    source = f"nikola {pyenv.versions(python, 'nikola')['nikola']} (PyPI)"
    nikola = str(python.parent / "nikola")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    site = work / "site"
    subprocess.run([nikola, "init", "-q", str(site)], check=True, capture_output=True)
    _write_content(site)
    configuration = (site / "conf.py").read_text()
    if 'DEFAULT_LANG = "en"' not in configuration:
        raise RuntimeError('conf.py no longer sets DEFAULT_LANG = "en"')
    pages, english = [], {}
    for code, language in LANGUAGES.items():
        (site / "conf.py").write_text(
            configuration.replace('DEFAULT_LANG = "en"', f'DEFAULT_LANG = "{code}"')
        )
        shutil.rmtree(site / "output", ignore_errors=True)
        (site / ".doit.db").unlink(missing_ok=True)
        with (work / "build.log").open("ab") as log:
            subprocess.run([nikola, "build"], cwd=site, check=True, stdout=log, stderr=log)
        for file, (name, note) in PAGES.items():
            body = (site / "output" / file).read_bytes()
            text = _text(body)
            if english.setdefault(name, text) == text and code != "en":
                continue  # not translated
            obtained = f"nikola build (DEFAULT_LANG = {code!r}), the file output/{file}"
            pages.append(
                Page(f"{name}.{language}.html", body, source, GROUP, obtained, language, "ok",
                     "", note)
            )  # fmt: skip
    return pages


def _write_content(site: Path) -> None:
    for day, (key, (slug, tags)) in enumerate(POSTS.items(), start=2):
        title, paragraphs = GUIDES[key]
        text = "\n\n".join(paragraphs)
        (site / "posts" / f"{slug}.rst").write_text(
            f".. title: {title}\n.. slug: {slug}\n.. date: 2026-11-0{day} 10:00:00 UTC\n"
            f".. tags: {tags}\n.. category: guides\n\n{text}\n"
        )
    title, paragraphs = GUIDES["about"]
    (site / "pages" / "about.rst").write_text(
        f".. title: {title}\n.. slug: about\n\n" + "\n\n".join(paragraphs) + "\n"
    )


def _text(body: bytes) -> str:
    """What a reader sees of a page (and its title): no tags, scripts or styles."""
    text = re.sub(rb"(?s)<(script|style)\b.*?</\1>|<[^>]+>", b" ", body)
    return " ".join(text.decode("utf-8", "replace").split())
