"""Detectors, as a specification: what is a soft 404, a login wall, a misused status code.

Each test builds a small page the way sites build them: a header and footer around a main
content. Verdicts come from `signals` (per response) then `conclude` (with the probes).
"""

import json

import pytest

from gatewatch.crawler.detectors import (
    ProbeResult,
    Signals,
    conclude,
    probe_result,
    signals,
)
from gatewatch.crawler.parse import parse_html

START = "https://shop.test/"
HEADER = """<header><a href="/">Shop</a><nav><a href="/shoes">Shoes</a>
<a href="/bags">Bags</a></nav><a href="/account/login">Sign in</a></header>"""
FOOTER = """<footer><a href="/privacy">Privacy</a> <a href="/contact">Contact</a>
<p>Shop Ltd, 1 High Street</p></footer>"""
ARTICLE = (
    "Our walking boots are stitched by hand in Northampton from full-grain leather and"
    " resoled for free for the first two years. Each pair is waxed before it leaves. "
) * 6


def html(title: str, main: str, head: str = "", header: str = HEADER) -> bytes:
    return (
        f"<!doctype html><html><head><meta charset=utf-8><title>{title}</title>{head}</head>"
        f"<body>{header}"
        f"<main>{main}</main>{FOOTER}</body></html>"
    ).encode()


def judge(url, body, status=200, headers=None, probes=()):
    found = signals(url, status, headers or {}, parse_html(body), START)
    return {verdict.flag: verdict for verdict in conclude(found, probes)}


def flags(url, body, status=200, headers=None, probes=()):
    return set(judge(url, body, status, headers, probes))


def a_probe(body: bytes, status: int = 200, url: str = "https://shop.test/p/zq") -> ProbeResult:
    page = parse_html(body)
    final = signals(url, status, {}, page, START)
    return probe_result(url, "random", status, url, status, final)


# ---- soft 404


def test_a_not_found_title_on_a_thin_page_is_a_soft_404():
    body = html("Page not found | Shop", "<h1>Page not found</h1><p>Try the search.</p>")
    verdict = judge("https://shop.test/p/old-boot", body)["soft_404"]
    assert "heading_not_found" in verdict.reasons
    assert verdict.evidence["heading_not_found"] == "title: page not found"


def test_the_start_page_is_never_a_soft_404():
    body = html("404", "<h1>404</h1><p>Not found.</p>")
    assert flags(START, body) == set()
    assert flags("https://shop.test/index.php", body) == set()


def test_an_article_about_404_errors_is_not_a_soft_404():
    body = html(
        "How to fix “404 Not Found” errors | Blog",
        f"<article><h1>How to fix 404 Not Found errors</h1><p>Page not found? {ARTICLE}</p>"
        "</article>",
    )
    assert flags("https://shop.test/blog/fix-404", body) == set()


def test_a_heading_alone_is_one_signal_and_not_enough():
    """A song called "Not Found", with a full review below it, is a page that exists."""
    body = html("Not Found", f"<h1>Not Found</h1><p>{ARTICLE}</p>")
    assert flags("https://shop.test/reviews/not-found", body) == set()


@pytest.mark.parametrize(
    "title",
    [
        "Seite nicht gefunden | Shop",
        "Page introuvable | Boutique",
        "Página no encontrada · Tienda",
        "Pagina non trovata - Negozio",
        "Página não encontrada - Loja",
        "Pagina niet gevonden - Winkel",
        "Strona nie istnieje - Sklep",
        "Sidan kunde inte hittas | Butik",
        "Stránka nenalezena - Obchod",
        "Страница не найдена — Магазин",
        "Sayfa Bulunamadı | Mağaza",  # noqa: RUF001 (a Turkish dotless i)
        "ショップ / ページが見つかりません",
        "页面不存在 - 商店",
        "페이지를 찾을 수 없습니다",
        "الصفحة غير موجودة | المتجر",
    ],
)
def test_not_found_titles_in_many_languages(title):
    body = html(title, "<p>:-(</p>")
    assert "soft_404" in flags("https://shop.test/x/y", body)


def test_a_not_found_sentence_leading_a_thin_page_counts_but_not_deep_in_an_article():
    removed = html(
        "Rust beanie | Shop",
        "<h1>Rust beanie</h1><p>This product is no longer"
        " available.</p><a href='/hats'>See other hats</a>",
    )
    assert "soft_404" in flags("https://shop.test/p/rust-beanie", removed)
    article = html(
        "Rust beanie | Shop",
        f"<h1>Rust beanie</h1><p>{ARTICLE}</p><p>The red one is no longer available.</p>",
    )
    assert flags("https://shop.test/p/rust-beanie", article) == set()


