"""Debian Roundcube webmail, its own install under PHP's built-in server on 127.0.0.1, with a
private configuration (ROUNDCUBE_CONFIG_DIR: SQLite, the elastic skin, logs in the work
folder): the sign-in page every address answers to a visitor who is not signed in (its
start page, and a deep link into the mail), its language chosen by Accept-Language."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "roundcube"
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
    "eu",
    "fa",
    "fi",
    "fr",
    "he",
    "hr",
    "hu",
    "id",
    "it",
    "ja",
    "ko",
    "lt",
    "lv",
    "nb-NO",
    "nl",
    "pl",
    "pt-BR",
    "pt-PT",
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
    "zh-CN",
    "zh-TW",
)
DEEP_LINK_LANGUAGES = ("en", "de", "fr", "ja", "ru", "es")
CONFIG = """<?php
$config = [];
$config['db_dsnw'] = 'sqlite:///{work}/roundcube.db?mode=0644';
$config['imap_host'] = ['localhost:143'];
$config['smtp_host'] = 'localhost:587';
$config['product_name'] = 'Roundcube Webmail';
$config['des_key'] = 'not-a-real-key-24-chars!';
$config['plugins'] = [];
$config['skin'] = 'elastic';
$config['log_dir'] = '{work}/logs/';
$config['temp_dir'] = '{work}/temp/';
"""
SCHEMA = Path("/usr/share/roundcube/SQL/sqlite.initial.sql")


def harvest(work: Path) -> list[Page]:
    apt_install("roundcube-core", "roundcube-sqlite3", "php-cli", "php-sqlite3")
    source = deb_version("roundcube-core")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    subprocess.run(["cp", "-rL", "/etc/roundcube", str(work / "config")], check=True)
    (work / "config" / "config.inc.php").write_text(CONFIG.format(work=work))
    for folder in ("logs", "temp"):
        (work / folder).mkdir()
    with sqlite3.connect(work / "roundcube.db") as database:
        database.executescript(SCHEMA.read_text())
    port = free_port()
    command = ["php", "-S", f"127.0.0.1:{port}", "-t", "/var/lib/roundcube/public_html"]
    environment = dict(os.environ, ROUNDCUBE_CONFIG_DIR=str(work / "config"))
    requests = (
        ("/", "login", LANGUAGES, "the sign-in page (the start page)"),
        ("/?_task=mail&_mbox=INBOX", "login-mail", DEEP_LINK_LANGUAGES, "a deep link: sign in"),
    )
    pages = []
    with running(command, port, work / "server.log", env=environment):
        for path, name, languages, note in requests:
            for language in languages:
                status, headers, body = fetch(f"http://127.0.0.1:{port}{path}", language)
                if "html" not in headers.get("content-type", ""):
                    continue
                code = "nb" if language == "nb-NO" else language.lower()
                pages.append(
                    Page(
                        f"{name}.{code}.html",
                        body,
                        source,
                        GROUP,
                        f"GET {path} Accept-Language: {language} (not signed in)",
                        code,
                        "soft_401",
                        status,
                        note,
                    )
                )
    return pages
