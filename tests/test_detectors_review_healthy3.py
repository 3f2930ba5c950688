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

# page -> why main's rules flag it today (the flag, its evidence, the rule)
FLAGGED = {
    "access-ja-camera": "soft_403 permission_denied (ありません ... アクセス権: カメラへのアクセス権限がありません。); before the round: permission_denials.py (unspaced 権限)",
    "chrome-de-header-article": "soft_401 login_wording (bitte melden sie sich an); before the round: phrase lists (login_required)",
    "chrome-en-header-image": "soft_401 login_wording (please sign in); before the round: phrase lists (login_required)",
    "chrome-en-page-header": "soft_401 login_wording (you must log in); before the round: phrase lists (login_required)",
    "nf-fr-resultats": "soft_404 heading_not_found (title: non trouvé); before the round: not-found phrase lists (title)",
    "paywall-en-teaser": "soft_401 login_wording (subscribers only); before the round: phrase lists (login_required)",
    "readonly-cs-dokument": "soft_403 permission_denied (nemáte ... oprávnění: nemáte oprávnění upravovat tento dokument.); before the round: permission_denials.py (permission words)",
    "readonly-de-wiki": "soft_403 permission_denied (keine ... berechtigung: sie haben keine berechtigung, sie zu bearbeiten.); before the round: permission_denials.py (permission words)",
    "readonly-es-hoja": "soft_403 permission_denied (no ... permis: no tienes permiso para editar esta hoja.); before the round: permission_denials.py (permission words)",
    "signin-de-haendlerpreis": "soft_401 login_wording (bitte anmelden); before the round: phrase lists (login_required)",
    "signin-de-kommentar": "soft_401 login_wording (sie müssen angemeldet sein); before the round: phrase lists (login_required)",
    "signin-en-event": "soft_401 login_wording (please log in); before the round: phrase lists (login_required)",
    "signin-en-help-why": "soft_401 login_wording (you must log in); before the round: phrase lists (login_required)",
    "signin-en-member-price": "soft_401 login_wording (please sign in); before the round: phrase lists (login_required)",
    "signin-en-photo-post": "soft_401 login_wording (you must be logged in); before the round: phrase lists (login_required)",
    "signin-en-status-bar": "soft_401 login_wording (you are not logged in); before the round: phrase lists (login_required)",
    "signin-es-video": "soft_401 login_wording (debes iniciar sesión); before the round: phrase lists (login_required)",
    "signin-fr-recette": "soft_401 login_wording (vous devez être connecté); before the round: phrase lists (login_required)",
    "signin-it-prezzo": "soft_401 login_wording (devi effettuare l'accesso); before the round: phrase lists (login_required)",
    "signin-ja-shohin": "soft_401 login_wording (ログインしてください); before the round: phrase lists (login_required)",
    "signin-nl-recept": "soft_401 login_wording (je moet ingelogd zijn); before the round: phrase lists (login_required)",
    "signin-pl-ogloszenie": "soft_401 login_wording (zaloguj się aby); before the round: phrase lists (login_required)",
    "signin-pt-curso": "soft_401 login_wording (faça login); before the round: phrase lists (login_required)",
    "signin-ru-novost": "soft_401 login_wording (необходимо войти); before the round: phrase lists (login_required)",
    "signin-sv-annons": "soft_401 login_wording (du måste logga in); before the round: phrase lists (login_required)",
    "signin-tr-tarif": "soft_401 login_wording (lütfen giriş yapın); before the round: phrase lists (login_required)",
    "signin-zh-gouwuche": "soft_401 login_wording (尚未登录); before the round: phrase lists (login_required)",
    "signin-zh-wenzhang": "soft_401 login_wording (需要登录); before the round: phrase lists (login_required)",
}

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
