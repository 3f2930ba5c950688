"""Gatsby 5 (npm `gatsby`), a site written for the harvest (bench/harvest/npm_common.py's
texts: a home page, four guides, a second page), built by `gatsby build` and served by
`gatsby serve` on 127.0.0.1 and a free port; then the same site under `gatsby develop`.

Gatsby's default starter (gatsby-starter-default, what `gatsby new` and `npm init gatsby`
clone) is not on the npm registry (the package of that name there is a 2017 site for Gatsby
1), so its 404 page (its own src/pages/404.js) cannot be had here; the site has no 404 page
of its own, so the not-found answers are Gatsby's: `gatsby serve`'s for an unknown URL with
no 404.html (an Express server: its final handler's "Not Found" page, 404; soft_404), and
the development server's for an unknown URL (soft_404, kept only if it holds text: Gatsby's
development 404 page is drawn by script, and the HTML it serves is an empty shell). Healthy:
the built pages as `gatsby serve` answers them. Gatsby has no interface text of its own to
translate: English only.

sharp 0.32 (a dependency of gatsby) downloads libvips from outside the npm registry when it
installs: an npm override pins sharp ^0.33, whose libvips comes in npm packages."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bench.harvest.core import Page, fetch, free_port, running
from bench.harvest.npm_common import GUIDES, HOME, build, install, jsx, version, write_tree

GROUP = "gatsby"
PACKAGES = ("gatsby@^5", "react@^18", "react-dom@^18")
ENVIRONMENT = {"GATSBY_TELEMETRY_DISABLED": "1", "CI": "1"}
# path -> (label, name, note)
SERVED = {
    "/no-such-page/": ("soft_404", "serve-not-found", "an unknown URL (gatsby serve)"),
    "/guides/no-such-guide/": ("soft_404", "serve-not-found", "an unknown guide (gatsby serve)"),
    "/": ("ok", "home", "the home page"),
    "/page-2/": ("ok", "page-2", "a second page"),
    **{
        f"/guides/{slug}/": ("ok", f"guide-{slug}", f"a guide: {title}")
        for slug, (title, _) in GUIDES.items()
    },
}
DEVELOP = {
    "/no-such-page/": ("soft_404", "develop-not-found", "an unknown URL (gatsby develop)"),
}


def harvest(work: Path) -> list[Page]:
    work.mkdir(parents=True, exist_ok=True)
    manifest = work / "package.json"
    if not manifest.exists():
        manifest.write_text(
            json.dumps(
                {"name": "harvest-gatsby", "private": True, "overrides": {"sharp": "^0.33.5"}}
            )
        )
    install(work, PACKAGES)
    source = f"gatsby {version(work, 'gatsby')}, react {version(work, 'react')} (npm)"
    site = work / "site"
    write_tree(site, _files())
    gatsby = str(work / "node_modules/gatsby/cli.js")
    build(["node", gatsby, "build"], site, work / "build.log", **ENVIRONMENT)
    pages = _answers(["node", gatsby, "serve"], site, work / "serve.log", SERVED, source)
    for page in _answers(["node", gatsby, "develop"], site, work / "develop.log", DEVELOP, source):
        if _text(page.body):
            pages.append(page)
    return pages


def _answers(command: list[str], site: Path, log: Path, wanted: dict, source: str) -> list[Page]:
    port = free_port()
    environment = {"PATH": "/usr/bin:/bin", "HOME": str(site), **ENVIRONMENT}
    arguments = [*command, "--host", "127.0.0.1", "--port", str(port)]
    kept: dict[bytes, Page] = {}
    with running(arguments, port, log, timeout=300, cwd=site, env=environment):
        for path, (label, name, note) in wanted.items():
            status, headers, body = fetch(f"http://127.0.0.1:{port}{path}", timeout=120)
            if "html" not in headers.get("content-type", ""):
                continue
            obtained = f"GET {path} ({' '.join(command[2:])})"
            if body in kept:
                kept[body].obtained += f"; {obtained}"
                kept[body].note += f"; {note}"
                continue
            kept[body] = Page(f"{name}.html", body, source, GROUP, obtained, "en", label, status,
                              note)  # fmt: skip
    return list(kept.values())


def _files() -> dict[str, str]:
    guides = json.dumps({slug: [title, list(text)] for slug, (title, text) in GUIDES.items()})
    # gatsby runs only in a folder whose package.json names it
    dependencies = {name.split("@^")[0]: "*" for name in PACKAGES}
    manifest = {"name": "orchard-notes", "private": True, "dependencies": dependencies}
    return {
        "package.json": json.dumps(manifest),
        "gatsby-config.js": 'module.exports = { siteMetadata: { title: "Orchard Notes" } };\n',
        "src/pages/index.js": (
            'import * as React from "react";\n'
            f"export default function Home() {{ return {jsx(*HOME)}; }}\n"
            f"export const Head = () => <title>{HOME[0]}</title>;\n"
        ),
        "src/pages/page-2.js": (
            'import * as React from "react";\n'
            "export default function SecondPage() { return "
            f"{jsx(*GUIDES['about'])}; }}\n"
            "export const Head = () => <title>Page two</title>;\n"
        ),
        "gatsby-node.js": (
            f"const GUIDES = {guides};\n"
            "exports.createPages = ({ actions }) => {\n"
            "  for (const [slug, guide] of Object.entries(GUIDES)) {\n"
            "    actions.createPage({ path: `/guides/${slug}/`,\n"
            '      component: require.resolve("./src/templates/guide.js"), context: { guide } });\n'
            "  }\n};\n"
        ),
        "src/templates/guide.js": (
            'import * as React from "react";\n'
            "export default function Guide({ pageContext: { guide } }) {\n"
            "  return <main><h1>{guide[0]}</h1>{guide[1].map((p, i) => <p key={i}>{p}</p>)}"
            "</main>;\n}\n"
            "export const Head = ({ pageContext: { guide } }) => <title>{guide[0]}</title>;\n"
        ),
    }


def _text(body: bytes) -> str:
    """What a reader sees of a page: no tags, scripts or styles."""
    text = re.sub(rb"(?s)<(script|style|noscript)\b.*?</\1>|<[^>]+>", b" ", body)
    return " ".join(text.decode("utf-8", "replace").split())
