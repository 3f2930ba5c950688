# ruff: noqa: RUF001  (URL words in their own languages)
"""Every threshold and word list the detectors use, with defaults, in one place.

Extend per site with `dataclasses.replace`, for example::

    settings = replace(DEFAULT_SETTINGS, not_found=DEFAULT_SETTINGS.not_found + ("vergriffen",))
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from gatewatch.crawler.detectors import phrases
from gatewatch.crawler.detectors.catalog_phrases import HEADINGS_ONLY, NOT_FOUND_WORDS
from gatewatch.crawler.detectors.catalog_phrases import LISTS as CATALOG
from gatewatch.crawler.detectors.text import PhraseIndex, PhraseSet, flatten


def _worded(lists) -> list[str]:
    """A catalog's phrases less the fragments of two letters a translation left ("ud", of
    "Ud."): a word of a page's title would match them."""
    return [phrase for phrase in flatten(lists) if len(phrase) > 2 or phrase[:1] >= "\u2e80"]


@dataclass(frozen=True)
class DetectorSettings:
    # -- content measures
    thin_words: int = 60  # main content of at most this many words is thin
    empty_words: int = 3  # ... and of at most this many (besides its heading) is empty
    lead_chars: int = 300  # body phrases count only in the first characters of the content
    detail_words: int = 180  # forms and class markers are read on pages of this many at most
    heading_extra_words: int = 2  # words a title or h1 may add around an anchored phrase
    # -- probe: the main-content simhash of a page within this many bits of a probe's
    probe_max_distance: int = 3
    # -- redirects: this many removed URLs sent to one unrelated page make it a soft 404
    shared_target_min_sources: int = 3
    # -- phrases (see phrases.py)
    # (phrases.py's lists, then the translations of catalog_phrases.py)
    not_found: tuple[str, ...] = tuple(
        flatten(phrases.NOT_FOUND) + flatten(phrases.GONE) + flatten(CATALOG["not_found"])
    )
    # the core words of "not found" / "does not exist" counted in the catalogs, by language
    # ("nicht gefunden", "n existe pas"): enough in a short title or heading
    not_found_words: tuple[str, ...] = (
        tuple(flatten(NOT_FOUND_WORDS))
        + phrases.NOT_FOUND_WORDS
        + tuple(flatten(phrases.MORE_NOT_FOUND_WORDS))
    )
    not_found_words_max: int = 8  # words of a title or heading that may hold them
    empty_results: tuple[str, ...] = tuple(flatten(phrases.EMPTY_RESULTS))
    login_required: tuple[str, ...] = tuple(flatten(phrases.LOGIN_REQUIRED))
    access_denied: tuple[str, ...] = tuple(
        flatten(phrases.ACCESS_DENIED) + _worded(CATALOG["access_denied"])
    )
    auth_required: tuple[str, ...] = tuple(
        flatten(phrases.AUTH_REQUIRED) + _worded(CATALOG["auth_required"])
    )
    login_heading: tuple[str, ...] = tuple(
        flatten(phrases.LOGIN_HEADING) + _worded(CATALOG["login_heading"])
    )
    single_sign_on: tuple[str, ...] = tuple(flatten(phrases.SINGLE_SIGN_ON))
    error_heading: tuple[str, ...] = phrases.ERROR_HEADING
    filler: tuple[str, ...] = phrases.FILLER
    challenge: tuple[str, ...] = phrases.CHALLENGE
    rate_limit: tuple[str, ...] = phrases.RATE_LIMIT
    # -- URLs
    login_path_words: tuple[str, ...] = (
        "login", "log-in", "log_in", "logon", "signin", "sign-in", "sign_in", "wp-login",
        "auth", "authenticate", "authentication", "sso", "saml", "oauth", "openid", "adfs",
        "cas", "session", "sessions", "connexion", "connecter", "anmelden", "anmeldung",
        "einloggen", "iniciar-sesion", "iniciar_sesion", "acceder", "accedi", "entrar",
        "inloggen", "aanmelden", "logowanie", "zaloguj", "logga-in", "prihlaseni",
        "prihlasit", "vhod", "avtorizatsiya", "uye-girisi", "giris", "girisi", "oturum-ac",
        "member-login", "memberlogin", "signon",
    )  # fmt: skip
    auth_path_words: tuple[str, ...] = (
        "register", "registration", "signup", "sign-up", "sign_up", "join", "password",
        "lostpassword", "lost-password", "forgot", "forgot-password", "forgot_password",
        "reset", "recover", "registrieren", "registrierung", "inscription", "registro",
        "registrati", "registrazione", "cadastro", "registreren", "rejestracja",
        "registrera", "registrace", "registratsiya", "uye-ol", "kayit", "logout",
        "sign_out", "signout", "log-out",
    )  # fmt: skip
    transaction_path_words: tuple[str, ...] = (
        "cart", "basket", "checkout", "kasse", "warenkorb", "panier", "commande", "carrito",
        "carrello", "cesta", "carrinho", "winkelwagen", "afrekenen", "koszyk", "zamowienie",
        "varukorg", "kassa", "kosik", "pokladna", "korzina", "sepet", "odeme",
        "finalizar-compra", "cassa",
    )  # fmt: skip
    account_words: tuple[str, ...] = (
        "account", "my account", "my-account", "mein konto", "mon compte", "mi cuenta",
        "il mio account", "minha conta", "mijn account", "moje konto", "mitt konto",
        "můj účet", "личный кабинет", "hesabım", "マイページ", "我的账户", "마이페이지",
        "حسابي", "sign in", "log in", "login",
    )  # fmt: skip
    return_parameters: tuple[str, ...] = (
        "next", "return", "returnurl", "return_url", "returnto", "return_to", "redirect",
        "redirect_to", "redirect_uri", "redirecturl", "redirect_url", "destination", "back",
        "continue", "referer", "referrer", "service", "wtrealm", "goto", "came_from", "from",
        "callbackurl", "callback", "origin", "r", "url", "target",
    )  # fmt: skip
    identity_hosts: tuple[str, ...] = (
        "accounts.google.com", "login.microsoftonline.com", "login.live.com",
        "login.windows.net", "okta.com", "oktapreview.com", "auth0.com", "onelogin.com",
        "login.salesforce.com", "b2clogin.com", "cloudflareaccess.com", "duosecurity.com",
        "pingidentity.com", "appleid.apple.com", "github.com/login", "facebook.com/login",
        "id.atlassian.com", "jumpcloud.com", "keycloak",
    )  # fmt: skip
    identity_host_prefixes: tuple[str, ...] = (
        "login.", "signin.", "sso.", "auth.", "id.", "idp.", "accounts.", "account.", "adfs.",
    )  # fmt: skip
    search_path_words: tuple[str, ...] = (
        "search", "suche", "recherche", "rechercher", "buscar", "busca", "buscavazia",
        "ricerca", "cerca", "zoeken", "sok", "szukaj", "searchquery", "hledat",
        "vyhledavani", "poisk", "arama", "catalogsearch", "result", "results", "query",
    )  # fmt: skip
    search_parameters: tuple[str, ...] = (
        "q", "s", "query", "search", "keyword", "keywords", "term", "ft", "keys", "k", "text",
        "searchterm", "search_query",
    )  # fmt: skip
    home_aliases: tuple[str, ...] = (
        "index.html", "index.htm", "index.php", "index.asp", "index.aspx", "default.asp",
        "default.aspx", "home", "home.html", "start", "startseite", "accueil", "inicio",
    )  # fmt: skip
    private_path_words: tuple[str, ...] = (
        "account", "accounts", "admin", "app", "dashboard", "dashboards", "members",
        "member", "my", "mypage", "portal", "private", "intranet", "settings", "orders",
        "profile", "panel", "secure", "client", "klient", "konto", "compte", "cuenta",
        "conta", "hesabim", "mein-konto", "mon-compte", "mi-cuenta", "mina-sidor",
        "mio-account", "my-account", "myshop", "ucp", "wishlist", "e-edition", "epaper",
    )  # fmt: skip
    placeholder_words: tuple[str, ...] = ("undefined", "null", "nan", "[object object]", "{{")
    placeholder_text: tuple[str, ...] = phrases.PLACEHOLDER
    challenge_headers: tuple[tuple[str, str], ...] = (
        ("cf-mitigated", ""), ("x-datadome", ""), ("x-sucuri-block", ""),
        ("x-amzn-waf-action", ""), ("x-iinfo", ""), ("x-px-block", ""),
        ("x-akamai-edgescape", "block"),
    )  # fmt: skip
    shield_servers: tuple[str, ...] = (
        "cloudflare", "akamaighost", "akamai", "sucuri", "imperva", "incapsula", "ddos-guard",
        "datadome", "stackpath", "awselb", "awswaf", "f5", "bigip", "fastly",
    )  # fmt: skip


