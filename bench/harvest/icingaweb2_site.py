"""Icinga Web 2 (Debian icingaweb2) under PHP's built-in server on 127.0.0.1, with a
configuration folder of its own (ICINGAWEB_CONFIGDIR) and a MariaDB database of its own
(127.0.0.1:3306: the schema Debian ships, its internal user backend and its configuration
backend), no monitoring module. Two users: an administrator (a role with every permission)
and a viewer (a role without the configuration permissions). Pages: the sign-in page (asked
for, where a visitor is sent from a deep link, after a wrong password), its 404 pages (an
unknown URL, for a visitor and signed in; a user, a role, a navigation item, a module that
does not exist), "No permission for ..." (403) for the viewer on the configuration pages,
and healthy pages signed in. Debian's package ships no translations (upstream moved them out
of Icinga Web 2; no Debian package has them): English only."""

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

from bench.harvest.core import Page, apt_install, deb_version, free_port, running

GROUP = "icingaweb2"
DATABASE = "fresh_a_icingaweb2"
PASSWORD = "harvest-only-password-42"
PUBLIC = Path("/usr/share/icingaweb2/public")
SCHEMA = Path("/usr/share/icingaweb2/schema/mysql.schema.sql")
CONFIG = {
    "resources.ini": """[icingaweb_db]
type = "db"
db = "mysql"
host = "127.0.0.1"
port = "3306"
dbname = "{database}"
username = "root"
password = ""
charset = "utf8mb4"
""",
    "authentication.ini": """[icingaweb2]
backend = "db"
resource = "icingaweb_db"
""",
    "roles.ini": """[Administrators]
users = "admin"
permissions = "*"

[Viewers]
users = "viewer"
permissions = "application/share/navigation"
""",
    "config.ini": """[global]
show_stacktraces = "0"
config_backend = "db"
config_resource = "icingaweb_db"

[logging]
log = "none"
""",
}
# (path, label, name, note, who: "" for a visitor, "viewer" or "admin")
REQUESTS = (
    ("/authentication/login", "soft_401", "login", "the sign-in page", ""),
    (
        "/dashboard",
        "soft_401",
        "login-from-dashboard",
        "a visitor opens the dashboard: sent to the sign-in page (?redirect=dashboard)",
        "",
    ),
    (
        "/config/general",
        "soft_401",
        "login-from-config",
        "a visitor opens the general configuration: sent to the sign-in page",
        "",
    ),
    ("/no-such-page", "soft_404", "not-found-visitor", "an unknown URL, not signed in", ""),
    (
        "/no-such-page",
        "soft_404",
        "not-found",
        "an unknown URL, signed in: 'Page not found.'",
        "viewer",
    ),
    (
        "/config/general",
        "soft_403",
        "no-permission-config",
        "the viewer opens the general configuration: 'No permission for config/general'",
        "viewer",
    ),
    (
        "/role",
        "soft_403",
        "no-permission-roles",
        "the viewer opens the roles: 'No permission for config/access-control/roles'",
        "viewer",
    ),
    (
        "/user/list",
        "soft_403",
        "no-permission-users",
        "the viewer opens the user list: 'No permission for config/access-control/users'",
        "viewer",
    ),
    (
        "/config/modules",
        "soft_403",
        "no-permission-modules",
        "the viewer opens the module list: 'No permission for config/modules'",
        "viewer",
    ),
    ("/dashboard", "ok", "dashboard-viewer", "the viewer's dashboard (no dashlets)", "viewer"),
    ("/account", "ok", "account", "the viewer's account and preferences", "viewer"),
    ("/about", "ok", "about", "About Icinga Web 2", "viewer"),
    ("/navigation", "ok", "navigation", "the viewer's navigation items (none)", "viewer"),
    ("/announcements", "ok", "announcements", "the announcements (none)", "viewer"),
    (
        "/no-such/page",
        "soft_404",
        "not-found-admin",
        "an unknown URL, signed in as the administrator: 'Page not found.'",
        "admin",
    ),
    (
        "/setup",
        "soft_404",
        "not-found-setup",
        "the setup module's URL, the module not enabled: 'Page not found.' and a hint",
        "admin",
    ),
    (
        "/user/show?backend=icingaweb2&user=nobody",
        "soft_404",
        "no-such-user",
        "a user who does not exist: 'User \"nobody\" not found'",
        "admin",
    ),
    (
        "/role/edit?role=nobody",
        "soft_404",
        "no-such-role",
        "a role that does not exist: 'Role not found'",
        "admin",
    ),
    (
        "/navigation/edit?name=nothing&type=menu-item",
        "soft_404",
        "no-such-navigation-item",
        "a navigation item that does not exist: 'Navigation item \"nothing\" not found'",
        "admin",
    ),
    (
        "/config/module?name=nothing",
        "soft_404",
        "no-such-module",
        "a module that is not installed: 'There is no such module installed.' (200)",
        "admin",
    ),
    ("/dashboard", "ok", "dashboard-admin", "the administrator's dashboard", "admin"),
    ("/config/general", "ok", "config-general", "the general configuration", "admin"),
    ("/config/resource", "ok", "config-resources", "the resources", "admin"),
    ("/role/list", "ok", "roles", "the roles", "admin"),
    ("/user/list", "ok", "users", "the user list", "admin"),
    (
        "/user/show?backend=icingaweb2&user=viewer",
        "ok",
        "user",
        "a user's page (the viewer)",
        "admin",
    ),
    ("/config/modules", "ok", "modules", "the module list", "admin"),
    ("/health", "ok", "health", "the health page", "admin"),
)


