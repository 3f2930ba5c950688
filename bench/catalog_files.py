"""Reading the translation catalogs bench/phrase_catalogs.py takes its phrases from: which
files of a package's folder are catalogs, the language of each, and msgid -> translation in
every format the packages ship (gettext .po/.mo, MediaWiki's and Docusaurus's JSON, Redmine's
YAML, Squid's error templates, Postfix Admin's and Roundcube's PHP arrays, Keycloak's
TypeScript, Apache httpd's type maps)."""

from __future__ import annotations

import gettext
import html
import json
import re
from pathlib import Path

# Squid's error pages (squid-langpack: one folder of templates per language) are read as a
# catalog of template name -> the message of its error box ("Access Denied."), and "NAME
# <title>" -> its title less the "ERROR:" before it ("Cache Access Denied")
SQUID_TEMPLATES = ("ERR_ACCESS_DENIED", "ERR_CACHE_ACCESS_DENIED")
SQUID_ERROR = re.compile(r'<blockquote id="error">\s*<p><b>(.*?)</b>', re.DOTALL)
SQUID_TITLE = re.compile(r"<title>[^:<]*:(.*?)</title>", re.DOTALL)
# Postfix Admin's languages/*.lang ($PALANG['key'] = 'text';), Roundcube's messages.inc
PHP_STRING = re.compile(r"\$(?:PALANG|messages)\['(\w+)'\]\s*=\s*'((?:[^'\\]|\\.)*)'")
# Keycloak's login theme messages, as keycloakify ships them (src/login/i18n/
# messages_defaultSet/de.ts: a TypeScript object of key: "text")
TS_STRING = re.compile(r'^\s*"?([\w-]+)"?:\s*"((?:[^"\\]|\\.)*)"', re.MULTILINE)
# Apache httpd's error documents (error/HTTP_NOT_FOUND.html.var): a TITLE per language
APACHE_LANGUAGE = re.compile(r"^Content-language:\s*(\S+)", re.MULTILINE)
APACHE_TITLE = re.compile(r'var="TITLE" value="([^"]*)"')
# which files of a package folder are its catalogs (gettext's .po/.mo unless named here)
CATALOG_SUFFIXES = {
    "mediawiki": (".json",),
    "docusaurus": (".json",),
    "redmine": (".yml",),
    "squid": ("",),
    "postfixadmin": (".lang",),
    "roundcube": (".inc",),
    "apache2": (".var",),
    "keycloakify": (".ts",),
}


# file and folder names that are no language code: Postfix Admin's Chinese and Ukrainian
# (its cn.lang, tw.lang, ua.lang), Squid's English source templates
LANGUAGE_NAMES = {
    ".lang": {"cn": "zh_CN", "tw": "zh_TW", "ua": "uk"},
    "": {"templates": "en"},
}


def language_of(path: Path) -> str:
    name = _language_name(path)
    return LANGUAGE_NAMES.get(path.suffix, {}).get(name, name)


def _language_name(path: Path) -> str:
    parts = path.parts
    if "LC_MESSAGES" in parts:
        return parts[parts.index("LC_MESSAGES") - 1]
    if path.name == "theme-common.json" or path.name in SQUID_TEMPLATES:
        return path.parent.name  # Docusaurus's locales/de/theme-common.json, Squid's de/ERR_...
    if path.suffix == ".inc":
        return path.parent.name  # Roundcube's localization/de_DE/messages.inc
    if path.stem.startswith("cups_"):
        return path.stem.removeprefix("cups_")  # CUPS's locale/de/cups_de.po
    return path.stem  # roundup's locale/de.po, MediaWiki's i18n/de.json, Redmine's de.yml


def catalogs(path: Path) -> list[tuple[str, dict[str, str]]]:
    """(language, msgid -> translation) of each catalog in a file: Apache's error documents
    hold every language's, other files one."""
    if path.suffix != ".var":
        return [(language_of(path), entries(path))]
    text = path.read_text(encoding="utf-8", errors="replace")
    parts = APACHE_LANGUAGE.split(text)[1:]  # language, its part, language, its part...
    msgid = path.name.split(".")[0]
    return [
        (language, {msgid: html.unescape(title.group(1))})
        for language, part in zip(parts[::2], parts[1::2], strict=True)
        if (title := APACHE_TITLE.search(part))
    ]


