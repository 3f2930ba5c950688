"""phpLDAPadmin (Debian phpldapadmin), a private copy under PHP's built-in server on
127.0.0.1 (its own config/config.php, sessions in the work folder), pointed at an OpenLDAP
server of its own (Debian slapd with a slapd.conf in the work folder, on a free port: a
small tree, dc=example,dc=com, two people). Its language follows the browser's
(Accept-Language, `appearance language = auto`), through gettext: the glibc locales it needs
are built into the work folder (LOCPATH; gn_PY, which glibc does not have, is left out).
One command is disabled in its configuration (export_form), as a site may do.
Pages: the sign-in form (asked for; after a wrong password), "No such entry" / "The entry
... does not exist." / "No such schema item" (for a visitor and signed in), "Command disabled
by the server configuration" (the disabled command, signed in: 403); healthy pages: the
start page (a visitor's and the signed-in administrator's), an entry, an organisational
unit, a search with results, the server's information, the schema's syntaxes.
Left out: an unknown command (phpLDAPadmin answers it with the disabled-command page, which
does not say that the command does not exist), a server_id that does not exist (a PHP debug
backtrace), a visitor's deep link to an entry (phpLDAPadmin 1.2.6.3 fails under PHP 8.2 with
a fatal error: a 500 with a cut page) and the monitor page (a PHP warning's backtrace).
A page is kept in a language only where its text differs from the English page's."""

from __future__ import annotations

import contextlib
import http.cookiejar
import re
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, free_port, running

GROUP = "phpldapadmin"
PASSWORD = "harvest-only-password-42"
ADMIN_DN = "cn=admin,dc=example,dc=com"
# phpLDAPadmin's locale folders -> the language recorded ("en": its own strings)
LANGUAGES = {
    "en": "en",
    "ca_ES": "ca",
    "cs_CZ": "cs",
    "da_DK": "da",
    "de_DE": "de",
    "es_ES": "es",
    "fi_FI": "fi",
    "fr_FR": "fr",
    "hu_HU": "hu",
    "it_IT": "it",
    "ja_JP": "ja",
    "nb_NO": "nb",
    "nl_BE": "nl",
    "oc_FR": "oc",
    "pl_PL": "pl",
    "pt_BR": "pt-br",
    "ru_RU": "ru",
    "sk_SK": "sk",
    "sv_FI": "sv",
    "tr_TR": "tr",
    "uk_UA": "uk",
    "zh_CN": "zh-cn",
    "zh_TW": "zh-tw",
}
HEALTHY_LANGUAGES = ("en", "de_DE", "fr_FR", "es_ES", "ru_RU", "ja_JP", "zh_CN", "pt_BR")
ENTRY = "/cmd.php?cmd=template_engine&server_id=1&dn="
# (path, label, name, note, who: "" for a visitor or "admin")
ERRORS = (
    ("/cmd.php?cmd=login_form&server_id=1", "soft_401", "login", "the sign-in form", ""),
    (
        ENTRY + "uid=nobody,ou=People,dc=example,dc=com",
        "soft_404",
        "no-such-entry-visitor",
        "an entry that does not exist, not signed in: 'No such entry'",
        "",
    ),
    (
        ENTRY + "uid=nobody,ou=People,dc=example,dc=com",
        "soft_404",
        "no-such-entry",
        "an entry that does not exist, signed in: 'No such entry'",
        "admin",
    ),
    (
        ENTRY + "dc=nowhere,dc=org",
        "soft_404",
        "no-such-entry-outside",
        "a DN outside the directory's base, signed in: 'No such entry'",
        "admin",
    ),
    (
        "/cmd.php?cmd=copy_form&server_id=1&dn=uid=nobody,ou=People,dc=example,dc=com",
        "soft_404",
        "copy-no-such-entry",
        "copying an entry that does not exist: 'The entry (...) does not exist.'",
        "admin",
    ),
    (
        "/cmd.php?cmd=schema&server_id=1&view=attributes&viewvalue=nosuchattr",
        "soft_404",
        "no-such-schema-item",
        "an attribute type the schema does not have: 'No such schema item'",
        "admin",
    ),
    (
        "/cmd.php?cmd=export_form&server_id=1&dn=dc=example,dc=com",
        "soft_403",
        "command-disabled",
        "a command the configuration disables: 'Command disabled by the server configuration'",
        "admin",
    ),
)
HEALTHY = (
    ("/index.php", "ok", "home-visitor", "the start page, not signed in", ""),
    ("/index.php", "ok", "home", "the start page, signed in (the tree)", "admin"),
    (ENTRY + "uid=alice,ou=People,dc=example,dc=com", "ok", "entry", "a person", "admin"),
    (ENTRY + "ou=People,dc=example,dc=com", "ok", "unit", "an organisational unit", "admin"),
    (
        "/cmd.php?cmd=query_engine&server_id=1&search=true&query=none&format=list"
        "&showresults=na&filter=(objectClass=inetOrgPerson)&base=dc=example,dc=com&scope=sub"
        "&display_attrs=cn,mail",
        "ok",
        "search",
        "a search with two results",
        "admin",
    ),
    ("/cmd.php?cmd=server_info&server_id=1", "ok", "server-info", "the server's info", "admin"),
    (
        "/cmd.php?cmd=schema&server_id=1&view=syntaxes",
        "ok",
        "schema-syntaxes",
        "the schema browser: syntaxes",
        "admin",
    ),
)
SLAPD_CONF = """include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/nis.schema
include /etc/ldap/schema/inetorgperson.schema
pidfile {work}/slapd.pid
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
suffix "dc=example,dc=com"
rootdn "{admin}"
rootpw {password}
directory {work}/ldap
access to attrs=userPassword by self write by anonymous auth by * none
access to * by * read
"""
TREE = """dn: dc=example,dc=com
objectClass: dcObject
objectClass: organization
o: Example
dc: example

dn: ou=People,dc=example,dc=com
objectClass: organizationalUnit
ou: People

dn: ou=Groups,dc=example,dc=com
objectClass: organizationalUnit
ou: Groups

dn: uid=alice,ou=People,dc=example,dc=com
objectClass: inetOrgPerson
uid: alice
cn: Alice Martin
sn: Martin
mail: alice@example.com

dn: uid=bob,ou=People,dc=example,dc=com
objectClass: inetOrgPerson
uid: bob
cn: Bob Keller
sn: Keller
mail: bob@example.com
"""
CONFIG = """<?php
$config->custom->appearance['language'] = 'auto';
$config->custom->appearance['timezone'] = 'UTC';
$config->custom->session['blowfish'] = 'a5c3e1f9b7d2a4c6e8f0b1d3a5c7e9f2';
$servers = new Datastore();
$servers->newServer('ldap_pla');
$servers->setValue('server','name','Harvest LDAP');
$servers->setValue('server','host','127.0.0.1');
$servers->setValue('server','port',{port});
$servers->setValue('server','base',array('dc=example,dc=com'));
$servers->setValue('login','auth_type','session');
$servers->setValue('login','bind_id','{admin}');
$servers->setValue('login','anon_bind',false);
$script = $config->getValue('commands','script');
$script['export_form'] = false;
$config->custom->commands['script'] = $script;
"""


