"""Debian's Request Tracker 5 with a configuration and an SQLite database of its own
(RT_SITE_CONFIG, RT_SITE_CONFIG_DIR; `rt-setup-database --action init`), served by its
standalone server (rt-server) on 127.0.0.1: a ticket in the General queue, the superuser
root and a privileged user ("reader") with no rights, the interface language chosen by
Accept-Language (no user has a language of their own). Pages: the sign-in page (asked for,
the start page of a visitor, and where a deep link sends a visitor); a ticket that does not
exist and a page RT does not have (404); the "permission denied" pages (403) the reader gets
for the ticket; healthy pages. A page is kept in a language only where its text differs from
the English page's."""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "rt"
PASSWORD = "harvest-only-password-42"
SERVER = Path("/usr/share/request-tracker5/libexec/rt-server")
# Accept-Language (one of RT's translations) -> the language recorded
ERROR_LANGUAGES = {
    "en": "en",
    "de": "de",
    "fr": "fr",
    "es": "es",
    "it": "it",
    "pt-BR": "pt-br",
    "nl": "nl",
    "pl": "pl",
    "cs": "cs",
    "fi": "fi",
    "hu": "hu",
    "ru": "ru",
    "tr": "tr",
    "ja": "ja",
    "zh-CN": "zh-cn",
}
HEALTHY_LANGUAGES = ("en", "de", "fr", "ru", "ja", "pt-BR")
# path -> (label, name, note, who: "" for a visitor, "root" or "reader")
ERRORS = {
    "/NoAuth/Login.html": ("soft_401", "login", "the sign-in page", ""),
    "/": ("soft_401", "login-start", "a visitor's start page: the sign-in page", ""),
    "/Ticket/Display.html?id=1": (
        "soft_401",
        "login-deep-link",
        "a visitor opens a ticket: sent to the sign-in page (302), which is kept",
        "",
    ),
    "/Ticket/Display.html?id=999": (
        "soft_404",
        "missing-ticket",
        "ticket 999 does not exist (404), the superuser asks",
        "root",
    ),
    "/No/Such/Page.html": ("soft_404", "no-such-page", "a page RT does not have (404)", "root"),
    "/Ticket/Display.html?id=1#reader": (
        "soft_403",
        "permission-denied-ticket",
        "the reader (no rights) opens the ticket (403)",
        "reader",
    ),
    "/Ticket/History.html?id=1": (
        "soft_403",
        "permission-denied-history",
        "the reader (no rights) opens the ticket's history (403)",
        "reader",
    ),
    "/Ticket/Modify.html?id=1": (
        "soft_403",
        "permission-denied-modify",
        "the reader (no rights) opens the ticket's basics form (403)",
        "reader",
    ),
}
HEALTHY = {
    "/": ("ok", "home", "the superuser's home page", "root"),
    "/Ticket/Display.html?id=1": ("ok", "ticket", "a ticket", "root"),
    "/Search/Results.html?Query=id%3E0": ("ok", "search", "a search with results", "root"),
    "/Search/Simple.html?q=printer": (
        "ok",
        "simple-search",
        "a simple search with results",
        "root",
    ),
    "/#reader": ("ok", "reader-home", "the reader's home page (no rights, no tickets)", "reader"),
}
CONFIG = """
Set($rtname, 'harvest.example');
Set($Organization, 'harvest.example');
Set($CorrespondAddress, 'rt@harvest.example');
Set($CommentAddress, 'rt-comment@harvest.example');
Set($Timezone, 'UTC');
Set($DatabaseType, 'SQLite');
Set($DatabaseName, '{work}/rt.db');
Set($WebDomain, '127.0.0.1');
Set($WebPort, {port});
Set($WebPath, '');
Set($LogToSyslog, undef);
Set($LogToSTDERR, 'warning');
$RT::MasonDataDir = '{work}/mason';
$RT::MasonSessionDir = '{work}/sessions';
1;
"""
SETUP = """
use strict;
use lib '/usr/share/request-tracker5/lib';
use RT;
RT::LoadConfig();
RT::Init();
my $password = '{password}';
my $root = RT::User->new(RT->SystemUser);
$root->Load('root');
my ($ok, $message) = $root->SetPassword($password);
die $message unless $ok;
my $reader = RT::User->new(RT->SystemUser);
($ok, $message) = $reader->Create(Name => 'reader', Password => $password, Privileged => 1,
    EmailAddress => 'reader@example.com', RealName => 'Rita Reader');
die $message unless $ok;
my $ticket = RT::Ticket->new(RT->SystemUser);
my ($id, $transaction, $error) = $ticket->Create(Queue => 'General',
    Subject => 'The second floor printer jams on duplex jobs',
    Requestor => ['customer@example.com'], Owner => 'root',
    MIMEObj => MIME::Entity->build(Type => 'text/plain', Charset => 'UTF-8',
        Data => ["Every duplex job longer than ten pages jams in tray 2.\\n"]));
die $error unless $id == 1;
"""


