"""Debian gosa (GOsa², an LDAP administration front end, PHP): its sign-in page, Debian's
install under PHP's built-in server with a gosa.conf of our own, made from the template
Debian ships (/usr/share/doc/gosa/gosa.conf, the one GOsa's setup fills) and read through
GOsa's CONFIG_DIR server variable (set by an auto_prepend_file: PHP's built-in server does not
pass the environment). Its Smarty templates compile into a folder of the work folder
(templateCompileDirectory), emptied for each language.

GOsa 2.8 on PHP 8 ignores Accept-Language (its accept-to-gettext reads the header as "*", an
operator-precedence slip) and every visitor gets its first language; the language a site
sets in gosa.conf (`language`) is honoured, so the page is taken once per language GOsa is
translated into, that setting changed each time (with the glibc locales it needs built into
the work folder, LOCPATH): the sign-in page (soft_401).

A page is kept in a language only where its text differs from the English page's. Left out:
everything behind the sign-in (it needs GOsa's schema in the directory), and logout.php's
"session expired" page (it compiles its template into Debian's /var/spool/gosa whatever the
configuration says, in the first language it is asked in)."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "gosa"
INSTALL = Path("/usr/share/gosa")
TEMPLATE = Path("/usr/share/doc/gosa/gosa.conf")
VALUES = {
    "{$cv.location}": "default",
    "{$cv.base}": "dc=example,dc=org",
    "{$cv.password}": "harvest-secret-42",
    "{$cv.instanceUUID}": "6f1c3a52-2b0e-4a8e-9a55-3e2f1d6c0b7a",
    "{$cv.connection}": "ldap://127.0.0.1:389",
    "{$cv.admin}": "cn=admin,dc=example,dc=org",
    "{$config_checksum}": "",
}
# GOsa's locale folder -> the glibc locale set
LOCALES = {
    "en": "en_US",
    "de": "de_DE",
    "es": "es_ES",
    "fr": "fr_FR",
    "it": "it_IT",
    "nl": "nl_NL",
    "pl": "pl_PL",
    "pt": "pt_PT",
    "pt_BR": "pt_BR",
    "ru": "ru_RU",
    "vi": "vi_VN",
    "zh": "zh_CN",
}
TAGS = {"pt_BR": "pt-br", "zh": "zh-cn"}


def harvest(work: Path) -> list[Page]:
    apt_install("gosa", "php-cli", "php-ldap", "locales")
    source = f"{deb_version('gosa')} under PHP's built-in server"
    shutil.rmtree(work, ignore_errors=True)
    (work / "conf").mkdir(parents=True)
    compiled = work / "compile"
    template = _config_template(compiled)
    (work / "prepend.php").write_text(f"<?php $_SERVER['CONFIG_DIR'] = '{work / 'conf'}';\n")
    translated = {path.name for path in (INSTALL / "locale" / "core").iterdir() if path.is_dir()}
    locales = _build_locales(work, LOCALES.values())
    pages: list[Page] = []
    english = ""
    for folder, locale in LOCALES.items():
        if folder != "en" and folder not in translated:
            continue
        (work / "conf" / "gosa.conf").write_text(template.replace("{language}", locale))
        shutil.rmtree(compiled, ignore_errors=True)
        compiled.mkdir()
        port = free_port()
        command = [
            *("php", "-d", f"auto_prepend_file={work / 'prepend.php'}"),
            *("-S", f"127.0.0.1:{port}", "-t", str(INSTALL / "html")),
        ]
        environment = dict(os.environ, LOCPATH=str(locales))
        with running(command, port, work / "php.log", cwd=INSTALL / "html", env=environment):
            status, answer, body = fetch(f"http://127.0.0.1:{port}/index.php", timeout=60)
        if status != 200 or "html" not in answer.get("content-type", ""):
            raise RuntimeError(f"index.php ({locale}) answered {status}: {body[:300]!r}")
        if not re.search(rb"name=[\"']password[\"']", body):
            raise RuntimeError(f"index.php ({locale}) answered no sign-in form")
        text = _text(body)
        english = english or text
        if folder != "en" and text == english:
            continue  # not translated
        language = TAGS.get(folder, folder)
        pages.append(
            Page(f"sign-in.{language}.html", body, source, GROUP,
                 f"GET /index.php with language=\"{locale}\" in gosa.conf", language,
                 "soft_401", status, "the sign-in page")
        )  # fmt: skip
    return pages


def _config_template(compiled: Path) -> str:
    """gosa.conf from Debian's template, with {language} left to fill."""
    raw = TEMPLATE.read_bytes()
    text = (gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw).decode("utf-8")
    text = text.replace("{literal}", "").replace("{/literal}", "")
    text = re.sub(r"(?s)\{if \$cv\.rfc2307bis\}.*?\{else\}(.*?)\{/if\}", r"\1", text)
    for placeholder, value in VALUES.items():
        text = text.replace(placeholder, value)
    if "<main default=" not in text or "{$" in text:
        raise RuntimeError(f"{TEMPLATE} is not the template this harvest expects")
    return text.replace(
        "<main default=",
        f'<main language="{{language}}" templateCompileDirectory="{compiled}" default=',
    )


def _build_locales(work: Path, locales) -> Path:
    """The glibc locales GOsa sets, built into the work folder (read through LOCPATH)."""
    folder = work / "glibc-locales"
    folder.mkdir()
    for locale in locales:
        subprocess.run(
            ["localedef", "-i", locale, "-f", "UTF-8", str(folder / f"{locale}.UTF-8")],
            check=False,  # localedef warns (and exits 1) for some locales it still writes
            capture_output=True,
        )
    return folder


def _text(body: bytes) -> str:
    """What a reader sees of a page (and its title): no tags, scripts or styles."""
    text = re.sub(rb"(?s)<(script|style)\b.*?</\1>|<[^>]+>", b" ", body)
    return " ".join(text.decode("utf-8", "replace").split())
