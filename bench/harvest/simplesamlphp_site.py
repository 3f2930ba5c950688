"""Debian simplesamlphp (SimpleSAMLphp 1.19) under PHP's built-in server on 127.0.0.1: Debian's
www folder as it is, a configuration folder of our own (SIMPLESAMLPHP_CONFIG_DIR: Debian's
/etc/simplesamlphp copied, then base URL '/', a secret salt and an administrator password of
our own, files under the work folder, cookies without Secure, the exampleauth module on) and
two authentication sources: the administrator (core:AdminPassword) and exampleauth:UserPass
with one user. The language: Accept-Language (SimpleSAMLphp picks it from the browser's list
among its 39).

Pages, in each language whose text differs from English's: the sign-in page where a visitor
is sent (authenticate.php of the user source; the administrator's sign-in page from the
metadata page), the sign-in page after a wrong password (soft_401); "Page not found" for an
unknown page of a module and for an unknown module (soft_404); "No access" for the SAML IdP's
endpoints, which this installation does not enable (soft_403: the endpoint is refused, not
missing); the front page's four tabs, the sanity check, the administrator's sandbox, and,
signed in, the user's attribute page and the administrator's host names page (ok). Each
error page carries a tracking number drawn at every request: texts are compared without it.

Left out: "Bad request received" (a sign-in page without its AuthState, 400 by what it
means), "State information lost" (an AuthState that does not exist or has expired: the
request cannot be resumed; neither a missing page nor a refusal), "Missing cookie", and the
"Authentication source error" of an unknown source (a configuration error)."""

from __future__ import annotations

import re
import shutil
import urllib.parse
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, free_port, running
from bench.harvest.kept_pages import Kept, get, session

GROUP = "simplesamlphp"
WWW = Path("/usr/share/simplesamlphp/www")
# config.php's language.available
LANGUAGES = (
    *("en", "no", "nn", "se", "da", "de", "sv", "fi", "es", "ca", "fr", "it", "nl", "lb"),
    *("cs", "sl", "lt", "hr", "hu", "pl", "pt", "pt-br", "tr", "ja", "zh", "zh-tw", "ru"),
    *("et", "he", "id", "sr", "lv", "ro", "eu", "el", "af", "zu", "xh", "st"),
)
USER = ("student", "harvest-only-student")
ADMIN_PASSWORD = "harvest-only-admin"
OVERRIDES = """
$config['baseurlpath'] = '/';
$config['secretsalt'] = 'harvest-only-salt';
$config['auth.adminpassword'] = '{admin}';
$config['tempdir'] = '{work}/tmp';
$config['datadir'] = '{work}/data/';
$config['loggingdir'] = '{work}/log/';
$config['logging.handler'] = 'file';
$config['session.cookie.secure'] = false;
$config['language.cookie.secure'] = false;
$config['session.cookie.samesite'] = null;
$config['language.cookie.samesite'] = null;
$config['admin.checkforupdates'] = false;
$config['module.enable']['exampleauth'] = true;
"""
AUTHSOURCES = """<?php
$config = [
    'admin' => ['core:AdminPassword'],
    'example-userpass' => [
        'exampleauth:UserPass',
        '{user}:{password}' => ['uid' => ['{user}'], 'eduPersonAffiliation' => ['member']],
    ],
];
"""
# (path, label, name, note), a visitor
VISITOR = (
    ("/module.php/core/frontpage_welcome.php", "ok", "welcome", "the front page: welcome"),
    (
        "/module.php/core/frontpage_config.php",
        "ok",
        "configuration",
        "the front page: configuration",
    ),
    (
        "/module.php/core/frontpage_auth.php",
        "ok",
        "authentication",
        "the front page: authentication",
    ),
    ("/module.php/core/frontpage_federation.php", "ok", "federation", "the front page: federation"),
    ("/module.php/sanitycheck/", "ok", "sanity-check", "the sanity check module's page"),
    ("/admin/sandbox.php", "ok", "sandbox", "the administrator's template sandbox"),
    (
        "/module.php/core/no-such-page.php",
        "soft_404",
        "not-found-page",
        "an unknown page of the core module: 'Page not found' (NotFound error page)",
    ),
    (
        "/module.php/nosuchmodule/index.php",
        "soft_404",
        "not-found-module",
        "an unknown module: 'Page not found' (NotFound error page)",
    ),
    (
        "/saml2/idp/SSOService.php",
        "soft_403",
        "no-access",
        "the SAML 2 IdP's sign-on endpoint, not enabled here: 'No access' (NOACCESS)",
    ),
)
# a tracking number (10 hex digits) and AuthState tokens change at every request
NOISE = r"SERVER_PORT\s*\d+|\b[0-9a-f]{10}\b|_[0-9a-f]{40,}\S*"