DEFAULT_SETTINGS = DetectorSettings()


def settings_from_mapping(mapping: dict) -> DetectorSettings:
    """Per-site settings from a config table: numbers replace the default, lists of words or
    phrases are added to it (`{"not_found": ["vergriffen"], "thin_words": 80}`).

    Raises ValueError naming an unknown key or a value of the wrong type.
    """
    if not mapping:
        return DEFAULT_SETTINGS
    known = {item.name: item for item in fields(DetectorSettings)}
    changes = {}
    for key, value in mapping.items():
        if key not in known:
            raise ValueError(f"unknown detector setting {key!r}; known: {', '.join(known)}")
        default = getattr(DEFAULT_SETTINGS, key)
        if isinstance(default, int) and not isinstance(default, bool):
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"detector setting {key!r} must be a whole number, 0 or more")
            changes[key] = value
        elif isinstance(default, tuple) and default and isinstance(default[0], str):
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise ValueError(f"detector setting {key!r} must be a list of strings to add")
            extra = tuple(item.strip().lower() for item in value if item.strip())
            changes[key] = default + tuple(item for item in extra if item not in default)
        else:
            raise ValueError(f"detector setting {key!r} cannot be changed from a config file")
    return replace(DEFAULT_SETTINGS, **changes)


@dataclass(frozen=True)
class Matchers:
    """The settings' phrase lists, compiled once: headings and body text each searched in
    one pass for all their lists."""

    # not_found, access_denied, auth_required, login_heading, error_heading, account
    headings: PhraseIndex
    # not_found, empty_results, login_required, single_sign_on, placeholder, access_denied
    body: PhraseIndex
    not_found_words: PhraseSet
    challenge: PhraseSet
    rate_limit: PhraseSet
    filler: frozenset[str]


