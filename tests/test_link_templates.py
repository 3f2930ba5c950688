"""A navigation container's links become a template the second time a page has them, and the
memory kept for that stays bounded however many pages differ."""

from gatewatch.crawler.templates import LinkTemplates
from gatewatch.storage.rows import LinkRow, PageTemplateRow, TemplateLinkRow

MENU = ((1, "Home", False, "nav"), (2, "Shop", False, "nav"))
CRUMBS = ((1, "Home", False, "nav"), (7, "Boots", False, "nav"))


def test_links_met_once_are_the_pages_own_and_a_repeat_becomes_a_template():
    templates = LinkTemplates()
    assert templates.id_of(MENU) == (None, False)  # the first page stores them itself
    first = templates.id_of(MENU)
    assert first[0] is not None
    assert first[1]
    assert templates.id_of(MENU) == (first[0], False)  # later pages only name it
    assert templates.id_of(CRUMBS) == (None, False)
    second = templates.id_of(CRUMBS)
    assert second[1]
    assert second[0] != first[0]


def test_the_same_links_in_another_order_or_with_another_anchor_are_another_template():
    templates = LinkTemplates()
    renamed = ((1, "Start", False, "nav"), (2, "Shop", False, "nav"))
    for links in (MENU, MENU, MENU[::-1], MENU[::-1], renamed, renamed):
        templates.id_of(links)
    assert len(templates.ids) == 3


def test_past_the_limits_links_stay_with_their_pages():
    templates = LinkTemplates(max_links=3, max_met_once=2)
    templates.id_of(MENU)
    assert templates.id_of(MENU)[1]
    templates.id_of(CRUMBS)
    assert templates.id_of(CRUMBS) == (None, False)  # 4 links held would be over 3: per page
    assert templates.id_of(MENU)[0] == 1  # the known one is still used
    single = ((9, "Help", False, "footer"),)
    templates.id_of(single)
    assert templates.id_of(single)[1]  # a smaller one still fits

    forgetful = LinkTemplates(max_met_once=2)
    for number in range(3):  # three containers met once: the memory of the first two goes
        forgetful.id_of(((number, "x", False, "aside"),))
    assert len(forgetful.met_once) == 1
    assert forgetful.id_of(((0, "x", False, "aside"),)) == (None, False)  # met "once" again


def test_a_pages_containers_become_its_own_rows_new_template_rows_and_uses():
    templates = LinkTemplates()
    first = templates.rows_of_page(10, [list(MENU), list(CRUMBS)])
    assert first == ([LinkRow(10, *link) for link in MENU + CRUMBS], [], [])  # met once: its own
    second = templates.rows_of_page(11, [list(MENU)])
    assert second == ([], [TemplateLinkRow(1, *link) for link in MENU], [PageTemplateRow(11, 1)])
    third = templates.rows_of_page(12, [list(MENU), list(CRUMBS)])
    uses = [PageTemplateRow(12, 1), PageTemplateRow(12, 2)]
    assert third == ([], [TemplateLinkRow(2, *link) for link in CRUMBS], uses)
    assert all(type(row) is LinkRow for row in first[0])  # the writer finds their table
