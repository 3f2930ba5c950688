"""Debian ldap-account-manager (LDAP Account Manager 8, PHP): a private copy of Debian's install
(its configuration folder copied in, the server profile "lam" pointed at our LDAP server)
under PHP's built-in server, over a slapd of our own (Debian slapd, a private slapd.conf and
database on a free port; the directory LAM's default profile expects, dc=my-domain,dc=com,
with one user and one group). The interface language is the one LAM's sign-in page offers
(its `lam_last_language` cookie, or the language field of the sign-in form), for each of the
14 languages Debian's LAM lists, with the glibc locales it needs built into the work folder
(LOCPATH).

Not signed in: the sign-in page, the sign-in page after an expired session ("Your session
expired, please log in again.") and after a wrong password ("Wrong password/user name
combination.", answered with status 403), "Your session expired, click here to go back to the
login page." (what a deep link into the accounts answers), the server-profile and main-
configuration password forms (soft_401); the configuration overview and a help page (healthy).
Signed in as the directory's manager: "Unable to read the LDAP entry ... No such object" for an
account that does not exist (soft_404); the user and group lists, a user's account page, the OU
editor, server information, the schema browser (healthy).

A page is kept in a language only where its text differs from the English page's. LAM (the
free edition) has no access-denied page of its own; its unknown URLs get PHP's built-in
server's 404 (not LAM's: left out)."""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "ldap-account-manager"
INSTALL = Path("/usr/share/ldap-account-manager")
SUFFIX = "dc=my-domain,dc=com"
MANAGER = f"cn=Manager,{SUFFIX}"
SECRET = "harvest-secret-42"
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) gatewatch-harvest"
SLAPD_CONF = """include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/nis.schema
include /etc/ldap/schema/inetorgperson.schema
pidfile {work}/slapd.pid
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
suffix "{suffix}"
rootdn "{manager}"
rootpw {secret}
directory {work}/ldap-db
"""
DIRECTORY = """dn: {suffix}
objectClass: dcObject
objectClass: organization
o: My Domain
dc: my-domain

dn: ou=People,{suffix}
objectClass: organizationalUnit
ou: People

dn: ou=group,{suffix}
objectClass: organizationalUnit
ou: group

dn: uid=alice,ou=People,{suffix}
objectClass: inetOrgPerson
objectClass: posixAccount
uid: alice
cn: Alice Example
givenName: Alice
sn: Example
uidNumber: 10001
gidNumber: 10000
homeDirectory: /home/alice
loginShell: /bin/bash

dn: cn=staff,ou=group,{suffix}
objectClass: posixGroup
cn: staff
gidNumber: 10000
memberUid: alice
"""
ALICE = urllib.parse.quote(f"uid=alice,ou=People,{SUFFIX}")
NOBODY = urllib.parse.quote(f"uid=nobody,ou=People,{SUFFIX}")
# path -> (label, name, note)
VISITOR = {
    "/templates/login.php": ("soft_401", "sign-in", "the sign-in page"),
    "/templates/login.php?expired=yes": (
        "soft_401",
        "sign-in-expired",
        "the sign-in page a deep link leads to: 'Your session expired, please log in again.'",
    ),
    f"/templates/account/edit.php?type=user&DN={ALICE}": (
        "soft_401",
        "session-expired",
        "an account's page, not signed in: 'Your session expired, click here to go back to"
        " the login page.'",
    ),
    "/templates/config/conflogin.php": (
        "soft_401",
        "profile-config-sign-in",
        "the password form for changing a server profile",
    ),
    "/templates/config/mainlogin.php": (
        "soft_401",
        "main-config-sign-in",
        "the master-password form for changing the general settings",
    ),
    "/templates/config/index.php": ("ok", "config-overview", "the configuration overview"),
    "/templates/help.php?module=main&HelpNumber=201": ("ok", "help", "a help page"),
}
SIGNED_IN = {
    f"/templates/account/edit.php?type=user&DN={NOBODY}": (
        "soft_404",
        "no-such-account",
        "an account that does not exist: 'Unable to read the LDAP entry ... No such object'",
    ),
}
SIGNED_IN_HEALTHY = {
    "/templates/lists/list.php?type=user": ("ok", "users", "the user list"),
    "/templates/lists/list.php?type=group": ("ok", "groups", "the group list"),
    f"/templates/account/edit.php?type=user&DN={ALICE}": ("ok", "account", "a user's page"),
    "/templates/tools/ou_edit.php": ("ok", "ou-editor", "the OU editor"),
    "/templates/tools/serverInfo.php": ("ok", "server-info", "server information"),
    "/templates/schema/schema.php": ("ok", "schema", "the schema browser"),
}
HEALTHY_LANGUAGES = ("en_GB", "de_DE", "fr_FR", "es_ES", "ja_JP", "pt_BR")
TAGS = {"en_GB": "en", "en_US": "en-us", "pt_BR": "pt-br", "zh_CN": "zh-cn", "zh_TW": "zh-tw"}


