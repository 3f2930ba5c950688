"""Documentation and site generators from npm, built as their users build them and served as
static files by serve-handler (the `serve` package: it answers a missing file with the site's
404.html): a VitePress site, a VuePress 2 site, a Docusaurus site in the locales its theme
translates, and Starlight sites in the languages it translates. Their 404 pages and healthy
pages (the texts of bench.harvest.npm_common)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.harvest.core import Page, free_port, running
from bench.harvest.npm_common import GUIDES, answers, build, install, markdown, version, write_tree

SERVE_HANDLER = """
const handler = require("serve-handler"), http = require("http");
http.createServer((req, res) => handler(req, res, {public: process.argv[3]}))
    .listen(Number(process.argv[2]), "127.0.0.1");
"""


def _serving(work: Path, public: Path, log: Path):
    (work / "serve-app.cjs").write_text(SERVE_HANDLER)
    port = free_port()
    command = ["node", str(work / "serve-app.cjs"), str(port), str(public)]
    return port, running(command, port, log, cwd=work)


# --- VitePress -------------------------------------------------------------------------------

VITEPRESS_CONFIG = """export default {
  title: "Orchard Notes",
  description: "Notes from a northern orchard",
  cleanUrls: true,
  themeConfig: {
    nav: [{ text: "Guides", link: "/guides/errors" }],
    sidebar: [{ text: "Guides", items: [
      { text: "Handling errors", link: "/guides/errors" },
      { text: "Accounts and signing in", link: "/guides/accounts" },
      { text: "About", link: "/guides/about" },
      { text: "Changelog", link: "/guides/changelog" },
    ] }],
  },
};
"""
VITEPRESS_HOME = """---
layout: home
hero:
  name: Orchard Notes
  tagline: Pruning, grafting, and the apples that survive a long winter.
  actions:
    - theme: brand
      text: Read the guides
      link: /guides/errors
features:
  - title: Pruning
    details: When and how to cut, tree by tree.
  - title: Grafting
    details: Keeping old varieties alive.
---
"""


def vitepress(work: Path) -> list[Page]:
    install(work, ("vitepress@^1", "serve-handler"), module_type=True)
    source = f"vitepress {version(work, 'vitepress')}, serve-handler (npm)"
    files = {"docs/.vitepress/config.mjs": VITEPRESS_CONFIG, "docs/index.md": VITEPRESS_HOME}
    for slug, (title, paragraphs) in GUIDES.items():
        files[f"docs/guides/{slug}.md"] = markdown(title, paragraphs)
    write_tree(work, files)
    log = work / "vitepress.log"
    build(
        ["node", str(work / "node_modules/vitepress/bin/vitepress.js"), "build", "docs"], work, log
    )
    # 404.html is an empty shell (the text is drawn by JavaScript); its head says "404" and
    # "Not Found". Every missing URL gets the same file: one is kept.
    wanted = {
        "/no-such-page": (
            "soft_404",
            "no-such-page",
            "the theme's 404.html (unknown URL): an empty shell whose title says 404",
        ),
        "/": ("ok", "home", "the home page (home layout)"),
        **{
            f"/guides/{slug}": ("ok", f"guide-{slug}", f"a page: {title}")
            for slug, (title, _) in GUIDES.items()
        },
    }
    port, server = _serving(work, work / "docs/.vitepress/dist", log)
    with server:
        return answers(
            port, wanted, "vitepress", source, "vitepress build, served by serve-handler"
        )


# --- Docusaurus ------------------------------------------------------------------------------

# locales @docusaurus/theme-translations ships (its interface: the 404 page, navigation)
DOCUSAURUS_LOCALES = (
    "en",
    "de",
    "fr",
    "es",
    "it",
    "pt-BR",
    "ru",
    "ja",
    "ko",
    "zh-Hans",
    "ar",
    "pl",
    "tr",
    "nl",
    "uk",
)
DOCUSAURUS_CONFIG = """module.exports = {
  title: "Orchard Notes",
  tagline: "Notes from a northern orchard",
  url: "http://127.0.0.1",
  baseUrl: "/",
  onBrokenLinks: "warn",
  i18n: { defaultLocale: "en", locales: LOCALES },
  presets: [["classic", { docs: { sidebarPath: require.resolve("./sidebars.js") }, blog: false }]],
  themeConfig: {
    navbar: { title: "Orchard Notes", items: [
      { type: "docSidebar", sidebarId: "guides", label: "Guides" },
      { type: "localeDropdown", position: "right" },
    ] },
  },
};
"""
DOCUSAURUS_HOME = """# Orchard Notes