def entries(path: Path) -> dict[str, str]:
    """msgid -> translation (first plural form) of one catalog; empty translations left out.

    MediaWiki's and Docusaurus's catalogs are JSON files of message key -> text; Redmine's a
    YAML file of language -> message key -> text; Postfix Admin's a PHP file of key -> text;
    Squid's error pages one template a message (see SQUID_TEMPLATES)."""
    if path.name in SQUID_TEMPLATES:
        text = path.read_text(encoding="utf-8", errors="replace")
        found = {
            path.name: SQUID_ERROR.search(text),
            f"{path.name} <title>": SQUID_TITLE.search(text),
        }
        return {key: html.unescape(match.group(1)) for key, match in found.items() if match}
    if path.suffix == ".ts":
        text = path.read_text(encoding="utf-8", errors="replace")
        return {key: json.loads(f'"{value}"') for key, value in TS_STRING.findall(text)}
    if path.suffix in (".lang", ".inc"):
        text = path.read_text(encoding="utf-8", errors="replace")
        return {key: re.sub(r"\\(.)", r"\1", value) for key, value in PHP_STRING.findall(text)}
    if path.suffix == ".yml":
        import yaml  # only this offline script needs it

        try:
            (messages,) = yaml.safe_load(path.read_text(encoding="utf-8")).values()
        except (OSError, ValueError, yaml.YAMLError, AttributeError):
            return {}
        return {key: value for key, value in messages.items() if isinstance(value, str)}
    if path.suffix == ".json":
        try:
            messages = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {key: value for key, value in messages.items() if isinstance(value, str)}
    if path.suffix == ".mo":
        with path.open("rb") as handle:
            try:
                catalog = gettext.GNUTranslations(handle)._catalog
            except (OSError, ValueError):
                return {}
        result = {}
        for key, value in catalog.items():
            msgid = key[0] if isinstance(key, tuple) else key
            if msgid and value and (not isinstance(key, tuple) or key[1] == 0):
                result[msgid] = value
        return result
    import polib  # only this offline script needs it

    try:
        entries = polib.pofile(str(path))
    except (OSError, ValueError):
        return {}
    return {
        entry.msgid: entry.msgstr or (entry.msgstr_plural or {}).get(0, "")
        for entry in entries
        if entry.msgid and not entry.obsolete and "fuzzy" not in entry.flags
    }


def _is_catalog(package: str, path: Path) -> bool:
    """WordPress's front-end catalogs (not admin-*, continents-cities-*); Docusaurus's
    theme-common.json; Redmine's config/locales."""
    if package == "wordpress":
        return "-" not in path.stem
    if package == "docusaurus":
        return path.name == "theme-common.json"
    if package == "redmine":
        return path.parent.name == "locales" and "config" in path.parts
    if package == "squid":  # (the language folders' aliases are links: "German" -> de)
        return path.name in SQUID_TEMPLATES and not path.parent.is_symlink()
    if package == "libc":
        return path.name == "libc.mo"
    if package == "cups":
        return path.name.startswith("cups_")
    if package == "roundcube":
        return path.name == "messages.inc"
    if package == "apache2":
        return path.name.startswith("HTTP_")
    if package == "keycloakify":
        return (
            "login" in path.parts
            and path.parent.name == "messages_defaultSet"
            and not path.name.endswith(".d.ts")
        )
    if package == "indico":
        return path.name.startswith("messages.")  # (not messages-js, messages-react)
    return True


def catalog_paths(root: Path, package: str) -> list[Path]:
    """The catalogs in a package's folders (root/PACKAGE*), folder by folder, sorted."""
    suffixes = CATALOG_SUFFIXES.get(package, (".po", ".mo"))
    return [
        path
        for folder in sorted(root.glob(f"{package}*"))
        for path in sorted(folder.rglob("*"))
        if path.suffix in suffixes and _is_catalog(package, path)
    ]
