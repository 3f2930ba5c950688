"""Next.js (npm), built with `next build` and run by `next start`, once with the app router
and once with the pages router: its default 404 page for an unknown URL and for
getServerSideProps notFound, and the app's healthy pages."""

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
    jsx,
    version,
    write_tree,
)

NEXT_PAGES = {
    # path -> (label, name, what it is)
    "/no-such-page": ("soft_404", "no-such-page", "the default not-found page (unknown URL)"),
    "/posts/no-such-post": (
        "soft_404",
        "post-not-found",
        "a missing post: getServerSideProps answers notFound",
    ),
    "/": ("ok", "home", "the home page"),
    "/guides/errors": ("ok", "guide-errors", "a guide on error pages"),
    "/guides/accounts": ("ok", "guide-accounts", "a guide on signing in"),
    "/guides/about": ("ok", "guide-about", "a thin page"),
    "/guides/changelog": ("ok", "guide-changelog", "a thin page"),
    f"/posts/{POST[0]}": ("ok", "post", "a post"),
}
# Left out, the app router's pages whose HTML is an empty shell (<html id="__next_error__">,
# the message drawn by JavaScript from a script's React payload): a dynamic page calling
# notFound(), and the unauthorized() (401) and forbidden() (403) pages of the experimental
# authInterrupts (their payload holds the 404, 401 and 403 texts alike).
APP_ROUTER_SHELLS = ("/posts/no-such-post",)


# node_modules is one folder up, shared by both apps: turbopack must look there
NEXT_CONFIG = (
    'import path from "node:path";\n'
    "export default {\n"
    '  turbopack: { root: path.resolve(import.meta.dirname, "..") },\n'
    "};\n"
)


def _next_app_router() -> dict[str, str]:
    guides = json.dumps({slug: [title, list(text)] for slug, (title, text) in GUIDES.items()})
    return {
        "next.config.mjs": NEXT_CONFIG,
        "app/layout.js": (
            'export const metadata = { title: "Orchard Notes" };\n'
            "export default function RootLayout({ children }) {\n"
            '  return <html lang="en"><body>{children}</body></html>;\n}\n'
        ),
        "app/page.js": f"export default function Home() {{ return {jsx(*HOME)}; }}\n",
        "app/guides/[slug]/page.js": (
            'import { notFound } from "next/navigation";\n'
            f"const GUIDES = {guides};\n"
            "export default async function Guide({ params }) {\n"
            "  const guide = GUIDES[(await params).slug];\n"
            "  if (!guide) notFound();\n"
            "  return <main><h1>{guide[0]}</h1>{guide[1].map((p, i) => <p key={i}>{p}</p>)}"
            "</main>;\n}\n"
        ),
        "app/posts/[slug]/page.js": (
            'import { notFound } from "next/navigation";\n'
            "export default async function Post({ params }) {\n"
            f'  if ((await params).slug !== "{POST[0]}") notFound();\n'
            f"  return {jsx(POST[1], POST[2])};\n}}\n"
        ),
    }


def _next_pages_router() -> dict[str, str]:
    guides = json.dumps({slug: [title, list(text)] for slug, (title, text) in GUIDES.items()})
    return {
        "next.config.mjs": NEXT_CONFIG,
        "pages/index.js": f"export default function Home() {{ return {jsx(*HOME)}; }}\n",
        "pages/guides/[slug].js": (
            f"const GUIDES = {guides};\n"
            "export function getServerSideProps({ params }) {\n"
            "  const guide = GUIDES[params.slug];\n"
            "  return guide ? { props: { guide } } : { notFound: true };\n}\n"
            "export default function Guide({ guide }) {\n"
            "  return <main><h1>{guide[0]}</h1>{guide[1].map((p, i) => <p key={i}>{p}</p>)}"
            "</main>;\n}\n"
        ),
        "pages/posts/[slug].js": (
            "export function getServerSideProps({ params }) {\n"
            f'  const found = params.slug === "{POST[0]}";\n'
            "  return found ? { props: {} } : { notFound: true };\n}\n"
            f"export default function Post() {{ return {jsx(POST[1], POST[2])}; }}\n"
        ),
    }


def nextjs(work: Path) -> list[Page]:
    install(work, ("next@^16", "react@^19", "react-dom@^19"))
    source = f"next {version(work, 'next')}, react {version(work, 'react')} (npm)"
    next_binary = str(work / "node_modules/next/dist/bin/next")
    pages = []
    for router, files in (("app", _next_app_router()), ("pages", _next_pages_router())):
        root = work / f"{router}-router"
        write_tree(root, files)
        log = work / f"{router}-router.log"
        build(["node", next_binary, "build"], root, log, NEXT_TELEMETRY_DISABLED="1")
        port = free_port()
        command = ["node", next_binary, "start", "-H", "127.0.0.1", "-p", str(port)]
        environment = {"PATH": "/usr/bin:/bin", "NEXT_TELEMETRY_DISABLED": "1"}
        with running(command, port, log, cwd=root, env=environment):
            how = f"next start, {router} router"
            wanted = {
                path: what
                for path, what in NEXT_PAGES.items()
                if router == "pages" or path not in APP_ROUTER_SHELLS
            }
            pages += answers(port, wanted, "nextjs", source, how, name=f"{router}-router-{{}}")
    return pages


# --- SvelteKit -------------------------------------------------------------------------------
