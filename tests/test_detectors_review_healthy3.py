# ruff: noqa: E501, RUF001  (pages in their own scripts; reasons quote the evidence whole)
"""Healthy pages a reviewer wrote in 18 languages for round 7 of issue 15 (the sign-in
statement of a thin page's first lines, denials that name access, a numbered object that
cannot be loaded, not-found participles, a header or navigation named by its id). Each page
is judged as bench/real_accuracy.judge_offline judges the real corpus (served with 200 at a
neutral URL, the site's real 404 as the probe) and must get no finding.

Pages main's detectors flag today are strict xfails whose reason is the flag, its evidence
and the rule responsible: a fix turns them into failures to remove from FLAGGED. The set was
written against the `learn` branch (round 7's recall rules, not merged); what only those
rules flag is kept in ROUND7_FLAGGED as documentation, and is handled at that branch's merge. tests/fixtures/review_healthy3/README.md says what each page is."""

from pathlib import Path

import pytest

from bench.real_accuracy import judge_offline

PAGES = Path(__file__).parent / "fixtures" / "review_healthy3"
NAMES = sorted(path.name for path in PAGES.glob("*.html"))

# page -> why main's rules flag it today (the flag, its evidence, the rule). The 28 pages main
# flagged when the set came (27 sign-in or permission asides, partial_prompts.py; a results
# page whose search heading counts its results, healthy_context.py) are no longer flagged.
FLAGGED: dict[str, str] = {}

# Documentation only (not used by the tests): what the `learn` branch's round-7 rules flagged
# when the reviewer wrote the set; main's rules do not raise these. They are handled where
# that branch is merged.
ROUND7_FLAGGED = {
    "access-de-zugang": "soft_403 permission_denied (kein ... zugang: kein zugang zum pool für tagesgäste.); round 7: permission_denials.py (access words, sentence lines)",
    "access-en-camera-widget": "soft_403 permission_denied (no ... access: no access to camera.); round 7: permission_denials.py (access words, sentence lines)",
    "access-en-gdpr-data": "soft_403 permission_denied (no ... access: you have no access rights to other users' data.); round 7: permission_denials.py (access words, sentence lines)",
    "access-en-notes-private": "soft_403 permission_denied (no ... access: other members have no access to your private notes.); round 7: permission_denials.py (access words, sentence lines)",
    "access-en-password-faq": "soft_403 permission_denied (no ... access: our staff have no access to your password.); round 7: permission_denials.py (access words, sentence lines)",
    "access-en-venue": "soft_403 permission_denied (no ... access: no wheelchair access to the balcony.); round 7: permission_denials.py (access words, sentence lines)",
    "access-fr-acces": "soft_403 permission_denied (pas ... accès: pas d'accès direct à la plage.); round 7: permission_denials.py (access words, sentence lines)",
    "access-it-accesso": "soft_403 permission_denied (non ... accesso: non c'è accesso per i cani, salvo cani guida.); round 7: permission_denials.py (access words, sentence lines)",
    "access-no-tilgang": "soft_403 permission_denied (ingen ... tilgang: ingen tilgang til strøm.); round 7: permission_denials.py (access words, sentence lines)",
    "access-pl-brak-dostepu": "soft_403 permission_denied (brak ... dostęp: brak dostępu do wi-fi.); round 7: permission_denials.py (access words, sentence lines)",
    "access-ru-dostup": "soft_403 permission_denied (нет ... доступ: нет доступа к интернету.); round 7: permission_denials.py (access words, sentence lines)",
    "chrome-en-bootstrap-tabs": "soft_401 login_wording (please sign in); round 7: parse.py (id 'nav-tabContent' taken as navigation: the tabs' text leaves the main content, the page turns thin; then the phrase list's 'please sign in')",
    "load-en-ci-build": "soft_404 message_not_found (line: failed to fetch artifact 221); round 7: error_messages.py (LOAD_FAILURE + NUMBERED_OBJECT)",
    "load-en-issue-hash": "soft_404 message_not_found (title: unable to load issue #12); round 7: error_messages.py (LOAD_FAILURE + NUMBERED_OBJECT)",
    "load-en-ticket-title": "soft_404 message_not_found (title: could not load ticket 999); round 7: error_messages.py (LOAD_FAILURE + NUMBERED_OBJECT)",
    "load-fr-ticket": "soft_404 message_not_found (title: impossible de charger le ticket 42); round 7: error_messages.py (LOAD_FAILURE + NUMBERED_OBJECT)",
    "nf-fr-introuvable-livre": "soft_404 heading_not_found (title: introuvable); before the round: not-found phrase lists (title)",
    "nf-ro-produs": "soft_404 heading_not_found_words (title: nu a fost găsit); round 7: phrases.py (MORE_NOT_FOUND_WORDS ro)",
    "paywall-de-teaser": "soft_401 login_wording (nicht ... angemeldet: sie sind nicht angemeldet.); round 7: sign_in_required.py (login_signals.login_observations)",
    "readonly-en-shared-folder": "soft_403 permission_denied (no ... permission: you have no permission to delete files in this folder.); round 7: permission_denials.py (a line of several sentences read sentence by sentence)",
    "readonly-ro-document": "soft_403 permission_denied (nu ... permisiun: nu aveți permisiunea de a edita acest document.); round 7: permission_denials.py (Romanian 'nu', 'aveți', 'permisiun' added)",
    "signin-cs-oblibene": "soft_401 login_wording (nejste ... přihlášen: nejste přihlášen.); round 7: sign_in_required.py (login_signals.login_observations)",
    "signin-de-spiel": "soft_401 login_wording (nicht ... eingeloggt: du bist nicht eingeloggt.); round 7: sign_in_required.py (login_signals.login_observations)",
    "signin-en-cart": "soft_401 login_wording (not ... signed in: you are not signed in.); round 7: sign_in_required.py (login_signals.login_observations)",
    "signin-en-quiz": "soft_401 login_wording (not ... logged in: not logged in.); round 7: sign_in_required.py (login_signals.login_observations)",
    "signin-ja-rireki": "soft_401 login_wording (ません ... ログイン: ログインしていません。); round 7: sign_in_required.py (login_signals.login_observations)",
    "signin-pl-quiz": "soft_401 login_wording (nie ... zalogowan: nie jesteś zalogowany.); round 7: sign_in_required.py (login_signals.login_observations)",
    "signin-sv-favoriter": "soft_401 login_wording (inte ... inloggad: du är inte inloggad.); round 7: sign_in_required.py (login_signals.login_observations)",
    "signin-tr-sepet": "soft_401 login_wording (giriş yapmadınız: giriş yapmadınız.); round 7: sign_in_required.py (login_signals.login_observations)",
}


@pytest.fixture(scope="module")
def verdicts() -> dict[str, tuple[set[str], str]]:
    rows = [{"file": name, "label": "healthy"} for name in NAMES]
    return {
        result.row["file"]: (result.flags, result.explained)
        for result in judge_offline(rows, PAGES)
    }


def _param(name: str):
    reason = FLAGGED.get(name.removesuffix(".html"))
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(name, marks=marks, id=name.removesuffix(".html"))


def test_every_flagged_entry_names_a_page():
    assert {f"{name}.html" for name in FLAGGED} <= set(NAMES)
    assert len(NAMES) >= 60


@pytest.mark.parametrize("name", [_param(name) for name in NAMES])
def test_a_reviewers_healthy_page_gets_no_finding(verdicts, name):
    flags, explained = verdicts[name]
    assert not flags, explained