def harvest(work: Path) -> list[Page]:
    apt_install("simplesamlphp", "php-cli")
    source = deb_version("simplesamlphp")
    shutil.rmtree(work, ignore_errors=True)
    config = work / "config"
    shutil.copytree("/etc/simplesamlphp", config)
    for folder in ("tmp", "data", "log"):
        (work / folder).mkdir()
    with (config / "config.php").open("a") as handle:
        handle.write(OVERRIDES.format(work=work, admin=ADMIN_PASSWORD))
    (config / "authsources.php").write_text(AUTHSOURCES.format(user=USER[0], password=USER[1]))
    port = free_port()
    environment = {"PATH": "/usr/bin:/bin", "SIMPLESAMLPHP_CONFIG_DIR": str(config)}
    php = ["php", "-S", f"127.0.0.1:{port}", "-t", str(WWW)]
    with running(php, port, work / "php.log", env=environment):
        found = Kept(GROUP, source, NOISE)
        for language in LANGUAGES:
            _pages(found, f"http://127.0.0.1:{port}", language)
    return found.pages


def _pages(found: Kept, base: str, language: str) -> None:
    accept = f"Accept-Language: {language}"
    visitor = session(language)
    for path, label, name, note in VISITOR:
        if name == "sandbox" and language != "en":
            continue  # its text is not translated (only the language menu's own code differs)
        status, _, kind, body = get(visitor, base + path)
        if label == "ok" and (status != 200 or b"Page not found" in body):
            raise RuntimeError(f"{path} ({language}) answered {status}: not a healthy page")
        found.keep(name, language, body, status, kind, label, f"GET {path} ({accept})", note)
    # the user's sign-in page, where authenticate.php sends a visitor
    user = session(language)
    start = "/module.php/core/authenticate.php?as=example-userpass"
    status, url, kind, body = get(user, base + start)
    _expect_login(url, body)
    how = f"GET {start} ({accept}), redirected to loginuserpass.php?AuthState=..."
    found.keep(
        "sign-in",
        language,
        body,
        status,
        kind,
        "soft_401",
        how,
        "the user source's sign-in page, where a visitor is sent",
    )
    status, url, kind, body = _post(user, url, body, USER[0], "not-the-password")
    _expect_login(url, body)
    found.keep(
        "sign-in-failed",
        language,
        body,
        status,
        kind,
        "soft_401",
        f"POST loginuserpass.php with a wrong password ({accept})",
        "the sign-in page after a wrong password",
    )
    status, url, kind, body = _post(user, url, body, *USER)
    if "loginuserpass" in url or status != 200:
        raise RuntimeError(f"{USER[0]} could not sign in ({status} {url})")
    found.keep(
        "attributes",
        language,
        body,
        status,
        kind,
        "ok",
        f"POST loginuserpass.php, signed in, redirected to {start} ({accept})",
        "the user's attributes, signed in",
    )
    # the administrator's sign-in page, where the metadata page sends a visitor
    admin = session(language)
    status, url, kind, body = get(admin, base + "/admin/hostnames.php")
    _expect_login(url, body)
    how = f"GET /admin/hostnames.php ({accept}), redirected to loginuserpass.php?AuthState=..."
    found.keep(
        "admin-sign-in",
        language,
        body,
        status,
        kind,
        "soft_401",
        how,
        "the administrator's sign-in page, where a visitor is sent",
    )
    status, url, kind, body = _post(admin, url, body, "admin", ADMIN_PASSWORD)
    if "loginuserpass" in url or status != 200:
        raise RuntimeError(f"the administrator could not sign in ({status} {url})")
    found.keep(
        "admin-hostnames",
        language,
        body,
        status,
        kind,
        "ok",
        f"GET /admin/hostnames.php, the administrator signed in ({accept})",
        "the administrator's host names page",
    )


def _expect_login(url: str, body: bytes) -> None:
    if "loginuserpass.php" not in url or b'type="password"' not in body:
        raise RuntimeError(f"no sign-in page at {url}")


def _post(opener, url: str, page: bytes, username: str, password: str):
    """The sign-in form posted as its page posts it (to itself, with its AuthState)."""
    state = re.search(rb'name="AuthState" value="([^"]+)"', page)
    if not state:
        raise RuntimeError(f"no AuthState in the sign-in page at {url}")
    fields = {
        "username": username,
        "password": password,
        "AuthState": state.group(1).decode().replace("&amp;", "&"),
    }
    return get(opener, url, urllib.parse.urlencode(fields).encode())
