"""Debian lemonldap-ng (LemonLDAP::NG 2.16) run under plackup on 127.0.0.1: the portal
(Lemonldap::NG::Portal::Main) and the manager (Lemonldap::NG::Manager, protected by LLNG's own
handler, `protection = manager`) mounted by host name (auth.example.com, manager.example.com)
in one PSGI application; Debian's lemonldap-ng.ini and its demonstration configuration
(lmConf-1.json: the Demo authentication with its users dwho, rtyler, msmith, the handler's
redirect to the portal's error pages) copied into the work folder, with its sessions, caches
and notifications there too. The requests carry the host name; cookies are kept by hand
(they are set for example.com). The portal's and manager's recommended Perl modules are
installed (the portal does not start without the captcha's GD::SecurityImage and
Image::Magick, or Email::Sender).

Pages: the portal's sign-in page (asked for; where the manager sends a visitor; after a wrong
password: one text, kept once) (soft_401); the portal's "File not found" error page (/lmerror/
404, a visitor and signed in) and the manager's answer to an unknown path ("Bad request",
served 400: the manager has no such page; signed in as its administrator) (soft_404); "You
have no access authorization for this application" (/lmerror/403, where the handler sends a
signed-in user it refuses; a visitor and signed in) and the handler's own 403 answer ("An
error occurs, you're going to be redirected to .../lmerror/403") for msmith on the manager
and on the portal's check-user page, which the demonstration rules keep for the timelords
(one page, kept once) (soft_403); the portal's menu for
msmith and for dwho, the sign-out page, the account-creation form, and dwho's manager pages
(configuration, sessions, notifications) (ok).

Languages: the portal and the manager translate in the browser, by script (the templates carry
English text or nothing in `trspan`/`trmsg` elements; static/languages/*.json hold the
translations): the served HTML is the same in every language, and the pages are kept in
English only (the harvest asks in each language the portal lists and keeps none: not
translated). For the same reason the messages the portal shows in its forms (a wrong
password, a refused redirect, a signed-out session) are empty in the served page: the pages
whose only sign of an error is such a message are left out (a refused redirect URL signed in),
or kept as what they are (the sign-in page after a wrong password is the sign-in page)."""

from __future__ import annotations

import http.client
import re
import shutil
import urllib.parse
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, free_port, running
from bench.harvest.kept_pages import Kept

GROUP = "lemonldap-ng"
PACKAGES = (
    "lemonldap-ng",
    "libgd-securityimage-perl",
    "libimage-magick-perl",
    "libemail-sender-perl",
    "libplack-perl",
    *("libapache-session-browseable-perl", "libconvert-base32-perl", "libmime-tools-perl"),
    *("libio-string-perl", "libipc-run-perl", "libnet-ldap-perl", "libstring-random-perl"),
    *("libunicode-string-perl", "libxml-simple-perl", "libcrypt-openssl-bignum-perl"),
)
PORTAL = "http://auth.example.com"
MANAGER = "http://manager.example.com"
# the languages of lemonldap-ng.ini's [portal] section
LANGUAGES = ("en", "fr", "vi", "it", "ar", "de", "fi", "tr", "pl", "zh-TW", "es", "pt-BR", "he")
PSGI = """use Plack::Builder;
use Lemonldap::NG::Portal::Main;
use Lemonldap::NG::Manager;
my $portal  = Lemonldap::NG::Portal::Main->run( {} );
my $manager = Lemonldap::NG::Manager->run( {} );
builder {
    mount "http://auth.example.com/"    => $portal;
    mount "http://manager.example.com/" => $manager;
};
"""
# (user or None for a visitor, URL, label, name, note)
REQUESTS = (
    (None, f"{PORTAL}/", "soft_401", "sign-in", "the portal's sign-in page, asked for"),
    (
        None,
        f"{MANAGER}/manager.html",
        "soft_401",
        "sign-in-from-manager",
        "a visitor opens the manager: sent to the portal's sign-in page",
    ),
    (None, f"{PORTAL}/register", "ok", "register", "the account-creation form"),
    (
        None,
        f"{PORTAL}/lmerror/404",
        "soft_404",
        "error-404",
        "the portal's 'File not found' error page",
    ),
    (
        None,
        f"{PORTAL}/lmerror/403",
        "soft_403",
        "error-403-visitor",
        "the portal's 'You have no access authorization for this application' page, a visitor",
    ),
    ("msmith", f"{PORTAL}/", "ok", "menu-msmith", "the portal's menu, signed in as msmith"),
    (
        "msmith",
        f"{PORTAL}/lmerror/404",
        "soft_404",
        "error-404-signed-in",
        "the portal's 'File not found' error page, signed in",
    ),
    (
        "msmith",
        f"{PORTAL}/lmerror/403",
        "soft_403",
        "error-403",
        "'You have no access authorization for this application': where the handler sends a"
        " signed-in user it refuses",
    ),
    (
        "msmith",
        f"{MANAGER}/manager.html",
        "soft_403",
        "manager-denied",
        "the manager for msmith, whom its rules refuse: the handler's 403 page (redirecting to"
        " /lmerror/403)",
    ),
    (
        "msmith",
        f"{PORTAL}/checkuser",
        "soft_403",
        "checkuser-denied",
        "the check-user page for msmith (the rules keep it for the timelords): the handler's 403"
        " page",
    ),
    (
        "dwho",
        f"{PORTAL}/",
        "ok",
        "menu-dwho",
        "the portal's menu, signed in as dwho (an administrator)",
    ),
    ("dwho", f"{MANAGER}/manager.html", "ok", "manager", "the manager's configuration page (dwho)"),
    (
        "dwho",
        f"{MANAGER}/sessions.html",
        "ok",
        "sessions",
        "the manager's sessions explorer (dwho)",
    ),
    (
        "dwho",
        f"{MANAGER}/notifications.html",
        "ok",
        "notifications",
        "the manager's notifications explorer (dwho)",
    ),
    (
        "dwho",
        f"{MANAGER}/no-such-page.html",
        "soft_404",
        "manager-unknown-path",
        "an unknown path of the manager, signed in as its administrator: 'Bad request' (400; the"
        " manager's router answers every path it has no route for so)",
    ),
    ("dwho", f"{PORTAL}/?logout=1", "ok", "signed-out", "the sign-out page (dwho signs out)"),
)