def test_empty_searches_empty_categories_and_sold_out_products_are_fine():
    search = html(
        "Search: zzqx | Shop",
        "<h1>Search</h1><form role=search><input name=q></form><p>No results found for “zzqx”.</p>",
    )
    category = html(
        "Winter sale | Shop",
        "<h1>Winter sale</h1><p>Markdowns every Monday.</p><p>No products found.</p>",
    )
    sold_out = html(
        "Linen shirt | Shop",
        "<h1>Linen shirt</h1><p>$118 Sold out.</p>"
        "<p>Belgian linen, corozo buttons, two chest pockets.</p>",
    )
    assert flags("https://shop.test/search?q=zzqx", search) == set()
    assert flags("https://shop.test/collections/winter-sale", category) == set()
    assert flags("https://shop.test/p/linen-shirt", sold_out) == set()


def test_a_page_like_the_probe_is_a_soft_404_even_in_words_no_list_knows():
    template = html("Shop", "<h2>Zilch.</h2><p>Nothing to see at this address, friend.</p>")
    probe = a_probe(template)
    assert flags("https://shop.test/p/gone", template) == set()
    verdict = judge("https://shop.test/p/gone", template, probes=[probe])["soft_404"]
    assert "probe_match" in verdict.reasons
    assert verdict.evidence["probe_match"].startswith("0 bits")


def test_a_404_template_replayed_with_200_by_a_cache_matches_the_honest_probe():
    template = html("Shop", "<h2>Zilch.</h2><p>Nothing to see at this address, friend.</p>")
    honest = a_probe(template, status=404)
    assert honest.honest
    assert "soft_404" in flags("https://shop.test/p/cached", template, probes=[honest])


def test_an_ordinary_page_a_probe_redirects_to_says_nothing_about_its_look_alikes():
    items = "".join(f"<li><a href='/p/{n}'>Boot model {n}</a> $120</li>" for n in range(12))
    listing = html("All products | Shop", f"<h1>All products</h1><ul>{items}</ul>")
    page = parse_html(listing)
    final = signals("https://shop.test/products", 200, {}, page, START)
    probe = probe_result(
        "https://shop.test/p/zq", "random", 302, "https://shop.test/products", 200, final
    )
    assert flags("https://shop.test/products", listing, probes=[probe]) == set()
    assert flags("https://shop.test/products/all", listing, probes=[probe]) == set()


def test_an_empty_template_with_a_title_only():
    empty = html(
        "Wedding 2017 | Studio",
        "<h2>Wedding 2017</h2><div class=gallery></div>",
        head='<link rel="canonical" href="https://shop.test/">',
    )
    verdict = judge("https://shop.test/portfolio/wedding-2017", empty)["soft_404"]
    assert set(verdict.reasons) == {"empty_main", "thin_main", "canonical_home"}


def test_a_framework_error_state_served_with_200():
    next_error = html(
        "404: This page could not be found",
        "<h1 class=next-error-h1>404</h1><h2>This page could not be found.</h2>",
        head='<script id="__NEXT_DATA__" type="application/json">{"props":{"pageProps":'
        '{"statusCode":404}},"page":"/_error"}</script>',
    )
    verdict = judge("https://shop.test/blog/launch", next_error)["soft_404"]
    assert "framework_404" in verdict.reasons


def test_an_empty_page_that_only_alerts_not_found():
    body = (
        b"<html><head><meta charset=utf-8><title>Shop</title></head><body><script>"
        b"alert('\xed\x8c\x90\xeb\xa7\xa4\xec\xa4\x91\xec\x9d\xb8 \xec\x83\x81\xed\x92\x88"
        b"\xec\x9d\xb4 \xec\x95\x84\xeb\x8b\x99\xeb\x8b\x88\xeb\x8b\xa4.'); history.back();"
        b"</script></body></html>"
    )
    verdict = judge("https://shop.test/product/detail.html?product_no=9", body)["soft_404"]
    assert "script_not_found" in verdict.reasons


# ---- login walls (soft 401)


def test_a_sign_in_link_in_the_header_is_not_a_login_wall():
    body = html("Walking boots | Shop", f"<h1>Walking boots</h1><p>{ARTICLE}</p>")
    found = signals("https://shop.test/p/boots", 200, {}, parse_html(body), START)
    assert not {"password_main", "login_form", "login_wording"} & found.found.keys()
    assert conclude(found) == []


