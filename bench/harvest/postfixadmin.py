"""Debian postfixadmin (PHP): a private copy of Debian's install under PHP's built-in server,
with a configuration of its own (SQLite in the work folder, the schema made by its setup
page), seen by a visitor who has not signed in, in each of its languages (Accept-Language):
the administrators' sign-in page, the mailbox users' sign-in page (soft_401), the users'
password-recovery form (healthy).

Left out: the setup page (it asks for the setup password: a page of its own kind), the
administrators' password recovery (disabled: a text/plain line), the pages behind the
sign-in (302 to it). PHP's own 404 page is the php-builtin-server group's."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "postfixadmin"
INSTALL = Path("/usr/share/postfixadmin")
DATABASE = """<?php
$dbuser = '';
$dbpass = '';
$basepath = '';
$dbname = '{database}';
$dbserver = '';
$dbport = '';
$dbtype = 'sqlite';
"""
# path -> (label, name, note)
REQUESTS = {
    "/login.php": ("soft_401", "admin-sign-in", "the administrators' sign-in page"),
    "/users/login.php": ("soft_401", "user-sign-in", "the mailbox users' sign-in page"),
    "/users/password-recover.php": ("ok", "password-recover", "the users' password recovery"),
}
# its language files' names that are not language tags
LANGUAGE_TAGS = {"cn": "zh-cn", "tw": "zh-tw", "ua": "uk"}


def harvest(work: Path) -> list[Page]:
    apt_install("postfixadmin", "php-cli", "php-sqlite3")
    source = deb_version("postfixadmin")
    shutil.rmtree(work, ignore_errors=True)
    application = work / "postfixadmin"
    shutil.copytree(INSTALL, application, symlinks=False, ignore=_links_to_state)
    (application / "templates_c").mkdir()
    shutil.copy("/etc/postfixadmin/config.inc.php", application / "config.inc.php")
    database = work / "postfixadmin.db"
    database.touch()
    (application / "dbconfig.inc.php").write_text(DATABASE.format(database=database))
    (application / "config.local.php").write_text("<?php\n")
    port = free_port()
    command = ["php", "-S", f"127.0.0.1:{port}", "-t", str(application / "public")]
    pages = []
    with running(command, port, work / "server.log"):
        fetch(f"http://127.0.0.1:{port}/setup.php")  # makes the schema
        for language in languages():
            for path, (label, name, note) in REQUESTS.items():
                status, headers, body = fetch(f"http://127.0.0.1:{port}{path}", language)
                if "html" not in headers.get("content-type", "") or status != 200:
                    continue
                tag = LANGUAGE_TAGS.get(language, language)
                pages.append(
                    Page(
                        f"{name}.{tag}.html",
                        body,
                        source,
                        GROUP,
                        f"GET {path} Accept-Language: {language} (PHP built-in server)",
                        tag,
                        label,
                        status,
                        note,
                    )
                )
    return pages


def languages() -> list[str]:
    return sorted(path.stem for path in (INSTALL / "languages").glob("*.lang"))


def _links_to_state(folder: str, names: list[str]) -> set[str]:
    """Debian's links to /etc and /var: replaced by the work folder's own files."""
    if Path(folder) != INSTALL:
        return set()
    return {"templates_c", "config.local.php", "config.inc.php"}