def harvest(work: Path) -> list[Page]:
    apt_install("icingaweb2", "php-cli", "php-mysql", "php-intl", "mariadb-client")
    source = f"{deb_version('icingaweb2')} under PHP's built-in server, MariaDB"
    shutil.rmtree(work, ignore_errors=True)
    configuration = work / "config"
    configuration.mkdir(parents=True)
    for name, text in CONFIG.items():
        (configuration / name).write_text(text.format(database=DATABASE))
    _mysql(f"DROP DATABASE IF EXISTS {DATABASE}; CREATE DATABASE {DATABASE}")
    pages = []
    try:
        _mysql(SCHEMA.read_text(), database=DATABASE)
        _add_users()
        port = free_port()
        command = [
            *("php", "-S", f"127.0.0.1:{port}", "-t", str(PUBLIC), str(PUBLIC / "index.php")),
        ]
        environment = dict(os.environ, ICINGAWEB_CONFIGDIR=str(configuration))
        with running(command, port, work / "php.log", cwd=work, env=environment):
            base = f"http://127.0.0.1:{port}"
            sessions = {"": _session(), "viewer": _session(), "admin": _session()}
            status, url, _, body = _sign_in(base, sessions["viewer"], "viewer", PASSWORD)
            if not url.endswith("/dashboard"):
                raise RuntimeError(f"the viewer's sign-in ended at {url} ({status})")
            status, url, _, body = _sign_in(base, sessions["admin"], "admin", PASSWORD)
            if not url.endswith("/dashboard"):
                raise RuntimeError(f"the administrator's sign-in ended at {url} ({status})")
            status, url, _, body = _sign_in(base, _session(), "viewer", "not-the-password")
            if b"Incorrect username or password" not in body:
                raise RuntimeError("a wrong password did not give 'Incorrect username or password'")
            pages.append(
                Page("login-failed.html", body, source, GROUP,
                     "POST /authentication/login with a wrong password", "en", "soft_401",
                     status, "the sign-in page after a wrong password: 'Incorrect username or"
                     " password'")
            )  # fmt: skip
            for path, label, name, note, who in REQUESTS:
                status, url, kind, body = _get(sessions[who], base + path)
                if "html" not in kind:
                    raise RuntimeError(f"{path} answered {status} {kind}")
                how = f"GET {path}"
                how += {
                    "": " (not signed in)",
                    "viewer": " (signed in as a user without configuration permissions)",
                    "admin": " (signed in as the administrator)",
                }[who]
                if url != base + path:
                    how += f"; redirected to {url.removeprefix(base)}"
                pages.append(
                    Page(f"{name}.html", body, source, GROUP, how, "en", label, status, note)
                )
    finally:
        _mysql(f"DROP DATABASE IF EXISTS {DATABASE}")
    return pages


def _add_users() -> None:
    hashed = subprocess.run(
        ["php", "-r", f"echo password_hash('{PASSWORD}', PASSWORD_DEFAULT);"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    _mysql(
        "INSERT INTO icingaweb_user (name, active, password_hash) VALUES"
        f" ('admin', 1, '{hashed}'), ('viewer', 1, '{hashed}')",
        database=DATABASE,
    )


def _session() -> urllib.request.OpenerDirector:
    """A browser-like client: a cookie jar of its own, redirects followed."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    opener.addheaders = [
        ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) gatewatch-harvest"),
        ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
        ("Accept-Language", "en"),
    ]
    return opener


def _get(
    opener: urllib.request.OpenerDirector, url: str, data: bytes | None = None
) -> tuple[int, str, str, bytes]:
    """(status, the URL answered after redirects, its content type, body)."""
    try:
        with opener.open(url, data, timeout=60) as response:
            kind = response.headers.get("Content-Type", "")
            return response.status, response.geturl(), kind, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.geturl(), error.headers.get("Content-Type", ""), error.read()


def _sign_in(
    base: str, opener: urllib.request.OpenerDirector, user: str, password: str
) -> tuple[int, str, str, bytes]:
    """Icinga Web's sign-in form (its cookie check and CSRF token), posted."""
    _, _, _, body = _get(opener, f"{base}/authentication/login")
    token = re.search(rb'name="CSRFToken" value="([^"]+)"', body)
    if not token:
        raise RuntimeError("the sign-in page has no CSRF token")
    fields = {
        "username": user,
        "password": password,
        "rememberme": "0",
        "redirect": "",
        "formUID": "form_login",
        "CSRFToken": token.group(1).decode(),
        "btn_submit": "Login",
    }
    return _get(opener, f"{base}/authentication/login", urllib.parse.urlencode(fields).encode())


def _mysql(statements: str, database: str = "") -> None:
    command = ["mysql", "-h", "127.0.0.1", "-P", "3306", "-u", "root"]
    subprocess.run([*command, *([database] if database else [])], input=statements.encode(),
                   check=True)  # fmt: skip
