"""Supervisor (PyPI `supervisor`), a process control system, in an environment of its own:
supervisord in the foreground with a configuration of its own (one program, `sleep`) and its
web interface (inet_http_server) on 127.0.0.1, in two configurations: open, and with a user
name and password. Pages: its "Error response ... Error code 404. Message: Not Found." page
(an unknown URL), its 401 page ("Error code 401. Message: Unauthorized.", no credentials);
the status page and a process's tail page (healthy). English only. Left out: the tail page of
a process that does not exist ("ERROR: unexpected rpc fault [10] BAD_NAME", 200: an RPC
error, not a not-found page), /logtail/ (a stream that does not end)."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, fetch, free_port, running

GROUP = "supervisor"
HOME = pyenv.HOME.parent / "supervisor-venv"
CONFIG = """[supervisord]
nodaemon=true
logfile={work}/supervisord.log
pidfile={work}/supervisord.pid
childlogdir={work}

[inet_http_server]
port=127.0.0.1:{port}
{credentials}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[program:sleeper]
command=/bin/sleep 100000
autostart=true
"""
# configuration -> (its credentials lines, {path: (label, name, note)})
CONFIGURATIONS = {
    "open": (
        "",
        {
            "/no-such-page": ("soft_404", "not-found", "an unknown URL: 'Error code 404.'"),
            "/": ("ok", "status", "the status page (one program running)"),
            "/tail.html?processname=sleeper": ("ok", "tail", "a process's tail page"),
        },
    ),
    "password": (
        "username=admin\npassword=harvest-only-password",
        {"/": ("soft_401", "unauthorized", "no credentials: 'Error code 401.'")},
    ),
}


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("supervisor", home=HOME)
    source = f"supervisor {pyenv.versions(python, 'supervisor')['supervisor']} (PyPI)"
    shutil.rmtree(work, ignore_errors=True)
    pages = []
    for configuration, (credentials, requests) in CONFIGURATIONS.items():
        folder = work / configuration
        folder.mkdir(parents=True)
        port = free_port()
        config = folder / "supervisord.conf"
        config.write_text(CONFIG.format(work=folder, port=port, credentials=credentials))
        command = [str(python.parent / "supervisord"), "-c", str(config)]
        with running(command, port, folder / "run.log", cwd=folder):
            for path, (label, name, note) in requests.items():
                status, headers, body = fetch(f"http://127.0.0.1:{port}{path}", timeout=10)
                if "html" not in headers.get("content-type", ""):
                    continue
                obtained = f"GET {path} (supervisord, inet_http_server {configuration})"
                pages.append(
                    Page(f"{name}.html", body, source, GROUP, obtained, "en", label, status, note)
                )
    return pages