def harvest(work: Path) -> list[Page]:
    apt_install("phpldapadmin", "php-cli", "php-ldap", "php-xml", "slapd", "ldap-utils", "locales")
    source = f"{deb_version('phpldapadmin')} under PHP's built-in server, {deb_version('slapd')}"
    shutil.rmtree(work, ignore_errors=True)
    (work / "ldap").mkdir(parents=True)
    (work / "sessions").mkdir()
    locales = _build_locales(work)
    hashed = subprocess.run(
        ["slappasswd", "-s", PASSWORD], capture_output=True, text=True, check=True
    ).stdout.strip()
    (work / "slapd.conf").write_text(SLAPD_CONF.format(work=work, admin=ADMIN_DN, password=hashed))
    ldap_port, port = free_port(), free_port()
    application = work / "phpldapadmin"
    subprocess.run(["cp", "-rL", "/usr/share/phpldapadmin", str(application)], check=True)
    (application / "config" / "config.php").unlink()
    (application / "config" / "config.php").write_text(
        CONFIG.replace("{port}", str(ldap_port)).replace("{admin}", ADMIN_DN)
    )
    slapd = ["slapd", "-d", "0", "-h", f"ldap://127.0.0.1:{ldap_port}/"]
    slapd += ["-f", str(work / "slapd.conf")]
    php = ["php", "-d", f"session.save_path={work / 'sessions'}", "-S", f"127.0.0.1:{port}"]
    php += ["-t", str(application / "htdocs")]
    pages = []
    with running(slapd, ldap_port, work / "slapd.log", cwd=work):
        subprocess.run(
            ["ldapadd", "-x", "-H", f"ldap://127.0.0.1:{ldap_port}", "-D", ADMIN_DN, "-w",
             PASSWORD],
            input=TREE.encode(),
            check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        environment = {"LOCPATH": str(locales), "PATH": "/usr/bin:/bin"}
        with running(php, port, work / "php.log", cwd=work, env=environment):
            base = f"http://127.0.0.1:{port}"
            english: dict[str, str] = {}
            for locale, language in LANGUAGES.items():
                header = locale.replace("_", "-")
                _, status, url, body = _sign_in(base, header, "not-the-password")
                if b"login_pass" not in body:
                    raise RuntimeError("a wrong password did not give the sign-in form again")
                pages += _keep(
                    "login-failed", body, status, "soft_401", language, english, source,
                    f"POST /cmd.php cmd=login with a wrong password (Accept-Language: {header})",
                    "the sign-in form after a wrong password: 'Failed to Authenticate to server"
                    " / Invalid Username or Password.'",
                )  # fmt: skip
                visitor = _session(header)
                admin, status, url, body = _sign_in(base, header, PASSWORD)
                if b"Logged in as" not in body and b"logout" not in body:
                    raise RuntimeError(f"the administrator could not sign in ({status} {url})")
                requests = ERRORS + (HEALTHY if locale in HEALTHY_LANGUAGES else ())
                for path, label, name, note, who in requests:
                    status, url, body = _get(admin if who else visitor, base + path)
                    how = f"GET {path}"
                    how += f" (signed in as {ADMIN_DN}" if who else " (not signed in"
                    how += f", Accept-Language: {header})"
                    if url != base + path:
                        how += f"; redirected to {url.removeprefix(base)}"
                    pages += _keep(name, body, status, label, language, english, source, how,
                                   note)  # fmt: skip
    return pages


def _keep(
    name: str,
    body: bytes,
    status: int,
    label: str,
    language: str,
    english: dict[str, str],
    source: str,
    how: str,
    note: str,
) -> list[Page]:
    """The page, unless its text is the English page's (not translated)."""
    text = _text(body)
    if english.setdefault(name, text) == text and language != "en":
        return []
    page = Page(f"{name}.{language}.html", body, source, GROUP, how, language, label, status,
                note)  # fmt: skip
    return [page]


def _build_locales(work: Path) -> Path:
    """The glibc locales of LANGUAGES, built into the work folder (read through LOCPATH)."""
    locales = work / "locales"
    locales.mkdir()
    for locale in LANGUAGES:
        if locale != "en":
            subprocess.run(
                ["localedef", "-i", locale, "-f", "UTF-8", str(locales / f"{locale}.UTF-8")],
                check=True,
                capture_output=True,
            )
    return locales


def _session(language: str) -> urllib.request.OpenerDirector:
    """A browser-like client: a cookie jar of its own, redirects followed."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    opener.addheaders = [
        ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) gatewatch-harvest"),
        ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
        ("Accept-Language", language),
    ]
    return opener


def _get(
    opener: urllib.request.OpenerDirector, url: str, data: bytes | None = None
) -> tuple[int, str, bytes]:
    """(status, the URL answered after redirects, body); HTML only."""
    try:
        with opener.open(url, data, timeout=60) as response:
            status, final = response.status, response.geturl()
            kind, body = response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        status, final = error.code, error.geturl()
        kind, body = error.headers.get("Content-Type", ""), error.read()
    if status == 500:
        raise _ServerError(f"{url} answered 500")
    if "html" not in kind or status != 200:
        raise RuntimeError(f"{url} answered {status} {kind}")
    return status, final, body


def _sign_in(
    base: str, language: str, password: str
) -> tuple[urllib.request.OpenerDirector, int, str, bytes]:
    """The sign-in form, asked for (the session starts there) and posted, in a new session.
    phpLDAPadmin 1.2.6.3 keeps the password encrypted with a random IV and splits it at
    '::': when the IV holds those bytes, PHP 8.2 stops with a fatal error (a 500); a new
    session (a new IV) is tried then."""
    for _ in range(8):
        opener = _session(language)
        _get(opener, f"{base}/cmd.php?cmd=login_form&server_id=1")
        fields = {"cmd": "login", "server_id": "1", "nodecode[login_pass]": "1"}
        fields |= {"login": ADMIN_DN, "login_pass": password, "submit": "Authenticate"}
        with contextlib.suppress(_ServerError):
            return opener, *_get(opener, f"{base}/cmd.php", urllib.parse.urlencode(fields).encode())
    raise RuntimeError("signing in failed eight times")


class _ServerError(RuntimeError):
    pass


def _text(body: bytes) -> str:
    """What a reader sees of a page (and its title): no tags, scripts or styles."""
    text = re.sub(rb"(?s)<(script|style)\b.*?</\1>|<[^>]+>", b" ", body)
    return " ".join(text.decode("utf-8", "replace").split())
