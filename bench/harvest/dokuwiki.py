"""Debian DokuWiki, run with PHP's built-in server on 127.0.0.1 (a private copy of the install,
its configuration and data): the "this topic does not exist yet" page, the login page, a
protected page seen by an anonymous visitor, and ordinary wiki pages (a page, the index, a
search with results, recent changes), with the wiki's language set to each of many."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

LANGUAGES = (
    "en",
    "ar",
    "cs",
    "da",
    "de",
    "el",
    "es",
    "fa",
    "fi",
    "fr",
    "he",
    "hu",
    "it",
    "ja",
    "ko",
    "nl",
    "no",
    "pl",
    "pt-br",
    "ru",
    "sk",
    "sv",
    "th",
    "tr",
    "uk",
    "vi",
    "zh",
    "zh-tw",
)
# query -> (label, name, note)
REQUESTS = {
    "id=no_such_topic": ("soft_404", "missing-topic", "this topic does not exist yet"),
    "id=start&do=login": ("soft_401", "login", "the login page"),
    "id=private:plans": ("soft_401", "protected", "permission denied + login form (anonymous)"),
    "id=wiki:welcome": ("ok", "welcome", "wiki page (content in English, interface translated)"),
    "id=start&do=index": ("ok", "index", "the wiki's index (sitemap)"),
    "id=start&do=search&q=syntax": ("ok", "search", "a search with results"),
}
ACL = "*\t@ALL\t1\nprivate:*\t@ALL\t0\n*\t@user\t8\n"


def harvest(work: Path) -> list[Page]:
    apt_install("dokuwiki", "php-cli")
    site = _private_copy(work)
    source = deb_version("dokuwiki")
    port = free_port()
    pages = []
    command = ["php", "-S", f"127.0.0.1:{port}", "-t", str(site)]
    _configure(work, "en")
    # the search index, so that a search finds pages (DokuWiki's own indexer)
    subprocess.run(
        ["php", str(site / "bin" / "indexer.php"), "-q"], check=True, cwd=site, capture_output=True
    )
    with running(command, port, work / "server.log"):
        for language in LANGUAGES:
            _configure(work, language)
            for query, (label, name, note) in REQUESTS.items():
                status, _, body = fetch(f"http://127.0.0.1:{port}/doku.php?{query}")
                pages.append(
                    Page(
                        f"{name}.{language}.html",
                        body,
                        source,
                        "dokuwiki",
                        f"GET /doku.php?{query} with $conf['lang'] = '{language}'",
                        language,
                        label,
                        status,
                        note,
                    )
                )
    return pages


def _private_copy(work: Path) -> Path:
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    site, conf, data = work / "site", work / "conf", work / "data"
    subprocess.run(["cp", "-rL", "/usr/share/dokuwiki", str(site)], check=True)
    subprocess.run(["cp", "-rL", "/etc/dokuwiki", str(conf)], check=True)
    subprocess.run(["cp", "-rL", "/var/lib/dokuwiki/data", str(data)], check=True)
    (site / ".htaccess").unlink(missing_ok=True)
    preload = site / "inc" / "preload.php"
    preload.write_text(f"<?php\ndefine('DOKU_CONF', '{conf}/');\n")
    (conf / "acl.auth.php").write_text(ACL)
    (data / "pages" / "private").mkdir(parents=True, exist_ok=True)
    (data / "pages" / "private" / "plans.txt").write_text("====== Plans ======\nsecret\n")
    return site


def _configure(work: Path, language: str) -> None:
    (work / "conf" / "local.php").write_text(
        "<?php\n"
        "$conf['title'] = 'Debian DokuWiki';\n"
        f"$conf['savedir'] = '{work / 'data'}';\n"
        f"$conf['lang'] = '{language}';\n"
        "$conf['useacl'] = 1;\n"
        "$conf['superuser'] = '@admin';\n"
    )
