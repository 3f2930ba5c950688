"""Read backlink exports into rows keyed like crawled URLs.

Ahrefs, Google Search Console, Semrush, Majestic and Moz exports are told apart by their
header; any other CSV works if it has a recognisable target URL column. Exports come in every
encoding and delimiter (Ahrefs and Excel write UTF-16 with TAB), so both are sniffed. Pure:
bytes in, rows and problems out; a bad row is reported by its line number and the good rows
are kept. Everything read is hostile text: it is stored, never interpreted.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from gatewatch.crawler.urls import InvalidURL, SiteScope, normalize_url
from gatewatch.storage.url_identity import bare_host, url_key

FILE_SUFFIXES = (".html", ".htm", ".php", ".asp", ".aspx", ".jsp", ".pdf", ".xml", ".txt")
TRUE_WORDS = {"true", "yes", "y", "1", "+", "x", "nofollow", "ugc", "sponsored"}
FALSE_WORDS = {"false", "no", "n", "0", "-", "dofollow", "follow", "followed"}
PROBLEM_ROWS_SHOWN = 10
# Inflated bytes read from a ZIP export at most: Search Console's ZIPs are a few hundred KB
MAX_INFLATED_BYTES = 64 * 1024 * 1024
TARGET_PROBLEMS = {"not_a_url": "target is not a URL", "empty_target": "no target URL"}


@dataclass(frozen=True)
class ExportFormat:
    """How to recognise one tool's export and which header holds which field.

    Header names are compared normalised: lowercase letters and digits only, so that
    "Target URL", "target_url" and "TargetURL" are one name. `signature` is a list of groups:
    the format matches when the header has one name of every group.
    """

    label: str
    signature: tuple[tuple[str, ...], ...]
    target: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    referring_domain: tuple[str, ...] = ()
    rating: tuple[str, ...] = ()  # 0-100 strength of the linking site or page
    links: tuple[str, ...] = ()
    referring_domains: tuple[str, ...] = ()
    followed: tuple[str, ...] = ()
    nofollow: tuple[str, ...] = ()  # a flag per link, or a count in aggregate formats
    anchor: tuple[str, ...] = ()
    aggregate: bool = False  # one row per target page with counts, not one per link
    unusable: str | None = None  # why this export cannot give per-page counts


TARGETS = ("targeturl", "target", "targetpage", "url", "pageurl", "page", "destination")
TARGETS += ("destinationurl", "landingpage", "linkurl", "tourl", "to", "linkedpage")
SOURCES = ("sourceurl", "source", "referringpageurl", "referringurl", "referringpage", "from")
SOURCES += ("fromurl", "linkingpage", "linkingurl", "sourcepage")

FORMATS: dict[str, ExportFormat] = {
    "ahrefs": ExportFormat(
        "Ahrefs backlinks",
        (("referringpageurl",), ("targeturl", "linkurl")),
        target=("targeturl", "linkurl"),
        source=("referringpageurl",),
        rating=("domainrating",),
        links=("linksingroup",),
        nofollow=("nofollow", "linktype", "type"),
        anchor=("anchor", "linkanchor"),
    ),
    "ahrefs_best_by_links": ExportFormat(
        "Ahrefs best by links",
        (("pageurl", "targeturl"), ("referringdomains",), ("dofollow", "backlinks")),
        target=("pageurl", "targeturl"),
        links=("backlinks", "links"),
        referring_domains=("referringdomains",),
        followed=("dofollow",),
        nofollow=("nofollow",),
        aggregate=True,
    ),
    "gsc_top_linked_pages": ExportFormat(
        "Search Console top linked pages",
        (("toplinkedpages", "targetpage", "toptargetpages"), ("incominglinks",)),
        target=("toplinkedpages", "targetpage", "toptargetpages"),
        links=("incominglinks",),
        referring_domains=("linkingsites",),
        aggregate=True,
    ),
    "gsc_latest_links": ExportFormat(
        "Search Console latest links",
        (("linkingpage", "latestlinks"), ("lastcrawled",)),
        target=("targetpage", "targeturl"),
        source=("linkingpage", "latestlinks"),
        unusable="Search Console's 'Latest links' export names the linking pages but not the "
        "pages they link to, so it cannot give per-page counts: export 'Top linked pages' "
        "(Links > External links > Top linked pages > Export) instead",
    ),
    "gsc_top_linking_sites": ExportFormat(
        "Search Console top linking sites",
        (("site", "toplinkingsites"), ("linkingpages",), ("targetpages",)),
        unusable="Search Console's 'Top linking sites' export counts links per linking site, "
        "not per page of yours: export 'Top linked pages' instead",
    ),
    "semrush": ExportFormat(
        "Semrush backlinks",
        (("sourceurl",), ("targeturl",), ("pageascore",)),
        target=("targeturl",),
        source=("sourceurl",),
        rating=("pageascore",),
        nofollow=("nofollow",),
        anchor=("anchor",),
    ),
    "majestic": ExportFormat(
        "Majestic backlinks",
        (("sourceurl",), ("targeturl",), ("sourcetrustflow", "sourcecitationflow")),
        target=("targeturl",),
        source=("sourceurl",),
        rating=("sourcetrustflow",),
        nofollow=("flagnofollow",),
        anchor=("anchortext",),
    ),
    "moz": ExportFormat(
        "Moz inbound links",
        (("url", "sourceurl"), ("targeturl",), ("domainauthority", "pageauthority")),
        target=("targeturl",),
        source=("sourceurl", "url"),
        rating=("domainauthority",),
        nofollow=("linktype", "nofollow"),
        anchor=("anchortext",),
    ),
    "moz_top_pages": ExportFormat(
        "Moz top pages",
        (("url",), ("pageauthority",), ("linkingdomains", "inboundlinks")),
        target=("url",),
        links=("inboundlinks",),
        referring_domains=("linkingdomains",),
        aggregate=True,
    ),
    "csv": ExportFormat(
        "CSV with a target URL column",
        (TARGETS,),
        target=TARGETS,
        source=SOURCES,
        referring_domain=("referringdomain", "sourcedomain", "domain", "linkingdomain"),
        rating=("domainrating", "dr", "authorityscore", "domainauthority", "da", "trustflow"),
        links=("backlinks", "links", "incominglinks", "inboundlinks", "linkcount", "count"),
        referring_domains=("referringdomains", "refdomains", "linkingdomains", "linkingsites"),
        followed=("dofollow", "followedlinks"),
        nofollow=("nofollow", "rel", "linktype"),
        anchor=("anchor", "anchortext", "linktext"),
    ),
}
FORMAT_NAMES = tuple(FORMATS)
FIELDS = ("target", "source", "referring_domain", "rating", "links", "referring_domains")
FIELDS += ("followed", "nofollow", "anchor")


@dataclass(frozen=True, slots=True)
class BacklinkRow:
    """One link (or, for aggregate exports, one target page with its counts)."""

    target_url: str  # normalised, on the site's own scheme and host
    target_key: int  # storage.url_identity.url_key(target_url)
    source_url: str | None = None
    referring_domain: str | None = None
    domain_rating: float | None = None  # 0-100: Ahrefs DR, Semrush AS, Majestic TF, Moz DA
    links: int = 1
    referring_domains: int | None = None  # aggregate exports only
    anchor: str | None = None
    nofollow: bool | None = None
    followed: int | None = None  # followed links among `links`; None when the export is silent
    line: int | None = None


@dataclass
class BacklinkFile:
    """What one export gave: its format, the rows kept, and what could not be used and why."""

    format: str
    rows: list[BacklinkRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> rows
    encoding: str | None = None
    delimiter: str | None = None
    rows_read: int = 0
    columns: dict[str, str] = field(default_factory=dict)  # field -> header it was read from
    member: str | None = None  # the file used inside a ZIP archive


def read_backlinks(
    source: str | Path | bytes, site_start_url: str, format_name: str = "auto"
) -> BacklinkFile:
    """Read an export (a path or its bytes) for the site that starts at `site_start_url`."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    site = _Site(site_start_url)
    try:
        if data.startswith(b"PK\x03\x04"):
            return _read_archive(data, site, format_name)
        return _read_table(data, site, format_name)
    except csv.Error as error:  # binary content: say so, do not fail whoever imports it
        return BacklinkFile("unknown", problems=[f"not a CSV file (is it binary?): {error}"])


