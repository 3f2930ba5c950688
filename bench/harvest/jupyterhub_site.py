"""JupyterHub (PyPI) behind configurable-http-proxy (npm), on 127.0.0.1, with its
DummyAuthenticator (any password) and no server spawned: the sign-in page, the hub's 404
page for an unknown /hub/ URL, the 403 page a user who is not an administrator gets for the
admin screen, and the healthy hub pages a signed-in user sees (home, the token page)."""

from __future__ import annotations

import contextlib
import http.cookiejar
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
CONFIG = """c.JupyterHub.bind_url = 'http://127.0.0.1:{port}'
c.JupyterHub.hub_ip = '127.0.0.1'
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{api_port}'
c.ConfigurableHTTPProxy.command = ['{proxy}']
c.JupyterHub.authenticator_class = 'dummy'
c.Authenticator.allowed_users = {{'alice', 'admin'}}
c.Authenticator.admin_users = {{'admin'}}
c.JupyterHub.db_url = 'sqlite:///{work}/jupyterhub.sqlite'
c.JupyterHub.cookie_secret_file = '{work}/cookie_secret'
c.JupyterHub.pid_file = '{work}/jupyterhub.pid'
"""
# path -> (label, name, note, signed in as alice)
REQUESTS = {
    "/hub/login": ("soft_401", "login", "the sign-in page", False),
    "/hub/login?next=%2Fhub%2Fadmin": (
        "soft_401",
        "login-next",
        "the sign-in page a visitor is sent to from /hub/admin",
        False,
    ),
    "/hub/no-such-page": ("soft_404", "not-found", "unknown /hub/ URL (signed out)", False),
    "/hub/no-such-page?signed-in": (
        "soft_404",
        "not-found-signed-in",
        "unknown /hub/ URL (signed in)",
        True,
    ),
    "/hub/admin": ("soft_403", "admin-forbidden", "the admin screen, not an administrator", True),
    "/hub/home": ("ok", "home", "the hub's home page (the server is not started)", True),
    "/hub/token": ("ok", "token", "the token page", True),
}


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("jupyterhub")
    proxy = _proxy(work.parent / "configurable-http-proxy")
    version = pyenv.versions(python, "jupyterhub")["jupyterhub"]
    source = f"JupyterHub {version} (PyPI) + configurable-http-proxy (npm)"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    port, hub_port, api_port = free_port(), free_port(), free_port()
    config = CONFIG.format(port=port, hub_port=hub_port, api_port=api_port, proxy=proxy, work=work)
    (work / "jupyterhub_config.py").write_text(config)
    command = [str(python.parent / "jupyterhub"), "-f", str(work / "jupyterhub_config.py")]
    pages = []
    with running(command, port, work / "jupyterhub.log", cwd=work):
        _wait_for_hub(port)
        cookie = _sign_in(port, "alice")
        for path, (label, name, note, signed_in) in REQUESTS.items():
            headers = {"Cookie": cookie} if signed_in else {}
            status, answer, body = fetch(f"http://127.0.0.1:{port}{path}", headers=headers)
            if "html" not in answer.get("content-type", "") or 300 <= status < 400:
                continue
            how = f"GET {path}" + (
                " (signed in as alice, not an administrator)" if signed_in else ""
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


def _sign_in(port: int, user: str) -> str:
    """The user's session cookies, as a Cookie header (the form carries an _xsrf token)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}"
    page = opener.open(f"{base}/hub/login", timeout=30).read().decode()
    token = re.search(r'name="_xsrf" value="([^"]+)"', page)
    form = {"username": user, "password": "any", **({"_xsrf": token[1]} if token else {})}
    # the answer: a redirect to the user's server, which is not started
    with contextlib.suppress(urllib.error.HTTPError):
        opener.open(f"{base}/hub/login", urllib.parse.urlencode(form).encode(), 30).read()
    cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)
    if "jupyterhub-hub-login" not in cookies:
        raise RuntimeError(f"{user} could not sign in")
    return cookies
