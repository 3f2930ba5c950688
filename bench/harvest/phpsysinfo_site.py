"""Debian phpsysinfo (phpSysInfo 3.4.2, a system information page, PHP) under PHP's built-in
server on 127.0.0.1, on Debian's /usr/share/phpsysinfo, reading a phpsysinfo.ini of ours (a
copy of Debian's /etc/phpsysinfo/phpsysinfo.ini with its settings changed, named by the
PSI_CONFIG_FILE_PATH constant an auto_prepend_file defines: the package's file is not
touched). phpSysInfo has no users and no sign-in; its one access control is ALLOWED, the
client addresses it answers.

Pages: with ALLOWED naming an address that is not ours, "Client IP address (127.0.0.1) not
allowed." for each view and for xml.php, and "Client IP wrong address (...). Client not
allowed." when an X-Forwarded-For header carries no address (soft_403); with ALLOWED off or
naming 127.0.0.1, the redirection page of the home page, the static view (phpSysInfo's
XSLT), the dynamic and bootstrap views (their JavaScript fills them in), each by ?disp=, the
static view with the plugins that run here switched on, the bootstrap view in each template
(ok). All served with 200. Numbers aside (uptime, load, addresses), the refusals of every
view are one text and the templates' and plugins' views are their view's text: each is kept
once. The views' languages (?lang=, 38 of them) are filled in by JavaScript from XML: every
HTML page's text is English's, so each is kept once, in English.

Left out: xml.php and the JSON view (no HTML), the error page for a phpsysinfo.ini that is
missing or unreadable (a configuration error, neither a refusal nor a missing page), a page
that does not exist (PHP's built-in server answers, not phpSysInfo)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, range_port, running
from bench.harvest.web_session import Keeper, Session

GROUP = "phpsysinfo"
PORTS = range(18700, 18750)  # this harvester's range (the machine is shared)
SHARE = Path("/usr/share/phpsysinfo")
LANGUAGES = sorted(path.stem for path in (SHARE / "language").glob("*.xml"))
PLUGINS = "PS,PSStatus,Quotas,UpdateNotifier,Uprecords,PingTest"
TEMPLATES = ("phpsysinfo", "dark", "green", "schabau")
# what changes at every request: uptime, load, memory, times, counts
VOLATILE = re.compile(r"\d[\d.,:%]*")
# the setting of ALLOWED -> its requests: (path, extra headers, label, name, note)
SETTINGS = {
    "false": (
        ("/", None, "ok", "home", "the home page: phpSysInfo's redirection to a view"),
        ("/index.php?disp=static", None, "ok", "static", "the static view (XSLT)"),
        ("/index.php?disp=dynamic", None, "ok", "dynamic", "the dynamic view"),
        ("/index.php?disp=bootstrap", None, "ok", "bootstrap", "the bootstrap view"),
    ),
    '"127.0.0.1"': (
        ("/index.php?disp=static", None, "ok", "static-allowed",
         "the static view, ALLOWED naming 127.0.0.1"),
    ),
    '"192.0.2.10, 198.51.100.0/24"': (
        ("/", None, "soft_403", "home-not-allowed",
         "ALLOWED names other addresses: 'Client IP address (127.0.0.1) not allowed.'"),
        ("/index.php?disp=static", None, "soft_403", "static-not-allowed",
         "the static view, ALLOWED names other addresses"),
        ("/index.php?disp=bootstrap", None, "soft_403", "bootstrap-not-allowed",
         "the bootstrap view, ALLOWED names other addresses"),
        ("/xml.php", None, "soft_403", "xml-not-allowed",
         "xml.php, ALLOWED names other addresses (its refusal is HTML)"),
        ("/", {"X-Forwarded-For": "192.0.2.77"}, "soft_403", "forwarded-not-allowed",
         "a forwarded client ALLOWED does not name: 'Client IP address (192.0.2.77) not"
         " allowed.'"),
        ("/", {"X-Forwarded-For": "unknown"}, "soft_403", "forwarded-wrong-address",
         "X-Forwarded-For without an address: 'Client IP wrong address (unknown). Client not"
         " allowed.'"),
    ),
}  # fmt: skip


def harvest(work: Path) -> list[Page]:
    apt_install("phpsysinfo", "php8.2-cli", "php8.2-xsl", "php8.2-xml")
    source = f"{deb_version('phpsysinfo')}, {deb_version('php8.2-cli')}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    settings = work / "phpsysinfo.ini"
    prepend = work / "prepend.php"
    prepend.write_text(f"<?php define('PSI_CONFIG_FILE_PATH', '{settings}');\n")
    port = range_port(PORTS, 0)
    found = Keeper(GROUP, source, VOLATILE)
    command = ["php", "-S", f"127.0.0.1:{port}", "-t", str(SHARE),
               "-d", f"auto_prepend_file={prepend}"]  # fmt: skip
    with running(command, port, work / "php.log"):
        for allowed, requests in SETTINGS.items():
            _configure(settings, allowed, "false")
            for path, headers, label, name, note in requests:
                _ask(found, port, path, headers, label, name, note)
        _configure(settings, "false", PLUGINS)
        _ask(found, port, "/index.php?disp=static", None, "ok", "static-plugins",
             f"the static view with plugins {PLUGINS}")  # fmt: skip
        _configure(settings, "false", "false")
        for template in TEMPLATES:
            _ask(found, port, f"/index.php?disp=bootstrap&template={template}", None, "ok",
                 f"bootstrap-{template}", f"the bootstrap view, template {template}")  # fmt: skip
        for language in (language for language in LANGUAGES if language != "en"):
            for view in ("dynamic", "bootstrap", "static"):
                path = f"/index.php?disp={view}&lang={language}"
                _ask(found, port, path, None, "ok", view, f"the {view} view, ?lang={language}",
                     language)  # fmt: skip
    return found.pages


def _ask(found: Keeper, port: int, path: str, headers, label, name, note, language="en"):
    status, _, kind, body = Session(f"http://127.0.0.1:{port}", language).get(path, None, headers)
    if status != 200:
        raise RuntimeError(f"GET {path} answered {status}")
    how = f"GET {path}" + "".join(f" ({key}: {value})" for key, value in (headers or {}).items())
    found.keep(name, body, status, label, language, how + " (no sign-in in phpSysInfo)", note, kind)


def _configure(settings: Path, allowed: str, plugins: str) -> None:
    """Debian's phpsysinfo.ini with ALLOWED and PLUGINS set."""
    text = Path("/etc/phpsysinfo/phpsysinfo.ini").read_text()
    text = re.sub(r"(?m)^ALLOWED=.*$", f"ALLOWED={allowed}", text)
    text = re.sub(r"(?m)^PLUGINS=.*$", f'PLUGINS="{plugins}"' if plugins != "false"
                  else "PLUGINS=false", text)  # fmt: skip
    settings.write_text(text)
