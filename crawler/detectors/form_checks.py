"""A message that checks the values a visitor typed into a form is not the page's message."""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice

from gatewatch.crawler.detectors.text import normalise
from gatewatch.crawler.parse import ParsedPage

MAX_FORMS_READ = 20  # of a page's forms, where a statement is looked for
FORM_CHARS = 4000  # of a form's text read


def form_checks(page: ParsedPage) -> Callable[[str], bool]:
    """Whether a statement stands inside a form that asks for values: a field's check
    ("Invalid e-mail address" under the field, "Neplatný slevový kód" beside the coupon's),
    not the page's message. A form that holds the page's heading is the page's layout (a
    page-wide ASP.NET form), not a form's check; a sign-in form's message is read elsewhere
    (a failed sign-in). The page's forms are read once, for all its statements."""
    if page.document is None or not any(
        form.section == "main" and form.fields and not form.search and not form.password_inputs
        for form in page.forms
    ):
        return _never
    heading = normalise(page.h1)
    forms = []  # (its text, whether a statement in it is its check), in the page's order
    for form in islice(page.document.iter("form"), MAX_FORMS_READ):
        text = normalise(form.text_content()[:FORM_CHARS])
        if not heading or heading not in text:
            asks = next(form.iter("input"), None) is not None and not _signs_in(form)
            forms.append((text, asks))

    def checks(statement: str) -> bool:
        said = normalise(statement)
        return next((asks for text, asks in forms if said in text), False)

    return checks


def _never(statement: str) -> bool:
    return False


def _signs_in(form) -> bool:
    return any((field.get("type") or "").lower() == "password" for field in form.iter("input"))
