"""Web frameworks from npm, built as their users build them and run on 127.0.0.1: a Next.js
app (app router and pages router), a SvelteKit app (adapter-node) and a Nuxt 3 app. Each
answers an unknown URL with its default not-found page, and renders the error its own helper
raises (Next.js getServerSideProps notFound; SvelteKit error(404/401/403); Nuxt createError
404/401/403). The healthy pages are the apps' own pages (a home page, guides on errors and
signing in, thin pages), written here, rendered by the framework. npm_sites.py builds static
sites from the same texts."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from bench.harvest.core import Page, fetch, free_port, running

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


def _jsx(title: str, paragraphs: tuple[str, ...]) -> str:
    body = "".join(f"<p>{json.dumps(paragraph)[1:-1]}</p>" for paragraph in paragraphs)
    return f"<main><h1>{title}</h1>{body}</main>"


def markdown(title: str, paragraphs: tuple[str, ...]) -> str:
    return f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n"


# --- Next.js ---------------------------------------------------------------------------------

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
        "app/page.js": f"export default function Home() {{ return {_jsx(*HOME)}; }}\n",
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
            f"  return {_jsx(POST[1], POST[2])};\n}}\n"
        ),
    }


def _next_pages_router() -> dict[str, str]:
    guides = json.dumps({slug: [title, list(text)] for slug, (title, text) in GUIDES.items()})
    return {
        "next.config.mjs": NEXT_CONFIG,
        "pages/index.js": f"export default function Home() {{ return {_jsx(*HOME)}; }}\n",
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
            f"export default function Post() {{ return {_jsx(POST[1], POST[2])}; }}\n"
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

REACT_ROUTER_PAGES = {
    "/no-such-page": ("soft_404", "no-such-page", "the default error boundary (no route matches)"),
    "/guides/no-such-guide": (
        "soft_404",
        "guide-not-found",
        'a loader throwing data("Not Found", 404)',
    ),
    "/members": ("soft_401", "unauthorized", 'a loader throwing data("Unauthorized", 401)'),
    "/admin": ("soft_403", "forbidden", 'a loader throwing data("Forbidden", 403)'),
    "/": ("ok", "home", "the home page"),
    **{
        f"/guides/{slug}": ("ok", f"guide-{slug}", f"a page: {title}")
        for slug, (title, _) in GUIDES.items()
    },
}


def _react_router_files() -> dict[str, str]:
    guides = json.dumps({slug: [title, list(text)] for slug, (title, text) in GUIDES.items()})

    def refusing(status: int, text: str) -> str:
        return (
            'import { data } from "react-router";\n'
            f'export function loader() {{ throw data("{text}", {{ status: {status} }}); }}\n'
            "export default function Refused() { return <h1>Private</h1>; }\n"
        )

    return {
        "react-router.config.js": "export default { ssr: true };\n",
        "vite.config.js": (
            'import { reactRouter } from "@react-router/dev/vite";\n'
            "export default { plugins: [reactRouter()] };\n"
        ),
        "app/root.jsx": (
            'import { Links, Meta, Outlet, Scripts, ScrollRestoration } from "react-router";\n'
            "export function Layout({ children }) {\n"
            '  return <html lang="en"><head><meta charSet="utf-8" /><Meta /><Links /></head>'
            "<body>{children}<ScrollRestoration /><Scripts /></body></html>;\n}\n"
            "export default function App() { return <Outlet />; }\n"
        ),
        "app/routes.js": (
            'import { index, route } from "@react-router/dev/routes";\n'
            'export default [index("routes/home.jsx"), route("guides/:slug", "routes/guide.jsx"),\n'
            '  route("members", "routes/members.jsx"), route("admin", "routes/admin.jsx")];\n'
        ),
        "app/routes/home.jsx": (
            f'export const meta = () => [{{ title: "{HOME[0]}" }}];\n'
            f"export default function Home() {{ return {_jsx(*HOME)}; }}\n"
        ),
        "app/routes/guide.jsx": (
            'import { data, useLoaderData } from "react-router";\n'
            f"const GUIDES = {guides};\n"
            "export function loader({ params }) {\n"
            "  const guide = GUIDES[params.slug];\n"
            '  if (!guide) throw data("Not Found", { status: 404 });\n'
            "  return guide;\n}\n"
            "export const meta = ({ data }) => [{ title: data ? data[0] : '' }];\n"
            "export default function Guide() {\n"
            "  const guide = useLoaderData();\n"
            "  return <main><h1>{guide[0]}</h1>{guide[1].map((p, i) => <p key={i}>{p}</p>)}"
            "</main>;\n}\n"
        ),
        "app/routes/members.jsx": refusing(401, "Unauthorized"),
        "app/routes/admin.jsx": refusing(403, "Forbidden"),
    }


def react_router(work: Path) -> list[Page]:
    install(
        work,
        (
            "react-router@^7",
            "@react-router/dev@^7",
            "@react-router/serve@^7",
            "@react-router/node@^7",
            "react@^19",
            "react-dom@^19",
            "vite@^7",
            "isbot",
        ),
        module_type=True,
    )
    source = f"react-router {version(work, 'react-router')}, react {version(work, 'react')} (npm)"
    write_tree(work, _react_router_files())
    log = work / "react-router.log"
    build(["node", str(work / "node_modules/@react-router/dev/bin.js"), "build"], work, log)
    port = free_port()
    environment = {
        "PATH": "/usr/bin:/bin",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "NODE_ENV": "production",
    }
    command = [
        "node",
        str(work / "node_modules/@react-router/serve/bin.js"),
        str(work / "build/server/index.js"),
    ]
    with running(command, port, log, cwd=work, env=environment):
        how = "react-router build, react-router-serve"
        return answers(port, REACT_ROUTER_PAGES, "react-router", source, how)
