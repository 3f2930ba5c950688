"""An Astro 5 app (npm) with the node adapter: its default 404 page for an unknown URL and for
a page answering 404, and the app's healthy pages."""

from __future__ import annotations

import json
from pathlib import Path

from bench.harvest.core import Page, free_port, running
from bench.harvest.npm_common import (
    GUIDES,
    HOME,
    answers,
    build,
    install,
    version,
    write_tree,
)

ASTRO_PAGES = {
    "/no-such-page": ("soft_404", "no-such-page", "the default 404 page (unknown URL)"),
    "/guides/no-such-guide": (
        "soft_404",
        "guide-not-found",
        "a page answering new Response(null, {status: 404})",
    ),
    "/members": ("soft_401", "unauthorized", "a page answering new Response(null, {status: 401})"),
    "/admin": ("soft_403", "forbidden", "a page answering new Response(null, {status: 403})"),
    "/": ("ok", "home", "the home page"),
    **{
        f"/guides/{slug}": ("ok", f"guide-{slug}", f"a page: {title}")
        for slug, (title, _) in GUIDES.items()
    },
}


def _astro_files() -> dict[str, str]:
    guides = json.dumps({slug: [title, list(text)] for slug, (title, text) in GUIDES.items()})
    layout = (
        '<html lang="en"><head><meta charset="utf-8" /><title>{title}</title></head>'
        "<body><main><h1>{title}</h1>{paragraphs}</main></body></html>\n"
    )
    home = layout.format(
        title=HOME[0], paragraphs="".join(f"<p>{paragraph}</p>" for paragraph in HOME[1])
    )
    guide = layout.format(
        title="{guide[0]}", paragraphs="{guide[1].map((paragraph) => <p>{paragraph}</p>)}"
    )
    return {
        "astro.config.mjs": (
            'import node from "@astrojs/node";\n'
            'export default { output: "server", adapter: node({ mode: "standalone" }) };\n'
        ),
        "src/pages/index.astro": home,
        "src/pages/guides/[slug].astro": (
            f"---\nconst GUIDES = {guides};\n"
            "const guide = GUIDES[Astro.params.slug];\n"
            "if (!guide) return new Response(null, { status: 404 });\n---\n" + guide
        ),
        "src/pages/members.astro": "---\nreturn new Response(null, { status: 401 });\n---\n",
        "src/pages/admin.astro": "---\nreturn new Response(null, { status: 403 });\n---\n",
    }


def astro(work: Path) -> list[Page]:
    install(work, ("astro@^5", "@astrojs/node@^9"), module_type=True)
    source = f"astro {version(work, 'astro')}, @astrojs/node {version(work, '@astrojs/node')} (npm)"
    write_tree(work, _astro_files())
    log = work / "astro.log"
    build(
        ["node", str(work / "node_modules/astro/astro.js"), "build"],
        work,
        log,
        ASTRO_TELEMETRY_DISABLED="1",
    )
    port = free_port()
    environment = {"PATH": "/usr/bin:/bin", "HOST": "127.0.0.1", "PORT": str(port)}
    command = ["node", str(work / "dist/server/entry.mjs")]
    with running(command, port, log, cwd=work, env=environment):
        return answers(port, ASTRO_PAGES, "astro", source, "astro build, @astrojs/node standalone")


# --- React Router 7 (framework mode, formerly Remix) -------------------------------------------

# No ErrorBoundary of the app's own: the framework's default one answers, "<status> <statusText>"
# ("401 Internal Server Error" for a 401 thrown without a statusText: kept as it is served).
