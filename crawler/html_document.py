"""An HTML body read into an lxml document as a browser would read it: its charset from the
header, its meta tag or its XML declaration (or UTF-8 when it is valid UTF-8), and a page
that nests too deep for libxml2 read again without its layout tags."""

from __future__ import annotations

import re

import lxml.html

# A charset the body declares itself: a meta tag, or an XML declaration at its start.
META_CHARSET = re.compile(rb"<meta[^>]+charset", re.IGNORECASE)
META_CHARSET_VALUE = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]{1,40})", re.IGNORECASE)
XML_DECLARED = re.compile(rb"\A\s{0,100}<\?xml[^>]{0,200}?encoding\s*=\s*[\"']?([\w.:-]{1,40})")
# the Encoding Standard's labels of ISO-8859-8-I
LOGICAL_HEBREW = frozenset({"iso-8859-8-i", "iso_8859-8-i", "csiso88598i", "logical"})
HTML_END = re.compile(rb"</html\s*>", re.IGNORECASE)
BODY_START = re.compile(rb"<body[\s>]", re.IGNORECASE)
# the tags of elements that nest for layout: dropped when a page nests past libxml2's depth
LAYOUT_TAGS = re.compile(
    rb"</?(?:div|span|section|article|font|b|i|u|em|strong|small|big|p|ul|ol|li|dl|dt|dd|"
    rb"table|thead|tbody|tfoot|tr|td|th|blockquote|center|q|cite|code|pre|sub|sup)"
    rb"(?=[\s/>])[^>]*>",
    re.IGNORECASE,
)


def _html_parser(body: bytes, encoding: str | None) -> lxml.html.HTMLParser:
    """lxml's HTML parser for this body. `huge_tree`: without it, libxml2 drops the whole
    document when elements nest deeper than 256 levels (2048 with it; the body is bounded by
    the download limit). A charset label no codec knows is ignored, as browsers do: the body
    is read as UTF-8 when it is valid UTF-8, else left to libxml2 (its meta tag, or latin-1).
    So is a body that declares no charset at all, neither in the header nor in its markup (a
    Django page served as plain "text/html"): libxml2 would read it as latin-1, and a browser
    recognises the UTF-8 ("Page non trouvÃ©e" is what it would otherwise show).
    An XML declaration's encoding is passed to libxml2, which reads it unreliably (not at all
    after a blank line, as in Debian apache2's error documents; not for latin-1), the way
    the crawl's reading of the response (Scrapy's) takes it."""
    meta = META_CHARSET_VALUE.search(body[:4096]) if not encoding else None
    if meta:
        # (given to libxml2 from the start: it reads a meta tag that follows the title only
        # from there on, and the title and what came before it in latin-1)
        encoding = _meta_label(meta.group(1).decode("ascii"))
    if not encoding and not META_CHARSET.search(body[:4096]):
        declared = XML_DECLARED.match(body)
        if declared:
            encoding = declared.group(1).decode("ascii")
        elif not body.isascii() and _is_utf8(body):
            encoding = "utf-8"
    if encoding:
        try:
            return lxml.html.HTMLParser(encoding=encoding, remove_comments=True, huge_tree=True)
        except LookupError:
            encoding = "utf-8" if _is_utf8(body) else None
    return lxml.html.HTMLParser(encoding=encoding, remove_comments=True, huge_tree=True)


def _meta_label(label: str) -> str:
    """The encoding a browser takes from a meta tag's label (the HTML standard's prescan): a
    page that says it is UTF-16 in its own ASCII-compatible bytes is not, and is read as
    UTF-8; "x-user-defined" is windows-1252; "ISO-8859-8-I" (Hebrew in logical order, a
    label no Python codec knows) is ISO-8859-8."""
    lowered = label.lower()
    if lowered.startswith(("utf-16", "utf16")):
        return "utf-8"
    if lowered in LOGICAL_HEBREW:
        return "iso-8859-8"
    return "windows-1252" if lowered == "x-user-defined" else label


def read_document(body: bytes, encoding: str | None) -> lxml.html.HtmlElement:
    """The parsed page. Past 2048 levels libxml2 stops and drops the rest of the page: it is
    then parsed again without the tags of the elements that nest for layout (div, span,
    table...), so that its text and links are kept; one linear pass, over a bounded body."""
    parser = _html_parser(body, encoding)
    document = lxml.html.document_fromstring(body, parser=parser)
    last_error = parser.error_log.last_error
    if last_error is not None and "Excessive depth" in last_error.message:
        flat = LAYOUT_TAGS.sub(b" ", body)
        document = lxml.html.document_fromstring(flat, parser=_html_parser(flat, encoding))
    elif document.find("body") is None and (early := _early_html_end(body)) is not None:
        # (libxml2 drops what follows; a browser reads on into the body)
        whole = body[: early.start()] + body[early.end() :]
        document = lxml.html.document_fromstring(whole, parser=_html_parser(whole, encoding))
    return document


def _early_html_end(body: bytes) -> re.Match | None:
    """An "</html>" before the body ("<head>...</head><style>...</style></html><body>...",
    a block page's template): the HTML standard ignores it, libxml2 ends the document
    there and loses the whole body."""
    end = HTML_END.search(body)
    if end is None or BODY_START.search(body, end.end()) is None:
        return None
    return end


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