def harvest(work: Path) -> list[Page]:
    apt_install("ldap-account-manager", "slapd", "ldap-utils", "php-cli", "php-ldap", "locales")
    source = f"{deb_version('ldap-account-manager')} under PHP's built-in server, " + deb_version(
        "slapd"
    )
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    lam = work / "lam"
    subprocess.run(["cp", "-rL", str(INSTALL), str(lam)], check=True)
    codes = _languages(lam)
    locales = _build_locales(work, codes)
    (work / "ldap-db").mkdir()
    (work / "slapd.conf").write_text(
        SLAPD_CONF.format(work=work, suffix=SUFFIX, manager=MANAGER, secret=SECRET)
    )
    ldap_port = free_port()
    profile = lam / "config" / "lam.conf"
    text = profile.read_text()
    if "ServerURL: ldap://localhost:389" not in text or SUFFIX not in text:
        raise RuntimeError(f"{profile} is not the default profile this harvest expects")
    profile.write_text(
        text.replace("ServerURL: ldap://localhost:389", f"ServerURL: ldap://127.0.0.1:{ldap_port}")
    )
    slapd = ["slapd", "-f", str(work / "slapd.conf"), "-h", f"ldap://127.0.0.1:{ldap_port}/"]
    port = free_port()
    php = ["php", "-S", f"127.0.0.1:{port}", "-t", str(lam)]
    pages: list[Page] = []
    english: dict[str, str] = {}
    with running([*slapd, "-d", "0"], ldap_port, work / "slapd.log"):
        subprocess.run(
            [
                *("ldapadd", "-x", "-H", f"ldap://127.0.0.1:{ldap_port}"),
                *("-D", MANAGER, "-w", SECRET),
            ],
            input=DIRECTORY.format(suffix=SUFFIX).encode(),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        environment = dict(os.environ, LOCPATH=str(locales))
        with running(php, port, work / "php.log", cwd=lam, env=environment):
            for code in ["en_GB", *(code for code in codes if code != "en_GB")]:
                take = {"port": port, "code": code, "english": english, "source": source}
                cookie = f"lam_last_language={code}.utf8"
                pages += _take(requests=VISITOR, opener=None, cookie=cookie, **take)
                pages += _wrong_password(port, code, english, source)
                opener = _sign_in(port, code, SECRET)
                pages += _take(requests=SIGNED_IN, opener=opener, cookie="", **take)
                if code in HEALTHY_LANGUAGES:
                    pages += _take(requests=SIGNED_IN_HEALTHY, opener=opener, cookie="", **take)
    return pages


def _take(
    port: int,
    code: str,
    requests: dict,
    opener,
    cookie: str,
    english: dict[str, str],
    source: str,
) -> list[Page]:
    language = TAGS.get(code, code.split("_")[0])
    pages = []
    for path, (label, name, note) in requests.items():
        url = f"http://127.0.0.1:{port}{path}"
        if opener is None:
            status, answer, body = fetch(url, None, {"Cookie": cookie}, 60)
            content_type = answer.get("content-type", "")
        else:
            with opener.open(url, timeout=60) as response:
                status, body = response.status, response.read()
                content_type = response.headers.get("Content-Type", "")
                if response.geturl() != url:
                    raise RuntimeError(f"{path} ({code}) sent the browser to {response.geturl()}")
        if status != 200 or "html" not in content_type:
            raise RuntimeError(f"{path} ({code}) answered {status}: {body[:300]!r}")
        if opener is not None and (b'name="passwd"' in body or b"session expired" in body):
            raise RuntimeError(f"{path} ({code}) signed in answered the sign-in form")
        if english.setdefault(name, _text(body)) == _text(body) and language != "en":
            continue  # not translated
        if opener is None:
            how = f"GET {path} Cookie: {cookie} (not signed in)"
        else:
            how = f"GET {path} (signed in as {MANAGER}, language {code}.utf8)"
        pages.append(
            Page(f"{name}.{language}.html", body, source, GROUP, how, language, label, status,
                 note)
        )  # fmt: skip
    return pages


def _login_form(code: str, password: str) -> bytes:
    return urllib.parse.urlencode(
        {
            "username": MANAGER,
            "passwd": password,
            "language": f"{code}.utf8",
            "checklogin": "checklogin",
        }
    ).encode()


def _opener() -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    opener.addheaders = [("User-Agent", USER_AGENT)]
    return opener


def _sign_in(port: int, code: str, password: str) -> urllib.request.OpenerDirector:
    """A browser (cookie jar) signed in as the directory's manager, in language `code`."""
    opener = _opener()
    login = f"http://127.0.0.1:{port}/templates/login.php"
    opener.open(login, timeout=60).read()
    with opener.open(login, _login_form(code, password), timeout=60) as response:
        if "/templates/login.php" in response.geturl():
            raise RuntimeError(f"signing in ({code}) failed")
    return opener


def _wrong_password(port: int, code: str, english: dict[str, str], source: str) -> list[Page]:
    """The sign-in page after a wrong password (a fresh browser, the form posted once)."""
    language = TAGS.get(code, code.split("_")[0])
    opener = _opener()
    login = f"http://127.0.0.1:{port}/templates/login.php"
    opener.open(login, timeout=60).read()
    try:
        response = opener.open(login, _login_form(code, "wrong-password"), timeout=60)
    except urllib.error.HTTPError as error:  # LAM answers a wrong password with 403
        response = error
    with response:
        status, body = response.status, response.read()
        if response.geturl() != login or status not in (200, 403):
            raise RuntimeError(f"a wrong password ({code}) answered {status} {response.geturl()}")
    if b'name="passwd"' not in body:
        raise RuntimeError(f"a wrong password ({code}) answered no sign-in form")
    name = "wrong-password"
    if english.setdefault(name, _text(body)) == _text(body) and language != "en":
        return []
    how = f"POST /templates/login.php with a wrong password, language {code}.utf8"
    note = "the sign-in page after a wrong password"
    return [
        Page(f"{name}.{language}.html", body, source, GROUP, how, language, "soft_401", status,
             note)
    ]  # fmt: skip


def _languages(lam: Path) -> list[str]:
    """The languages LAM offers (the lines of its language file not commented out)."""
    codes = []
    for line in (lam / "config" / "language").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            codes.append(line.split(":")[0].removesuffix(".utf8"))
    return codes


def _build_locales(work: Path, codes: list[str]) -> Path:
    """The glibc locales LAM sets, built into the work folder (read through LOCPATH)."""
    locales = work / "glibc-locales"
    locales.mkdir()
    for code in codes:
        subprocess.run(
            ["localedef", "-i", code, "-f", "UTF-8", str(locales / f"{code}.utf8")],
            check=False,  # localedef warns (and exits 1) for some locales it still writes
            capture_output=True,
        )
    return locales


def _text(body: bytes) -> str:
    """What a reader sees of a page (and its title): no tags, scripts or styles."""
    text = re.sub(rb"(?s)<(script|style)\b.*?</\1>|<[^>]+>", b" ", body)
    return " ".join(text.decode("utf-8", "replace").split())