def test_a_login_form_in_the_content_of_a_members_page_is_a_login_wall():
    body = html(
        "Member resources | Shop",
        "<h1>Member resources</h1><p>Please log in to continue.</p>"
        "<form action='/account/login' method=post><input name=email>"
        "<input type=password name=password><button>Sign in</button></form>",
    )
    verdict = judge("https://shop.test/members/resources", body)["soft_401"]
    assert {"password_main", "login_form", "login_wording"} <= set(verdict.reasons)


def test_the_sign_in_page_itself_is_not_a_wall():
    form = (
        "<h1>Sign in</h1><form action='/account/login' method=post><input name=email>"
        "<input type=password name=password><button>Sign in</button></form>"
    )
    assert flags("https://shop.test/account/login", html("Sign in | Shop", form)) == set()
    # a shop whose "My account" page is its sign-in page: its header links there
    header = "<header><a href='/my-account/'>My account</a></header>"
    account = html("My account | Shop", form, header=header)
    assert flags("https://shop.test/my-account/", account) == set()
    assert "soft_401" in flags("https://shop.test/my-account/orders/", account)


def test_registration_and_password_reset_pages_are_not_walls():
    register = html(
        "Create account | Shop",
        "<h1>Create account</h1><form action=/account>"
        "<input name=first><input name=email><input type=password name=p>"
        "<input type=password name=p2></form>",
    )
    assert flags("https://shop.test/account/register", register) == set()


def test_a_paywalled_article_is_not_a_login_wall():
    ld = (
        '<script type="application/ld+json">{"@type":"NewsArticle",'
        '"isAccessibleForFree": false}</script>'
    )
    body = html(
        "Harbor vote | Ledger",
        "<article><h1>Harbor vote</h1><p>After three years of studies the plan goes to a "
        "vote on Tuesday.</p><aside><p>Subscribers only. Please sign in to continue.</p>"
        "<form action='/account/sign-in'><input name=email><input type=password name=p>"
        "</form></aside></article>",
        head=ld,
    )
    found = signals("https://shop.test/news/harbor-vote", 200, {}, parse_html(body), START)
    assert found.found["paywall"] == "isAccessibleForFree: false"
    assert conclude(found) == []


def test_a_members_only_gate_without_content_is_a_wall():
    body = html(
        "Members Lounge",
        "<article><h1>Members Lounge</h1><aside><h2>This page is for paying subscribers only"
        "</h2><a href='#/signin'>Sign in</a></aside></article>",
    )
    assert "soft_401" in flags("https://shop.test/members-lounge/", body)


def test_a_single_sign_on_screen_without_a_password_field_is_a_wall():
    body = html(
        "Sign in · Dash",
        "<h1>Sign in to view this dashboard</h1>"
        "<a href='/auth/google'>Continue with Google</a>"
        "<a href='/auth/microsoft'>Continue with Microsoft</a>",
    )
    verdict = judge("https://shop.test/dashboards/q3", body)["soft_401"]
    assert "single_sign_on" in verdict.reasons


def test_a_sign_in_block_in_the_sidebar_of_a_real_page_is_not_a_wall():
    body = (
        "<html><head><title>College courses</title></head><body><main><h1>Courses</h1>"
        f"<p>{ARTICLE}</p></main><aside><form action='/login/index.php'><input name=u>"
        "<input type=password name=p></form></aside></body></html>"
    ).encode()
    assert flags("https://shop.test/courses", body) == set()


def test_a_server_access_denied_body_served_with_200_is_a_soft_403_not_a_wall():
    body = b"<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden"
    body += b"</h1></center><hr><center>nginx/1.24.0</center></body></html>"
    assert flags("https://shop.test/internal/", body) == {"soft_403"}
    verdict = judge("https://shop.test/internal/", body)["soft_403"]
    assert verdict.reasons[0] == "access_denied"


def test_a_server_authentication_required_body_served_with_200_is_a_wall():
    body = b"<html><head><title>401 Authorization Required</title></head><body><center><h1>"
    body += b"401 Authorization Required</h1></center><hr><center>nginx</center></body></html>"
    verdict = judge("https://shop.test/private/stats/", body)["soft_401"]
    assert "auth_required" in verdict.reasons


