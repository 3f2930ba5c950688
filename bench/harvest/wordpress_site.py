"""Debian's WordPress with its default theme (Twenty Twenty-Three) and the translations of
wordpress-l10n, a private copy of the install over MariaDB (127.0.0.1:3306) under PHP's
built-in server on 127.0.0.1, installed by wp_install() and with pretty permalinks, the site
language set to each of many: the theme's 404 page for unknown URLs, wp-login.php, the
"Sorry, you are not allowed to access this page." answer (403) a signed-in subscriber gets
for an administrator's screen, and healthy pages (home, a post, a page, a search with and
without results, a category archive, the subscriber's profile screen). Debian ships no
translations of the theme, so its words stay English: a page is kept in a language only
where its text (the title included) differs from the English page's."""

from __future__ import annotations

import http.cookiejar
import re
import shutil
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "wordpress"
DATABASE = "gatewatch_harvest_wordpress"
PASSWORD = "harvest-only-password-42"
# WPLANG -> the language recorded ("" is WordPress's own English)
LANGUAGES = {
    "": "en",
    "de_DE": "de",
    "fr_FR": "fr",
    "es_ES": "es",
    "it_IT": "it",
    "pt_BR": "pt-br",
    "nl_NL": "nl",
    "pl_PL": "pl",
    "sv_SE": "sv",
    "cs_CZ": "cs",
    "fi": "fi",
    "el": "el",
    "ru_RU": "ru",
    "uk": "uk",
    "tr_TR": "tr",
    "ar": "ar",
    "he_IL": "he",
    "ja": "ja",
    "ko_KR": "ko",
    "zh_CN": "zh-cn",
}
# path -> (label, name, note, signed in as the subscriber)
REQUESTS = {
    "/no-such-page/": ("soft_404", "not-found", "unknown URL: the theme's 404 page", False),
    "/2019/05/old-post/": ("soft_404", "not-found-old-post", "unknown post URL (404)", False),
    "/?p=999": ("soft_404", "not-found-post-id", "post 999 does not exist (404)", False),
    "/wp-login.php": ("soft_401", "login", "the sign-in page", False),
    "/wp-login.php?redirect_to=%2Fwp-admin%2F&reauth=1": (
        "soft_401",
        "login-reauth",
        "the sign-in page a visitor is sent to from /wp-admin/",
        False,
    ),
    "/wp-admin/options-general.php": (
        "soft_403",
        "not-allowed-settings",
        "a subscriber opens the settings screen: not allowed (403)",
        True,
    ),
    "/wp-admin/plugins.php": (
        "soft_403",
        "not-allowed-plugins",
        "a subscriber opens the plugins screen: not allowed (403)",
        True,
    ),
    "/": ("ok", "home", "the home page (latest posts)", False),
    "/hello-world/": ("ok", "post", "the first post, with its comment", False),
    "/sample-page/": ("ok", "page", "the sample page", False),
    "/?s=hello": ("ok", "search", "a search with results", False),
    "/?s=xylophonequartz": ("ok", "search-no-results", "a search without results", False),
    "/category/uncategorized/": ("ok", "category", "a category archive", False),
    "/wp-admin/profile.php": ("ok", "profile", "the subscriber's own profile screen", True),
}
ROUTER = """<?php
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if ($path !== '/' && file_exists(__DIR__ . $path)) {
    return false;
}
require __DIR__ . '/index.php';
"""
CONFIG = """<?php
define('DB_NAME', '{database}');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', '127.0.0.1:3306');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
define('WP_HOME', 'http://127.0.0.1:{port}');
define('WP_SITEURL', 'http://127.0.0.1:{port}');
define('WP_CONTENT_DIR', __DIR__ . '/wp-content');
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('DISABLE_WP_CRON', true);
foreach (['AUTH', 'SECURE_AUTH', 'LOGGED_IN', 'NONCE'] as $name) {{
    define($name . '_KEY', 'harvest-only-' . $name);
    define($name . '_SALT', 'harvest-only-salt-' . $name);
}}
$table_prefix = 'wp_';
if (!defined('ABSPATH')) {{
    define('ABSPATH', __DIR__ . '/');
}}
require_once ABSPATH . 'wp-settings.php';
"""
INSTALL = """<?php
define('WP_INSTALLING', true);
$_SERVER['HTTP_HOST'] = '127.0.0.1:{port}';
require __DIR__ . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
wp_install('Harvest Blog', 'admin', 'admin@example.com', true, '', '{password}');
update_option('permalink_structure', '/%postname%/');
wp_create_user('reader', '{password}', 'reader@example.com');
"""
SET_LANGUAGE = """<?php
$_SERVER['HTTP_HOST'] = '127.0.0.1:{port}';
require __DIR__ . '/wp-load.php';
update_option('WPLANG', $argv[1]);
"""


