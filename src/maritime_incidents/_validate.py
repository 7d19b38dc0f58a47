"""Check a dataset folder against the codebook and collect every problem into one report.

Nothing here stops at the first problem: each file is read as far as it can be, each cell
and each rule across rows and tables is checked, and all problems come back together.
"""

from __future__ import annotations

import csv
import math
import re
import sys
from collections.abc import Callable, Collection, Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from . import geodata
from ._errors import Problem
from .areas import check_areas
from .schema import REQUIRED_TABLES, TABLES, Column, Table, quote_qualifier
from .sources import agrees, by_incident, confidence_rule, domain_of
from .tracks import check_waypoint_sources

MISSING_TOKENS = {"nan", "null", "none", "na", "n/a", "#n/a", "nil", "-"}
DMS_RE = re.compile(r"\d+\s*[°º˚d]\s*\d*|\d+\s*['′]\s*\d*|[NSEW]\s*$|^\s*[NSEW]", re.IGNORECASE)
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
#: What a spreadsheet may make of a date: month and day without their leading zero (2025-9-2).
#: Still year first, so nothing is guessed; frictionless (strptime %Y-%m-%d) reads it too.
LOOSE_DATE_RE = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")
INT_RE = re.compile(r"^[0-9]+$")  # ASCII digits only: Python's int() would also take "٣"
#: What a spreadsheet or pandas may make of a whole number: "+3", or "3.0" (pandas turns a
#: column of counts with a gap into floats, and `to_csv` writes them so).
LOOSE_INT_RE = re.compile(r"^\+?([0-9]+)(?:\.0*)?$")
FLOAT_WHOLE_RE = re.compile(r"^[0-9]+\.0+$")
#: The header pandas writes for its index (`df.to_csv(path)` without index=False).
INDEX_HEADERS = ("", "Unnamed: 0")
#: Types whose cells may carry spaces around them (read stripped, as frictionless does); a date,
#: a vocabulary word, a URL or an id with spaces is refused, by frictionless too.
STRIPPED_TYPES = ("str", "int", "float")
FLOAT_RE = re.compile(r"^[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_TEXT = 10_000

# The csv module refuses a field over 131,072 characters with an error that ends the read and
# hides every later row. A long cell is read whole instead and reported once (text.too_long).
csv.field_size_limit(2**31 - 1)


def read_csv_text(path: Path, problems: list[Problem]) -> tuple[list[str], list[dict[str, str]]] | None:
    """Read a whole CSV as rows of strings (see `iter_csv`): the header and every row that parsed.

    For `fmt`, which rewrites a BOM, CR line ends or a pandas index away: so they are read as
    meant and not reported.
    """
    opened = iter_csv(path, problems, strict=False)
    if opened is None:
        return None
    header, rows = opened
    return header, list(rows)


def iter_csv(path: Path, problems: list[Problem], strict: bool) -> tuple[list[str], Iterator[dict[str, str]]] | None:
    """Open a CSV: its header, and its rows one at a time, reporting encoding and structure problems.

    A byte-order mark and CRLF line ends (Excel's "CSV UTF-8", Google Sheets: both RFC 4180) are
    read as they are meant; with `strict` they are reported, because the repository keeps UTF-8
    without BOM and LF. A pandas index column (header "" or "Unnamed: 0", values 0, 1, 2, ...) is
    dropped the same way. Returns None when the file cannot be read at all. Each row has a
    `__line__` key holding its line number in the file. The file is read line by line, so a large
    one is never held whole.
    """
    name = path.name
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed by the generator that reads it
    except OSError as e:
        problems.append(Problem(name, 0, "", "file.readable", str(path), f"cannot read file: {e.strerror}"))
        return None
    reader = csv.reader(decoded_lines(f, name, problems, strict), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        f.close()
        if not any(p.file == name and p.rule.startswith("encoding.") for p in problems):
            problems.append(Problem(name, 1, "", "format.header", "", "file is empty: no header row"))
        return None
    except csv.Error as e:
        f.close()
        problems.append(Problem(name, 1, "", "format.csv", "", f"malformed CSV: {e}"))
        return None
    header = [h.strip() for h in header]
    dupes = sorted({h for h in header if header.count(h) > 1})
    for h in dupes:
        problems.append(Problem(name, 1, h, "format.duplicate_column", h, "column appears more than once"))
    index = header[0] if header and header[0] in INDEX_HEADERS and header.count(header[0]) == 1 else None
    if index is not None and strict:
        problems.append(Problem(name, 1, index, "format.index_column", index, f"a pandas index column; {FMT_HINT}"))
    return [h for h in header if h != index], rows_of(reader, header, index, name, problems, f)  # index None drops nothing


def decoded_lines(f, name: str, problems: list[Problem], strict: bool) -> Iterator[str]:
    """The file's lines as text with LF ends: BOM dropped, CRLF and CR made LF; stops at the first byte that is not UTF-8."""
    cr_seen = False
    for lineno, raw in enumerate(f, start=1):
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            if strict:
                problems.append(Problem(name, 1, "", "encoding.bom", "BOM", f"file starts with a byte-order mark; {FMT_HINT}"))
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            problems.append(
                Problem(name, lineno, "", "encoding.utf8", repr(raw[e.start : e.start + 4]), "not valid UTF-8; save the file as UTF-8")
            )
            return
        if "\r" in text:
            if not cr_seen and strict:
                problems.append(Problem(name, lineno, "", "format.line_endings", "CR", f"carriage return found; {FMT_HINT}"))
            cr_seen = True
            yield from text.replace("\r\n", "\n").replace("\r", "\n").splitlines(keepends=True)
        else:
            yield text


def rows_of(reader, header: list[str], index: str | None, name: str, problems: list[Problem], f) -> Iterator[dict[str, str]]:
    """The parsed rows as dicts; a broken row ends the file (reported as format.csv)."""
    n, odd_index = 0, False
    try:
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                break
            except csv.Error as e:
                problems.append(Problem(name, reader.line_num, "", "format.csv", "", f"malformed CSV: {e}"))
                break
            line = reader.line_num - sum(x.count("\n") for x in fields)
            if not fields or fields == [""]:
                continue
            if len(fields) != len(header):
                message = f"row has {len(fields)} fields, header has {len(header)}"
                problems.append(Problem(name, line, "", "format.field_count", str(len(fields)), message))
                continue
            row = dict(zip(header, fields, strict=True))
            if index is not None:
                if row.pop(index) != str(n) and not odd_index:  # not pandas' 0, 1, 2: a column the codebook does not know
                    problems.append(Problem(name, 1, index, "schema.unknown_column", index, "column is not in the codebook"))
                    odd_index = True
                n += 1
            row["__line__"] = str(line)
            yield row
    finally:
        f.close()


FMT_HINT = "`maritime-incidents fmt` rewrites the file in the form the repository keeps"


def canonical_cell(column: Column, value: str) -> str:
    """The form the repository keeps for a cell that passed its checks: spaces trimmed, 3 not 3.0, dates zero-padded.

    The one place that turns a spreadsheet's cell into the canonical one: validation, loading and
    `fmt` all call it, so what is accepted is read the same way everywhere. A text column with a
    pattern of digits (an IMO number) that pandas read as a float and wrote as 9304667.0 gets its
    digits back.
    """
    dtype = column.dtype
    if dtype in STRIPPED_TYPES:
        value = value.strip()
    if dtype == "int":
        m = LOOSE_INT_RE.match(value)
        return m.group(1) if m else value
    if dtype == "date":
        m = LOOSE_DATE_RE.match(value)
        return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else value
    if column.pattern and FLOAT_WHOLE_RE.match(value) and re.fullmatch(column.pattern, value.split(".")[0]):
        return value.split(".")[0]
    return value


def check_columns(table: Table, header: list[str], file: str, problems: list[Problem]) -> list[str]:
    """Report missing and unknown columns; return the known columns present."""
    expected = table.column_names
    for col in expected:
        if col not in header:
            problems.append(Problem(file, 1, col, "schema.missing_column", "", "column required by the codebook is missing"))
    for col in header:
        if col not in expected:
            problems.append(Problem(file, 1, col, "schema.unknown_column", col, "column is not in the codebook"))
    return [c for c in expected if c in header]


def check_cell(table: Table, col: str, value: str, file: str, line: int, problems: list[Problem], strict: bool = False) -> None:
    """Check one cell against its column's type, vocabulary and range.

    The forms a spreadsheet gives (spaces around a number or text, 3.0 for 3, 2025-9-2) pass as
    the value they stand for; with `strict` each is reported, as it is not the form kept.
    """
    c = table.column(col)
    raw = value

    def bad(rule: str, message: str) -> None:
        problems.append(Problem(file, line, col, rule, raw, message))

    if c.dtype in STRIPPED_TYPES and value.strip() != value and value.strip():
        if strict:
            bad("whitespace", f"leading or trailing spaces; {FMT_HINT}")
        value = value.strip()
    if value == "":
        if c.required:
            bad("required", "value is required")
        return
    if value.strip().lower() in MISSING_TOKENS and c.dtype != "str":
        bad("missing_token", "write a missing value as an empty cell, not as a word")
        return
    if value != value.strip():
        bad("whitespace", "leading or trailing spaces")
        return
    if c.dtype == "int":
        if not INT_RE.match(value):
            if not LOOSE_INT_RE.match(value):
                bad("type.int", "not a whole number >= 0")
                return
            if strict:
                bad("canonical.int", f"a whole number is written without sign or decimals; {FMT_HINT}")
        check_range(c, int(canonical_cell(c, value)), bad)
    elif c.dtype == "float":
        try:
            if not FLOAT_RE.match(value):
                raise ValueError(value)
            number = float(value)
        except ValueError:
            if DMS_RE.search(value):
                bad("type.decimal_degrees", "looks like degrees-minutes-seconds; write decimal degrees (e.g. 13.2333)")
            else:
                bad("type.float", "not a decimal number")
            return
        if not math.isfinite(number):
            bad("type.float", "not a finite number")
            return
        check_range(c, number, bad)
    elif c.dtype == "date":
        if not LOOSE_DATE_RE.match(value):
            bad("type.date", "not a date written YYYY-MM-DD")
            return
        try:
            date.fromisoformat(canonical_cell(c, value))
        except ValueError:
            bad("type.date", "no such calendar date")
            return
        if strict and not DATE_RE.match(value):
            bad("canonical.date", f"month and day are written with two digits; {FMT_HINT}")
    elif c.dtype == "enum":
        assert c.vocab is not None
        if value not in c.vocab:
            bad("vocab", f"not one of: {', '.join(c.vocab)}")
    elif c.dtype == "url":
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            bad("type.url", "not an http(s) URL")
        elif re.search(r"\s", value):
            bad("type.url", "a URL holds no spaces; write a space as %20")
    elif c.dtype == "id":
        if not ID_RE.match(value):
            bad("type.id", "identifier may hold letters, digits and . _ : - only")
    if c.dtype == "str":
        if c.pattern and not re.fullmatch(c.pattern, value):
            if re.fullmatch(c.pattern, canonical_cell(c, value)):
                if strict:
                    bad("canonical.number", f"a number written as a decimal (pandas); {FMT_HINT}")
            else:
                bad("pattern", f"does not have the form the codebook gives: {c.description}")
        if CONTROL_RE.search(value):
            bad("text.control_character", "holds a control character")
        if len(value) > MAX_TEXT:
            bad("text.too_long", f"longer than {MAX_TEXT} characters")


def check_range(c, number: float, bad) -> None:
    if c.minimum is not None and number < c.minimum:
        bad("range", f"below the minimum {c.minimum:g}")
    if c.maximum is not None and number > c.maximum:
        bad("range", f"above the maximum {c.maximum:g}")


def valid_value(table: Table, col: str, row: dict[str, str]) -> str | None:
    """The cell if it passed its own checks (re-checked quietly), else None."""
    value = row.get(col, "")
    if value == "":
        return None
    scratch: list[Problem] = []
    check_cell(table, col, value, "", 0, scratch)
    return None if scratch else canonical_cell(table.column(col), value)


def check_incident_rows(rows: list[dict[str, str]], file: str, problems: list[Problem]) -> None:
    """Rules across the columns of one incident row, and the geography of its point."""
    t = TABLES["incidents"]
    points: list[tuple[int, float, float, dict[str, str]]] = []
    for row in rows:
        line = int(row["__line__"])

        def v(col: str, row: dict[str, str] = row) -> str | None:
            return valid_value(t, col, row)

        start, end = v("date_start"), v("date_end")
        if start and end and end < start:
            problems.append(Problem(file, line, "date_end", "dates.order", end, f"date_end is before date_start {start}"))
        for col in ("announced_at",):
            when = v(col)
            if when and start and when < start:
                problems.append(
                    Problem(file, line, col, "dates.announced_before_event", when, f"announced before the incident began ({start})")
                )
        killed, low, high = v("killed"), v("killed_low"), v("killed_high")
        if low and high and int(low) > int(high):
            problems.append(Problem(file, line, "killed_low", "killed.range", low, f"killed_low is above killed_high {high}"))
        if killed and low and int(low) > int(killed):
            problems.append(Problem(file, line, "killed_low", "killed.range", low, f"killed_low is above killed {killed}"))
        if killed and high and int(killed) > int(high):
            problems.append(Problem(file, line, "killed_high", "killed.range", high, f"killed_high is below killed {killed}"))
        if (low or high) and not killed:
            problems.append(Problem(file, line, "killed", "killed.best_missing", "", "killed_low/killed_high given without a best figure"))
        precision, unc = v("geo_precision"), v("uncertainty_km")
        if unc is not None and precision and precision != "reported" and float(unc) <= 0:
            problems.append(
                Problem(
                    file, line, "uncertainty_km", "geo.uncertainty", unc, "must be > 0 unless the coordinates were reported by a source"
                )
            )
        status, sup = v("status"), row.get("superseded_by", "")
        if status == "merged" and not sup:
            problems.append(
                Problem(file, line, "superseded_by", "status.superseded_by", "", "a merged row must name the row that holds it")
            )
        if sup and status == "active":
            problems.append(Problem(file, line, "superseded_by", "status.superseded_by", sup, "an active row cannot be superseded"))
        lat_raw, lon_raw = row.get("latitude", ""), row.get("longitude", "")
        lat, lon = v("latitude"), v("longitude")
        check_point_presence(row, precision, file, line, problems)
        swapped = swap_hint(lat_raw, lon_raw)
        if swapped:
            problems.append(Problem(file, line, "latitude", "geo.swapped", f"{lat_raw}, {lon_raw}", swapped))
        elif lat is not None and lon is not None:
            points.append((line, float(lat), float(lon), row))
    check_points(points, file, problems)


def check_point_presence(row: dict[str, str], precision: str | None, file: str, line: int, problems: list[Problem]) -> None:
    """A located row has a point and a radius; a row whose place is unknown has neither."""
    cells = {c: row.get(c, "").strip() for c in ("latitude", "longitude", "uncertainty_km")}
    if precision == "unknown":
        for col, value in cells.items():
            if value:
                problems.append(Problem(file, line, col, "geo.unknown_has_point", value, "geo_precision is unknown: leave the point empty"))
    elif precision:
        for col, value in cells.items():
            if not value:
                problems.append(
                    Problem(
                        file,
                        line,
                        col,
                        "geo.point_missing",
                        "",
                        f"a {precision} row needs {col}; use geo_precision unknown if no place is known",
                    )
                )


def swap_hint(lat_raw: str, lon_raw: str) -> str:
    """A message when latitude and longitude look swapped (latitude out of range, longitude not)."""
    try:
        lat, lon = float(lat_raw), float(lon_raw)
    except ValueError:
        return ""
    if abs(lat) > 90 and abs(lon) <= 90:
        return "latitude is out of range but longitude would fit: latitude and longitude look swapped"
    return ""


def check_points(points: list[tuple[int, float, float, dict[str, str]]], file: str, problems: list[Problem]) -> None:
    """Points must be at sea (or say why not) and inside their region's box."""
    if not points:
        return
    lats = [p[1] for p in points]
    lons = [p[2] for p in points]
    land = geodata.on_land(lats, lons)
    for (line, lat, lon, row), is_land in zip(points, land, strict=True):
        if is_land and not row.get("on_land_reason", "").strip():
            problems.append(
                Problem(file, line, "latitude", "geo.on_land", f"{lat}, {lon}", "point is on land; fix it or say why in on_land_reason")
            )
        region = row.get("region", "")
        box = geodata.REGION_BOXES.get(region)
        if box and not geodata.in_box(lat, lon, box):
            if geodata.in_box(lon, lat, box):
                rule, msg = "geo.swapped", f"point is outside the {region} box; latitude and longitude look swapped"
            else:
                rule, msg = "geo.outside_region", f"point is outside the {region} box {box}"
            problems.append(Problem(file, line, "latitude", rule, f"{lat}, {lon}", msg))


#: The columns the rules across rows and tables read (besides each table's key): a row keeps only
#: these once its cells are checked, so a large file is not held whole.
KEPT_COLUMNS = frozenset(
    "incident_id superseded_by status date_start date_end announced_at killed killed_low killed_high "
    "geo_precision uncertainty_km latitude longitude region on_land_reason location_text confidence".split()
)
#: Small tables whose every column some rule reads (sources: the confidence rule; totals: the qualifier).
KEEP_WHOLE = frozenset({"sources", "official_totals", "people", "waypoints", "domains"})


def validate_folder(path: Path, strict: bool = False, progress: Callable[[int], None] | None = None) -> list[Problem]:
    """Every problem in a dataset folder: files, cells, rows, and the rules across tables.

    With `strict`, also every place the files depart from the form the repository keeps (what
    `maritime-incidents fmt` rewrites).
    """
    problems: list[Problem] = []
    if not path.is_dir():
        return [Problem(str(path), 0, "", "folder.exists", str(path), "dataset folder not found")]
    tables: dict[str, list[dict[str, str]]] = {}
    partial: set[str] = set()  # tables whose reading stopped at a broken row: their absence proves nothing
    for name, table in TABLES.items():
        file = path / table.filename
        if not file.exists():
            if name in REQUIRED_TABLES:
                problems.append(Problem(table.filename, 0, "", "file.missing", str(file), "required file is missing"))
            continue
        opened = iter_csv(file, problems, strict)
        if opened is None:
            continue
        header, row_iter = opened
        present = check_columns(table, header, table.filename, problems)
        keep = [c for c in header if c in KEPT_COLUMNS or c in table.key or name in KEEP_WHOLE] + ["__line__"]
        rows: list[dict[str, str]] = []
        n = 0
        for n, row in enumerate(row_iter, start=1):
            for col in present:
                check_cell(table, col, row[col], table.filename, int(row["__line__"]), problems, strict)
            # the rules across rows need these; the long texts are done with. Short repeated words
            # ("active", "reported", a region) are interned: one string object for all rows.
            rows.append({c: sys.intern(row[c]) if len(row[c]) < 24 else row[c] for c in keep})
            if progress and n % 5000 == 0:
                progress(5000)
        if progress:
            progress(n % 5000)
        if any(p.file == table.filename and p.rule in ("format.csv", "encoding.utf8") for p in problems):
            partial.add(name)
        check_unique(table, rows, problems)
        tables[name] = rows
    if "incidents" in tables:
        check_incident_rows(tables["incidents"], "incidents.csv", problems)
        if "incidents" not in partial:
            check_areas(path, tables["incidents"], problems)
    if "sources" in tables:
        check_source_rows(tables["sources"], "sources.csv", problems)
    if "official_totals" in tables:
        check_total_rows(tables["official_totals"], "official_totals.csv", problems)
    check_links(tables, problems, partial)
    # rules across tables need each side whole: a table read only up to a broken row proves nothing
    whole = {name: rows for name, rows in tables.items() if name not in partial}
    check_confidence(whole, problems)
    check_waypoint_sources(whole, problems)
    check_people(whole, problems)
    return problems


def check_source_rows(rows: list[dict[str, str]], file: str, problems: list[Problem]) -> None:
    """The derived host must be the URL's; a descriptor is marked as one; a cited URL says where."""
    t = TABLES["sources"]
    for row in rows:
        line = int(row["__line__"])
        url, domain = valid_value(t, "url", row), row.get("domain", "")
        if url and domain and domain != domain_of(url):
            problems.append(
                Problem(file, line, "domain", "sources.domain", domain, f"the URL's host is {domain_of(url)!r} (`sources --write`)")
            )
        title, basis = row.get("title", ""), row.get("title_basis", "")
        if title and basis in ("address", "page_text") and not (title.startswith("[") and title.endswith("]")):
            problems.append(Problem(file, line, "title", "sources.title_basis", title, f"a descriptor ({basis}) is written in brackets"))
        elif title and basis == "headline" and title.startswith("[") and title.endswith("]"):
            problems.append(Problem(file, line, "title", "sources.title_basis", title, "a bracketed descriptor is not a headline"))
        if row.get("access") == "cited_only" and not row.get("cited_in", "").strip():
            problems.append(Problem(file, line, "cited_in", "sources.cited_in", "", "a cited_only source must say where it was cited"))


def check_confidence(tables: dict[str, list[dict[str, str]]], problems: list[Problem]) -> None:
    """Every incident's confidence is what its sources allow (the codebook's CONFIDENCE_RULE)."""
    if "incidents" not in tables or "sources" not in tables:
        return
    cited = by_incident(tables["sources"])
    for row in tables["incidents"]:
        current = valid_value(TABLES["incidents"], "confidence", row)
        if current is None:
            continue
        verdict = confidence_rule(cited.get(row.get("incident_id", ""), []))
        if not agrees(current, verdict):
            problems.append(
                Problem(
                    "incidents.csv",
                    int(row["__line__"]),
                    "confidence",
                    "confidence.rule",
                    current,
                    f"the sources make it {verdict.level!r}: {verdict.explain()}",
                )
            )


def check_total_rows(rows: list[dict[str, str]], file: str, problems: list[Problem]) -> None:
    """A total's `qualifier` is what its quote says of its figures (`schema.quote_qualifier`)."""
    t = TABLES["official_totals"]
    for row in rows:
        figures = {c: valid_value(t, c, row) or "" for c in ("killed", "strikes", "vessels")}
        want = quote_qualifier(row.get("quote", ""), **figures)
        have = row.get("qualifier", "")
        if have != want:
            problems.append(
                Problem(
                    file,
                    int(row["__line__"]),
                    "qualifier",
                    "totals.qualifier",
                    have,
                    f"the quote hedges the figures as {want!r}" if want else "the quote hedges none of the figures",
                )
            )


def check_people(tables: dict[str, list[dict[str, str]]], problems: list[Problem]) -> None:
    """Every person is named by a source read for the same incident (a row of sources.csv).

    A name without such a source could come from an unsourced post; it is refused.
    """
    if "people" not in tables or "sources" not in tables:
        return
    read = {(r.get("incident_id", ""), r.get("url", "")) for r in tables["sources"]}
    for row in tables["people"]:
        iid, url = row.get("incident_id", ""), row.get("source_url", "")
        if iid and url and (iid, url) not in read:
            problems.append(
                Problem(
                    "people.csv",
                    int(row["__line__"]),
                    "source_url",
                    "people.unsourced",
                    url,
                    f"no row of sources.csv for {iid} has this url: every person needs a source read for the incident",
                )
            )


def check_unique(table: Table, rows: list[dict[str, str]], problems: list[Problem]) -> None:
    seen: dict[tuple[str, ...], int] = {}
    for row in rows:
        key = tuple(row.get(k, "") for k in table.key)
        if any(k == "" for k in key):
            continue
        line = int(row["__line__"])
        if key in seen:
            problems.append(Problem(table.filename, line, table.key[0], "key.unique", " / ".join(key), f"duplicate of line {seen[key]}"))
        else:
            seen[key] = line


def check_links(tables: dict[str, list[dict[str, str]]], problems: list[Problem], partial: Collection[str] = ()) -> None:
    """Foreign keys point at existing incidents; every standing incident has a source.

    A table read only in part (a broken row stopped the reader) cannot show that a link is
    missing: those checks are left out, so the one broken row is the report, not hundreds of echoes.
    """
    if "incidents" not in tables or "incidents" in partial:
        return
    ids = {r.get("incident_id", "") for r in tables["incidents"]}
    for name in ("sources", "corrections", "people", "waypoints"):
        for row in tables.get(name, []):
            ref = row.get("incident_id", "")
            if ref and ref not in ids:
                problems.append(
                    Problem(TABLES[name].filename, int(row["__line__"]), "incident_id", "link.incident", ref, "no incident has this id")
                )
    for row in tables["incidents"]:
        sup = row.get("superseded_by", "")
        if sup and sup not in ids:
            problems.append(
                Problem("incidents.csv", int(row["__line__"]), "superseded_by", "link.incident", sup, "no incident has this id")
            )
    if "sources" in tables and "sources" not in partial:
        cited = {r.get("incident_id", "") for r in tables["sources"]}
        for row in tables["incidents"]:
            iid = row.get("incident_id", "")
            if iid and iid not in cited:
                problems.append(
                    Problem(
                        "incidents.csv",
                        int(row["__line__"]),
                        "incident_id",
                        "sources.missing",
                        iid,
                        "incident has no source in sources.csv",
                    )
                )