def harvest(work: Path) -> list[Page]:
    apt_install("request-tracker5", "rt5-db-sqlite", "rt5-standalone")
    source = f"{deb_version('request-tracker5')} under rt-server, SQLite"
    shutil.rmtree(work, ignore_errors=True)
    for folder in ("config.d", "mason", "sessions"):
        (work / folder).mkdir(parents=True)
    port = free_port()
    (work / "RT_SiteConfig.pm").write_text(CONFIG.format(work=work, port=port))
    (work / "setup.pl").write_text(SETUP.replace("{password}", PASSWORD))
    environment = dict(
        os.environ,
        RT_SITE_CONFIG=str(work / "RT_SiteConfig.pm"),
        RT_SITE_CONFIG_DIR=str(work / "config.d"),
    )
    for command in (
        ["/usr/sbin/rt-setup-database-5", "--action", "init", "--skip-create"],
        ["perl", "setup.pl"],
    ):
        subprocess.run(command, cwd=work, env=environment, check=True, capture_output=True)
    command = [str(SERVER), "--server", "Standalone", "--host", "127.0.0.1", "--port", str(port)]
    pages = []
    with running(command, port, work / "server.log", cwd=work, env=environment):
        cookies = {"": "", "root": _sign_in(port, "root"), "reader": _sign_in(port, "reader")}
        for requests, languages in ((ERRORS, ERROR_LANGUAGES), (HEALTHY, HEALTHY_LANGUAGES)):
            english: dict[str, str] = {}  # name -> the English page's text
            for language in languages:
                code = ERROR_LANGUAGES[language]
                for key, (label, name, note, who) in requests.items():
                    path = key.split("#")[0]
                    status, body, how = _get(port, path, language, cookies[who])
                    if english.setdefault(name, _text(body)) == _text(body) and code != "en":
                        continue  # not translated
                    how += f" (signed in as {who})" if who else " (not signed in)"
                    pages.append(
                        Page(f"{name}.{code}.html", body, source, GROUP, how, code, label,
                             status, note)
                    )  # fmt: skip
    return pages


def _get(port: int, path: str, language: str, cookie: str) -> tuple[int, bytes, str]:
    """(status, body, how) of a page; a redirect to the sign-in page is followed once."""
    headers = {"Cookie": cookie} if cookie else {}
    status, answer, body = fetch(f"http://127.0.0.1:{port}{path}", language, headers, 60)
    how = f"GET {path} Accept-Language: {language}"
    if status == 302 and "/NoAuth/Login.html" in answer.get("location", ""):
        status, answer, body = fetch(answer["location"], language, headers, 60)
        how += ", then the sign-in page it redirects to"
    if "html" not in answer.get("content-type", "") or not body.strip():
        raise RuntimeError(f"{path} answered {status} {answer.get('content-type')}")
    return status, body, how


def _sign_in(port: int, user: str) -> str:
    """The user's session cookie, as a Cookie header."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    fields = urllib.parse.urlencode({"user": user, "pass": PASSWORD}).encode()
    opener.open(f"http://127.0.0.1:{port}/NoAuth/Login.html", fields, 60).read()
    cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)
    status, _, _ = fetch(f"http://127.0.0.1:{port}/Prefs/Other.html", None, {"Cookie": cookies})
    if status != 200:
        raise RuntimeError(f"{user} could not sign in (/Prefs/Other.html answered {status})")
    return cookies


def _text(body: bytes) -> str:
    """What a reader sees of a page (and its title): no tags, scripts or styles."""
    text = re.sub(rb"(?s)<(script|style)\b.*?</\1>|<[^>]+>", b" ", body)
    return " ".join(text.decode("utf-8", "replace").split())
