"""Debian MediaWiki, installed into a work folder (SQLite) by its own installer and run under
PHP's built-in server on 127.0.0.1: a missing article, a missing special page, the sign-in
page, "permission error" pages (blocking, deleting, importing: MediaWiki serves them with
200), and healthy pages (the main page, a search with results, recent changes, special
pages), in many interface languages (?uselang=)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

ROOT = Path("/usr/share/mediawiki")
LANGUAGES = (
    "en",
    "ar",
    "bn",
    "ca",
    "cs",
    "da",
    "de",
    "el",
    "es",
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
    "nl",
    "nb",
    "pl",
    "pt",
    "pt-br",
    "ro",
    "ru",
    "sv",
    "th",
    "tr",
    "uk",
    "vi",
    "zh-hans",
)
# title (and query) -> (label, name, note)
REQUESTS = {
    "No_such_article": ("soft_404", "missing-article", "there is currently no text in this page"),
    "Special:No_such_special_page": ("soft_404", "missing-special", "no such special page"),
    "Special:UserLogin": ("soft_401", "login", "the sign-in page"),
    "Special:Preferences": ("soft_401", "preferences", "not logged in: please log in"),
    "Special:Block": ("soft_403", "block", "permission error (limited to administrators)"),
    "Main_Page&action=delete": (
        "soft_403",
        "delete",
        "permission error (limited to administrators)",
    ),
    "Special:Import": ("soft_403", "import", "permission error (limited to some groups)"),
    "Main_Page": ("ok", "main-page", "the wiki's main page"),
    "Special:Search&search=MediaWiki&fulltext=1": ("ok", "search", "a search with results"),
    "Special:RecentChanges": ("ok", "recent-changes", "recent changes"),
    "Special:SpecialPages": ("ok", "special-pages", "the list of special pages"),
}


def harvest(work: Path) -> list[Page]:
    apt_install("mediawiki", "php-sqlite3", "php-cli")
    source = deb_version("mediawiki")
    shutil.rmtree(work, ignore_errors=True)
    (work / "db").mkdir(parents=True)
    port = free_port()
    subprocess.run(
        [
            "php",
            str(ROOT / "maintenance" / "install.php"),
            "--dbtype=sqlite",
            f"--dbpath={work / 'db'}",
            "--dbname=wiki",
            f"--confpath={work}",
            f"--server=http://127.0.0.1:{port}",
            "--scriptpath=",
            "--pass=harvest-only-password-42",
            "--lang=en",
            "Harvest Wiki",
            "Admin",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    environment = dict(os.environ, MW_CONFIG_FILE=str(work / "LocalSettings.php"))
    subprocess.run(
        ["php", str(ROOT / "maintenance" / "rebuildtextindex.php")],
        check=False,
        env=environment,
        stdout=subprocess.DEVNULL,
    )
    pages = []
    command = ["php", "-S", f"127.0.0.1:{port}", "-t", str(ROOT)]
    with running(command, port, work / "php.log", env=environment):
        for language in LANGUAGES:
            for title, (label, name, note) in REQUESTS.items():
                path = f"/index.php?title={title}&uselang={language}"
                status, _, body = fetch(f"http://127.0.0.1:{port}{path}", timeout=60)
                if 300 <= status < 400:
                    continue
                pages.append(
                    Page(
                        f"{name}.{language}.html",
                        body,
                        source,
                        "mediawiki",
                        f"GET {path}",
                        language,
                        label,
                        status,
                        note,
                    )
                )
    return pages