def harvest(work: Path) -> list[Page]:
    apt_install("wordpress", "wordpress-l10n", "wordpress-theme-twentytwentythree", "php-mysql")
    source = f"{deb_version('wordpress')} + wordpress-l10n, theme Twenty Twenty-Three, MariaDB"
    site = work / "wordpress"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    subprocess.run(["cp", "-rL", "/usr/share/wordpress", str(site)], check=True)
    (site / ".htaccess").unlink(missing_ok=True)
    port = free_port()
    (site / "wp-config.php").write_text(CONFIG.format(database=DATABASE, port=port))
    (site / "router.php").write_text(ROUTER)
    (site / "install-harvest.php").write_text(INSTALL.format(port=port, password=PASSWORD))
    (site / "set-language.php").write_text(SET_LANGUAGE.format(port=port))
    _mysql(f"DROP DATABASE IF EXISTS {DATABASE}; CREATE DATABASE {DATABASE}")
    _php(site, "install-harvest.php")
    pages = []
    command = ["php", "-S", f"127.0.0.1:{port}", "-t", str(site), str(site / "router.php")]
    try:
        with running(command, port, work / "php.log"):
            cookie = _sign_in(port)
            english: dict[str, str] = {}  # name -> the English page's text
            for wplang, language in LANGUAGES.items():
                _php(site, "set-language.php", wplang)
                for path, (label, name, note, signed_in) in REQUESTS.items():
                    headers = {"Cookie": cookie} if signed_in else {}
                    url = f"http://127.0.0.1:{port}{path}"
                    status, answer, body = fetch(url, headers=headers, timeout=60)
                    if "html" not in answer.get("content-type", "") or 300 <= status < 400:
                        continue
                    if english.setdefault(name, _text(body)) == _text(body) and language != "en":
                        continue  # not translated
                    how = f"GET {path} with WPLANG '{wplang}'"
                    if signed_in:
                        how += " (signed in as a subscriber)"
                    pages.append(
                        Page(
                            f"{name}.{language}.html",
                            body,
                            source,
                            GROUP,
                            how,
                            language,
                            label,
                            status,
                            note,
                        )
                    )
    finally:
        _mysql(f"DROP DATABASE IF EXISTS {DATABASE}")
    return pages


def _sign_in(port: int) -> str:
    """The subscriber's session cookies, as a Cookie header."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}"
    opener.open(f"{base}/wp-login.php", timeout=60).read()
    form = {"log": "reader", "pwd": PASSWORD, "testcookie": "1", "redirect_to": "/wp-admin/"}
    opener.open(f"{base}/wp-login.php", urllib.parse.urlencode(form).encode(), 60).read()
    cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)
    if "wordpress_logged_in" not in cookies:
        raise RuntimeError("the subscriber could not sign in")
    return cookies


def _text(body: bytes) -> str:
    """What a reader sees of a page (and its title): no tags, scripts or styles."""
    text = re.sub(rb"(?s)<(script|style)\b.*?</\1>|<[^>]+>", b" ", body)
    return " ".join(text.decode("utf-8", "replace").split())


def _php(site: Path, script: str, *arguments: str) -> None:
    subprocess.run(["php", script, *arguments], cwd=site, check=True, stdout=subprocess.DEVNULL)


def _mysql(statements: str) -> None:
    subprocess.run(["mysql", "-uroot", "-h127.0.0.1", "-e", statements], check=True)