def test_an_access_denied_page_with_a_sign_in_form_is_a_wall():
    body = html(
        "Access denied | Council",
        "<h1>Access denied</h1><p>You are not authorized to access this page.</p>"
        "<form action='/user/login' method=post><input name=name>"
        "<input type=password name=pass><button>Log in</button></form>",
    )
    assert flags("https://council.test/councillors/portal", body) == {"soft_401"}


def test_an_access_denied_sentence_in_a_long_error_page_is_a_soft_403():
    trace = "<pre>" + "Traceback line in module handler at frame\n" * 80 + "</pre>"
    body = html(
        "403 Forbidden",
        f"<h1>403 Forbidden</h1><p>You don't have permission to access this resource.</p>{trace}",
    )
    assert flags("https://shop.test/files/report", body) == {"soft_403"}


def test_a_wall_wins_over_a_soft_404_unless_only_the_404_is_said_in_words():
    """A forum's header login form sits in the content of every page: the 'thread does not
    exist' message decides."""
    header_form = (
        "<form action='/member.php?mod=logging&action=login'><input name=u>"
        "<input type=password name=p></form>"
    )
    body = (
        f"<html><head><title>Message</title></head><body>{header_form}<div id=messagetext>"
        "<p>Sorry, the requested topic does not exist.</p></div></body></html>"
    ).encode()
    assert flags("https://shop.test/thread-1.html", body) == {"soft_404"}


# ---- misused status codes


def test_a_401_without_www_authenticate_breaks_the_spec():
    body = html("Unauthorized", "<h1>Unauthorized</h1>")
    assert "missing_challenge" in flags("https://shop.test/api/x", body, status=401)
    challenged = {"www-authenticate": 'Basic realm="x"'}
    assert "missing_challenge" not in flags("https://shop.test/api/x", body, 401, challenged)


def test_a_403_whose_body_is_a_login_form_should_be_a_401():
    body = html(
        "Sign in | Shop",
        "<h1>Sign in</h1><form action='/session'><input name=u><input type=password name=p></form>",
    )
    verdict = judge("https://shop.test/admin/", body, status=403)["login_body"]
    assert "password_main" in verdict.reasons


def test_a_cloudflare_challenge_is_a_bot_shield_not_a_denial():
    body = (
        b"<html><head><title>Just a moment...</title></head><body><div id=challenge-form>"
        b"<noscript>Enable JavaScript and cookies to continue</noscript></div>"
        b"<p>Ray ID: 7f3a9c1b2d4e5f60</p></body></html>"
    )
    headers = {"cf-mitigated": "challenge", "server": "cloudflare", "cf-ray": "7f3a9c1b2d4e5f60"}
    found = flags("https://shop.test/p/boots", body, status=403, headers=headers)
    assert "bot_shield" in found
    assert "login_body" not in found


def test_a_waf_block_page_needs_two_signs_and_a_plain_403_is_none():
    block = b"<html><head><title>Access Denied</title></head><body><h1>Access Denied</h1>"
    block += b"<p>Sorry, you have been blocked. Reference #18.2f3e4a5b.1700000000.1a2b3c</p>"
    block += b"</body></html>"
    verdict = judge("https://shop.test/x", block, 403, {"server": "AkamaiGHost"})["bot_shield"]
    assert {"challenge_page", "waf_reference", "shield_server"} <= set(verdict.reasons)
    plain = b"<html><head><title>403 Forbidden</title></head><body><h1>Forbidden</h1></body>"
    assert "bot_shield" not in flags("https://shop.test/x", plain, 403, {"server": "nginx"})


def test_403_and_404_used_as_rate_limits():
    body = html("Forbidden", "<h1>Forbidden</h1>")
    limited = flags("https://shop.test/x", body, 403, {"x-ratelimit-remaining": "0"})
    assert "disguised_rate_limit" in limited
    told = html("Too many requests", "<h1>Too many requests</h1><p>Slow down.</p>")
    assert "disguised_rate_limit" in flags("https://shop.test/x", told, 404)
    assert "disguised_rate_limit" not in flags("https://shop.test/x", body, 403)


# ---- storage


def test_signals_survive_a_json_round_trip_with_the_same_verdicts():
    body = html("Page not found | Shop", "<h1>Page not found</h1>")
    found = signals("https://shop.test/p/x", 200, {}, parse_html(body), START)
    stored = json.loads(json.dumps(found.to_json()))
    restored = Signals.from_json(stored)
    assert restored == found
    assert [v.to_json() for v in conclude(restored)] == [v.to_json() for v in conclude(found)]
    assert len(json.dumps(stored)) < 600


