"""JupyterHub (PyPI) behind configurable-http-proxy (npm), on 127.0.0.1, with its
DummyAuthenticator (one shared password) and no server spawned: the sign-in page (also
after a wrong password), the hub's 404 pages (an unknown /hub/ URL; another user's server),
the 403 page a user who is not an administrator gets for the admin screen, and the healthy
hub pages (a user's home and token pages, the administrator's admin screen)."""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, fetch, free_port, running

GROUP = "jupyterhub"
PASSWORD = "harvest-only-password"
CONFIG = """c.JupyterHub.bind_url = 'http://127.0.0.1:{port}'
c.JupyterHub.hub_ip = '127.0.0.1'
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{api_port}'
c.ConfigurableHTTPProxy.command = ['{proxy}']
c.JupyterHub.authenticator_class = 'dummy'
c.DummyAuthenticator.password = '{password}'
c.Authenticator.allowed_users = {{'alice', 'admin'}}
c.Authenticator.admin_users = {{'admin'}}
c.JupyterHub.db_url = 'sqlite:///{work}/jupyterhub.sqlite'
c.JupyterHub.cookie_secret_file = '{work}/cookie_secret'
c.JupyterHub.pid_file = '{work}/jupyterhub.pid'
"""
# path -> (label, name, note, who asks: "" (signed out), "alice" or "admin")
REQUESTS = {
    "/hub/login": ("soft_401", "login", "the sign-in page", ""),
    "/hub/login?next=%2Fhub%2Fadmin": (
        "soft_401",
        "login-next",
        "the sign-in page a visitor is sent to from /hub/admin",
        "",
    ),
    "/hub/no-such-page": ("soft_404", "not-found", "unknown /hub/ URL (signed out)", ""),
    "/hub/no-such-page?signed-in": (
        "soft_404",
        "not-found-signed-in",
        "unknown /hub/ URL (signed in)",
        "alice",
    ),
    "/hub/user/bob/": (
        "soft_404",
        "no-access-user-server",
        "a user opens another user's server: no access or not found (404)",
        "alice",
    ),
    "/hub/user/bob/?admin": (
        "soft_404",
        "no-such-user",
        "the administrator opens the server of a user who does not exist (404)",
        "admin",
    ),
    "/hub/admin": (
        "soft_403",
        "admin-forbidden",
        "the admin screen, not an administrator",
        "alice",
    ),
    "/hub/home": ("ok", "home", "the hub's home page (the server is not started)", "alice"),
    "/hub/token": ("ok", "token", "the token page", "alice"),
    "/hub/home?admin": ("ok", "home-admin", "the administrator's home page", "admin"),
    "/hub/admin?admin": ("ok", "admin", "the admin screen, seen by the administrator", "admin"),
}


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("jupyterhub")
    proxy_folder = work.parent / "configurable-http-proxy"
    proxy = _proxy(proxy_folder)
    version = pyenv.versions(python, "jupyterhub")["jupyterhub"]
    package = proxy_folder / "node_modules" / "configurable-http-proxy" / "package.json"
    proxy_version = json.loads(package.read_text())["version"]
    source = f"JupyterHub {version} (PyPI) + configurable-http-proxy {proxy_version} (npm)"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    port, hub_port, api_port = free_port(), free_port(), free_port()
    config = CONFIG.format(
        port=port, hub_port=hub_port, api_port=api_port, proxy=proxy, work=work, password=PASSWORD
    )
    (work / "jupyterhub_config.py").write_text(config)
    command = [str(python.parent / "jupyterhub"), "-f", str(work / "jupyterhub_config.py")]
    pages = []
    with running(command, port, work / "jupyterhub.log", cwd=work):
        _wait_for_hub(port)
        status, body = _failed_sign_in(port)
        pages.append(
            Page(
                "login-failed.html",
                body,
                source,
                GROUP,
                "POST /hub/login with a wrong password",
                "en",
                "soft_401",
                status,
                "the sign-in page after a wrong password",
            )
        )
        cookies = {"": "", "alice": _sign_in(port, "alice"), "admin": _sign_in(port, "admin")}
        for path, (label, name, note, who) in REQUESTS.items():
            headers = {"Cookie": cookies[who]} if who else {}
            status, answer, body = fetch(f"http://127.0.0.1:{port}{path}", headers=headers)
            if "html" not in answer.get("content-type", "") or 300 <= status < 400:
                continue
            how = (
                f"GET {path}"
                + {
                    "": "",
                    "alice": " (signed in as alice, not an administrator)",
                    "admin": " (signed in as admin, an administrator)",
                }[who]
            )
            pages.append(Page(f"{name}.html", body, source, GROUP, how, "en", label, status, note))
    return pages


def _proxy(folder: Path) -> Path:
    command = folder / "node_modules" / ".bin" / "configurable-http-proxy"
    if not command.exists():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund", "configurable-http-proxy"],
            cwd=folder,
            check=True,
        )
    return command


def _wait_for_hub(port: int) -> None:
    """The proxy listens before the hub has added its route: wait for the sign-in page."""
    for _ in range(150):
        if fetch(f"http://127.0.0.1:{port}/hub/login")[0] == 200:
            return
        time.sleep(0.2)
    raise RuntimeError("JupyterHub's sign-in page never answered")


def _post_sign_in(port: int, user: str, password: str) -> tuple[int, bytes, str]:
    """(status, body, cookies) of the sign-in form posted (it carries an _xsrf token)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}"
    page = opener.open(f"{base}/hub/login", timeout=30).read().decode()
    token = re.search(r'name="_xsrf" value="([^"]+)"', page)
    form = {"username": user, "password": password, **({"_xsrf": token[1]} if token else {})}
    data = urllib.parse.urlencode(form).encode()
    try:
        with opener.open(f"{base}/hub/login", data, 30) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    return status, body, "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def _failed_sign_in(port: int) -> tuple[int, bytes]:
    status, body, _ = _post_sign_in(port, "alice", "not-the-password")
    return status, body


def _sign_in(port: int, user: str) -> str:
    """The user's session cookies, as a Cookie header."""
    # the answer, a redirect to the user's server (not started), may fail: only cookies count
    with contextlib.suppress(urllib.error.HTTPError):
        _, _, cookies = _post_sign_in(port, user, PASSWORD)
    if "jupyterhub-hub-login" not in cookies:
        raise RuntimeError(f"{user} could not sign in")
    return cookies