def _read_archive(data: bytes, site: _Site, format_name: str) -> BacklinkFile:
    """Search Console downloads a ZIP of CSVs: use the one that gives the most rows."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = [
            name
            for name in archive.namelist()
            if name.lower().endswith((".csv", ".tsv")) and "intern" not in name.lower()
        ]  # Search Console adds internal link counts: they are not backlinks
        results = [_read_table(data, site, format_name) for data in _inflate(archive, names)]
    except ArchiveTooLarge as error:
        return BacklinkFile("unknown", problems=[str(error)])
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, NotImplementedError,
            zlib.error) as error:  # fmt: skip
        return BacklinkFile("unknown", problems=[f"cannot open the ZIP archive: {error}"])
    if not names:
        return BacklinkFile(
            "unknown",
            problems=["a ZIP archive or Excel workbook without CSV files: export or save as CSV"],
        )
    for name, result in zip(names, results, strict=True):
        result.member = name
    best = max(results, key=lambda result: len(result.rows))
    if not best.rows:
        best.problems = [f"{r.member}: {problem}" for r in results for problem in r.problems]
    return best


class ArchiveTooLarge(ValueError):
    """A ZIP member that inflates past MAX_INFLATED_BYTES."""


def _inflate(archive: zipfile.ZipFile, names: list[str]) -> list[bytes]:
    """The members' bytes, read up to MAX_INFLATED_BYTES in all, whatever sizes the archive
    declares: a 1 MB ZIP of repeated bytes inflated to 2.1 GB of memory."""
    contents, total = [], 0
    for name in names:
        chunks = []
        with archive.open(name) as member:  # in chunks: read(n) grows one buffer by copies
            while chunk := member.read(1024 * 1024):
                total += len(chunk)
                if total > MAX_INFLATED_BYTES:
                    raise ArchiveTooLarge(
                        f"the ZIP archive inflates to more than {MAX_INFLATED_BYTES // 1_048_576}"
                        f" MB (at {name}): a ZIP bomb, or an export to unzip and import as CSV"
                    )
                chunks.append(chunk)
        contents.append(b"".join(chunks))
    return contents


def _looks_binary(text: str) -> bool:
    """More than 2% control characters (besides TAB and line ends) in the first 4,000."""
    head = text[:4000]
    controls = sum(1 for character in head if character < " " and character not in "\t\r\n")
    return controls > len(head) // 50


def _read_table(data: bytes, site: _Site, format_name: str) -> BacklinkFile:
    text, encoding, problems = _decode(data)
    if _looks_binary(text):
        return BacklinkFile(
            "unknown",
            encoding=encoding,
            problems=["the file is not text (binary content): export or save it as CSV"],
        )
    if "\r" in text:  # Windows (CR LF) and classic Mac (CR alone) line endings
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    first_line = 0
    if lines[0].rstrip("\r").lower().startswith("sep=") and len(lines[0].rstrip("\r")) == 5:
        delimiter, first_line = lines[0][4], 1  # Excel's hint line
    else:
        header_line = next((line for line in lines if line.strip()), "")
        delimiter = _sniff_delimiter(header_line)
    result = BacklinkFile("unknown", encoding=encoding, delimiter=delimiter)
    result.problems.extend(problems)
    reader = csv.reader(io.StringIO("\n".join(lines[first_line:])), delimiter=delimiter)
    header = next((row for row in reader if any(cell.strip() for cell in row)), None)
    if header is None:
        result.problems.append("the file is empty: no header and no rows")
        return result
    names = [re.sub(r"[^0-9a-z]", "", cell.lower()) for cell in header]
    if format_name == "auto":
        format_name = next((name for name, spec in FORMATS.items() if _matches(spec, names)), "")
    if format_name not in FORMATS:
        shown = ", ".join(repr(cell.strip()) for cell in header[:12])
        result.problems.append(
            f"no target URL column: the header has {shown}; expected one named like "
            "'Target URL', 'URL', 'Page' or 'Destination'"
        )
        return result
    result.format = format_name
    spec = FORMATS[format_name]
    columns = _columns(spec, names)
    result.columns = {name: header[index].strip() for name, index in columns.items()}
    if "target" not in columns:
        result.problems.append(spec.unusable or f"no target URL column for {spec.label}")
        return result
    _read_rows(reader, len(header), columns, spec, site, result, first_line)
    return result


def _read_rows(reader, width, columns, spec, site, result, first_line) -> None:
    bad_rows: dict[str, list[int]] = defaultdict(list)
    skipped: Counter[str] = Counter()
    other_hosts: Counter[str] = Counter()
    last_error_line = -1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            if reader.line_num == last_error_line:
                break
            last_error_line = reader.line_num
            bad_rows[f"cannot be read as CSV ({error})"].append(reader.line_num + first_line)
            skipped["unreadable"] += 1
            continue
        line = reader.line_num + first_line
        if not any(cell.strip() for cell in row):
            continue
        result.rows_read += 1
        while len(row) > width and not row[-1].strip():
            row = row[:-1]
        if len(row) != width:
            skipped["wrong_field_count"] += 1
            bad_rows[f"wrong number of fields (the header has {width})"].append(line)
            continue
        cells = {name: row[index].strip() for name, index in columns.items()}
        target, reason = site.place(cells["target"])
        if target is None:
            skipped[reason] += 1
            if reason in TARGET_PROBLEMS:
                bad_rows[TARGET_PROBLEMS[reason]].append(line)
            elif reason in ("other_host", "other_subdomain"):
                other_hosts[_host(cells["target"])] += 1
            continue
        source = cells.get("source") or None
        source_host = _host(source) if source else ""
        if source_host and site.owns(source_host):
            skipped["internal_source"] += 1
            continue
        try:
            rating = _rating(cells.get("rating", ""))
        except ValueError:
            bad_rows[f"'{result.columns['rating']}' is not a number from 0 to 100"].append(line)
            rating = None
        links, followed, nofollow, domains = _counts(cells, spec)
        result.rows.append(
            BacklinkRow(
                target_url=target,
                target_key=url_key(target),
                source_url=source,
                referring_domain=_bare(cells.get("referring_domain") or source_host)[:255] or None,
                domain_rating=rating,
                links=links,
                referring_domains=domains,
                anchor=cells.get("anchor") or None,
                nofollow=nofollow,
                followed=followed,
                line=line,
            )
        )
    result.skipped = dict(skipped)
    if not result.rows_read:
        result.problems.append("the file has a header but no rows")
    result.problems.extend(_describe(reason, lines) for reason, lines in bad_rows.items())
    if not result.rows and other_hosts:
        common = ", ".join(f"{host} ({count})" for host, count in other_hosts.most_common(3))
        result.problems.append(
            f"no target is on {site.name}: the targets are on {common}; is --site right?"
        )


def _counts(cells: dict[str, str], spec: ExportFormat):
    """links, followed links, nofollow flag and referring domains of one row."""
    followed = _count(cells.get("followed", ""))
    domains = _count(cells.get("referring_domains", ""))
    counted = "links" in cells or "referring_domains" in cells
    if spec.aggregate or (counted and "source" not in cells):
        unfollowed = _count(cells.get("nofollow", ""))
        links = _count(cells.get("links", ""))
        if links is None and followed is not None:
            links = followed + (unfollowed or 0)
        if followed is None and links is not None and unfollowed is not None:
            followed = max(links - unfollowed, 0)
        if links is None:
            links = max(domains or 0, 1)  # listed by a backlink tool: linked at least once
        return links, followed, None, domains
    links = _count(cells.get("links", "")) or 1
    nofollow = _flag(cells.get("nofollow", ""))
    if followed is None and nofollow is not None:
        followed = 0 if nofollow else links
    return links, followed, nofollow, None


class _Site:
    """The site's hosts: www and non-www, http and https count as the site."""

    def __init__(self, start_url: str) -> None:
        self.start = urlsplit(normalize_url(start_url))
        self.name = self.start.netloc
        self.bare_host = bare_host(self.start.hostname)
        self.scope = SiteScope(self.start.geturl())
        self._placed: dict[str, tuple[str | None, str]] = {}

    def place(self, value: str) -> tuple[str | None, str]:
        """The target as the crawler would have met it on this site, or why it is skipped."""
        placed = self._placed.get(value)
        if placed is None:
            if len(self._placed) > 100_000:
                self._placed.clear()
            placed = self._placed[value] = self._place(value)  # exports repeat their targets
        return placed

    def _place(self, value: str) -> tuple[str | None, str]:
        if not value:
            return None, "empty_target"
        if "://" not in value and not value.startswith("/"):
            first = value.split("/", 1)[0].lower()
            if "." not in first or first.endswith(FILE_SUFFIXES) or " " in first or "@" in first:
                return None, "not_a_url"
            value = f"{self.start.scheme}://{value}"  # Moz writes URLs without a scheme
        try:
            url = normalize_url(value, self.start.geturl() if value.startswith("/") else None)
        except InvalidURL:
            return None, "not_a_url"
        parts = urlsplit(url)
        if not self.scope.is_internal(url):
            host = parts.hostname or ""
            return None, "other_subdomain" if host.endswith(f".{self.bare_host}") else "other_host"
        return urlunsplit((self.start.scheme, self.start.netloc, parts.path, parts.query, "")), ""

    def owns(self, host: str) -> bool:
        return _bare(host) == self.bare_host


