"""A Nuxt 3 app (npm), `nuxi build`, run with node: the default error page for an unknown URL
and for createError 404/401/403, and the app's healthy pages."""

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

NUXT_PAGES = {
    "/no-such-page": ("soft_404", "no-such-page", "the default error page (no route matches)"),
    "/guides/no-such-guide": ("soft_404", "guide-not-found", "createError 404 in a page"),
    "/members": ("soft_401", "unauthorized", "createError 401 in a page"),
    "/admin": ("soft_403", "forbidden", "createError 403 in a page"),
    # the same with the statusMessage the Nuxt documentation's examples give
    "/guides/gone-guide": (
        "soft_404",
        "guide-not-found-message",
        "createError 404 'Page Not Found'",
    ),
    "/account": ("soft_401", "unauthorized-message", "createError 401 'Unauthorized'"),
    "/settings": ("soft_403", "forbidden-message", "createError 403 'Forbidden'"),
    "/": ("ok", "home", "the home page"),
    **{
        f"/guides/{slug}": ("ok", f"guide-{slug}", f"a page: {title}")
        for slug, (title, _) in GUIDES.items()
    },
}


def _nuxt_files() -> dict[str, str]:
    guides = json.dumps({slug: [title, list(text)] for slug, (title, text) in GUIDES.items()})
    home_paragraphs = "".join(f"<p>{paragraph}</p>" for paragraph in HOME[1])
    return {
        "nuxt.config.ts": (
            "export default defineNuxtConfig({ devtools: { enabled: false }, telemetry: false,"
            ' app: { head: { title: "Orchard Notes", htmlAttrs: { lang: "en" } } } });\n'
        ),
        "app.vue": "<template><NuxtPage /></template>\n",
        "pages/index.vue": (
            f"<template><main><h1>{HOME[0]}</h1>{home_paragraphs}</main></template>\n"
        ),
        "pages/guides/[slug].vue": (
            "<script setup>\n"
            f"const GUIDES = {guides};\n"
            "const guide = GUIDES[useRoute().params.slug];\n"
            "if (useRoute().params.slug === 'gone-guide')\n"
            "  throw createError({ statusCode: 404, statusMessage: 'Page Not Found' });\n"
            "if (!guide) throw createError({ statusCode: 404 });\n"
            "useHead({ title: guide[0] });\n"
            "</script>\n"
            "<template><main><h1>{{ guide[0] }}</h1>"
            '<p v-for="paragraph in guide[1]">{{ paragraph }}</p></main></template>\n'
        ),
        "pages/members.vue": (
            "<script setup>\nthrow createError({ statusCode: 401 });\n</script>\n"
            "<template><h1>Members</h1></template>\n"
        ),
        "pages/account.vue": (
            "<script setup>\n"
            "throw createError({ statusCode: 401, statusMessage: 'Unauthorized' });\n"
            "</script>\n<template><h1>Account</h1></template>\n"
        ),
        "pages/settings.vue": (
            "<script setup>\n"
            "throw createError({ statusCode: 403, statusMessage: 'Forbidden' });\n"
            "</script>\n<template><h1>Settings</h1></template>\n"
        ),
        "pages/admin.vue": (
            "<script setup>\nthrow createError({ statusCode: 403 });\n</script>\n"
            "<template><h1>Administration</h1></template>\n"
        ),
    }


def nuxt(work: Path) -> list[Page]:
    install(work, ("nuxt@^3", "vue"), module_type=True)
    source = f"nuxt {version(work, 'nuxt')}, vue {version(work, 'vue')} (npm)"
    write_tree(work, _nuxt_files())
    log = work / "nuxt.log"
    build(
        ["node", str(work / "node_modules/.bin/nuxi"), "build"],
        work,
        log,
        NUXT_TELEMETRY_DISABLED="1",
    )
    port = free_port()
    environment = {"PATH": "/usr/bin:/bin", "HOST": "127.0.0.1", "PORT": str(port)}
    command = ["node", str(work / ".output/server/index.mjs")]
    with running(command, port, log, cwd=work, env=environment):
        return answers(
            port, NUXT_PAGES, "nuxt", source, "nuxi build, node .output/server/index.mjs"
        )


# --- Astro -----------------------------------------------------------------------------------