def _sentence_like(phrase: str) -> bool:
    """Body text needs phrases of three words or more (CJK: four characters or more), and
    not the translation of a heading ("Not found")."""
    if phrase in _HEADINGS_ONLY or phrase in phrases.HEADING_PHRASES:
        return False
    if phrase and phrase[0] >= "\u2e80":
        return len(phrase) >= 4
    return len(phrase.split()) >= 3


# the catalogs' translations of headings, less what phrases.py lists itself
_HEADINGS_ONLY = HEADINGS_ONLY - {
    phrase
    for lists in (phrases.NOT_FOUND, phrases.GONE, phrases.ACCESS_DENIED, phrases.AUTH_REQUIRED)
    for phrase in flatten(lists)
}
_compiled: dict[int, tuple[DetectorSettings, Matchers]] = {}


def matchers(settings: DetectorSettings) -> Matchers:
    """The compiled phrase lists of these settings, built on first use.

    Cached by identity: hashing a settings object hashes every phrase, on every page.
    """
    cached = _compiled.get(id(settings))
    if cached is not None and cached[0] is settings:
        return cached[1]
    compiled = _compile(settings)
    if len(_compiled) > 32:
        _compiled.clear()
    _compiled[id(settings)] = (settings, compiled)
    return compiled


def _compile(settings: DetectorSettings) -> Matchers:
    return Matchers(
        headings=PhraseIndex(
            {
                "not_found": settings.not_found,
                "access_denied": settings.access_denied,
                "auth_required": settings.auth_required,
                "login_heading": settings.login_heading,
                "error_heading": settings.error_heading,
                "account": settings.account_words,
            }
        ),
        body=PhraseIndex(
            {
                "not_found": [p for p in settings.not_found if _sentence_like(p)],
                "empty_results": settings.empty_results,
                "login_required": [
                    *settings.login_required,
                    # (a status code in a text is signals.py's ERROR_CODE's)
                    *(
                        p
                        for p in settings.auth_required
                        if _sentence_like(p) and not any(c.isdigit() for c in p)
                    ),
                ],
                "single_sign_on": settings.single_sign_on,
                "placeholder": settings.placeholder_text,
                "access_denied": [p for p in settings.access_denied if _sentence_like(p)],
            }
        ),
        not_found_words=PhraseSet(settings.not_found_words),
        challenge=PhraseSet(settings.challenge),
        rate_limit=PhraseSet(settings.rate_limit),
        filler=frozenset(settings.filler),
    )