def _matches(spec: ExportFormat, names: list[str]) -> bool:
    return all(any(name in names for name in group) for group in spec.signature)


def _columns(spec: ExportFormat, names: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for field_name in FIELDS:
        candidates = getattr(spec, field_name)
        index = next((names.index(name) for name in candidates if name in names), None)
        if index is not None and index not in found.values():
            found[field_name] = index
    return found


def _decode(data: bytes) -> tuple[str, str, list[str]]:
    """Text, the encoding used, and problems: BOMs first, UTF-8 line by line, else cp1252."""
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _decode_utf16(data[len(bom) :], name)
    head = data[:400]
    if len(head) >= 4 and head[1::2].count(0) > len(head) // 4:
        return _decode_utf16(data, "utf-16-le")
    if len(head) >= 4 and head[0::2].count(0) > len(head) // 4:
        return _decode_utf16(data, "utf-16-be")
    encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    data = data.removeprefix(codecs.BOM_UTF8)
    problems = []
    if b"\x00" in data:
        problems.append("the file contains NUL bytes (is it a text export?); they were dropped")
        data = data.replace(b"\x00", b"")
    lines, fallback_lines, utf8_lines = [], [], 0
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append(raw.decode("utf-8"))
            utf8_lines += not raw.isascii()
        except UnicodeDecodeError:
            lines.append(raw.decode("cp1252", errors="replace"))
            fallback_lines.append(number)
    if fallback_lines and not utf8_lines:
        encoding = "cp1252"
    elif fallback_lines:
        encoding += " (some lines cp1252)"
        problems.append(_describe("not valid UTF-8, read as Windows-1252", fallback_lines))
    return "\n".join(lines), encoding, problems


def _decode_utf16(data: bytes, name: str) -> tuple[str, str, list[str]]:
    text = data.decode(name, errors="replace").replace("\x00", "")
    problems = []
    if "\ufffd" in text:
        bad = [n for n, line in enumerate(text.splitlines(), start=1) if "\ufffd" in line]
        problems.append(_describe(f"not valid {name.upper()}; unreadable characters", bad))
    return text.removeprefix("\ufeff"), name, problems


def _sniff_delimiter(header_line: str) -> str:
    """The delimiter that splits the header into the most fields (TAB wins ties)."""
    best, best_count = ",", 1
    for delimiter in ("\t", ",", ";", "|"):
        try:
            count = len(next(csv.reader([header_line], delimiter=delimiter), []))
        except csv.Error:
            continue
        if count > best_count:
            best, best_count = delimiter, count
    return best


def _describe(reason: str, lines: list[int]) -> str:
    shown = ", ".join(str(line) for line in lines[:PROBLEM_ROWS_SHOWN])
    more = f" and {len(lines) - PROBLEM_ROWS_SHOWN} more" if len(lines) > PROBLEM_ROWS_SHOWN else ""
    word = "line" if len(lines) == 1 else "lines"
    return f"{word} {shown}{more}: {reason}"


def _count(text: str) -> int | None:
    digits = re.sub(r"[\s,.'\u00a0\u202f]", "", text)
    return int(digits) if digits.isdigit() else None


def _rating(text: str) -> float | None:
    """A 0-100 rating, None when absent; ValueError when it is something else."""
    text = text.strip().replace(",", ".")
    if text.lower() in ("", "-", "n/a"):
        return None
    value = float(text)
    if not 0 <= value <= 100:
        raise ValueError(text)
    return value


def _flag(text: str) -> bool | None:
    words = set(re.split(r"[\s,;/|]+", text.strip().lower()))
    if words & TRUE_WORDS:
        return True
    if words & FALSE_WORDS:
        return False
    return None


def _host(url: str) -> str:
    try:
        return (urlsplit(url if "://" in url else f"//{url}").hostname or "").lower()
    except ValueError:  # e.g. an unbalanced [ in the host
        return ""


def _bare(host: str) -> str:
    return bare_host(host.strip().rstrip("."))
