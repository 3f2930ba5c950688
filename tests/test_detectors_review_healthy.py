# ruff: noqa: RUF001  (pages in their own scripts)
"""Healthy pages a reviewer wrote in many languages, that round 6's rules (permission_denied,
expired_link) took for error pages: a copyright or terms line, a refund term, a stem inside
another word, a table of roles, a rule for third parties, a changelog, news about links.
They are kept in tests/fixtures/review_healthy (with a few the rules always passed)."""

from pathlib import Path

import pytest

from gatewatch.crawler.detectors import conclude, signals
from gatewatch.crawler.detectors.permission_denials import permission_denied
from gatewatch.crawler.parse import parse_html
from tests.test_detectors import START

PAGES = Path(__file__).parent / "fixtures" / "review_healthy"


@pytest.mark.parametrize("name", sorted(path.name for path in PAGES.glob("*.html")))
def test_a_reviewers_healthy_page_is_not_flagged(name):
    page = parse_html((PAGES / name).read_bytes())
    found = signals("https://shop.test/p/" + name.removesuffix(".html"), 200, {}, page, START)
    assert "permission_denied" not in found.found
    assert "expired_link" not in found.found
    assert not {verdict.flag for verdict in conclude(found)} & {"soft_403", "soft_404"}


@pytest.mark.parametrize(
    "sentence",
    [
        "No rights reserved.",  # a copyright line
        "No reproduction without permission.",  # a clause
        "Prohibida su reproducción sin permiso.",
        "Aan deze informatie kunnen geen rechten worden ontleend.",
        "Sin derecho a cambios ni devoluciones.",  # a right in law
        "Sem direito a reembolso.",
        "Articolo in offerta: non dà diritto a reso.",
        "Vous n'avez pas le droit de stationner le dimanche.",
        "Rechteckige Tischplatte, nicht ausziehbar.",  # a stem inside another word
        "Правильного ответа нет.",
        "Остальные правила не изменились.",
        "Правила повернення не змінилися.",
        "Personel için ek izin yok, mesai normal.",  # "izin": leave
        "Tom Reid — Viewer (no edit rights)",  # a third party
        "Unbefugte haben keine Berechtigung zum Parken, es wird abgeschleppt.",
        "המבצע לא כולל הרשאה לשימוש בקופונים נוספים.",
        "共有リンクを作成すると、権限がないユーザーも閲覧だけできます。",
        "공유 링크로는 편집 권한 없이 보기만 가능합니다.",  # without
        "本次升级后，访客无需权限即可浏览公开文档。",  # no need
        "Sin Permiso",  # a magazine's name
    ],
)
def test_text_that_names_a_permission_is_no_denial_to_the_visitor(sentence):
    assert permission_denied([sentence]) is None


def test_a_table_cell_repeated_is_no_denial():
    lines = ["Roles", "Editor", "Yes", "No permission", "Author", "No permission", "Add role"]
    assert permission_denied(lines) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Keine Berechtigung.",
        "Brak uprawnień",
        "Недостаточно прав",
        "Droits insuffisants",
        "Vous n'avez pas le droit d'accéder à cette page.",
        "Você não tem permissão para acessar esta página.",
        "Não tem permissão.",
        "No tienes permiso para ver esta página.",
        "Du har inte behörighet.",
        "אין לך הרשאה לצפות בדף זה.",
        "Nemáte oprávnění.",
        "権限がありません",
        "权限不足",
        "Geen rechten",
    ],
)
def test_a_denial_to_the_visitor_or_without_a_subject_is_read(sentence):
    assert permission_denied([sentence]) is not None


def test_a_heading_is_read_up_to_a_few_hundred_characters():
    from gatewatch.crawler.detectors.text import HEADING_CHARS, heading_segments

    parts = heading_segments("link|expired|" * 150_000)
    assert sum(len(part.text) for part in parts) <= 3 * HEADING_CHARS


@pytest.mark.parametrize(
    "sentence",
    [
        "Error: no permission.",  # a label first
        "Fehler: Keine Berechtigung",
        "Vous n'avez pas le droit d'utiliser cette fonction.",  # the right to do it here
        "Non avete il diritto di visualizzare questa pagina.",
    ],
)
def test_a_denial_after_a_label_or_about_doing_something_here_is_read(sentence):
    assert permission_denied([sentence]) is not None
