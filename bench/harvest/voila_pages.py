"""Voilà (PyPI `voila`), in an environment of its own with ipykernel, run on 127.0.0.1 over a
folder holding a notebook (tree mode): its tree page and the notebook it renders (healthy),
and its own "404: Not Found" page for a missing notebook or folder (English only). Its
answers for an unknown URL and a file it will not serve are Tornado's own pages (the tornado
group) and are not harvested again."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, fetch, free_port, running
from bench.harvest.nbclassic_pages import NOTEBOOK

GROUP = "voila"
HOME = pyenv.HOME.parent / "voila-venv"
KERNEL = {
    "kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"},
    "language_info": {"name": "python"},
}
# path -> (label, name, note)
REQUESTS = {
    "/": ("ok", "tree", "the tree page of the notebook folder"),
    "/voila/render/analysis.ipynb": ("ok", "notebook", "a notebook, run and rendered"),
    "/voila/render/no-such-notebook.ipynb": ("soft_404", "missing-notebook", "missing notebook"),
    "/voila/tree/no-such-folder": ("soft_404", "missing-folder", "a missing folder"),
}


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("voila", "ipykernel", home=HOME)
    names = pyenv.versions(python, "voila", "jupyter_server")
    source = f"voila {names['voila']} + jupyter_server {names['jupyter_server']} (PyPI)"
    shutil.rmtree(work, ignore_errors=True)
    root = work / "notebooks"
    root.mkdir(parents=True)
    (root / "analysis.ipynb").write_text(json.dumps({**NOTEBOOK, "metadata": KERNEL}))
    environment = dict(
        os.environ,
        HOME=str(work),
        JUPYTER_CONFIG_DIR=str(work / "config"),
        JUPYTER_DATA_DIR=str(work / "data"),
        JUPYTER_RUNTIME_DIR=str(work / "runtime"),
    )
    port = free_port()
    command = [str(python.parent / "voila"), "--no-browser", f"--port={port}"]
    command += ["--Voila.ip=127.0.0.1", str(root)]
    pages, seen = [], set()
    with running(command, port, work / "server.log", timeout=90, cwd=work, env=environment):
        for path, (label, name, note) in REQUESTS.items():
            status, headers, body = fetch(f"http://127.0.0.1:{port}{path}", timeout=120)
            if "html" not in headers.get("content-type", "") or body in seen:
                continue  # the same 404 page for a missing folder: one copy
            seen.add(body)
            pages.append(
                Page(f"{name}.html", body, source, GROUP, f"GET {path}", "en", label, status, note)
            )
    return pages
