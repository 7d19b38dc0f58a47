"""Check a dataset folder against the codebook and collect every problem into one report.

Nothing here stops at the first problem: each file is read as far as it can be, each cell
and each rule across rows and tables is checked, and all problems come back together.
"""

from __future__ import annotations

import csv
import io
import math
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from . import geodata
from ._errors import Problem
from .areas import check_areas
from .schema import REQUIRED_TABLES, TABLES, Table, quote_qualifier
from .sources import agrees, by_incident, confidence_rule, domain_of
from .tracks import check_waypoint_sources

MISSING_TOKENS = {"nan", "null", "none", "na", "n/a", "#n/a", "nil", "-"}
DMS_RE = re.compile(r"\d+\s*[°º˚d]\s*\d*|\d+\s*['′]\s*\d*|[NSEW]\s*$|^\s*[NSEW]", re.IGNORECASE)
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
INT_RE = re.compile(r"^[0-9]+$")  # ASCII digits only: Python's int() would also take "٣"
FLOAT_RE = re.compile(r"^[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_TEXT = 10_000


def read_csv_text(path: Path, problems: list[Problem]) -> tuple[list[str], list[dict[str, str]]] | None:
    """Read a CSV as rows of strings, reporting encoding and structure problems.

    Returns None when the file cannot be read at all; otherwise the header and the rows that
    parsed, each row with a `__line__` key holding its line number in the file.
    """
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as e:
        problems.append(Problem(name, 0, "", "file.readable", str(path), f"cannot read file: {e.strerror}"))
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(Problem(name, 1, "", "encoding.bom", "BOM", "file starts with a byte-order mark; save as UTF-8 without BOM"))
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        problems.append(
            Problem(name, line, "", "encoding.utf8", repr(raw[e.start : e.start + 4]), "not valid UTF-8; save the file as UTF-8")
        )
        return None
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        problems.append(Problem(name, line, "", "format.line_endings", "CR", "carriage return found; use LF line endings"))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[dict[str, str]] = []
    try:
        header = next(reader)
    except StopIteration:
        problems.append(Problem(name, 1, "", "format.header", "", "file is empty: no header row"))
        return None
    except csv.Error as e:
        problems.append(Problem(name, 1, "", "format.csv", "", f"malformed CSV: {e}"))
        return None
    header = [h.strip() for h in header]
    dupes = sorted({h for h in header if header.count(h) > 1})
    for h in dupes:
        problems.append(Problem(name, 1, h, "format.duplicate_column", h, "column appears more than once"))
    line = 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            problems.append(Problem(name, reader.line_num, "", "format.csv", "", f"malformed CSV: {e}"))
            break
        line = reader.line_num - sum(f.count("\n") for f in fields)
        if not fields or fields == [""]:
            continue
        if len(fields) != len(header):
            problems.append(
                Problem(name, line, "", "format.field_count", str(len(fields)), f"row has {len(fields)} fields, header has {len(header)}")
            )
            continue
        row = dict(zip(header, fields, strict=True))
        row["__line__"] = str(line)
        rows.append(row)
    return header, rows


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


def check_cell(table: Table, col: str, value: str, file: str, line: int, problems: list[Problem]) -> None:
    """Check one cell against its column's type, vocabulary and range."""
    c = table.column(col)

    def bad(rule: str, message: str) -> None:
        problems.append(Problem(file, line, col, rule, value, message))

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
            bad("type.int", "not a whole number >= 0")
            return
        check_range(c, int(value), bad)
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
        if not DATE_RE.match(value):
            bad("type.date", "not a date written YYYY-MM-DD")
            return
        try:
            date.fromisoformat(value)
        except ValueError:
            bad("type.date", "no such calendar date")
    elif c.dtype == "enum":
        assert c.vocab is not None
        if value not in c.vocab:
            bad("vocab", f"not one of: {', '.join(c.vocab)}")
    elif c.dtype == "url":
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            bad("type.url", "not an http(s) URL")
    elif c.dtype == "id":
        if not ID_RE.match(value):
            bad("type.id", "identifier may hold letters, digits and . _ : - only")
    if c.dtype == "str":
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
    return None if scratch else value


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


def validate_folder(path: Path) -> list[Problem]:
    """Every problem in a dataset folder: files, cells, rows, and the rules across tables."""
    problems: list[Problem] = []
    if not path.is_dir():
        return [Problem(str(path), 0, "", "folder.exists", str(path), "dataset folder not found")]
    tables: dict[str, list[dict[str, str]]] = {}
    for name, table in TABLES.items():
        file = path / table.filename
        if not file.exists():
            if name in REQUIRED_TABLES:
                problems.append(Problem(table.filename, 0, "", "file.missing", str(file), "required file is missing"))
            continue
        parsed = read_csv_text(file, problems)
        if parsed is None:
            continue
        header, rows = parsed
        present = check_columns(table, header, table.filename, problems)
        for row in rows:
            for col in present:
                check_cell(table, col, row[col], table.filename, int(row["__line__"]), problems)
        check_unique(table, rows, problems)
        tables[name] = rows
    if "incidents" in tables:
        check_incident_rows(tables["incidents"], "incidents.csv", problems)
        check_areas(path, tables["incidents"], problems)
    if "sources" in tables:
        check_source_rows(tables["sources"], "sources.csv", problems)
    if "official_totals" in tables:
        check_total_rows(tables["official_totals"], "official_totals.csv", problems)
    check_links(tables, problems)
    check_confidence(tables, problems)
    check_waypoint_sources(tables, problems)
    check_people(tables, problems)
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


def check_links(tables: dict[str, list[dict[str, str]]], problems: list[Problem]) -> None:
    """Foreign keys point at existing incidents; every standing incident has a source."""
    if "incidents" not in tables:
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
    if "sources" in tables:
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