def harvest(work: Path) -> list[Page]:
    apt_install(*PACKAGES)
    source = f"{deb_version('lemonldap-ng')}, {deb_version('liblemonldap-ng-portal-perl')}"
    shutil.rmtree(work, ignore_errors=True)
    _configure(work)
    port = free_port()
    command = ["plackup", "-E", "deployment", "--host", "127.0.0.1", "-p", str(port)]
    environment = {"PATH": "/usr/bin:/bin", "LLNG_DEFAULTCONFFILE": str(work / "lemonldap-ng.ini")}
    with running([*command, str(work / "llng.psgi")], port, work / "plackup.log", env=environment):
        # the menu's login history grows by a row (an address) at every sign-in
        found = Kept(GROUP, source, noise=r"\b127\.0\.0\.1\b")
        for language in LANGUAGES:
            _pages(found, port, language)
    return found.pages


def _configure(work: Path) -> None:
    for folder in ("conf", "cache", "sessions/lock", "psessions/lock", "notifications"):
        (work / folder).mkdir(parents=True)
    config = Path("/var/lib/lemonldap-ng/conf/lmConf-1.json").read_text()
    (work / "conf/lmConf-1.json").write_text(config.replace("/var/lib/lemonldap-ng", str(work)))
    ini = Path("/etc/lemonldap-ng/lemonldap-ng.ini").read_text()
    ini = ini.replace("/var/lib/lemonldap-ng", str(work))
    (work / "lemonldap-ng.ini").write_text(re.sub(r"(?m)^logLevel\s*=.*$", "logLevel = error", ini))
    (work / "llng.psgi").write_text(PSGI)


def _pages(found: Kept, port: int, language: str) -> None:
    visitor = _Browser(port, language)
    users = {"msmith": _Browser(port, language), "dwho": _Browser(port, language)}
    for name, browser in users.items():
        status, url, _, body = browser.sign_in(name, name)
        if b"Connected as" not in body:
            raise RuntimeError(f"{name} could not sign in ({status} {url})")
    for user, url, label, name, note in REQUESTS:
        browser = users[user] if user else visitor
        status, final, kind, body = browser.get(url)
        how = f"GET {url} ({f'signed in as {user}' if user else 'a visitor'}, Accept-Language:"
        how += f" {language})"
        if final != url:
            how += f"; redirected to {final.split('?')[0]}"
        found.keep(name, language, body, status, kind, label, how, note)

    wrong = _Browser(port, language)
    status, url, kind, body = wrong.sign_in("rtyler", "not-the-password")
    found.keep(
        "sign-in-failed",
        language,
        body,
        status,
        kind,
        "soft_401",
        f"POST {PORTAL}/ with a wrong password (Accept-Language: {language})",
        "the sign-in page after a wrong password (its message is drawn by script)",
    )


class _Browser:
    """Requests to the one server with the site's host name; redirects followed; cookies
    kept whatever their domain (they are the site's)."""

    def __init__(self, port: int, language: str) -> None:
        self.port, self.language = port, language
        self.cookies: dict[str, str] = {}

    def sign_in(self, user: str, password: str):
        _, _, _, page = self.get(f"{PORTAL}/")
        token = re.search(rb'name="token" value="([^"]*)"', page)
        fields = {"user": user, "password": password, "skin": "bootstrap", "url": ""}
        if token:
            fields["token"] = token.group(1).decode()
        return self.get(f"{PORTAL}/", urllib.parse.urlencode(fields).encode())

    def get(self, url: str, data: bytes | None = None) -> tuple[int, str, str, bytes]:
        for _ in range(8):
            parts = urllib.parse.urlsplit(url)
            headers = {
                "Host": parts.hostname,
                "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) gatewatch-harvest",
                "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
                "Accept-Language": self.language,
            }
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            if data is not None:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            connection.request("POST" if data is not None else "GET", target, data, headers)
            response = connection.getresponse()
            body = response.read()
            connection.close()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";")[0]
            location = response.getheader("Location")
            if response.status in (301, 302, 303, 307) and location:
                url, data = urllib.parse.urljoin(url, location), None
                continue
            return response.status, url, response.getheader("Content-Type") or "", body
        raise RuntimeError(f"too many redirects from {url}")
