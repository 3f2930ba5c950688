"""devpi-server with devpi-web (PyPI, an environment of its own) on 127.0.0.1: a server
folder of its own (`devpi-init --no-root-pypi`: no mirror of pypi.org), `devpi-server
--offline-mode` on the harvest's port. Through devpi's JSON API, as devpi-client does it: two
users (alice, bob), alice's index alice/dev, two releases of a project of hers (its metadata
registered, an sdist made here uploaded) and the documentation of the first (a zip of two
HTML pages, `doc_upload`); devpi-web indexes them for its search.

Pages: devpi-web's "Not Found / The following resource could not be found:" page (404) for
an unknown user, index, project, version, documentation page, a project in the simple index
and an unknown URL; its error page "403 Forbidden ... failed permission check" for a DELETE
of alice's index by bob signed in and by a visitor (devpi renders it only for requests that
change something; a GET is never refused: every page is public). Healthy: the root (users and
indexes), a user's page, the index, the project, a version, the documentation page in
devpi-web's frame, the simple index, the status page, a search with results. English only:
devpi-web is not translated. The same page for two requests is kept once (the simple index's
unknown project says what the project page says; bob's and the visitor's 403 are one page).
Left out: the uploaded documentation itself (+doc/: our HTML, served as it is), a search
without results ("Your search ... did not match anything.": no error, an empty result
list), the answers to PUT and POST (JSON, or the same error page for a bad
request: 400, not a not-found or access page)."""

from __future__ import annotations

import base64
import io
import json
import shutil
import subprocess
import tarfile
import time
import urllib.error
import urllib.request
import uuid
import zipfile
from pathlib import Path

from bench.harvest import pyenv, web_session
from bench.harvest.core import Page, running
from bench.harvest.web_session import Keeper, Session

GROUP = "devpi-web"
HOME = Path("/tmp/fresh5c/devpi-web-venv")
PROJECT = "harbour-tools"
META = {
    "name": PROJECT,
    "metadata_version": "2.1",
    "summary": "Tools for a small harbour's moorings and tide tables",
    "description": "Harbour tools\n=============\n\nBook a mooring, print the week's tide table"
    " and send the harbour master a note.\n",
    "author": "Mara Lindqvist",
    "license": "MIT",
    "classifiers": "Programming Language :: Python :: 3",
}
DOCS = {
    "index.html": "<html><head><title>Harbour tools documentation</title></head><body>"
    "<h1>Harbour tools</h1><p>Book a mooring with <code>harbour book</code>, print the tides"
    " with <code>harbour tides</code>.</p><p><a href='tides.html'>Tide tables</a></p>"
    "</body></html>",
    "tides.html": "<html><head><title>Tide tables</title></head><body><h1>Tide tables</h1>"
    "<p>The week's high and low water, from the harbour's own gauge.</p></body></html>",
}
P = f"/alice/dev/{PROJECT}"
# (method, path, label, name, note, who: "" a visitor, "bob" signed in)
REQUESTS = (
    ("GET", "/", "ok", "root", "the root page: users and their indexes", ""),
    ("GET", "/alice", "ok", "user", "a user's page", ""),
    ("GET", "/alice/dev", "ok", "index", "an index's page", ""),
    ("GET", P, "ok", "project", "a project's page", ""),
    ("GET", f"{P}/1.0", "ok", "version", "a version's page", ""),
    ("GET", f"{P}/1.0/+d/index.html", "ok", "doc-frame", "a documentation page in devpi-web's "
     "frame", ""),
    ("GET", "/alice/dev/+simple/", "ok", "simple", "the index's simple page", ""),
    ("GET", "/+status", "ok", "status", "the server's status page", ""),
    ("GET", "/+search?query=harbour", "ok", "search", "a search with results", ""),
    ("GET", "/nosuchuser", "soft_404", "no-such-user", "an unknown user (404)", ""),
    ("GET", "/alice/nosuchindex", "soft_404", "no-such-index", "an unknown index (404)", ""),
    ("GET", "/alice/dev/nosuchproject", "soft_404", "no-such-project", "an unknown project "
     "(404)", ""),
    ("GET", f"{P}/9.9", "soft_404", "no-such-version", "an unknown version (404)", ""),
    ("GET", f"{P}/1.0/+doc/nosuch.html", "soft_404", "no-such-doc-page", "an unknown "
     "documentation page (404)", ""),
    ("GET", f"{P}/9.9/+doc/index.html", "soft_404", "no-such-doc-version", "the documentation "
     "of an unknown version (404)", ""),
    ("GET", "/alice/dev/+simple/nosuchproject/", "soft_404", "no-such-simple-project",
     "an unknown project in the simple index (404)", ""),
    ("GET", "/+nosuch", "soft_404", "not-found", "an unknown URL (404)", ""),
    ("DELETE", "/alice/dev", "soft_403", "forbidden-delete", "bob, signed in, deletes alice's "
     "index: not allowed (403)", "bob"),
    ("DELETE", "/alice/dev", "soft_403", "forbidden-delete-visitor", "a visitor deletes "
     "alice's index: not allowed (403)", ""),
)  # fmt: skip


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("devpi-server", "devpi-web", home=HOME)
    versions = pyenv.versions(python, "devpi-server", "devpi-web")
    source = f"devpi-server {versions['devpi-server']} with devpi-web {versions['devpi-web']}"
    keeper = Keeper(GROUP, source + " (PyPI)")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    server = work / "server"
    subprocess.run([str(python.parent / "devpi-init"), "--serverdir", str(server),
                    "--no-root-pypi", "--root-passwd", "harvest-root-42"], check=True,
                   capture_output=True)  # fmt: skip
    port = web_session.port(21)
    command = [str(python.parent / "devpi-server"), "--serverdir", str(server), "--host"]
    command += ["127.0.0.1", "--port", str(port), "--offline-mode"]
    with running(command, port, work / "devpi.log", timeout=120):
        base = f"http://127.0.0.1:{port}"
        auth = {name: _user(base, name) for name in ("alice", "bob")}
        _call(base, "PUT", "/alice/dev", {"bases": [], "volatile": True}, auth["alice"])
        for version in ("1.0", "1.1"):
            _release(base, version, auth["alice"])
        _wait_for_search(base)
        for method, path, label, name, note, who in REQUESTS:
            if method == "GET":
                status, final, kind, body = Session(base).get(path)
            else:
                status, kind, body = _call(base, method, path, None, auth.get(who, {}), "html")
                final = path
            how = f"{method} {path} (" + (f"signed in as {who})" if who else "not signed in)")
            if final != path:
                how += f"; redirected to {final}"
            keeper.keep(name, body, status, label, "en", how, note, kind)
    return keeper.pages


