"""MoinMoin 2 (PyPI `moin`, a pre-release), in an environment of its own: an instance made by
`moin create-instance --full` (its welcome page and English help items), anonymous visitors
allowed to create items in the default namespace (a public wiki), an item nobody may read
(ACL `All:`), served by `moin run` on 127.0.0.1, its interface language chosen by
Accept-Language: a missing item (it offers to create it), a missing item where the visitor
may not create (users namespace: "Item not found or access denied"), the item nobody may read
(403), the login page, and healthy pages (welcome page, help pages, index, a search with
results, tags, history)."""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, fetch, free_port, running

GROUP = "moin"
HOME = pyenv.HOME.parent / "moin-venv"
LANGUAGES = ("en", "de", "pt-BR", "ru", "sv")  # the translations moin ships
# path -> (label, name, note)
REQUESTS = {
    "/NoSuchPage": ("soft_404", "missing-item", "missing item: it offers to create it (404)"),
    "/users/NoSuchUser": (
        "soft_404",
        "missing-user-item",
        "missing item where anonymous may not create: 'Item not found or access denied' (404)",
    ),
    "/StaffNotes": (
        "soft_403",
        "item-not-readable",
        "an existing item with ACL All: (nobody may read): 'not found or access denied' (403)",
    ),
    "/+login": ("soft_401", "login", "the login page"),
    "/Home": ("ok", "home", "the welcome page"),
    "/help-en/Home": ("ok", "help-home", "the help's start page"),
    "/help-en/moin": ("ok", "help-moin-markup", "the help page on moin markup"),
    "/+index/": ("ok", "index", "the index of items"),
    "/+search?q=wiki": ("ok", "search", "a search with results"),
    "/+tags": ("ok", "tags", "the tags page"),
    "/+history": ("ok", "history", "the global history"),
}
STAFF_NOTES = b"= Staff notes =\r\n\r\nThe rota for the next quarter.\r\n"


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("moin>=2.0.0b1", home=HOME)  # 1.9 is the newest final release
    names = pyenv.versions(python, "moin", "flask")
    source = f"moin {names['moin']} + Flask {names['flask']} (PyPI)"
    shutil.rmtree(work, ignore_errors=True)
    instance = work / "wiki"
    instance.mkdir(parents=True)
    moin = [str(python.parent / "moin")]
    subprocess.run([*moin, "create-instance", "--full"], cwd=instance, check=True,
                   capture_output=True)  # fmt: skip
    _open_default_namespace(instance / "wikiconfig.py")
    _put_unreadable_item(moin, instance, work)
    port = free_port()
    command = [*moin, "run", "--host", "127.0.0.1", "--port", str(port)]
    pages = []
    with running(command, port, work / "server.log", timeout=90, cwd=instance):
        for language in LANGUAGES:
            for path, (label, name, note) in REQUESTS.items():
                status, headers, body = fetch(f"http://127.0.0.1:{port}{path}", language)
                if "html" not in headers.get("content-type", ""):
                    continue
                pages.append(
                    Page(
                        f"{name}.{language.lower()}.html",
                        body,
                        source,
                        GROUP,
                        f"GET {path} Accept-Language: {language} (moin run, anonymous)",
                        language.lower(),
                        label,
                        status,
                        note,
                    )
                )
    return pages


def _open_default_namespace(config: Path) -> None:
    """Anyone may read, write and create in the default namespace (a public wiki)."""
    text = config.read_text()
    default = 'default="YOUR-TRUSTED-EDITORS-GROUP:read,write,create All:read",'
    if default not in text:
        raise RuntimeError(f"moin's wikiconfig.py changed: {default!r} not found")
    open_wiki = default.replace("All:read", "All:read,write,create")
    config.write_text(text.replace(default, open_wiki, 1))


def _put_unreadable_item(moin: list[str], instance: Path, work: Path) -> None:
    meta = {
        "name": ["StaffNotes"],
        "namespace": "",
        "contenttype": "text/x.moin.wiki;charset=utf-8",
        "itemtype": "default",
        "acl": "All:",
        "summary": "",
        "comment": "",
        "tags": [],
        "itemid": uuid.uuid4().hex,
        "size": len(STAFF_NOTES),
    }
    (work / "staff.meta").write_text(json.dumps(meta))
    (work / "staff.data").write_bytes(STAFF_NOTES)
    subprocess.run(
        [*moin, "item-put", "-m", str(work / "staff.meta"), "-d", str(work / "staff.data")],
        cwd=instance,
        check=True,
        capture_output=True,
    )