def test_a_response_without_html_still_gives_status_signals():
    found = signals("https://shop.test/file.pdf", 401, {}, None, START)
    assert found.found == {"www_authenticate": False}
    assert [v.flag for v in conclude(found)] == ["missing_challenge"]


def test_a_header_login_form_on_every_page_of_a_plain_layout_is_not_a_wall():
    """Without header/nav markup, a forum's quick-login form sits in the content of every
    page; the home page shows it too, so it is the site's, not a wall's."""
    quick_login = (
        "<div id=top><form action='/ucp.php?mode=login'><input name=u>"
        "<input type=password name=p></form></div>"
    )
    home_body = f"<html><head><title>Forum</title></head><body>{quick_login}<p>Boards</p>"
    thread = f"<html><head><title>Short thread</title></head><body>{quick_login}"
    thread += "<p>Anyone fishing at the lake on Sunday? Reply here.</p></body></html>"
    home = signals(START, 200, {}, parse_html(home_body.encode()), START)
    found = signals(
        "https://shop.test/viewtopic.php?t=9", 200, {}, parse_html(thread.encode()), START
    )
    assert "soft_401" in {v.flag for v in conclude(found)}  # without the home page: unsure
    assert conclude(found, home=home) == []


def test_a_checkout_with_an_account_password_field_is_not_a_wall():
    body = html(
        "Checkout | Shop",
        "<h1>Checkout</h1><form action='/checkout/pay'><input name=email>"
        "<input type=password name=new_account_password></form>",
        head="<meta name=robots content=noindex>",
    )
    assert flags("https://shop.test/checkout/", body) == set()


FRAMEWORK_NOT_FOUND = {
    "express": "<title>Error</title><pre>Cannot GET /old/page</pre>",
    "spring boot": "<h1>Whitelabel Error Page</h1><div>There was an unexpected error "
    "(type=Not Found, status=404).</div>",
    "laravel": "<title>Not Found</title><div>404</div><div>Not Found</div>",
    "flask": "<title>404 Not Found</title><h1>Not Found</h1><p>The requested URL was not "
    "found on the server.</p>",
    "django debug": "<title>Page not found at /x/</title><h1>Page not found (404)</h1>",
    "tomcat": "<title>HTTP Status 404 - Not Found</title><h1>HTTP Status 404 - Not Found</h1>",
    "github pages": "<title>Page not found · GitHub Pages</title><h1>404</h1><p>File not found</p>",
    "wix": "<title>Site</title><main><h2>This Page Isn't Available</h2><p>The link may be "
    "broken, or the page may have been removed.</p></main>",
    "discourse": "<title>Forum</title><main><h1>Oops! That page doesn't exist or is "
    "private.</h1></main>",
}


@pytest.mark.parametrize("framework", FRAMEWORK_NOT_FOUND)
def test_framework_error_shells_served_with_200(framework):
    body = f"<html><head><meta charset=utf-8></head><body>{FRAMEWORK_NOT_FOUND[framework]}"
    assert flags("https://shop.test/old/page", body.encode()) == {"soft_404"}


def test_the_iis_403_page_served_with_200_is_a_soft_403():
    body = (
        "<html><head><meta charset=utf-8><title>403 - Forbidden: Access is denied.</title></head>"
        "<body><h1>Server Error</h1><h2>403 - Forbidden: Access is denied.</h2></body></html>"
    )
    assert flags("https://shop.test/wiki/team-page", body.encode()) == {"soft_403"}


WALLS = {
    "confluence": "<title>Log into Confluence</title><main><h1>Log in to continue</h1><form "
    "action='/dologin.action'><input name=u><input type=password name=p></form></main>",
    "keycloak": "<title>Sign in to myrealm</title><main><h1>Sign in to your account</h1><form"
    " action='https://sso.shop.test/realms/r/login-actions/authenticate'><input name=u>"
    "<input type=password name=p></form></main>",
    "notion": "<title>Notion</title><main><p>You do not have access to this page.</p><p>"
    "Continue with Google</p></main>",
}


@pytest.mark.parametrize("product", WALLS)
def test_login_walls_of_common_products(product):
    body = f"<html><head><meta charset=utf-8></head><body>{WALLS[product]}</body></html>"
    assert flags("https://shop.test/wiki/team-page", body.encode()) == {"soft_401"}


