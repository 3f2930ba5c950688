"""Python applications people run, on 127.0.0.1 (PyPI): Jupyter Server (its login page, its
404 page) and Datasette on a database of the machine's Debian packages (its index, table,
row and search pages, and its "not found" and "permission denied" pages)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, fetch, free_port, running


def jupyter(work: Path) -> list[Page]:
    python = pyenv.python("jupyter_server")
    source = f"jupyter_server {pyenv.versions(python, 'jupyter_server')['jupyter_server']} (PyPI)"
    work.mkdir(parents=True, exist_ok=True)
    port = free_port()
    command = [
        str(python),
        "-m",
        "jupyter_server",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        "--IdentityProvider.token=not-a-real-token",
        f"--ServerApp.root_dir={work}",
        "--ServerApp.open_browser=False",
        "--allow-root",
    ]
    requests = {
        "/login?next=%2Ftree": ("soft_401", "login", "the login page (password or token)"),
        "/login": ("soft_401", "login-plain", "the login page, no next parameter"),
        "/no-such-page": ("soft_404", "no-such-page", "404 page for an unknown URL"),
        "/api/no-such-page": ("soft_404", "no-such-api-page", "404 page under /api/"),
    }
    pages = []
    environment = {"PATH": "/usr/bin:/bin", "HOME": str(work), "JUPYTER_RUNTIME_DIR": str(work)}
    with running(command, port, work / "server.log", timeout=90, env=environment):
        for path, (label, name, note) in requests.items():
            status, headers, body = fetch(f"http://127.0.0.1:{port}{path}")
            if 300 <= status < 400:
                continue  # a redirect to the login page: that page is harvested itself
            if "html" not in headers.get("content-type", ""):
                continue
            pages.append(
                Page(
                    f"{name}.html",
                    body,
                    source,
                    "jupyter",
                    f"GET {path}",
                    "en",
                    label,
                    status,
                    note,
                )
            )
    return pages


METADATA = {"databases": {"packages": {"tables": {"maintainers": {"allow": {"id": "root"}}}}}}


def datasette(work: Path) -> list[Page]:
    python = pyenv.python("datasette")
    source = f"datasette {pyenv.versions(python, 'datasette')['datasette']} (PyPI)"
    work.mkdir(parents=True, exist_ok=True)
    database = work / "packages.db"
    _package_database(database)
    (work / "metadata.json").write_text(json.dumps(METADATA))
    port = free_port()
    command = [
        str(python),
        "-m",
        "datasette",
        "serve",
        str(database),
        "-p",
        str(port),
        "-h",
        "127.0.0.1",
        "-m",
        str(work / "metadata.json"),
    ]
    requests = {
        "/": ("ok", "index", "the instance's index page"),
        "/packages": ("ok", "database", "a database page (its tables)"),
        "/packages/packages?_search=http": ("ok", "search-http", "a search with results"),
        "/packages/packages?_search=documentation": ("ok", "search-docs", "a search with results"),
        "/packages/packages?section=web": ("ok", "facet-web", "rows filtered by a column"),
        "/packages/packages/1": ("ok", "row", "one row's page (thin)"),
        "/packages/packages/2": ("ok", "row-2", "one row's page (thin)"),
        "/no-such-database": ("soft_404", "missing-database", "database not found"),
        "/packages/no_such_table": ("soft_404", "missing-table", "table not found"),
        "/packages/packages/999999": ("soft_404", "missing-row", "row not found"),
        "/packages/maintainers": ("soft_403", "denied-table", "permission denied (anonymous)"),
        "/-/permissions": ("soft_403", "denied-permissions", "permission denied (anonymous)"),
    }
    pages = []
    with running(command, port, work / "server.log", timeout=90):
        for path, (label, name, note) in requests.items():
            status, headers, body = fetch(f"http://127.0.0.1:{port}{path}")
            if "html" not in headers.get("content-type", ""):
                continue
            pages.append(
                Page(
                    f"{name}.html",
                    body,
                    source,
                    "datasette",
                    f"GET {path}",
                    "en",
                    label,
                    status,
                    note,
                )
            )
    return pages


def _package_database(database: Path) -> None:
    """The machine's installed Debian packages: real rows to browse and search."""
    listing = subprocess.run(
        [
            "dpkg-query",
            "-W",
            "-f=${Package}\t${Version}\t${Section}\t${Maintainer}\t${binary:Summary}\n",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = [line.split("\t") for line in listing.splitlines() if line.count("\t") == 4]
    database.unlink(missing_ok=True)
    with sqlite3.connect(database) as connection:
        connection.execute(
            "create table packages (id integer primary key, name text, "
            "version text, section text, summary text)"
        )
        connection.executemany(
            "insert into packages (name, version, section, summary) values (?, ?, ?, ?)",
            [(n, v, s, d) for n, v, s, _, d in rows],
        )
        connection.execute("create table maintainers (name text, maintainer text)")
        connection.executemany(
            "insert into maintainers values (?, ?)", [(n, m) for n, _, _, m, _ in rows]
        )
        connection.execute(
            "create virtual table packages_fts using fts5(name, summary, "
            "content='packages', content_rowid='id')"
        )
        connection.execute(
            "insert into packages_fts (rowid, name, summary) select id, name, summary from packages"
        )
