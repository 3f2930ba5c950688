"""MkDocs sites built by the real MkDocs (PyPI) with its own themes (mkdocs, readthedocs: their
404 page translated) and with mkdocs-material (its 404 page with the interface in the theme's
languages). The content pages are real texts: the Markdown READMEs PyPI packages publish
(read from their installed metadata), rendered as a documentation site's pages."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page

READMES = (
    "urllib3",
    "httpx",
    "httpcore",
    "rich",
    "typer",
    "attrs",
    "datasette",
    "uvicorn",
    "asgi-csrf",
    "jupyter_server",
    "platformdirs",
    "traitlets",
    "mkdocs",
    "idna",
)
CONTENT_LANGUAGES = 3  # content pages in the first few languages only (the text is English)
MATERIAL_LANGUAGES = (
    "en",
    "de",
    "fr",
    "es",
    "it",
    "nl",
    "pt",
    "pt-BR",
    "ru",
    "uk",
    "pl",
    "cs",
    "sv",
    "da",
    "nb",
    "fi",
    "tr",
    "el",
    "ja",
    "ko",
    "zh",
    "zh-TW",
    "ar",
    "he",
    "fa",
    "hi",
    "th",
    "vi",
    "id",
    "hu",
    "ro",
)

README_SCRIPT = """
import importlib.metadata as m, json, sys
out = {}
for name in sys.argv[1:]:
    meta = m.metadata(name)
    out[name] = meta.get_payload() or meta.get("Description") or ""
print(json.dumps(out))
"""


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("mkdocs", "mkdocs-material")
    versions = pyenv.versions(python, "mkdocs", "mkdocs-material")
    readmes = _readmes(python)
    pages = []
    mkdocs_source = f"mkdocs {versions['mkdocs']} (PyPI)"
    for theme in ("mkdocs", "readthedocs"):
        locales = sorted(path.name for path in _theme_folder(python, theme).iterdir())
        for index, locale in enumerate(["en", *locales]):
            config = {"name": theme, "locale": locale}
            pages += _build(
                python,
                work / f"{theme}-{locale}",
                config,
                readmes,
                index < CONTENT_LANGUAGES,
                "mkdocs",
                mkdocs_source,
                _language(locale),
                theme,
            )
    material_source = f"mkdocs-material {versions['mkdocs-material']} + {mkdocs_source}"
    for index, language in enumerate(MATERIAL_LANGUAGES):
        config = {"name": "material", "language": language}
        pages += _build(
            python,
            work / f"material-{language}",
            config,
            readmes,
            index < CONTENT_LANGUAGES,
            "mkdocs-material",
            material_source,
            language.lower(),
            "material",
        )
    return pages


def _language(locale: str) -> str:
    return locale.replace("_", "-").lower()


def _theme_folder(python: Path, theme: str) -> Path:
    script = "import mkdocs, os; print(os.path.dirname(mkdocs.__file__))"
    found = subprocess.run(
        [str(python), "-c", script], capture_output=True, text=True, check=True
    ).stdout.strip()
    return Path(found) / "themes" / theme / "locales"


def _readmes(python: Path) -> dict[str, str]:
    result = subprocess.run(
        [str(python), "-c", README_SCRIPT, *READMES], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def _build(
    python,
    folder: Path,
    theme: dict,
    readmes: dict[str, str],
    content: bool,
    group: str,
    source: str,
    language: str,
    theme_name: str,
) -> list[Page]:
    shutil.rmtree(folder, ignore_errors=True)
    docs = folder / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text(readmes["mkdocs"])
    for name, text in readmes.items():
        (docs / f"{name}.md").write_text(text)
    config = {
        "site_name": "Project documentation",
        "theme": theme,
        "site_url": "https://docs.example.org/",
    }
    (folder / "mkdocs.yml").write_text(json.dumps(config))
    subprocess.run(
        [
            str(python),
            "-m",
            "mkdocs",
            "build",
            "-q",
            "-f",
            str(folder / "mkdocs.yml"),
            "-d",
            str(folder / "site"),
        ],
        check=True,
        capture_output=True,
    )
    site = folder / "site"
    how = f"mkdocs build, theme {json.dumps(theme)}"
    pages = [
        Page(
            f"404-{theme_name}.{language}.html",
            (site / "404.html").read_bytes(),
            source,
            group,
            f"{how}: 404.html",
            language,
            "soft_404",
            404,
            f"the {theme_name} theme's 404 page",
        )
    ]
    if content:
        for name in readmes:
            if name == "mkdocs":
                continue
            path = site / name / "index.html"
            pages.append(
                Page(
                    f"{theme_name}-{name}.{language}.html",
                    path.read_bytes(),
                    source,
                    group,
                    f"{how}: {name}/index.html (the package's PyPI README)",
                    language,
                    "ok",
                    200,
                    f"documentation page: {name}'s README",
                )
            )
    return pages