Notes from a northern orchard: pruning, grafting, and the apples that survive a long winter.

[Read the guides](/docs/errors)
"""


def docusaurus(work: Path) -> list[Page]:
    install(
        work, ("@docusaurus/core@^3", "@docusaurus/preset-classic@^3", "react@^19", "react-dom@^19")
    )
    install(work, ("serve-handler",))
    source = f"@docusaurus/core {version(work, '@docusaurus/core')}, preset-classic (npm)"
    files = {
        "docusaurus.config.js": DOCUSAURUS_CONFIG.replace(
            "LOCALES", json.dumps(list(DOCUSAURUS_LOCALES))
        ),
        "sidebars.js": 'module.exports = { guides: [{ type: "autogenerated", dirName: "." }] };\n',
        "src/pages/index.md": DOCUSAURUS_HOME,
    }
    for slug, (title, paragraphs) in GUIDES.items():
        files[f"docs/{slug}.md"] = markdown(title, paragraphs)
    write_tree(work, files)
    log = work / "docusaurus.log"
    binary = str(work / "node_modules/@docusaurus/core/bin/docusaurus.mjs")
    built = work / "build" / "index.html"
    written = [work / name for name in files]
    # a build per locale takes about a minute: an unchanged site is not built again
    if not built.exists() or any(path.stat().st_mtime > built.stat().st_mtime for path in written):
        build(["node", binary, "build"], work, log, DOCUSAURUS_SSR_CONCURRENCY="1")
    pages = []
    port, server = _serving(work, work / "build", log)
    with server:
        for locale in DOCUSAURUS_LOCALES:
            prefix = "" if locale == "en" else f"/{locale}"
            # serve-handler answers every missing URL with the build's root 404.html (en); the
            # other locales' 404.html are asked for by their clean URL (/fr/404: 200)
            missing = f"{prefix}/no-such-page" if locale == "en" else f"{prefix}/404"
            wanted = {
                missing: ("soft_404", "404", "the theme's 404 page"),
                f"{prefix}/": ("ok", "home", "the home page (a Markdown page)"),
                **{
                    f"{prefix}/docs/{slug}": ("ok", f"doc-{slug}", f"a doc page: {title}")
                    for slug, (title, _) in GUIDES.items()
                },
            }
            if locale != "en":
                wanted = {
                    path: (label, slug, f"{what}, interface in {locale}, text in English")
                    for path, (label, slug, what) in wanted.items()
                }
            how = "docusaurus build, served by serve-handler"
            pages += answers(port, wanted, "docusaurus", source, how, locale, "{}." + locale)
    return pages


# --- VuePress 2 ------------------------------------------------------------------------------

VUEPRESS_CONFIG = """import { viteBundler } from "@vuepress/bundler-vite";
import { defaultTheme } from "@vuepress/theme-default";
import { defineUserConfig } from "vuepress";
export default defineUserConfig({
  lang: "en-US",
  title: "Orchard Notes",
  description: "Notes from a northern orchard",
  bundler: viteBundler(),
  theme: defaultTheme({
    navbar: [{ text: "Guides", link: "/guides/errors.html" }],
    sidebar: ["/guides/errors.md", "/guides/accounts.md", "/guides/about.md",
      "/guides/changelog.md"],
  }),
});
"""
VUEPRESS_HOME = """---
home: true
heroText: Orchard Notes
tagline: Pruning, grafting, and the apples that survive a long winter.
actions:
  - text: Read the guides
    link: /guides/errors.html
    type: primary
features:
  - title: Pruning
    details: When and how to cut, tree by tree.
  - title: Grafting
    details: Keeping old varieties alive.
