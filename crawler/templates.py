"""Link templates: the links of a navigation container (a menu, the header, the footer,
breadcrumbs) that many pages repeat, stored once per run instead of once per page.

On the 5,000-page benchmark site they were 6 link rows in 10 (106,800 of 178,000); a crawl
writes them once, and each page that has them writes one row naming them (storage.models).
"""

from __future__ import annotations

from collections.abc import Iterable

from gatewatch.storage.rows import LinkRow, PageTemplateRow, TemplateLinkRow

MAX_TEMPLATE_LINKS = 25_000  # links held in templates: 5 MB (about 2 MB per 10,000)
MAX_MET_ONCE = 50_000  # hashes of containers met on one page so far (about 4 MB)


class LinkTemplates:
    """Gives a container's links (a tuple, in page order) a template id the second time they
    are met. The first time they are the page's own links: a container that changes from
    page to page (related articles, previous/next) never becomes a template.

    Memory is bounded: containers met once are remembered by their hash alone, up to
    `max_met_once` (then forgotten all at once), and templates hold `max_links` links at most;
    past that, new containers stay with their pages. A hash that collides only makes a
    template of the links at hand, which are right.
    """

    def __init__(self, max_links: int = MAX_TEMPLATE_LINKS, max_met_once: int = MAX_MET_ONCE):
        self.max_links = max_links
        self.max_met_once = max_met_once
        self.ids: dict[tuple, int] = {}
        self.links_held = 0
        self.met_once: set[int] = set()

    def id_of(self, links: tuple) -> tuple[int | None, bool]:
        """(template id or None, whether the template is new and its links must be stored)."""
        template_id = self.ids.get(links)
        if template_id is not None or self.links_held + len(links) > self.max_links:
            return template_id, False
        fingerprint = hash(links)
        if fingerprint not in self.met_once:
            if len(self.met_once) >= self.max_met_once:
                self.met_once.clear()
            self.met_once.add(fingerprint)
            return None, False
        self.met_once.discard(fingerprint)
        template_id = self.ids[links] = len(self.ids) + 1
        self.links_held += len(links)
        return template_id, True

    def rows_of_page(
        self, page_id: int, containers: Iterable[list[tuple]]
    ) -> tuple[list[LinkRow], list[TemplateLinkRow], list[PageTemplateRow]]:
        """A page's navigation containers, each a list of (target_id, anchor, nofollow,
        section), as rows: (the page's own links, the links of templates new with this page,
        the page's uses of templates). A new template's rows all come in one list, so that a
        writer hands them over in one batch (storage.writer._committed relies on it)."""
        own, new_links, uses = [], [], []
        for links in containers:
            template = tuple(links)
            template_id, new = self.id_of(template)
            if template_id is None:
                own += [
                    LinkRow(
                        source_id=page_id,
                        target_id=target_id,
                        anchor=anchor,
                        nofollow=nofollow,
                        section=section,
                    )
                    for target_id, anchor, nofollow, section in template
                ]
                continue
            if new:
                new_links += [
                    TemplateLinkRow(
                        template_id=template_id,
                        target_id=target_id,
                        anchor=anchor,
                        nofollow=nofollow,
                        section=section,
                    )
                    for target_id, anchor, nofollow, section in template
                ]
            uses.append(PageTemplateRow(source_id=page_id, template_id=template_id))
        return own, new_links, uses
