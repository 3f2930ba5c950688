"""Where an element of a page is: the section that holds it (main, nav, header, footer,
aside), and whether it is hidden (an attribute, an inline style, a class a script removes)."""

from __future__ import annotations

import re
from itertools import chain, islice

MAX_DIALOG_DEPTH = 40  # ancestors looked at for a box's dialog (a hostile page nests thousands)
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# a class that hides an element until a script shows it ("alert d-none")
HIDING_CLASSES = frozenset(
    {"hidden", "d-none", "is-hidden", "hide", "invisible", "visually-hidden"}
)


def section_of(element, containers, content) -> str:
    """The section holding an element: its nearest container's, or main."""
    tags = {"nav", "header", "footer", "aside", *(container.tag for container in containers)}
    section = next((containers[a] for a in element.iterancestors(*tags) if a in containers), "main")
    in_main = content.tag == "main" or content.get("role") == "main"
    if section == "main" and in_main and content not in element.iterancestors(content.tag):
        section = "aside"  # outside <main>: page chrome without a semantic tag
    return section


def hides_itself(element) -> bool:
    """Hidden by an attribute, an inline style or a hiding class of its own."""
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    if not HIDING_CLASSES.isdisjoint((element.get("class") or "").lower().split()):
        return True
    style = element.get("style")
    return bool(style) and HIDDEN_STYLE.search(style) is not None


def is_hidden(element) -> bool:
    """Hidden by an attribute or an inline style, itself or through an ancestor."""
    for node in (element, *element.iterancestors()):
        if node.get("hidden") is not None or node.get("aria-hidden") == "true":
            return True
        style = node.get("style")
        if style and HIDDEN_STYLE.search(style):
            return True
    return False


def box_hidden(element) -> bool:
    """A message box hidden by an attribute, a style or a class of its own ("alert d-none":
    a template's box that a script fills and shows)."""
    return hidden_by_class(element) or is_hidden(element)


def hidden_by_class(element) -> bool:
    """Hidden by a class of its own that a script removes ("alert d-none")."""
    return not HIDING_CLASSES.isdisjoint((element.get("class") or "").lower().split())


def in_opened_error_dialog(element) -> bool:
    """The box stands in a modal dialog that names itself an error (its id, class or label:
    `<div id="ErrorMsg" role="dialog" aria-hidden="true">`, Foundation's "reveal", Bootstrap's
    "modal") and that nothing but aria-hidden hides: the page's error message, which the
    server wrote into the dialog and a script shows at load (Sympa's). An error dialog that
    is only a template holds a placeholder, or nothing, until a script fills it. (A dialog
    overlays the page wherever it stands in the markup: it is no page chrome.)"""
    dialog = None
    for node in islice(chain((element,), element.iterancestors()), MAX_DIALOG_DEPTH):
        style = node.get("style")
        if node.get("hidden") is not None or (style and HIDDEN_STYLE.search(style)):
            return False
        if node.get("aria-hidden") == "true":
            if dialog is not None or not _error_dialog(node):
                return False
            dialog = node
    return dialog is not None


def closed_error_dialog(node) -> bool:
    """A modal dialog that names itself an error and that aria-hidden hides (see
    `in_opened_error_dialog`)."""
    return node.get("aria-hidden") == "true" and _error_dialog(node)


def _error_dialog(node) -> bool:
    if (node.get("role") or "").strip().lower() not in ("dialog", "alertdialog"):
        return False
    named = f"{node.get('id') or ''} {node.get('class') or ''} {node.get('aria-labelledby') or ''}"
    return "error" in named.lower()
