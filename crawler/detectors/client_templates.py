"""Pages whose bindings a script fills in the browser: an AngularJS, Vue, Alpine or Knockout
application declares itself on an element (`ng-app`, `v-cloak`, `x-data`, `data-bind`...)
and its served HTML holds "{{ view.title }}" where the browser will show the title. Such a
"{{" is the framework's binding, not a server template rendered without its data (the
placeholder a soft 404 is read from): it is the page before its script ran.
"""

from __future__ import annotations

import lxml.etree

from gatewatch.crawler.parse import ParsedPage

DECLARED = lxml.etree.XPath(
    "//*[@ng-app or @data-ng-app or @ng-controller or @data-ng-controller or @ng-csp"
    " or @v-cloak or @x-data or @data-bind]"
)
BINDING = "{{"


def bound_in_browser(page: ParsedPage, placeholder: str) -> bool:
    """The placeholder is a "{{" binding of a framework the page declares."""
    if placeholder != BINDING or page.document is None:
        return False
    return bool(DECLARED(page.document))
