# ruff: noqa: RUF001  (pages in their own scripts)
"""Round 7's recall rules read by meaning (fix4): access denied is the visitor's and this
page's, not an amenity's or other people's; a stated session is a wall only on a page with
nothing else; a numbered object's load failure is a missing object only in an error box; "to"
and an action after a sign-in request is a purpose, not a place."""

import pytest

from tests.test_detectors_partial_prompts import LOGIN_LINK, flags, page

STAYS_FLAGGED = [
    (page("Strona", "Strona", "Brak dostępu do tej strony.", lang="pl"), "soft_403"),
    (page("Seite", "Seite", "Kein Zugriff.", lang="de"), "soft_403"),
    (page("Side", "Side", "Du har ikke tilgang til denne siden.", lang="no"), "soft_403"),
    (page("Страница", "Страница", "У вас нет доступа к этой странице.", lang="ru"), "soft_403"),
    (page("Admin", "Admin", "You do not have access to the admin area."), "soft_403"),
    (page("Page", "Page", "Error: no access to this resource."), "soft_403"),
    (
        page("Perfil", "Perfil", "Lo sentimos, no tienes acceso a esta página.", lang="es"),
        "soft_403",
    ),
    (page("Quiz", "Quiz", "You are not signed in.", LOGIN_LINK), "soft_401"),
    (page("Quiz", "Quiz", "You are not signed in.", "<button>Sign in</button>"), "soft_401"),
    (
        page(
            "Spiel",
            "Spiel",
            "Du bist nicht eingeloggt.",
            "<a href='/login'>Anmelden</a>",
            lang="de",
        ),
        "soft_401",
    ),
    (page("Reply", "Reply", "You must be logged in to comment.", LOGIN_LINK), "soft_401"),
    (page("Ticket", "Ticket", "<div class='error'>Could not load ticket 999</div>"), "soft_404"),
]

HEALTHY = [
    page(
        "Amenities", "Amenities", "No wheelchair access to the balcony.", "Two bedrooms, four beds."
    ),
    page(
        "Ausstattung",
        "Ausstattung",
        "Kein Zugang zum Pool für Tagesgäste.",
        "WLAN kostenlos",
        lang="de",
    ),
    page("Номер", "Номер", "Нет доступа к интернету.", "Две кровати, душ.", lang="ru"),
    page("Privacy", "Your data", "You have no access rights to other users' data."),
    page("Notes", "Private notes", "Other members have no access to your private notes."),
    page(
        "Sudoku #214",
        "Sudoku #214",
        "Du bist nicht eingeloggt.",
        "Dein Spielstand bleibt in diesem Browser.",
        "<button>Neues Spiel</button>",
        lang="de",
    ),
    page(
        "Sepetim",
        "Sepetim",
        "Giriş yapmadınız.",
        "Sepetiniz bu cihazda saklanır.",
        "Tutunamayanlar 185 TL",
        lang="tr",
    ),
    page(
        "Could not load ticket 999 - Tracker",
        "Could not load ticket 999",
        "Open · reported by lena",
        "Error on mobile.",
    ),
]


@pytest.mark.parametrize(("body", "flag"), STAYS_FLAGGED)
def test_a_wall_or_a_denial_by_meaning_stays_flagged(body, flag):
    assert flag in flags(body)


@pytest.mark.parametrize("body", HEALTHY)
def test_an_aside_of_a_page_with_its_own_content_is_no_finding(body):
    assert not flags(body)
