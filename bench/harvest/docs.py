"""Documentation as packages ship it (static pages, served as they are): the Python
documentation (python3-doc) and the Debian Reference in its languages. Real negatives: they
talk about errors, authentication and permissions at length."""

from __future__ import annotations

from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version

PYTHON_DOCS = Path("/usr/share/doc/python3/html")
PYTHON_PAGES = (
    "library/urllib.error",
    "library/urllib.request",
    "library/urllib.parse",
    "library/http",
    "library/http.client",
    "library/http.server",
    "library/http.cookies",
    "library/http.cookiejar",
    "library/getpass",
    "library/errno",
    "library/wsgiref",
    "library/secrets",
    "library/hmac",
    "library/netrc",
    "library/webbrowser",
    "library/urllib.robotparser",
    "library/html",
    "library/html.parser",
    "library/smtplib",
    "library/ftplib",
    "library/xmlrpc.client",
    "library/base64",
    "howto/urllib2",
    "library/index",
    "tutorial/errors",
    "library/http.cookies",
    "library/imaplib",
    "library/poplib",
    "library/socketserver",
    "howto/logging",
    "faq/library",
    "library/pathlib",
    "library/shutil",
    "library/tempfile",
    "glossary",
    "about",
    "bugs",
    "copyright",
    "library/pwd",
    "library/grp",
    "library/crypt",
    "library/ssl",
)
DEBIAN_REFERENCE = Path("/usr/share/debian-reference")
MAX_DOC_BYTES = 150_000
MAX_REFERENCE_BYTES = 100_000  # its long chapters add megabytes and nothing new


def python_docs(work: Path) -> list[Page]:
    apt_install("python3-doc")
    source = deb_version("python3-doc")
    pages = []
    for name in dict.fromkeys(PYTHON_PAGES):
        path = PYTHON_DOCS / f"{name}.html"
        if not path.exists() or path.stat().st_size > MAX_DOC_BYTES:
            continue
        pages.append(
            Page(
                f"{name.replace('/', '-')}.html",
                path.read_bytes(),
                source,
                "python3-doc",
                f"file {path}",
                "en",
                "ok",
                200,
                f"Python documentation: {name}",
            )
        )
    return pages


REFERENCE_LANGUAGES = ("de", "en", "es", "fr", "it", "ja", "pt", "zh-cn")


def debian_reference(work: Path) -> list[Page]:
    apt_install(
        "debian-reference-common",
        *(f"debian-reference-{language}" for language in REFERENCE_LANGUAGES),
    )
    source = deb_version("debian-reference-common")
    pages = []
    for path in sorted(DEBIAN_REFERENCE.glob("*.*.html")):
        name, language, _ = path.name.rsplit(".", 2)
        if path.stat().st_size > MAX_REFERENCE_BYTES:
            continue
        pages.append(
            Page(
                path.name,
                path.read_bytes(),
                source,
                "debian-reference",
                f"file {path}",
                language,
                "ok",
                200,
                f"Debian Reference: {name}",
            )
        )
    return pages


MAINT_GUIDE_LANGUAGES = ("ca", "de", "es", "fr", "it", "ja", "ru", "zh-cn")


def maint_guide(work: Path) -> list[Page]:
    """The Debian New Maintainers' Guide in its languages."""
    apt_install("maint-guide", *(f"maint-guide-{language}" for language in MAINT_GUIDE_LANGUAGES))
    source = deb_version("maint-guide")
    pages = []
    for folder in ("maint-guide", *(f"maint-guide-{code}" for code in MAINT_GUIDE_LANGUAGES)):
        for path in sorted(Path(f"/usr/share/doc/{folder}/html").glob("*.*.html")):
            name, language, _ = path.name.rsplit(".", 2)
            if path.stat().st_size > MAX_DOC_BYTES:
                continue
            pages.append(
                Page(
                    path.name,
                    path.read_bytes(),
                    source,
                    "maint-guide",
                    f"file {path}",
                    language,
                    "ok",
                    200,
                    f"Debian New Maintainers' Guide: {name}",
                )
            )
    return pages
