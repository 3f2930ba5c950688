"""Debian ejabberd (an XMPP server, Erlang): its web administration (ejabberd_web_admin) on a
node of our own (`ejabberdctl --config ... foreground`, run as the ejabberd user the package
makes, its configuration, spool and logs in a folder of its own, one HTTP listener on a free
port with /admin), the host "localhost" with two users registered by `ejabberdctl register`
(admin, in the admin ACL; bob). The web administration's language follows Accept-Language,
for each of the translations ejabberd ships (priv/msgs).

Pages: "Unauthorized" (401, no credentials: soft_401); signed in as admin (HTTP basic
authentication), "Not Found" for an unknown administration page (404) and for a user who
does not exist (200), inside the administration's menus (soft_404); the start page, virtual
hosts, nodes, statistics, the user list, a user, the online users (healthy); ejabberd_http's
own "404 Not Found" for a URL outside /admin (soft_404; not translated: English only).

A page is kept in a language only where its text differs from the English page's. The same
"Unauthorized" page answers a wrong password and a user who is no administrator: the same
bytes, kept once."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "ejabberd"
MSGS = Path("/usr/lib/x86_64-linux-gnu")
CONFIG = """hosts:
  - localhost
loglevel: info
listen:
  -
    port: {port}
    ip: "127.0.0.1"
    module: ejabberd_http
    request_handlers:
      /admin: ejabberd_web_admin
acl:
  admin:
    user: admin@localhost
access_rules:
  configure:
    allow: admin
  local:
    allow: all
api_permissions:
  "console commands":
    from:
      - ejabberd_ctl
    who: all
    what: "*"
modules:
  mod_adhoc: {{}}
  mod_admin_extra: {{}}
  mod_configure: {{}}
  mod_disco: {{}}
  mod_roster: {{}}
  mod_vcard: {{}}
"""
ADMIN_PASSWORD = "harvest-admin-42"
# path -> (label, name, note, signed in)
REQUESTS = {
    "/admin/": ("soft_401", "unauthorized", "the administration without credentials", False),
    "/admin/no-such-page/": (
        "soft_404",
        "not-found",
        "an unknown administration page, signed in as admin: 'Not Found'",
        True,
    ),
    "/admin/server/localhost/user/nobody/": (
        "soft_404",
        "no-such-user",
        "a user who does not exist, signed in as admin: 'Not Found'",
        True,
    ),
    "/no-such-page": (
        "soft_404",
        "http-not-found",
        "a URL outside /admin: ejabberd_http's '404 Not Found'",
        False,
    ),
}
HEALTHY = {
    "/admin/": ("ok", "home", "the administration's start page", True),
    "/admin/vhosts/": ("ok", "vhosts", "the virtual hosts", True),
    "/admin/nodes/": ("ok", "nodes", "the nodes", True),
    "/admin/stats/": ("ok", "stats", "statistics", True),
    "/admin/server/localhost/users/": ("ok", "users", "the user list of localhost", True),
    "/admin/server/localhost/user/bob/": ("ok", "user", "a user (bob)", True),
    "/admin/server/localhost/online-users/": ("ok", "online-users", "the online users", True),
}
TAGS = {"zh": "zh-cn", "no": "nb"}


def harvest(work: Path) -> list[Page]:
    apt_install("ejabberd")
    source = f"{deb_version('ejabberd')} (ejabberd_web_admin)"
    # the ejabberd user must reach the folder: not under the (private) work folder
    home = Path(tempfile.mkdtemp(prefix="gatewatch-ejabberd-"))
    home.chmod(0o755)
    work.mkdir(parents=True, exist_ok=True)
    port = free_port()
    node = f"gatewatch-harvest-{port}@localhost"
    for folder in ("spool", "logs"):
        (home / folder).mkdir()
    (home / "ejabberd.yml").write_text(CONFIG.format(port=port))
    (home / "ejabberdctl.cfg").write_text(
        f"EJABBERD_PID_PATH={home}/ejabberd.pid\nERLANG_NODE={node}\n"
    )
    subprocess.run(["chown", "-R", "ejabberd", str(home)], check=True)
    control = [
        *("ejabberdctl", "--config", str(home / "ejabberd.yml")),
        *("--ctl-config", str(home / "ejabberdctl.cfg")),
        *("--spool", str(home / "spool"), "--logs", str(home / "logs"), "--node", node),
    ]
    languages = sorted(path.stem for path in _msgs().glob("*.msg"))
    pages: list[Page] = []
    english: dict[str, str] = {}
    try:
        with running([*control, "foreground"], port, work / "ejabberd.log", timeout=120):
            try:
                for user, password in (("admin", ADMIN_PASSWORD), ("bob", "harvest-bob-42")):
                    subprocess.run(
                        [*control, "register", user, "localhost", password],
                        check=True,
                        stdout=subprocess.DEVNULL,
                    )
                for code in ["en", *languages]:
                    pages += _take(port, code, REQUESTS, english, source)
                    pages += _take(port, code, HEALTHY, english, source)
            finally:
                subprocess.run([*control, "stop"], check=False, capture_output=True, timeout=120)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return pages


def _take(port: int, code: str, requests: dict, english: dict[str, str], source: str) -> list[Page]:
    language = TAGS.get(code, code)
    credentials = base64.b64encode(f"admin@localhost:{ADMIN_PASSWORD}".encode()).decode()
    pages = []
    for path, (label, name, note, signed_in) in requests.items():
        headers = {"Authorization": f"Basic {credentials}"} if signed_in else {}
        status, answer, body = fetch(f"http://127.0.0.1:{port}{path}", code, headers, 60)
        if "html" not in answer.get("content-type", "") or not body:
            raise RuntimeError(f"{path} ({code}) answered {status} without a page")
        if signed_in and status == 401:
            raise RuntimeError(f"{path} ({code}): admin was not let in")
        if label == "ok" and status != 200:
            raise RuntimeError(f"{path} ({code}) answered {status}")
        if english.setdefault(name, _text(body)) == _text(body) and language != "en":
            continue  # not translated
        how = f"GET {path} Accept-Language: {code}"
        how += " (signed in as admin@localhost)" if signed_in else " (no credentials)"
        pages.append(
            Page(f"{name}.{language}.html", body, source, GROUP, how, language, label, status,
                 note)
        )  # fmt: skip
    return pages


def _msgs() -> Path:
    folders = sorted(MSGS.glob("ejabberd-*/priv/msgs"))
    if not folders:
        raise RuntimeError(f"no ejabberd-*/priv/msgs under {MSGS}")
    return folders[-1]


def _text(body: bytes) -> str:
    """What a reader sees of a page (and its title): no tags, scripts or styles."""
    text = re.sub(rb"(?s)<(script|style)\b.*?</\1>|<[^>]+>", b" ", body)
    return " ".join(text.decode("utf-8", "replace").split())
