"""A SvelteKit app (npm) built with adapter-node and run with node: the default error page for
an unknown URL and for error(404/401/403) in load functions, and the app's healthy pages."""

from __future__ import annotations

import json
from pathlib import Path

from bench.harvest.core import Page, free_port, running
from bench.harvest.npm_common import (
    GUIDES,
    HOME,
    POST,
    answers,
    build,
    install,
    version,
    write_tree,
)

SVELTE_PAGES = {
    "/no-such-page": ("soft_404", "no-such-page", "the default error page (unknown URL)"),
    "/posts/no-such-post": ("soft_404", "post-not-found", "error(404) thrown in a load function"),
    "/members": ("soft_401", "unauthorized", "error(401) thrown in a load function"),
    "/admin": ("soft_403", "forbidden", "error(403) thrown in a load function"),
    # the same with a message, as the SvelteKit documentation's examples give one
    "/guides/gone-guide": ("soft_404", "guide-not-found-message", "error(404, 'Not found')"),
    "/account": ("soft_401", "unauthorized-message", "error(401, 'Unauthorized')"),
    "/settings": ("soft_403", "forbidden-message", "error(403, 'Forbidden')"),
    "/": ("ok", "home", "the home page"),
    "/guides/errors": ("ok", "guide-errors", "a guide on error pages"),
    "/guides/accounts": ("ok", "guide-accounts", "a guide on signing in"),
    "/guides/about": ("ok", "guide-about", "a thin page"),
    "/guides/changelog": ("ok", "guide-changelog", "a thin page"),
    f"/posts/{POST[0]}": ("ok", "post", "a post"),
}


def _svelte_page(title: str, paragraphs: tuple[str, ...]) -> str:
    body = "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return f"<svelte:head><title>{title}</title></svelte:head>\n<h1>{title}</h1>\n{body}\n"


def _sveltekit_files() -> dict[str, str]:
    guides = json.dumps({slug: [title, list(text)] for slug, (title, text) in GUIDES.items()})
    return {
        "svelte.config.js": (
            "import adapter from '@sveltejs/adapter-node';\n"
            "export default { kit: { adapter: adapter() } };\n"
        ),
        "vite.config.js": (
            "import { sveltekit } from '@sveltejs/kit/vite';\n"
            "export default { plugins: [sveltekit()] };\n"
        ),
        "src/app.html": (
            '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8" />\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1" />\n'
            "%sveltekit.head%\n</head>\n"
            '<body data-sveltekit-preload-data="hover">\n'
            '<div style="display: contents">%sveltekit.body%</div>\n</body>\n</html>\n'
        ),
        "src/routes/+page.svelte": _svelte_page(*HOME),
        "src/routes/guides/[slug]/+page.server.js": (
            "import { error } from '@sveltejs/kit';\n"
            f"const GUIDES = {guides};\n"
            "export function load({ params }) {\n"
            "  const guide = GUIDES[params.slug];\n"
            "  if (params.slug === 'gone-guide') error(404, 'Not found');\n"
            "  if (!guide) error(404);\n"
            "  return { title: guide[0], paragraphs: guide[1] };\n}\n"
        ),
        "src/routes/guides/[slug]/+page.svelte": (
            "<script>let { data } = $props();</script>\n"
            "<svelte:head><title>{data.title}</title></svelte:head>\n"
            "<h1>{data.title}</h1>\n"
            "{#each data.paragraphs as paragraph}<p>{paragraph}</p>{/each}\n"
        ),
        "src/routes/posts/[slug]/+page.server.js": (
            "import { error } from '@sveltejs/kit';\n"
            "export function load({ params }) {\n"
            f"  if (params.slug !== '{POST[0]}') error(404);\n"
            "  return {};\n}\n"
        ),
        "src/routes/posts/[slug]/+page.svelte": _svelte_page(POST[1], POST[2]),
        "src/routes/members/+page.server.js": (
            "import { error } from '@sveltejs/kit';\nexport function load() { error(401); }\n"
        ),
        "src/routes/members/+page.svelte": "<h1>Members</h1>\n",
        "src/routes/account/+page.server.js": (
            "import { error } from '@sveltejs/kit';\n"
            "export function load() { error(401, 'Unauthorized'); }\n"
        ),
        "src/routes/account/+page.svelte": "<h1>Account</h1>\n",
        "src/routes/settings/+page.server.js": (
            "import { error } from '@sveltejs/kit';\n"
            "export function load() { error(403, 'Forbidden'); }\n"
        ),
        "src/routes/settings/+page.svelte": "<h1>Settings</h1>\n",
        "src/routes/admin/+page.server.js": (
            "import { error } from '@sveltejs/kit';\nexport function load() { error(403); }\n"
        ),
        "src/routes/admin/+page.svelte": "<h1>Administration</h1>\n",
    }


def sveltekit(work: Path) -> list[Page]:
    install(
        work,
        (
            "@sveltejs/kit@^2",
            "@sveltejs/adapter-node@^5",
            "@sveltejs/vite-plugin-svelte@^6",
            "svelte@^5",
            "vite@^7",
        ),
        module_type=True,
    )
    source = (
        f"@sveltejs/kit {version(work, '@sveltejs/kit')}, "
        f"@sveltejs/adapter-node {version(work, '@sveltejs/adapter-node')}, "
        f"svelte {version(work, 'svelte')} (npm)"
    )
    write_tree(work, _sveltekit_files())
    log = work / "sveltekit.log"
    build(["node", str(work / "node_modules/vite/bin/vite.js"), "build"], work, log)
    port = free_port()
    environment = {"PATH": "/usr/bin:/bin", "HOST": "127.0.0.1", "PORT": str(port)}
    with running(["node", "build"], port, log, cwd=work, env=environment):
        return answers(port, SVELTE_PAGES, "sveltekit", source, "node build, adapter-node")


# --- Nuxt ------------------------------------------------------------------------------------
