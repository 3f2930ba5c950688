# ruff: noqa: RUF001  (evidence quoted in its own script)
"""Pages the titled-works round's readings could misread, written by its review as an
adversary. The round drops a denial's (or a missing page's) words where a page shows it
describes a thing or explains the message: a line of facts, a defined term, a help title
with a feedback question, an "if" sentence or a code block, a table's cell, a report after
"that", a thread of posts, a count of answers.

- tests/fixtures/review_errors8: error, sign-in and access-denied pages of the kinds real
  software serves with 200 (CDN and WAF block pages, shops, help centres and docs sites,
  hosting panels, routers, forums, Q&A sites), whose file name starts with the flag they
  must get. Those the readings now clear are strict xfails naming the reading (LOST): each
  got its flag on f35c20a4, before the readings.
- tests/fixtures/review_healthy8: healthy pages titled or headed by the words of a denial, a
  missing page or a sign-in (films, books, episodes, songs, products, trails, help articles,
  forum threads, Q&A, a glossary, news, a changelog, a roles table), in a site's chrome; each
  must get no finding. Those flagged on HEAD are strict xfails with their verdict (FLAGGED).

Each page is judged as bench/real_accuracy.judge_offline judges the real corpus."""

from pathlib import Path

import pytest

from tests.review_sets import page_names, review_params, verdicts_of

FINDINGS = {"soft_404", "soft_401", "soft_403"}
FIXTURES = Path(__file__).parent / "fixtures"
HEALTHY = FIXTURES / "review_healthy8"
ERRORS = FIXTURES / "review_errors8"

# Error pages flagged on f35c20a4 and not now, with the reading that clears them.
LOST: dict[str, str] = {
    # help_articles.restated_as_condition: the denial page's own "if you believe ..." advice
    "soft_403-zendesk-restricted-if": "restated_as_condition: 'if you believe access was "
    "denied by mistake, contact your administrator' (help title)",
    "soft_403-help-centre-de-falls": "restated_as_condition: 'falls der zugriff ... zu "
    "unrecht verweigert wurde' (help title)",
    "soft_403-help-centre-es-si": "restated_as_condition: 'si crees que el acceso fue "
    "denegado por error' (help title)",
    "soft_404-help-centre-if": "restated_as_condition: 'if you followed a link ... and the "
    "page was not found' (help title)",
    # help_articles.article_feedback: tells_visitor misses a denial without a permission word
    "soft_403-saas-docs-feedback": "article_feedback: 'was this article helpful?' beside "
    "'only available to members' (no permission word: tells_visitor is False)",
    "soft_403-zendesk-feedback-answer-pt": "article_feedback: 'esta resposta foi útil?' "
    "beside 'disponível apenas para clientes' (tells_visitor is False)",
    # help_articles.shown_in_code: the error page prints its own status or error in code
    "soft_403-docs-pre-request": "shown_in_code: the request's 'HTTP/1.1 403 Forbidden' in "
    "<pre> (docs title)",
    "soft_403-guide-code-block": "shown_in_code: '<code>access denied: space 9f3e requires "
    "sso</code>' (guide title)",
    "soft_404-docs-code-path": "shown_in_code: '<pre>404 Page Not Found: /docs/...</pre>' "
    "(docs title)",
    # error_records.thread_posts: a sidebar of latest posts on a forum's denial page
    "soft_403-forum-xenforo-sidebar": "thread_posts: 3 'latest posts' in the sidebar "
    "(li.post with .username)",
    "soft_403-forum-phpbb-ru-posts": "thread_posts: 2 recent posts under the phpBB "
    "information panel",
    "soft_403-forum-de-private": "thread_posts: 2 'Neueste Beiträge' in a sidebar inside "
    "the content",
    # error_records.counted_answers: a related-questions sidebar counts answers
    "soft_403-qa-related-answers": "counted_answers: a sidebar's '2 answers' line",
    # work_facts.listed_facts: the site's chrome read as a thing's facts
    "soft_403-router-model-firmware": "listed_facts: footer 'Uptime 12 days 4 h · 38 min' "
    "(tells_visitor is False)",
    "soft_403-shop-cart-yen-ja": "listed_facts: top bar '送料無料 5,000円以上 · 営業時間 "
    "10:00–18:00' (tells_visitor is False)",
    "soft_404-shop-hours-nl": "listed_facts: top bar 'Klantenservice · ma–vr 09:00–17:30' "
    "(no guard for a missing page)",
    "soft_404-cinema-now-showing-de": "listed_facts: ticker 'Heute: Dune – Teil 2 · 166 Min."
    " · 20:15' (no guard for a missing page)",
    # work_kinds.defined_term: Russian 'X — это значит' explains the error page's message
    "soft_403-hosting-ru-defined": "defined_term: 'доступ запрещён — это значит, что ...' "
    "(tells_visitor is False)",
    "soft_404-hosting-ru-defined": "defined_term: 'страница не найдена — это значит, что ...'",
    # permission_denials.said_as_report: the only denial follows 'that'
    "soft_403-geo-block-that": "said_as_report: 'we have detected that access is denied from "
    "your location' drops access_denied_text, the page's only code",
}

# Healthy pages flagged on HEAD (and on f35c20a4), with their verdict.
FLAGGED: dict[str, str] = {
    "doormat-en-please-sign-in": "soft_401: login_wording (please sign in), login_heading "
    "(title: sign in): a product's quoted name",
    "game-en-forbidden-ruins-level": "soft_403: access_denied (title: forbidden), "
    "code_forbidden (Forbidden): a level's name, 'Level 14 · 25–35 min · 3 secrets'",
    "help-ja-login-required": "soft_401: login_wording (ログインが必要です): a help article "
    "about the message, quoted in its h1, with a feedback question",
}

HEALTHY_NAMES = page_names(HEALTHY)
ERROR_NAMES = page_names(ERRORS)


@pytest.fixture(scope="module")
def healthy_verdicts() -> dict[str, tuple[set[str], str]]:
    return verdicts_of(HEALTHY)


@pytest.fixture(scope="module")
def error_verdicts() -> dict[str, tuple[set[str], str]]:
    return verdicts_of(ERRORS)


@pytest.mark.parametrize("name", review_params(HEALTHY_NAMES, FLAGGED))
def test_a_healthy_page_gets_no_finding(healthy_verdicts, name):
    flags, explained = healthy_verdicts[name]
    assert FINDINGS.isdisjoint(flags), explained


@pytest.mark.parametrize("name", review_params(ERROR_NAMES, LOST))
def test_an_error_page_gets_its_flag(error_verdicts, name):
    expected = name.partition("-")[0]
    flags, explained = error_verdicts[name]
    assert expected in flags, f"expected {expected}, got {sorted(flags)}: {explained}"


def test_the_sets_and_their_entries():
    assert len(HEALTHY_NAMES) == 27
    assert len(ERROR_NAMES) == 33
    assert {name.partition("-")[0] for name in ERROR_NAMES} <= FINDINGS
    assert {f"{name}.html" for name in LOST} <= set(ERROR_NAMES)
    assert {f"{name}.html" for name in FLAGGED} <= set(HEALTHY_NAMES)
