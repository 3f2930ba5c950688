"""A React Router 7 app in framework mode (npm): the framework's default error boundary for an
unknown URL and for 404/401/403 thrown by loaders, and the app's healthy pages."""

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
    jsx,
    version,
    write_tree,
)

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
            f"export default function Home() {{ return {jsx(*HOME)}; }}\n"
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