---
"""


def vuepress(work: Path) -> list[Page]:
    install(
        work,
        (
            "vuepress@2.0.0-rc.30",
            "@vuepress/bundler-vite@2.0.0-rc.30",
            "@vuepress/theme-default@2.0.0-rc.132",
            "sass-embedded",
            "serve-handler",
        ),
        module_type=True,
    )
    source = (
        f"vuepress {version(work, 'vuepress')}, "
        f"@vuepress/theme-default {version(work, '@vuepress/theme-default')}, serve-handler (npm)"
    )
    files = {"docs/.vuepress/config.js": VUEPRESS_CONFIG, "docs/README.md": VUEPRESS_HOME}
    for slug, (title, paragraphs) in GUIDES.items():
        files[f"docs/guides/{slug}.md"] = markdown(title, paragraphs)
    write_tree(work, files)
    log = work / "vuepress.log"
    build(["node", str(work / "node_modules/vuepress/bin/vuepress.js"), "build", "docs"], work, log)
    wanted = {
        "/no-such-page": ("soft_404", "no-such-page", "the theme's 404 page (unknown URL)"),
        "/": ("ok", "home", "the home page (home layout)"),
        **{
            f"/guides/{slug}": ("ok", f"guide-{slug}", f"a page: {title}")
            for slug, (title, _) in GUIDES.items()
        },
    }
    port, server = _serving(work, work / "docs/.vuepress/dist", log)
    with server:
        return answers(port, wanted, "vuepress", source, "vuepress build, served by serve-handler")


# --- Starlight (Astro's documentation theme) ---------------------------------------------------

# a site in one language per build (Starlight builds one 404 page, in the site's root language);
# languages whose interface Starlight translates (its translations/*.json)
STARLIGHT_LANGUAGES = (
    "en",
    "de",
    "fr",
    "es",
    "it",
    "pt",
    "ru",
    "ja",
    "ko",
    "zh-CN",
    "ar",
    "pl",
    "tr",
    "nl",
    "uk",
)
STARLIGHT_CONFIG = """import starlight from "@astrojs/starlight";
export default {
  integrations: [starlight({
    title: "Orchard Notes",
    locales: { root: { label: "LABEL", lang: "LANG" } },
    sidebar: [{ label: "Guides", autogenerate: { directory: "guides" } }],
  })],
};
"""
STARLIGHT_CONTENT = """import { defineCollection } from "astro:content";
import { docsLoader } from "@astrojs/starlight/loaders";
import { docsSchema } from "@astrojs/starlight/schema";
export const collections = {
  docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }),
};
"""
STARLIGHT_HOME = """---
title: Orchard Notes
description: Notes from a northern orchard
---

Notes from a northern orchard: pruning, grafting, and the apples that survive a long winter.
Start with the [guides](/guides/errors/).
"""


def starlight(work: Path) -> list[Page]:
    install(work, ("@astrojs/starlight@~0.37.0", "astro@^5", "serve-handler"), module_type=True)
    source = (
        f"@astrojs/starlight {version(work, '@astrojs/starlight')}, "
        f"astro {version(work, 'astro')}, serve-handler (npm)"
    )
    files = {
        "src/content.config.mjs": STARLIGHT_CONTENT,
        "src/content/docs/index.md": STARLIGHT_HOME,
    }
    for slug, (title, paragraphs) in GUIDES.items():
        text = "\n\n".join(paragraphs)
        files[f"src/content/docs/guides/{slug}.md"] = f"---\ntitle: {title}\n---\n\n{text}\n"
    write_tree(work, files)
    log = work / "starlight.log"
    pages = []
    for language in STARLIGHT_LANGUAGES:
        config = STARLIGHT_CONFIG.replace("LABEL", language).replace("LANG", language)
        write_tree(work, {"astro.config.mjs": config})
        out = f"dist-{language}"
        astro = str(work / "node_modules/astro/astro.js")
        build(["node", astro, "build", "--outDir", out], work, log, ASTRO_TELEMETRY_DISABLED="1")
        wanted = {
            "/no-such-page": ("soft_404", "404", "the theme's 404 page (unknown URL)"),
            "/": ("ok", "home", "the home page"),
            **{
                f"/guides/{slug}/": ("ok", f"guide-{slug}", f"a page: {title}")
                for slug, (title, _) in GUIDES.items()
            },
        }
        if language != "en":
            wanted = {
                path: (label, slug, f"{what}, interface in {language}, text in English")
                for path, (label, slug, what) in wanted.items()
            }
        port, server = _serving(work, work / out, log)
        with server:
            how = "astro build, served by serve-handler"
            pages += answers(port, wanted, "starlight", source, how, language, "{}." + language)
    return pages
