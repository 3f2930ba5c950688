"""Debian gitit: the gitit wiki (Haskell, Happstack) with a configuration of its own (its
default one, `gitit --print-default-config`, with our port, responses uncompressed), its wiki
in a work folder (the pages gitit makes on its first start: Front Page, Help, the user's
guide), edits needing a login (`require-authentication: modify`, the default), a user
registered through its form: the page for a missing page ("There is no page named ...",
offering to create it; 404), an unknown revision of a page (the same answer), Happstack's own
"File not found" page for a page's raw source that does not exist; the sign-in page (asked
for, where an edit sends an anonymous visitor, after a wrong password); "Page is locked."
(editing Help, a `no-edit` page) and "Page cannot be deleted." (deleting Front Page, a
`no-delete` page) for the signed-in user; healthy pages (front page, the user's guide, Help,
a page's history, recent activity, all pages, a search with results, the registration form).
A page is the same signed in or not (gitit shows "Login" or "Logout" by script): each is kept
once. Its interface is English only."""

from __future__ import annotations

import shutil
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "gitit"
USER = {"username": "alice", "email": "alice@example.org", "password": "harvest-123"}
GUIDE = urllib.parse.quote("Gitit User\u2019s Guide")
# path -> (label, name, note, signed in?)
REQUESTS = {
    "/": ("ok", "front-page", "the front page", False),
    f"/{GUIDE}": ("ok", "page", "a page (the user's guide gitit makes)", False),
    "/Help": ("ok", "help", "the help page", False),
    "/_history/Front%20Page": ("ok", "history", "a page's history", False),
    "/_activity": ("ok", "activity", "recent activity", False),
    "/_index": ("ok", "all-pages", "all pages", False),
    "/_search?patterns=wiki": ("ok", "search", "a search with results", False),
    "/_register": ("ok", "register", "the registration form", False),
    "/No%20Such%20Page": (
        "soft_404",
        "missing-page",
        "a missing page: 'There is no page named ...', create it or search",
        False,
    ),
    "/Front%20Page?revision=0123456789abcdef0123456789abcdef01234567": (
        "soft_404",
        "unknown-revision",
        "an unknown revision of a page (gitit answers as for a missing page)",
        False,
    ),
    "/_showraw/No%20Such%20Page": (
        "soft_404",
        "happstack-not-found",
        "the raw source of a missing page: Happstack's own 'File not found' page",
        False,
    ),
    "/_login": ("soft_401", "login", "the sign-in page", False),
    "/_login?destination=%2F_edit%2FFront%2520Page": (
        "soft_401",
        "login-from-edit",
        "where editing a page sends an anonymous visitor (307 to the sign-in page)",
        False,
    ),
    "/_edit/Help": (
        "soft_403",
        "edit-locked",
        "the signed-in user edits Help (a no-edit page): 'Page is locked.' above the page",
        True,
    ),
    "/_delete/Front%20Page": (
        "soft_403",
        "delete-refused",
        "the signed-in user deletes Front Page (a no-delete page): 'Page cannot be deleted.'"
        " above the page",
        True,
    ),
}


def harvest(work: Path) -> list[Page]:
    apt_install("gitit", "git")
    source = deb_version("gitit")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    port = free_port()
    default = subprocess.run(
        ["gitit", "--print-default-config"], capture_output=True, text=True, check=True
    ).stdout
    config = default.replace("\nport: 5001\n", f"\nport: {port}\n")
    config = config.replace("\naddress: 0.0.0.0\n", "\naddress: 127.0.0.1\n")
    config = config.replace("\ncompress-responses: yes\n", "\ncompress-responses: no\n")
    if f"port: {port}" not in config or "compress-responses: no" not in config:
        raise RuntimeError("gitit's default configuration changed")
    (work / "gitit.conf").write_text(config)
    pages = []
    with running(["gitit", "-f", "gitit.conf"], port, work / "server.log", cwd=work):
        base = f"http://127.0.0.1:{port}"
        cookie = _register(base)
        for path, (label, name, note, signed_in) in REQUESTS.items():
            headers = {"Cookie": cookie} if signed_in else {}
            status, answer, body = fetch(base + path, headers=headers)
            if "html" not in answer.get("content-type", ""):
                raise RuntimeError(f"{path} answered {status} {answer.get('content-type')}")
            how = f"GET {path}" + (f" (signed in as {USER['username']})" if signed_in else "")
            pages.append(Page(f"{name}.html", body, source, GROUP, how, "en", label, status, note))
        status, answer, body = _post(
            base + "/_login",
            {"username": USER["username"], "password": "wrong", "destination": "",
             "login": "Login"},
        )  # fmt: skip
        pages.append(
            Page("login-failed.html", body, source, GROUP,
                 "POST /_login with a wrong password", "en", "soft_401", status,
                 "the sign-in page after a wrong password: 'Invalid username or password.'")
        )  # fmt: skip
    return pages


def _register(base: str) -> str:
    """Register the user through the form (which signs it in): its session cookie."""
    fields = {
        "username": USER["username"],
        "email": USER["email"],
        "full_name_1": "",  # a trap for robots: left empty
        "password": USER["password"],
        "password2": USER["password"],
        "destination": "",
        "register": "Register",
    }
    status, headers, _ = _post(base + "/_register", fields)
    cookie = headers.get("set-cookie", "")
    if status != 303 or not cookie.startswith("sid="):
        raise RuntimeError(f"registering answered {status} {headers}")
    return cookie.split(";")[0]


def _post(url: str, fields: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    data = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(url, data=data)
    request.add_header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) gatewatch-harvest")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *arguments, **keywords):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            headers = {name.lower(): value for name, value in response.headers.items()}
            return response.status, headers, response.read()
    except urllib.error.HTTPError as error:
        headers = {name.lower(): value for name, value in error.headers.items()}
        return error.code, headers, error.read()
