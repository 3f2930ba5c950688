"""Debian cups: cupsd on 127.0.0.1 with a configuration of its own (a private server root,
state and logs; the web interface on; /admin asks for Basic authentication), no printer:
its "Not Found" page (404) and its "Unauthorized" page (401, asks for a user name and
password) in every language CUPS has messages for, the web interface's pages (home,
printers, classes, jobs, help, a help search with results) in every language it has
templates for, and help pages on security, authentication and policies (English).

Left out: a 403 page (cupsd always lets a local client through Allow/Deny, and a signed-in
user without the right group would need a system account), /printers/NAME for a printer
that does not exist (the printer page with its fields unfilled, not a not-found page)."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "cups"
SHARE = Path("/usr/share/cups")
FILES = """ServerRoot {work}/etc
RequestRoot {work}/spool
CacheDir {work}/cache
StateDir {work}/state
TempDir {work}/tmp
AccessLog {work}/log/access_log
ErrorLog {work}/log/error_log
PageLog {work}/log/page_log
SystemGroup lpadmin
"""
CONFIG = """Listen 127.0.0.1:{port}
WebInterface Yes
LogLevel warn
Browsing No
DefaultAuthType Basic
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  AuthType Basic
  Require user @SYSTEM
  Order allow,deny
  Allow all
</Location>
"""
# path -> (label, name, note): cupsd's own answers, in the languages of its messages
ERRORS = {
    "/no-such-page": ("soft_404", "not-found", "cupsd's Not Found page"),
    "/admin": ("soft_401", "unauthorized", "cupsd's Unauthorized page (asks for credentials)"),
}
# the web interface, in the languages of its templates
INTERFACE = {
    "/": ("ok", "home", "the home page"),
    "/printers/": ("ok", "printers", "the printers list (no printer)"),
    "/classes/": ("ok", "classes", "the classes list (no class)"),
    "/jobs/": ("ok", "jobs", "the jobs list (no job)"),
    "/help/": ("ok", "help", "the help index"),
    "/help/?QUERY=password": ("ok", "help-search", "a help search with results"),
}
# help pages that talk about authentication and permissions (English only)
HELP = {
    "/help/security.html": ("ok", "help-security", "help: server security"),
    "/help/policies.html": ("ok", "help-policies", "help: managing operation policies"),
    "/help/kerberos.html": ("ok", "help-kerberos", "help: using Kerberos authentication"),
    "/help/encryption.html": ("ok", "help-encryption", "help: managing encryption"),
    "/help/man-cupsd.conf.html": ("ok", "help-cupsd-conf", "help: cupsd.conf (Require, Auth)"),
}


def harvest(work: Path) -> list[Page]:
    apt_install("cups")
    source = deb_version("cups")
    shutil.rmtree(work, ignore_errors=True)
    for folder in ("etc", "spool", "cache", "state", "tmp", "log"):
        (work / folder).mkdir(parents=True)
    port = free_port()
    (work / "etc/cups-files.conf").write_text(FILES.format(work=work))
    (work / "etc/cupsd.conf").write_text(CONFIG.format(port=port))
    command = [
        *("cupsd", "-f", "-c", str(work / "etc/cupsd.conf")),
        *("-s", str(work / "etc/cups-files.conf")),
    ]
    asked = [(ERRORS, language) for language in ("en", *_languages("locale"))]
    asked += [(INTERFACE, language) for language in ("en", *_languages("templates"))]
    asked.append((HELP, "en"))
    pages = []
    with running(command, port, work / "server.log"):
        english = {path: _page_text(port, path, "en") for path in ERRORS}
        for requests, language in asked:
            for path, (label, name, note) in requests.items():
                status, headers, body = fetch(f"http://127.0.0.1:{port}{path}", language)
                if "html" not in headers.get("content-type", "text/html"):
                    continue
                if language != "en" and english.get(path) == body:
                    continue  # no message of this language: the English page again
                pages.append(
                    Page(
                        f"{name}.{language.lower()}.html",
                        body,
                        source,
                        GROUP,
                        f"GET {path} Accept-Language: {language}",
                        language.lower(),
                        label,
                        status,
                        note,
                    )
                )
    return pages


def _languages(folder: str) -> list[str]:
    """The languages CUPS ships a folder of `folder` for (pt_BR written pt-BR)."""
    return sorted(
        path.name.replace("_", "-")
        for path in (SHARE / folder).iterdir()
        if path.is_dir() and path.name != "en"
    )


def _page_text(port: int, path: str, language: str) -> bytes:
    return fetch(f"http://127.0.0.1:{port}{path}", language)[2]
