# ruff: noqa: RUF001  (evidence quoted in its own script)
"""Pages the titled-works round's readings could misread, written by its review as an
adversary. The round drops a denial's (or a missing page's) words where a page shows it
describes a thing or explains the message: a line of facts, a defined term, a help title
with a feedback question, an "if" sentence or a code block, a table's cell, a report after
"that", a thread of posts, a count of answers.

- tests/fixtures/review_errors8: error, sign-in and access-denied pages of the kinds real
  software serves with 200 (CDN and WAF block pages, shops, help centres and docs sites,
  hosting panels, routers, forums, Q&A sites), whose file name starts with the flag they
  must get. The readings cleared 20 of them (each flagged on f35c20a4, before them), so
  they were taken back: every one gets its flag again (LOST is empty).
- tests/fixtures/review_healthy8: healthy pages titled or headed by the words of a denial, a
  missing page or a sign-in (films, books, episodes, songs, products, trails, help articles,
  forum threads, Q&A, a glossary, news, a changelog, a roles table), in a site's chrome; each
  must get no finding. Those flagged are strict xfails with their verdict (FLAGGED).

Each page is judged as bench/real_accuracy.judge_offline judges the real corpus."""

from pathlib import Path

import pytest

from tests.review_sets import page_names, review_params, verdicts_of

FINDINGS = {"soft_404", "soft_401", "soft_403"}
FIXTURES = Path(__file__).parent / "fixtures"
HEALTHY = FIXTURES / "review_healthy8"
ERRORS = FIXTURES / "review_errors8"

# Error pages the titled-works readings cleared (each flagged on f35c20a4 and again now):
# the review showed the readings cost 20 of these 33 error pages for 6 of its 27 healthy
# pages, so they were taken back (git revert of the merge of branch "titled"). None left.
LOST: dict[str, str] = {}

# Healthy pages flagged (on f35c20a4 and now), with their verdict: a denial's words naming
# the thing a page is about, left for a later round (the titled-works readings that cleared
# six of them cost more error pages than they spared healthy ones).
FLAGGED: dict[str, str] = {
    "doormat-en-please-sign-in": "soft_401: login_wording (please sign in), login_heading "
    "(title: sign in): a product's quoted name",
    "game-en-forbidden-ruins-level": "soft_403: access_denied (title: forbidden), "
    "code_forbidden (Forbidden): a level's name, 'Level 14 · 25–35 min · 3 secrets'",
    "help-ja-login-required": "soft_401: login_wording (ログインが必要です): a help article "
    "about the message, quoted in its h1, with a feedback question",
    "docs-en-roles-no-access-table": "soft_403: permission_denied (you do not have "
    "permission): a roles table's cell",
    "episode-pl-brak-dostepu": "soft_403: access_denied (title: brak dostępu): an episode's name",
    "forum-en-nginx-403-thread": "soft_403: message_access_denied, code_forbidden: a forum "
    "thread asking about the error",
    "forum-ru-net-prav-thread": "soft_403: permission_denied (у вас нет прав): a forum thread "
    "quoting the message",
    "glossary-de-zugriff-verweigert": "soft_403: access_denied (title: zugriff verweigert): a "
    "glossary entry",
    "help-tr-erisim-engellendi": "soft_403: access_denied (title: erişim engellendi): a help "
    "article about the message",
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
