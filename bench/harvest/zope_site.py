"""Zope (PyPI `Zope[wsgi]`), the application server, in an environment of its own: an
instance made by `mkwsgiinstance` (an administrator given on its command line), run by
`runwsgi` (waitress) on 127.0.0.1: its "Site Error ... Resource not found" page (404) for an
unknown URL and an unknown name under an object; the default page of the root and of the
user folder; signed in (Basic authentication) as the administrator, the management
interface's contents, security (permissions and roles), users, find and properties pages
and the control panel (healthy). English only. Left out: its 401 (the management
interface without credentials: an empty body)."""

from __future__ import annotations

import base64
import shutil
import subprocess
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, fetch, free_port, running

GROUP = "zope"
HOME = pyenv.HOME.parent / "Zope-venv"
PASSWORD = "harvest-only-password"
# path -> (label, name, note, as the administrator?)
REQUESTS = {
    "/no-such-page": ("soft_404", "not-found", "an unknown URL: 'Resource not found'", False),
    "/acl_users/no-such-user": (
        "soft_404",
        "not-found-under-object",
        "an unknown name under the user folder: 'Resource not found'",
        False,
    ),
    "/": ("ok", "home", "the root's auto-generated default page", False),
    "/acl_users": ("ok", "user-folder", "the user folder's default page", False),
    "/manage_main": ("ok", "manage-main", "the management interface: the root's contents", True),
    "/manage_access": (
        "ok",
        "manage-access",
        "the management interface: security (permissions and roles)",
        True,
    ),
    "/acl_users/manage_users": ("ok", "manage-users", "the management interface: users", True),
    "/manage_findForm": ("ok", "manage-find", "the management interface: find objects", True),
    "/manage_propertiesForm": ("ok", "manage-properties", "the root's properties form", True),
    "/Control_Panel/manage_main": ("ok", "control-panel", "the control panel", True),
}


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("Zope[wsgi]", home=HOME)
    source = f"Zope {pyenv.versions(python, 'Zope')['Zope']} (PyPI)"
    shutil.rmtree(work, ignore_errors=True)
    instance = work / "instance"
    subprocess.run(
        [str(python.parent / "mkwsgiinstance"), "-d", str(instance), "-u", f"admin:{PASSWORD}"],
        check=True,
        capture_output=True,
    )
    port = free_port()
    configuration = instance / "etc" / "zope.ini"
    text = configuration.read_text()
    if "port = 8080" not in text:
        raise RuntimeError("zope.ini no longer says port = 8080")
    configuration.write_text(text.replace("port = 8080", f"port = {port}"))
    admin = {"Authorization": "Basic " + base64.b64encode(f"admin:{PASSWORD}".encode()).decode()}
    pages = []
    command = [str(python.parent / "runwsgi"), str(configuration)]
    with running(command, port, work / "zope.log", cwd=instance, timeout=120):
        for path, (label, name, note, signed_in) in REQUESTS.items():
            headers = admin if signed_in else {}
            status, answer, body = fetch(f"http://127.0.0.1:{port}{path}", headers=headers)
            if "html" not in answer.get("content-type", ""):
                continue
            obtained = f"GET {path}" + (" as the administrator (Basic)" if signed_in else "")
            pages.append(
                Page(f"{name}.html", body, source, GROUP, obtained, "en", label, status, note)
            )
    return pages