def test_a_403_login_page_with_a_captcha_on_a_cdn_is_still_a_login_body():
    body = html(
        "Sign in | Shop",
        "<h1>Sign in</h1><form action='/session'><input name=u><input type=password name=p>"
        "<div class=g-recaptcha></div></form><p>Protected by reCAPTCHA.</p>",
    )
    found = flags("https://shop.test/admin/", body, 403, {"server": "cloudflare"})
    assert found == {"login_body"}


def test_the_documented_example_runs():
    import doctest

    from gatewatch.crawler import detectors

    assert doctest.testmod(detectors).failed == 0


def test_an_error_page_in_any_language_says_its_status_code():
    # Apache's 404 in Irish: its wording is in no list, its "Error 404" is the same everywhere
    body = html(
        "Níor aimsíodh an réad!",
        "<h1>Níor aimsíodh an réad!</h1><p>Níor aimsíodh an URL a iarradh ar an bhfreastalaí "
        "seo. Má chlóscríobh tú an URL de láimh, seiceáil an litriú agus bain triail eile as.</p>"
        "<address>Error 404<br>127.0.0.1<br>Apache/2.4.71 (Debian)</address>",
    )
    verdict = judge("https://shop.test/p/1", body)["soft_404"]
    assert {"code_not_found", "server_signature"} <= set(verdict.reasons)
    gone = html("410 Gone", "<h1>410 Gone</h1><hr><center>nginx/1.22.1</center>")
    assert flags("https://shop.test/p/2", gone) == {"soft_404"}
    denied = html("Доступ відхилено!", "<h1>Доступ відхилено!</h1><p>Error 403</p>")
    assert flags("https://shop.test/p/3", denied) == {"soft_403"}
    unauthorized = html("Krävs autentisering!", "<h1>Krävs autentisering!</h1><p>Error 401</p>")
    assert flags("https://shop.test/p/4", unauthorized) == {"soft_401"}


def test_a_page_listing_several_status_codes_states_none():
    body = html(
        "Status codes",
        "<h1>Status codes</h1><p>The API answers with conventional HTTP status codes, and "
        "every error body is JSON with a code and a message a person can read.</p><p>401 "
        "Unauthorized: the token is missing or invalid, create a new one in the dashboard. 403 "
        "Forbidden: the token is valid but lacks the scope. 404 Not Found: the resource does "
        "not exist, or it belongs to a workspace you cannot see.</p>",
    )
    found = signals("https://shop.test/docs/codes", 200, {}, parse_html(body), START)
    assert not {"code_unauthorized", "code_forbidden", "code_not_found"} & set(found.found)
    assert conclude(found) == []


def test_a_not_found_page_made_long_by_its_stack_trace():
    trace = "<pre>" + "File lib/site-packages/app.py, line 659, in respond\n" * 60 + "</pre>"
    body = html("404 Not Found", f"<h2>404 Not Found</h2><p>The path was not found.</p>{trace}")
    verdict = judge("https://shop.test/p/5", body)["soft_404"]
    assert "thin_prose" in verdict.reasons


def test_a_sign_in_page_that_is_not_thin_is_a_wall():
    words = " ".join(["Token authentication is enabled for this server."] * 12)
    body = html(
        "Notebook Server",
        f"<p>{words}</p><form action='/login?next=%2Ftree' method=post>"
        "<input type=password name=password><button>Continue</button></form>",
    )
    verdict = judge("https://shop.test/p/6", body)["soft_401"]
    assert {"password_main", "login_action"} <= set(verdict.reasons)


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Unauthorized", "soft_401"),
        ("Forbidden", "soft_403"),
        ("UnauthorizedError: Unauthorized<br> at /srv/app.js:5:47<br> at Layer.handle", "soft_401"),
        ("ForbiddenError: Forbidden<br> at /srv/app.js:6:47<br> at Layer.handle", "soft_403"),
        ("GoneError: Gone<br> at /srv/app.js:4:48<br> at Layer.handleRequest", "soft_404"),
    ],
)
def test_a_framework_error_that_is_only_a_status_or_an_exception(text, flag):
    body = f"<!DOCTYPE html><html><head><title>Error</title></head><body><pre>{text}</pre>"
    assert flags("https://shop.test/members/", body.encode() + b"</body></html>") == {flag}


def test_a_url_ending_in_an_id_is_no_slug_the_title_should_repeat():
    body = html("Search", "<h1>Search</h1><ul><li><a href='/'>Home</a></li></ul>")
    found = signals("https://shop.test/p/d966edb9ade2", 200, {}, parse_html(body), START)
    assert "slug_mismatch" not in found.found
    assert conclude(found) == []
