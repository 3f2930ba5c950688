"""Debian ikiwiki: a small wiki in git, built by `ikiwiki --setup`, its CGI wrapper run as a
CGI program (the request in its environment, as a web server would run it, its answer read
from its output), with the wiki's locale set to each language ikiwiki is translated into
(locales compiled into the work folder, LOCPATH): the 404 plugin's "missing page" answer,
the sign-in page (asked for, and what an anonymous visitor gets for editing a page or the
preferences), and healthy pages as ikiwiki wrote them (the index, a page, recent changes,
the formatting help). Only the "missing page" answer is translated (in some of the
languages); the sign-in pages and the written pages are the same in every locale but for a
date's format, so they are kept in English only, and a translation only where its page
differs from the English one."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version

GROUP = "ikiwiki"
# the wiki's locale -> the language recorded (ikiwiki's translations in Debian)
LANGUAGES = {
    "C.UTF-8": "en",
    "bg_BG.UTF-8": "bg",
    "cs_CZ.UTF-8": "cs",
    "da_DK.UTF-8": "da",
    "de_DE.UTF-8": "de",
    "es_ES.UTF-8": "es",
    "fr_FR.UTF-8": "fr",
    "gu_IN.UTF-8": "gu",
    "it_IT.UTF-8": "it",
    "pl_PL.UTF-8": "pl",
    "sv_SE.UTF-8": "sv",
    "tr_TR.UTF-8": "tr",
    "vi_VN.UTF-8": "vi",
}
# the CGI's environment -> (label, name, note)
CGI_REQUESTS = {
    (("REDIRECT_STATUS", "404"), ("REDIRECT_URL", "/no-such-page/")): (
        "soft_404",
        "missing-page",
        "the 404 plugin's answer for an unknown URL (ErrorDocument 404)",
    ),
    (("QUERY_STRING", "do=signin"),): ("soft_401", "signin", "the sign-in page"),
    (("QUERY_STRING", "do=edit&page=notes"),): (
        "soft_401",
        "edit-signin",
        "an anonymous visitor edits a page: sign in",
    ),
    (("QUERY_STRING", "do=prefs"),): (
        "soft_401",
        "prefs-signin",
        "an anonymous visitor opens the preferences: sign in",
    ),
}
# the file ikiwiki wrote -> (label, name, note)
FILES = {
    "index.html": ("ok", "index", "the wiki's front page"),
    "notes/index.html": ("ok", "page", "a page (with a link to a page not yet written)"),
    "recentchanges/index.html": ("ok", "recentchanges", "recent changes"),
    "ikiwiki/formatting/index.html": ("ok", "formatting", "the basewiki's formatting help"),
}
PAGES = {
    "index.mdwn": "Welcome to the harvest wiki.\n\n* [[notes]]\n* [[recentchanges]]\n",
    "notes.mdwn": "Notes from the reading group.\n\nSee also [[MissingTopic]].\n",
}
SETUP = """# IkiWiki::Setup::Yaml - YAML formatted setup file
wikiname: Harvest Wiki
adminuser:
- admin
srcdir: {work}/src
destdir: {work}/public_html
url: http://127.0.0.1:8080
cgiurl: http://127.0.0.1:8080/ikiwiki.cgi
cgi_wrapper: {work}/public_html/ikiwiki.cgi
cgi_wrappermode: '0755'
locale: {locale}
ENV:
  LOCPATH: {locales}
add_plugins:
- goodstuff
- 404
- recentchanges
- passwordauth
disable_plugins:
- openid
rcs: git
git_wrapper: {work}/repo.git/hooks/post-update
"""
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Harvest",
    "GIT_AUTHOR_EMAIL": "h@example.org",
    "GIT_COMMITTER_NAME": "Harvest",
    "GIT_COMMITTER_EMAIL": "h@example.org",
}


def harvest(work: Path) -> list[Page]:
    apt_install(
        "ikiwiki",
        "git",
        "libcgi-session-perl",
        "libcgi-formbuilder-perl",
        "libauthen-passphrase-perl",
        "libcgi-pm-perl",
    )
    source = deb_version("ikiwiki")
    shutil.rmtree(work, ignore_errors=True)
    (work / "src").mkdir(parents=True)
    for name, text in PAGES.items():
        (work / "src" / name).write_text(text)
    locales = work / "locales"
    environment = dict(os.environ, LOCPATH=str(locales), **GIT_IDENTITY)
    subprocess.run(
        ["ikiwiki-makerepo", "git", "src", "repo.git"],
        cwd=work,
        env=environment,
        check=True,
        capture_output=True,
    )
    pages = []
    english: dict[str, bytes] = {}  # name -> the English answer
    for locale, language in LANGUAGES.items():
        _compile_locale(locale, locales)
        setup = work / "wiki.setup"
        setup.write_text(SETUP.format(work=work, locale=locale, locales=locales))
        subprocess.run(
            ["ikiwiki", "--setup", str(setup), "--rebuild"],
            env=environment,
            check=True,
            capture_output=True,
        )
        setting = f"(locale {locale})"
        for variables, (label, name, note) in CGI_REQUESTS.items():
            status, headers, body = _run(work / "public_html" / "ikiwiki.cgi", dict(variables))
            if "html" not in headers.get("content-type", "") or english.get(name) == body:
                continue  # not HTML, or not translated
            english.setdefault(name, body)
            request = " ".join(f"{key}={value}" for key, value in variables)
            how = f"CGI GET ikiwiki.cgi with {request} {setting}"
            pages.append(
                Page(f"{name}.{language}.html", body, source, GROUP, how, language, label, status,
                     note)
            )  # fmt: skip
        if language != "en":
            continue  # the same page in every locale, but for a date's format
        for file, (label, name, note) in FILES.items():
            body = (work / "public_html" / file).read_bytes()
            how = f"the file ikiwiki wrote: {file} {setting}"
            pages.append(
                Page(f"{name}.{language}.html", body, source, GROUP, how, language, label, 200,
                     note)
            )  # fmt: skip
    return pages


def _compile_locale(locale: str, locales: Path) -> None:
    if locale.startswith("C.") or (locales / locale).exists():
        return
    locales.mkdir(parents=True, exist_ok=True)
    name = locale.split(".")[0]
    subprocess.run(
        ["localedef", "-i", name, "-f", "UTF-8", str(locales / locale)],
        check=True,
        capture_output=True,
    )


def _run(cgi: Path, variables: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    """The CGI's answer to one GET: (status, headers, body)."""
    environment = {
        "PATH": "/usr/bin:/bin",
        "GATEWAY_INTERFACE": "CGI/1.1",
        "REQUEST_METHOD": "GET",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8080",
        "HTTP_HOST": "127.0.0.1:8080",
        "SCRIPT_NAME": "/ikiwiki.cgi",
        "QUERY_STRING": "",
        **variables,
    }
    output = subprocess.run([str(cgi)], env=environment, capture_output=True, check=True).stdout
    head, body = re.split(rb"\r?\n\r?\n", output, maxsplit=1)
    headers = {}
    for line in head.decode("latin-1").splitlines():
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    status = int(headers.get("status", "200").split()[0])
    return status, headers, body
