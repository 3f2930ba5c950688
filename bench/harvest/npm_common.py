"""What the npm framework harvests share: the apps' texts (a home page, guides on errors and
signing in, thin pages, a post), installing npm packages into a work folder, writing an app's
files, building it, and fetching its answers as corpus pages. One module per framework uses
them (npm_nextjs.py, npm_sveltekit.py, npm_nuxt.py, npm_astro.py, npm_react_router.py), and
npm_sites.py builds static sites from the same texts."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from bench.harvest.core import Page, fetch

# the apps' texts: slug -> (title, paragraphs); rendered by each framework in its own way
GUIDES = {
    "errors": (
        "Handling errors",
        (
            "When a visitor asks for an address that does not exist, the server answers "
            "404 Not Found. Keep the status honest: a page that says it was not found but "
            "comes with 200 OK is a soft 404, and search engines index it as a real page.",
            "A 401 Unauthorized answer means the visitor has to sign in first; a 403 "
            "Forbidden answer means the visitor is signed in, or does not need to be, and "
            "is still not allowed to see the page. Send 410 Gone for pages removed on purpose.",
            "Test your error pages the way a crawler sees them: request a missing address, "
            "a private one and a removed one, and check both the status and the text.",
        ),
    ),
    "accounts": (
        "Accounts and signing in",
        (
            "Members sign in with their e-mail address and a password, or with a link we "
            "send by e-mail. After five failed attempts the account is locked for ten minutes.",
            "Pages under /members/ need a signed-in visitor. Anyone else is sent to the "
            "login page and comes back to the page they asked for after signing in.",
            "Administrators can give a member the editor role; editors may publish posts "
            "but cannot change other members' permissions.",
        ),
    ),
    "about": (
        "About",
        ("Orchard Notes is a small journal about growing apple trees in cold gardens.",),
    ),
    "changelog": (
        "Changelog",
        (
            "2.1: a search box on every page. 2.0: posts moved to /posts/. "
            "1.4: the login link moved to the footer.",
        ),
    ),
}
HOME = (
    "Orchard Notes",
    (
        "Notes from a northern orchard: pruning, grafting, and the apples that survive "
        "a long winter.",
        "Start with the guides, or read the latest post about grafting old varieties.",
    ),
)
POST = ("grafting-old-varieties", "Grafting old varieties", ("We cut scions in February.",))


def install(work: Path, packages: tuple[str, ...], module_type: bool = False) -> None:
    work.mkdir(parents=True, exist_ok=True)
    package_json = work / "package.json"
    if not package_json.exists():
        manifest = {"name": f"harvest-{work.name}", "private": True}
        package_json.write_text(
            json.dumps(dict(manifest, type="module") if module_type else manifest)
        )
    names = [
        package.rsplit("@", 1)[0] if package.rfind("@") > 0 else package for package in packages
    ]
    if not all((work / "node_modules" / name).exists() for name in names):
        subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund", *packages],
            cwd=work,
            check=True,
        )


def version(work: Path, name: str) -> str:
    return json.loads((work / "node_modules" / name / "package.json").read_text())["version"]


def write_tree(root: Path, files: dict[str, str]) -> None:
    """Write the files under `root`; a file whose text is unchanged is left as it is."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text() != text:
            path.write_text(text)


def build(command: list[str], cwd: Path, log: Path, **environment: str) -> None:
    with log.open("ab") as output:
        subprocess.run(
            command,
            cwd=cwd,
            check=True,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={"PATH": "/usr/bin:/bin", "HOME": str(cwd), **environment},
        )


def answers(
    port: int, wanted: dict, group: str, source: str, how: str, language: str = "en", name="{}"
) -> list[Page]:
    """One page for each path of `wanted` (path -> (label, name, what it is)) the server on
    `port` answers with HTML (a text/plain or JSON answer is left out)."""
    pages = []
    for path, (label, slug, what) in wanted.items():
        status, headers, body = fetch(f"http://127.0.0.1:{port}{path}")
        if "html" in headers.get("content-type", ""):
            obtained = f"GET {path} ({how})"
            pages.append(
                Page(
                    f"{name.format(slug)}.html",
                    body,
                    source,
                    group,
                    obtained,
                    language,
                    label,
                    status,
                    what,
                )
            )
    return pages


def jsx(title: str, paragraphs: tuple[str, ...]) -> str:
    body = "".join(f"<p>{json.dumps(paragraph)[1:-1]}</p>" for paragraph in paragraphs)
    return f"<main><h1>{title}</h1>{body}</main>"


def markdown(title: str, paragraphs: tuple[str, ...]) -> str:
    return f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n"


# --- Next.js ---------------------------------------------------------------------------------
