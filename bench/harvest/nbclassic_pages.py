"""NbClassic (PyPI `nbclassic`: the classic Jupyter Notebook interface, as a jupyter_server
extension), in an environment of its own, run by `jupyter nbclassic` on 127.0.0.1 over a
folder holding a notebook and a text file, with a token (sent in the Authorization header):
its own pages, the tree (file browser), the notebook, the text editor (healthy), and its
"404 : Not Found" page for a missing folder, notebook and file. Its templates are English only
(it ships no compiled translations). The sign-in page and the unknown-URL page are
jupyter_server's (the jupyter group) and are not harvested again."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, fetch, free_port, running

GROUP = "nbclassic"
HOME = pyenv.HOME.parent / "nbclassic-venv"
TOKEN = "not-a-real-token-for-the-harvest"
# path -> (label, name, note)
REQUESTS = {
    "/tree": ("ok", "tree", "the file browser (tree) of the notebook folder"),
    "/notebooks/analysis.ipynb": ("ok", "notebook", "a notebook"),
    "/edit/notes.txt": ("ok", "edit", "the text editor on a file"),
    "/tree/no-such-folder": ("soft_404", "missing-folder", "a missing folder (404)"),
    "/notebooks/no-such-notebook.ipynb": ("soft_404", "missing-notebook", "missing notebook"),
    "/edit/no-such-file.txt": ("soft_404", "missing-file", "a missing file in the editor"),
}
NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Analysis\n", "Monthly figures."]},
        {
            "cell_type": "code",
            "execution_count": None,
            "metadata": {},
            "outputs": [],
            "source": ["total = sum(range(10))\n", "total"],
        },
    ],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("nbclassic", home=HOME)
    names = pyenv.versions(python, "nbclassic", "jupyter_server")
    source = f"nbclassic {names['nbclassic']} + jupyter_server {names['jupyter_server']} (PyPI)"
    shutil.rmtree(work, ignore_errors=True)
    root = work / "notebooks"
    root.mkdir(parents=True)
    (root / "analysis.ipynb").write_text(json.dumps(NOTEBOOK))
    (root / "notes.txt").write_text("Figures to check before the monthly report.\n")
    environment = dict(
        os.environ,
        HOME=str(work),
        JUPYTER_CONFIG_DIR=str(work / "config"),
        JUPYTER_DATA_DIR=str(work / "data"),
        JUPYTER_RUNTIME_DIR=str(work / "runtime"),
    )
    port = free_port()
    command = [
        str(python.parent / "jupyter"),
        *("nbclassic", "--no-browser", "--allow-root", "--ip", "127.0.0.1", "--port", str(port)),
        f"--ServerApp.token={TOKEN}",
        f"--ServerApp.root_dir={root}",
    ]
    pages, seen = [], set()
    with running(command, port, work / "server.log", timeout=90, cwd=work, env=environment):
        for path, (label, name, note) in REQUESTS.items():
            headers = {"Authorization": f"token {TOKEN}"}
            status, answer, body = fetch(f"http://127.0.0.1:{port}{path}", headers=headers)
            if "html" not in answer.get("content-type", "") or body in seen:
                continue  # the same 404 page for another kind of missing thing: one copy
            seen.add(body)
            pages.append(
                Page(
                    f"{name}.html",
                    body,
                    source,
                    GROUP,
                    f"GET {path} (Authorization: token)",
                    "en",
                    label,
                    status,
                    note,
                )
            )
    return pages