def _call(base, method, path, data=None, headers=None, accept="json"):
    """(status, Content-Type, body) of one request to devpi's API."""
    headers = dict(headers or {})
    headers["Accept"] = "text/html" if accept == "html" else "application/json"
    if isinstance(data, dict):
        data = json.dumps(data).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(base + path, data, headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def _user(base: str, name: str) -> dict[str, str]:
    """A new user, signed in: the header devpi-client sends."""
    password = f"harvest-{name}-42"
    _call(base, "PUT", f"/{name}", {"password": password, "email": f"{name}@example.org"})
    status, _, body = _call(base, "POST", "/+login", {"user": name, "password": password})
    if status != 200:
        raise RuntimeError(f"{name} could not sign in: {status} {body[:200]!r}")
    secret = json.loads(body)["result"]["password"]
    return {"X-Devpi-Auth": base64.b64encode(f"{name}:{secret}".encode()).decode()}


def _release(base: str, version: str, auth: dict[str, str]) -> None:
    """Register, upload an sdist and (for 1.0) the documentation, as devpi-client does."""
    meta = {**META, "version": version}
    uploads = [({":action": "submit", **meta}, None)]
    uploads.append(({":action": "file_upload", **meta}, _sdist(version)))
    if version == "1.0":
        documentation = {":action": "doc_upload", "name": PROJECT, "version": version}
        uploads.append((documentation, (f"harbour_tools-{version}.doc.zip", _docs())))
    for fields, file in uploads:
        body, content_type = _multipart(fields, file)
        status, _, answer = _call(base, "POST", "/alice/dev/", body,
                                  {**auth, "Content-Type": content_type})  # fmt: skip
        if status != 200:
            raise RuntimeError(f"{fields[':action']} answered {status}: {answer[:200]!r}")


def _wait_for_search(base: str, timeout: float = 120) -> None:
    """Until devpi-web's search index holds the project."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _, _, _, body = Session(base).get("/+search?query=harbour")
        if b"did not match anything" not in body and PROJECT.encode() in body:
            return
        time.sleep(2)
    raise RuntimeError("devpi-web did not index the project")


def _multipart(fields: dict, file: tuple[str, bytes] | None) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = b""
    for name, value in fields.items():
        body += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        body += f"{value}\r\n".encode()
    if file:
        filename, content = file
        body += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="content"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        ).encode()
        body += content + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def _sdist(version: str) -> tuple[str, bytes]:
    folder = f"harbour_tools-{version}"
    files = {
        "PKG-INFO": f"Metadata-Version: 2.1\nName: {PROJECT}\nVersion: {version}\n"
        f"Summary: {META['summary']}\n",
        "harbour_tools.py": '"""Harbour tools."""\n',
    }
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, text in files.items():
            data = text.encode()
            member = tarfile.TarInfo(f"{folder}/{name}")
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data))
    return f"{folder}.tar.gz", buffer.getvalue()


def _docs() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, page in DOCS.items():
            archive.writestr(name, page)
    return buffer.getvalue()
