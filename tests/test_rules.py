"""Every validator rule, asserted by its rule id, file, line and column.

Each case breaks one thing in a copy of the fixture dataset (tests/fixtures/mini, see its README)
and asserts that the validator reports exactly that rule at exactly that place. The last test reads
the validator's source for every rule id it can emit and fails when one has no case here, so a new
rule cannot land untested.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import maritime_incidents as mi
from maritime_incidents import _validate, areas, tracks
from maritime_incidents.datafiles import csv_text, read_rows

from .conftest import MINI


def edit(folder: Path, file: str, line: int, **cells: str) -> None:
    """Set cells of the row at a CSV line (the fixture's rows hold no line breaks: line = index + 2)."""
    path = folder / file
    header, rows = read_rows(path)
    assert set(cells) <= set(header), set(cells) - set(header)
    rows[line - 2].update(cells)
    path.write_text(csv_text(header, rows), encoding="utf-8")


def drop_rows(folder: Path, file: str, keep: Callable[[dict[str, str]], bool]) -> None:
    path = folder / file
    header, rows = read_rows(path)
    path.write_text(csv_text(header, [r for r in rows if keep(r)]), encoding="utf-8")


def drop_column(folder: Path, file: str, column: str) -> None:
    """The file without one of its columns, as a spreadsheet user who deleted it saves it."""
    path = folder / file
    header, rows = read_rows(path)
    header.remove(column)
    path.write_text(csv_text(header, [{h: r[h] for h in header} for r in rows]), encoding="utf-8")


def with_pandas_index(text: str) -> str:
    """A CSV as a default `DataFrame.to_csv()` writes it: an unnamed index column first."""
    lines = text.splitlines()
    return "\n".join([f"Unnamed: 0,{lines[0]}", *(f"{i},{x}" for i, x in enumerate(lines[1:]))]) + "\n"


def edit_text(folder: Path, file: str, change: Callable[[str], str]) -> None:
    path = folder / file
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def edit_areas(folder: Path, change: Callable[[list[dict]], None]) -> None:
    path = folder / "areas.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc["features"])
    path.write_text(json.dumps(doc), encoding="utf-8")


def feature_of(features: list[dict], iid: str) -> dict:
    return next(f for f in features if iid in f["properties"]["incident_ids"].split("; "))


# The fixture's incidents.csv, line by line (see tests/fixtures/README.md).
DEP, STK, UNKNOWN, REGION, AIR, PUR, LND, SZR, MERGED = range(2, 11)
CARACAS = {"latitude": "10.5", "longitude": "-66.9"}


@dataclass(frozen=True)
class Case:
    rule: str
    name: str
    breaks: Callable[[Path], None]
    file: str
    line: int
    column: str
    strict: bool = False  # rules of the form the repository keeps: `validate --strict` only


def cell(rule: str, name: str, file: str, line: int, column: str, value: str, *, strict: bool = False) -> Case:
    """The commonest case: one cell set to `value`, and the rule reported at that very cell."""
    return Case(rule, name, lambda d: edit(d, file, line, **{column: value}), file, line, column, strict)


def cells(rule: str, name: str, file: str, line: int, column: str, **values: str) -> Case:
    """Cells of one row set together, and the rule reported at `column` of that row."""
    return Case(rule, name, lambda d: edit(d, file, line, **values), file, line, column)


CASES = [
    # files and their structure
    Case("file.missing", "sources", lambda d: (d / "sources.csv").unlink(), "sources.csv", 0, ""),
    Case("file.readable", "a folder", lambda d: ((d / "people.csv").unlink(), (d / "people.csv").mkdir()), "people.csv", 0, ""),
    Case(
        "encoding.bom",
        "bom",
        lambda d: (d / "sources.csv").write_bytes(b"\xef\xbb\xbf" + (d / "sources.csv").read_bytes()),
        "sources.csv",
        1,
        "",
        strict=True,
    ),
    Case(
        "encoding.utf8",
        "latin-1 on line 3",
        lambda d: (d / "corrections.csv").write_bytes(b"\n".join(_lines(d / "corrections.csv")[:2] + [b"\xe9t\xe9 caf\xe9"]) + b"\n"),
        "corrections.csv",
        3,
        "",
    ),
    Case(
        "format.line_endings",
        "crlf",
        lambda d: edit_text(d, "people.csv", lambda t: t.replace("\n", "\r\n")),
        "people.csv",
        1,
        "",
        strict=True,
    ),
    Case("format.header", "empty file", lambda d: (d / "corrections.csv").write_bytes(b""), "corrections.csv", 1, ""),
    Case(
        "format.csv",
        "unterminated quote",
        lambda d: edit_text(d, "corrections.csv", lambda t: t + 'X-1,"open\n'),
        "corrections.csv",
        10,
        "",
    ),
    Case(
        "format.duplicate_column",
        "age twice",
        lambda d: edit_text(d, "people.csv", lambda t: t.replace("\n", ",x\n").replace("claim,x\n", "claim,age\n", 1)),
        "people.csv",
        1,
        "age",
    ),
    Case(
        "format.field_count",
        "one field too many",
        lambda d: edit_text(d, "waypoints.csv", lambda t: t.replace("\nTRK-BELLA1,2,", "\nTRK-BELLA1,2,extra,", 1)),
        "waypoints.csv",
        3,
        "",
    ),
    Case(
        "schema.missing_column",
        "reason renamed",
        lambda d: edit_text(d, "corrections.csv", lambda t: t.replace(",reason,", ",why,", 1)),
        "corrections.csv",
        1,
        "reason",
    ),
    Case(
        "schema.unknown_column",
        "why added",
        lambda d: edit_text(d, "corrections.csv", lambda t: t.replace(",reason,", ",why,", 1)),
        "corrections.csv",
        1,
        "why",
    ),
    # cells
    cell("required", "no type", "incidents.csv", STK, "incident_type", ""),
    cell("missing_token", "NaN killed", "incidents.csv", STK, "killed", "NaN"),
    cell("whitespace", "padded", "incidents.csv", STK, "killed", " 11", strict=True),
    cell("canonical.int", "plus sign", "incidents.csv", STK, "killed", "+11", strict=True),
    cell("canonical.number", "pandas IMO", "incidents.csv", STK, "imo", "9304667.0", strict=True),
    Case(
        "format.index_column",
        "pandas index",
        lambda d: edit_text(d, "corrections.csv", with_pandas_index),
        "corrections.csv",
        1,
        "Unnamed: 0",
        strict=True,
    ),
    cell("canonical.date", "one-digit month", "incidents.csv", STK, "announced_at", "2025-9-3", strict=True),
    cell("pattern", "short IMO", "incidents.csv", STK, "imo", "123"),
    cell("type.int", "decimal count", "incidents.csv", STK, "killed", "2.5"),
    cell("type.int", "arabic-indic digit", "people.csv", 2, "age", "٣"),
    cell("range", "below minimum", "incidents.csv", STK, "strike_ordinal", "0"),
    cell("range", "above maximum", "incidents.csv", REGION, "latitude", "90.5"),
    cell("type.decimal_degrees", "DMS", "incidents.csv", STK, "latitude", "10°00'25\"N"),
    cell("type.float", "word", "incidents.csv", STK, "longitude", "abc"),
    cell("type.float", "infinite", "incidents.csv", STK, "uncertainty_km", "inf"),
    cell("type.date", "no such day", "incidents.csv", STK, "date_start", "2025-02-30"),
    cell("type.date", "US order", "corrections.csv", 4, "changed_on", "09/10/2025"),
    cell("vocab", "unknown type", "incidents.csv", STK, "incident_type", "airstrike"),
    cell("type.url", "ftp", "sources.csv", 3, "url", "ftp://readno.com/x"),
    cell("type.id", "space in id", "people.csv", 2, "incident_id", "STK 1"),
    cell("text.control_character", "escape", "incidents.csv", STK, "notes", "a\x1b[31m"),
    cell("text.too_long", "10001 chars", "incidents.csv", STK, "notes", "a" * 10_001),
    # across the columns of a row
    cell("dates.order", "end first", "incidents.csv", STK, "date_end", "2025-09-01"),
    cell("dates.announced_before_event", "announced early", "incidents.csv", STK, "announced_at", "2025-09-01"),
    cell("killed.range", "low above best", "incidents.csv", STK, "killed_low", "12"),
    cells("killed.range", "best above high", "incidents.csv", STK, "killed_high", killed="12"),
    cells("killed.range", "low above high", "incidents.csv", STK, "killed_low", killed="", killed_low="12"),
    cell("killed.best_missing", "no best", "incidents.csv", STK, "killed", ""),
    cells("killed.best_missing", "only a low figure", "incidents.csv", STK, "killed", killed="", killed_high=""),
    cell("geo.uncertainty", "zero radius", "incidents.csv", STK, "uncertainty_km", "0"),
    cell("status.superseded_by", "merged names none", "incidents.csv", MERGED, "superseded_by", ""),
    cell("status.superseded_by", "active superseded", "incidents.csv", DEP, "superseded_by", "STK-20250902-01"),
    cell("geo.unknown_has_point", "unknown with a point", "incidents.csv", UNKNOWN, "uncertainty_km", "5"),
    cell("geo.point_missing", "no radius", "incidents.csv", STK, "uncertainty_km", ""),
    cells(
        "geo.swapped",
        "both in range, swapped into the region's box",
        "incidents.csv",
        STK,
        "latitude",
        latitude="-61.9536",
        longitude="10.0070",
    ),
    cells("geo.swapped", "out-of-range latitude", "incidents.csv", REGION, "latitude", latitude="-100.9524", longitude="-0.9485"),
    cells("geo.on_land", "Caracas", "incidents.csv", STK, "latitude", **CARACAS),
    cells("geo.outside_region", "mid-Atlantic", "incidents.csv", STK, "latitude", latitude="30.0", longitude="-45.0"),
    # across rows and tables
    cell("key.unique", "duplicate id", "incidents.csv", MERGED, "incident_id", "STK-20250902-01"),
    cells("key.unique", "duplicate waypoint", "waypoints.csv", 3, "track_id", seq="1"),
    # a table whose key columns are not all kept for the rules across tables (corrections.csv)
    cells("key.unique", "duplicate correction", "corrections.csv", 3, "incident_id", changed_on="2026-01-04", new="80"),
    cell("link.incident", "orphan source", "sources.csv", 3, "incident_id", "STK-19990101-01"),
    cell("link.incident", "superseded by nothing", "incidents.csv", MERGED, "superseded_by", "STK-19990101-01"),
    cell("link.incident", "orphan correction", "corrections.csv", 3, "incident_id", "X-1"),
    cell("link.incident", "orphan person", "people.csv", 2, "incident_id", "X-1"),
    cell("link.incident", "orphan waypoint", "waypoints.csv", 2, "incident_id", "X-1"),
    Case(
        "sources.missing",
        "no source",
        lambda d: drop_rows(d, "sources.csv", lambda r: r["incident_id"] != "DEP-20250814-01"),
        "incidents.csv",
        DEP,
        "incident_id",
    ),
    cell("sources.domain", "wrong host", "sources.csv", 3, "domain", "example.org"),
    cell("sources.title_basis", "unbracketed descriptor", "sources.csv", 2, "title", "a title"),
    cell("sources.title_basis", "unbracketed page text", "sources.csv", 4, "title", "a title"),
    cell("sources.title_basis", "bracketed headline", "sources.csv", 3, "title", "[a descriptor]"),
    cell("sources.title_basis", "half-bracketed descriptor", "sources.csv", 2, "title", "[a title"),
    cells("sources.cited_in", "cited where", "sources.csv", 3, "cited_in", access="cited_only", cited_in=""),
    cell("confidence.rule", "upgraded", "incidents.csv", STK, "confidence", "single_source"),
    cell("totals.qualifier", "hedge lost", "official_totals.csv", 3, "qualifier", ""),
    cell("totals.qualifier", "hedge added", "official_totals.csv", 2, "qualifier", "at least"),
    cell("people.unsourced", "unread source", "people.csv", 2, "source_url", "https://example.org/x"),
    cell("link.source", "waypoint source", "waypoints.csv", 3, "source_url", "https://example.org/x"),
    # areas.geojson
    Case("file.parse", "not json", lambda d: (d / "areas.geojson").write_text("{not json", encoding="utf-8"), "areas.geojson", 0, ""),
    Case(
        "area.invalid",
        "a point",
        lambda d: edit_areas(d, lambda fs: fs[1].update(geometry={"type": "Point", "coordinates": [0, 0]})),
        "areas.geojson",
        2,
        "geometry",
    ),
    Case("area.invalid", "no geometry", lambda d: edit_areas(d, lambda fs: fs[0].pop("geometry")), "areas.geojson", 1, "geometry"),
    Case(
        "key.unique",
        "two areas",
        lambda d: edit_areas(d, lambda fs: fs.append(feature_of(fs, "DEP-20250814-01"))),
        "areas.geojson",
        "len",
        "incident_ids",
    ),
    Case(
        "link.incident",
        "area of nothing",
        lambda d: edit_areas(d, lambda fs: fs[0]["properties"].update(incident_ids=fs[0]["properties"]["incident_ids"] + "; X-1")),
        "areas.geojson",
        0,
        "incident_ids",
    ),
    Case(
        "area.unknown_has_area",
        "unknown with an area",
        lambda d: edit_areas(
            d, lambda fs: fs[0]["properties"].update(incident_ids=fs[0]["properties"]["incident_ids"] + "; STK-20250902-02")
        ),
        "incidents.csv",
        UNKNOWN,
        "geo_precision",
    ),
    Case(
        "area.missing",
        "no area",
        lambda d: edit_areas(d, lambda fs: fs.remove(feature_of(fs, "DEP-20250814-01"))),
        "incidents.csv",
        DEP,
        "incident_id",
    ),
    cells("area.point_outside", "central Caribbean", "incidents.csv", STK, "latitude", latitude="15.0", longitude="-75.0"),
    cells("area.place_outside", "names Cartagena", "incidents.csv", STK, "location_text", location_text='"off Cartagena" (AP)'),
    cell("geo.unplaced", "unknown rock", "incidents.csv", REGION, "location_text", 'officials: "near the Clipperton Rock"'),
]


#: The value each case's problem must carry (the planted value, or what the rule reports instead);
#: cases not listed carry a path or a gazetteer key that the case does not fix.
VALUES = {
    "bom": "BOM",
    "latin-1 on line 3": "b'\\xe9t\\xe9 '",  # the first 4 bytes from the bad one
    "crlf": "CR",
    "empty file": "",
    "unterminated quote": "",
    "age twice": "age",
    "one field too many": "16",
    "reason renamed": "",
    "why added": "why",
    "no type": "",
    "NaN killed": "NaN",
    "padded": " 11",
    "decimal count": "2.5",
    "arabic-indic digit": "٣",
    "below minimum": "0",
    "above maximum": "90.5",
    "DMS": "10°00'25\"N",
    "word": "abc",
    "infinite": "inf",
    "no such day": "2025-02-30",
    "US order": "09/10/2025",
    "unknown type": "airstrike",
    "ftp": "ftp://readno.com/x",
    "space in id": "STK 1",
    "escape": "a\x1b[31m",
    "10001 chars": "a" * 10_001,
    "end first": "2025-09-01",
    "announced early": "2025-09-01",
    "low above best": "12",
    "best above high": "11",
    "low above high": "12",
    "no best": "",
    "zero radius": "0",
    "merged names none": "",
    "active superseded": "STK-20250902-01",
    "unknown with a point": "5",
    "no radius": "",
    "both in range, swapped into the region's box": "-61.9536, 10.007",
    "out-of-range latitude": "-100.9524, -0.9485",
    "Caracas": "10.5, -66.9",
    "mid-Atlantic": "30.0, -45.0",
    "duplicate id": "STK-20250902-01",
    "duplicate waypoint": "TRK-BELLA1 / 1",
    "orphan source": "STK-19990101-01",
    "superseded by nothing": "STK-19990101-01",
    "orphan correction": "X-1",
    "orphan person": "X-1",
    "orphan waypoint": "X-1",
    "no source": "DEP-20250814-01",
    "wrong host": "example.org",
    "unbracketed descriptor": "a title",
    "unbracketed page text": "a title",
    "bracketed headline": "[a descriptor]",
    "half-bracketed descriptor": "[a title",
    "cited where": "",
    "upgraded": "single_source",
    "hedge lost": "",
    "hedge added": "at least",
    "unread source": "https://example.org/x",
    "waypoint source": "https://example.org/x",
    "not json": "JSONDecodeError",
    "a point": "Point",
    "no geometry": "KeyError",
    "two areas": "DEP-20250814-01",
    "area of nothing": "X-1",
    "unknown with an area": "STK-20250902-02",
    "no area": "DEP-20250814-01",
    "central Caribbean": "15.0, -75.0",
    "unknown rock": "Clipperton Rock",
}

#: Messages that carry a figure the reader needs (most messages are fixed prose).
MESSAGES = {
    "duplicate id": f"duplicate of line {STK}",
    "duplicate waypoint": "duplicate of line 2",
    "one field too many": "row has 16 fields, header has 15",
    "low above best": "killed_low is above killed 11",
}


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().split(b"\n")


def test_every_case_has_a_name_of_its_own():
    assert len({c.name for c in CASES}) == len(CASES)
    assert set(VALUES) | set(MESSAGES) <= {c.name for c in CASES}


def test_the_fixture_is_valid():
    report = mi.validate(MINI)
    assert report.ok, str(report)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.rule}:{c.name}" for c in CASES])
def test_rule_fires_at_its_place(case: Case, mini_copy: Path):
    case.breaks(mini_copy)
    problems = mi.validate(mini_copy, strict=case.strict).problems
    line = case.line
    if line == "len":  # the appended feature is the last one
        line = len(json.loads((mini_copy / "areas.geojson").read_text(encoding="utf-8"))["features"])
    report = "\n".join(str(p) for p in problems)  # every problem prints: its fields are the right types
    where = [(p.file, p.row, p.column) for p in problems if p.rule == case.rule]
    assert (case.file, line, case.column) in where, report or "no problem at all"
    mine = [p for p in problems if (p.rule, p.file, p.row, p.column) == (case.rule, case.file, line, case.column)]
    if case.name in VALUES:
        assert VALUES[case.name] in [p.value for p in mine], mine
    if case.name in MESSAGES:
        assert MESSAGES[case.name] in [p.message for p in mine], mine
    assert all(isinstance(p.value, str) and isinstance(p.row, int) and p.message for p in problems)


def test_a_missing_folder_is_one_problem(tmp_path: Path):
    (p,) = mi.validate(tmp_path / "nowhere").problems
    assert (p.rule, p.row, p.column) == ("folder.exists", 0, "") and p.file.endswith("nowhere")


def emitted_rules(module) -> set[str]:
    """The rule ids a module can report: Problem(file, row, column, RULE, ...), bad(RULE, ...), and
    `rule, message = RULE, ...` (the module's own way of choosing between two rules)."""
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            arg = {"Problem": 3, "bad": 0}.get(node.func.id)
            if arg is not None and len(node.args) > arg:
                value = node.args[arg]
                if isinstance(value, ast.Name) and value.id == "rule":
                    continue  # the helper that passes its caller's rule on
                assert isinstance(value, ast.Constant), f"{module.__name__}:{node.lineno}: a rule id must be a literal"
                found.add(value.value)
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Tuple) and isinstance(node.value, ast.Tuple):
            for target, value in zip(node.targets[0].elts, node.value.elts, strict=False):
                if isinstance(target, ast.Name) and target.id == "rule" and isinstance(value, ast.Constant):
                    found.add(value.value)
    return found


@pytest.mark.skipif("MUTANT_UNDER_TEST" in os.environ, reason="under mutmut the source is its rewritten copy")
def test_every_rule_id_is_asserted():
    rules = emitted_rules(_validate) | emitted_rules(areas) | emitted_rules(tracks)
    assert len(rules) >= 50  # the reader itself works: it finds the rules we know of
    asserted = {c.rule for c in CASES} | {"folder.exists"}
    assert rules - asserted == set(), "rule ids no test asserts"
    assert asserted - rules == set(), "cases for rule ids the validator no longer has"


def test_words_for_missing_are_plain_text_in_a_text_column(mini_copy: Path):
    """'none', 'NA' or 'nil' in a free-text column is what a source said, not a missing value."""
    edit(mini_copy, "incidents.csv", STK, notes="none", vessel_name="NA", cargo="nil")
    report = mi.validate(mini_copy)
    assert report.ok, str(report)


def test_a_reported_point_may_have_no_radius(mini_copy: Path):
    """`geo.uncertainty` asks for a radius > 0 unless a source reported the coordinates."""
    edit(mini_copy, "incidents.csv", STK, geo_precision="reported", uncertainty_km="0")
    report = mi.validate(mini_copy)
    assert report.ok, str(report)


def test_the_edges_of_a_cell_are_accepted(mini_copy: Path):
    """What the rules allow at their edges: an http (not only https) URL, a text of exactly the
    maximum length, a count of 0, a radius under 1 km, a cited_only source that says where."""
    edit(mini_copy, "sources.csv", 3, url="http://readno.com/x", access="cited_only", cited_in="AP, 2025-09-03")
    edit(mini_copy, "incidents.csv", STK, notes="a" * 10_000, survivors="0", uncertainty_km="0.5")
    report = mi.validate(mini_copy)
    assert report.ok, str(report)


@pytest.mark.parametrize(
    "lat, lon, fires, quiet",
    [
        # a coordinate out of range is the cell rule's report alone, not also area.point_outside
        ("90.5", "90", {"geo.swapped", "range"}, {"area.point_outside"}),  # latitude out of range, longitude would fit (90 is in)
        ("90", "-61.9536", {"area.point_outside"}, {"geo.swapped", "range"}),  # 90 itself is a latitude
        ("-90", "-61.9536", {"area.point_outside"}, {"geo.swapped", "range"}),
        ("-90.5", "-61.9536", {"range"}, {"area.point_outside"}),
        ("95", "90.5", {"range"}, {"geo.swapped", "area.point_outside"}),  # neither fits: no swap to suggest
        ("10.0070", "180", {"area.point_outside"}, {"range", "geo.swapped"}),  # 180 itself is a longitude
        ("10.0070", "-180", {"area.point_outside"}, {"range", "geo.swapped"}),
        ("10.0070", "180.5", {"range"}, {"area.point_outside"}),
        ("10.0070", "-180.5", {"range"}, {"area.point_outside"}),
        ("10.0070", "inf", {"type.float"}, {"area.point_outside"}),
    ],
)
def test_edges_of_the_coordinate_rules(mini_copy: Path, lat: str, lon: str, fires: set[str], quiet: set[str]):
    edit(mini_copy, "incidents.csv", STK, latitude=lat, longitude=lon)
    rules = {p.rule for p in mi.validate(mini_copy).problems if p.row == STK and p.file == "incidents.csv"}
    assert fires <= rules and not (quiet & rules), rules


def test_a_missing_column_is_reported_not_a_crash(mini_copy: Path):
    """Rules across columns read a missing column as empty: no exception, and no problem invented."""
    dropped = (
        ("incidents.csv", "uncertainty_km"),
        ("waypoints.csv", "seq"),
        ("people.csv", "source_url"),
        ("sources.csv", "domain"),
        ("sources.csv", "title"),
        ("incidents.csv", "superseded_by"),
        ("incidents.csv", "latitude"),
        ("official_totals.csv", "qualifier"),
    )
    for file, col in dropped:
        drop_column(mini_copy, file, col)
    problems = mi.validate(mini_copy).problems
    missing = {(p.file, p.column) for p in problems if p.rule == "schema.missing_column"}
    assert set(dropped) <= missing
    rules = {p.rule for p in problems}
    quiet = {"key.unique", "geo.unknown_has_point", "people.unsourced", "sources.domain", "sources.title_basis", "link.incident"}
    assert not rules & quiet, rules
    # the merged row lacks the name of its row, the active rows are not taken as superseded
    assert [p.row for p in problems if p.rule == "status.superseded_by"] == [MERGED]
    # only the hedged total lacks its qualifier
    assert [p.row for p in problems if p.rule == "totals.qualifier"] == [3]


def test_a_row_without_a_key_does_not_hide_later_duplicates(mini_copy: Path):
    edit(mini_copy, "incidents.csv", DEP, incident_id="")
    edit(mini_copy, "incidents.csv", MERGED, incident_id="STK-20250902-01")
    problems = mi.validate(mini_copy).problems
    assert ("required", DEP) in {(p.rule, p.row) for p in problems if p.file == "incidents.csv"}
    assert [(p.row, p.value) for p in problems if p.rule == "key.unique"] == [(MERGED, "STK-20250902-01")]


def test_a_broken_area_hides_no_later_area(mini_copy: Path):
    """After a feature that is not an area (unreadable, or not a polygon), the later features are
    still read: only the broken feature's incident lacks its area."""
    for breaking in (lambda f: f.pop("geometry"), lambda f: f.update(geometry={"type": "Point", "coordinates": [0, 0]})):
        folder = mini_copy.parent / f"case{len(list(mini_copy.parent.iterdir()))}"
        shutil.copytree(mini_copy, folder)
        edit_areas(folder, lambda fs, breaking=breaking: breaking(feature_of(fs, "AIR-20251121-01")))
        problems = mi.validate(folder).problems
        assert [(p.rule, p.value) for p in problems if p.rule == "area.missing"] == [("area.missing", "AIR-20251121-01")]


def test_every_row_without_an_area_is_named(mini_copy: Path):
    edit_areas(mini_copy, lambda fs: [fs.remove(feature_of(fs, i)) for i in ("DEP-20250814-01", "SZR-20260107-01")])
    missing = [(p.row, p.value) for p in mi.validate(mini_copy).problems if p.rule == "area.missing"]
    assert missing == [(DEP, "DEP-20250814-01"), (SZR, "SZR-20260107-01")]


def test_words_the_gazetteer_cannot_place_are_named_for_an_unknown_place(mini_copy: Path):
    edit(mini_copy, "incidents.csv", UNKNOWN, location_text='officials: "near the Clipperton Rock"')
    (p,) = [p for p in mi.validate(mini_copy).problems if p.rule == "geo.unplaced"]
    assert (p.row, p.column) == (UNKNOWN, "location_text") and "fell back to unknown" in p.message


def test_read_csv_text_gives_the_header_and_every_row(mini_copy: Path):
    """`fmt` reads a file whole through `read_csv_text`: header, rows with their lines, problems
    reported as the validator reports them, but not the forms `fmt` rewrites (a BOM), None for an
    empty file."""
    problems: list = []
    header, rows = _validate.read_csv_text(mini_copy / "waypoints.csv", problems)
    assert header[:2] == ["track_id", "seq"] and problems == []
    assert [(r["seq"], r["__line__"]) for r in rows[:2]] == [("1", "2"), ("2", "3")]
    path = mini_copy / "people.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert _validate.read_csv_text(path, problems) is not None and problems == []
    (mini_copy / "domains.csv").write_bytes(b"domain,t\xe9\n")  # no header read: the encoding is the one report
    assert _validate.read_csv_text(mini_copy / "domains.csv", problems) is None
    assert [(p.file, p.rule) for p in problems] == [("domains.csv", "encoding.utf8")]
    (mini_copy / "corrections.csv").write_bytes(b"")  # empty: reported, though another file's encoding was not read
    assert _validate.read_csv_text(mini_copy / "corrections.csv", problems) is None
    assert [(p.file, p.rule) for p in problems[1:]] == [("corrections.csv", "format.header")]
    assert _validate.read_csv_text(mini_copy, problems) is None  # a folder: the report names it
    assert (problems[-1].rule, problems[-1].value) == ("file.readable", str(mini_copy))


@pytest.mark.parametrize(
    "file, breaks, line, rule",
    [
        # a row of incidents.csv opens a quote that never closes: the rows after it are not read
        ("incidents.csv", lambda t: t.replace("\nSTK-20251022-01,", '\nSTK-20251022-01,"', 1), REGION, "format.csv"),
        # the same right after the header of sources.csv: no source is read
        ("sources.csv", lambda t: t.replace("\n", '\nX-1,"open\n', 1), None, "format.csv"),
        # a byte that is not UTF-8 in a row of incidents.csv ends the reading there too
        ("incidents.csv", lambda t: t.replace("\nSTK-20251022-01,", "\nSTK-20251022-01,\udce9", 1), REGION, "encoding.utf8"),
    ],
    ids=["incidents", "sources", "incidents-encoding"],
)
def test_a_file_read_in_part_is_one_report_not_echoes(mini_copy: Path, file: str, breaks, line: int | None, rule: str):
    """The rules across tables need each side whole: the sources or people of the incidents that
    were not read are not orphans, the incidents whose sources were not read do not lack them."""
    path = mini_copy / file
    path.write_bytes(breaks(path.read_text(encoding="utf-8")).encode("utf-8", "surrogateescape"))
    problems = mi.validate(mini_copy).problems
    assert [(p.file, p.rule) for p in problems] == [(file, rule)], problems
    assert line is None or problems[0].row == line


def test_a_blank_header_twice_is_not_a_pandas_index(mini_copy: Path):
    """A first column named "" is pandas' index only when no other column has that name."""

    def two_blank(text: str) -> str:
        lines = text.splitlines()
        return "\n".join([f",{lines[0]},", *(f"{i},{x},{i}" for i, x in enumerate(lines[1:]))]) + "\n"

    edit_text(mini_copy, "corrections.csv", two_blank)
    rules = {p.rule for p in mi.validate(mini_copy, strict=True).problems if p.file == "corrections.csv"}
    assert rules == {"format.duplicate_column", "schema.unknown_column"}, rules


def test_a_spreadsheets_csv_is_read_as_meant(mini_copy: Path):
    """A BOM, CRLF or lone CR line ends are valid CSV (RFC 4180, Excel's "CSV UTF-8"): read as
    meant, and with `strict` reported once per file, not once per line."""
    edit(mini_copy, "sources.csv", 4, access="x")
    edit(mini_copy, "corrections.csv", 2, reason="two\nlines", changed_on="x")  # the row takes lines 2 and 3
    edit(mini_copy, "corrections.csv", 4, changed_on="x")  # on line 5
    edit_text(mini_copy, "sources.csv", lambda t: "\ufeff" + t.replace("\n", "\r\n"))
    edit_text(mini_copy, "corrections.csv", lambda t: t.replace("\n", "\r"))
    problems = [(p.file, p.rule, p.row) for p in mi.validate(mini_copy).problems]
    assert problems == [("sources.csv", "vocab", 4), ("corrections.csv", "type.date", 2), ("corrections.csv", "type.date", 5)], problems
    strict = [(p.file, p.rule, p.row) for p in mi.validate(mini_copy, strict=True).problems]
    assert sorted(strict) == [
        ("corrections.csv", "format.line_endings", 1),
        ("corrections.csv", "type.date", 2),
        ("corrections.csv", "type.date", 5),
        ("sources.csv", "encoding.bom", 1),
        ("sources.csv", "format.line_endings", 1),
        ("sources.csv", "vocab", 4),
    ]


def test_rows_keep_their_line_in_the_file(mini_copy: Path):
    """A cell holding a line break, and a blank line, move the later rows down: their problems
    name the line they are on in the file, and no row is lost."""
    edit(mini_copy, "incidents.csv", DEP, notes="two\nlines", survivors="NaN")  # the row starts on line 2
    edit(mini_copy, "incidents.csv", STK, survivors="NaN")  # the fixture's line 3, now on line 4
    edit_text(mini_copy, "incidents.csv", lambda t: t.replace("\nSTK-20250902-02,", "\n\nSTK-20250902-02,", 1))
    edit_text(mini_copy, "incidents.csv", lambda t: t.replace("\nSTK-20251022-01,strike", "\nSTK-20251022-01,x", 1))
    problems = [(p.rule, p.row, p.value) for p in mi.validate(mini_copy).problems]
    assert problems == [("missing_token", DEP, "NaN"), ("missing_token", STK + 1, "NaN"), ("vocab", REGION + 2, "x")], problems


def test_every_row_with_a_wrong_field_count_is_named(mini_copy: Path):
    extra = {"\nTRK-BELLA1,2,": "\nTRK-BELLA1,2,extra,", "\nTRK-BELLA1,3,": "\nTRK-BELLA1,3,x,"}
    for old, new in extra.items():
        edit_text(mini_copy, "waypoints.csv", lambda t, old=old, new=new: t.replace(old, new, 1))
    problems = [(p.rule, p.row) for p in mi.validate(mini_copy).problems]
    assert problems == [("format.field_count", 3), ("format.field_count", 4)], problems


def test_a_pandas_index_is_dropped_unless_it_is_a_column(mini_copy: Path):
    """An index column 0, 1, 2 … is pandas' own: dropped (reported only with `strict`). One that
    holds anything else is data the codebook does not know: reported once, not once per row."""
    edit_text(mini_copy, "corrections.csv", with_pandas_index)
    report = mi.validate(mini_copy)
    assert report.ok, str(report)
    edit_text(mini_copy, "corrections.csv", lambda t: t.replace("\n3,", "\n9,", 1).replace("\n5,", "\n7,", 1))
    problems = [(p.file, p.rule, p.row, p.column) for p in mi.validate(mini_copy).problems]
    assert problems == [("corrections.csv", "schema.unknown_column", 1, "Unnamed: 0")], problems


def test_optional_files_may_be_absent(mini_copy: Path):
    """Only incidents, sources and corrections are required; the rules that read the others
    (people's sources, waypoints' sources, totals' qualifiers) have nothing to check without them."""
    for name in ("people.csv", "waypoints.csv", "official_totals.csv", "domains.csv"):
        (mini_copy / name).unlink()
    report = mi.validate(mini_copy)
    assert report.ok, str(report)


def test_a_folder_without_incidents_is_one_report(mini_copy: Path):
    (mini_copy / "incidents.csv").unlink()
    problems = [(p.file, p.rule) for p in mi.validate(mini_copy).problems]
    assert problems == [("incidents.csv", "file.missing")], problems


def test_the_confidence_rule_goes_on_after_a_cell_it_cannot_read(mini_copy: Path):
    edit(mini_copy, "incidents.csv", STK, confidence="x")
    edit(mini_copy, "incidents.csv", REGION, confidence="single_source")
    problems = [(p.rule, p.row) for p in mi.validate(mini_copy).problems]
    assert problems == [("vocab", STK), ("confidence.rule", REGION)], problems


@pytest.mark.parametrize(
    "file, line, cells, rule, told",
    [
        # the level the sources allow, and why (the validator's message is its answer to a bad cell)
        ("incidents.csv", STK, {"confidence": "single_source"}, "confidence.rule", ["'corroborated'", "original(s)"]),
        ("official_totals.csv", 3, {"qualifier": ""}, "totals.qualifier", ["'at least'"]),
        ("official_totals.csv", 2, {"qualifier": "at least"}, "totals.qualifier", ["hedges none"]),
        ("sources.csv", 3, {"domain": "example.org"}, "sources.domain", ["'readno.com'", "sources --write"]),
        ("sources.csv", 2, {"title": "a title"}, "sources.title_basis", ["(address)", "brackets"]),
        # the other figure or date of the pair, the region whose box it is, what the row lacks
        ("incidents.csv", STK, {"date_end": "2025-09-01"}, "dates.order", ["2025-09-02"]),
        ("incidents.csv", STK, {"announced_at": "2025-09-01"}, "dates.announced_before_event", ["2025-09-02"]),
        ("incidents.csv", STK, {"killed": "12"}, "killed.range", ["killed_high", "12"]),
        ("incidents.csv", STK, {"killed": "", "killed_low": "12"}, "killed.range", ["killed_high 11"]),
        ("incidents.csv", STK, {"latitude": "30.0", "longitude": "-45.0"}, "geo.outside_region", ["caribbean box"]),
        ("incidents.csv", STK, {"latitude": "-61.9536", "longitude": "10.0070"}, "geo.swapped", ["caribbean box", "swapped"]),
        ("incidents.csv", STK, {"uncertainty_km": ""}, "geo.point_missing", ["coast row", "uncertainty_km"]),
    ],
)
def test_a_message_tells_what_the_rule_wants(mini_copy: Path, file, line, cells, rule, told):
    """Messages are prose, but some carry what the reader needs to fix the cell: the value the rule
    wants, the other figure it was compared with, or the command that writes it. Asserted by those
    parts, not word for word."""
    edit(mini_copy, file, line, **cells)
    (p,) = [p for p in mi.validate(mini_copy).problems if p.rule == rule]
    assert all(t in p.message for t in told), p.message


def test_without_the_on_land_reason_column_every_point_on_land_is_named(mini_copy: Path):
    drop_column(mini_copy, "incidents.csv", "on_land_reason")
    problems = [(p.rule, p.row) for p in mi.validate(mini_copy).problems if p.rule != "schema.missing_column"]
    assert problems == [("geo.on_land", AIR), ("geo.on_land", LND)], problems


@pytest.mark.parametrize(
    "column, cell, kept",
    [
        # counts: spaces, a plus sign and pandas' decimals go; what is not a count stays as it is
        ("killed", " 3 ", "3"),
        ("killed", "+3", "3"),
        ("killed", "3.00", "3"),
        ("killed", "03", "03"),
        ("killed", "3.5", "3.5"),
        # dates: month and day get their zero; nothing else is guessed, spaces are not trimmed
        ("announced_at", "2025-9-2", "2025-09-02"),
        ("announced_at", "2025-12-31", "2025-12-31"),
        ("announced_at", " 2025-09-02", " 2025-09-02"),
        ("announced_at", "09/02/2025", "09/02/2025"),
        # text: trimmed; a patterned number pandas wrote as a float gets its digits back, if they fit
        ("notes", "  a note ", "a note"),
        ("imo", "9304667.0", "9304667"),
        ("imo", "123.0", "123.0"),
        ("imo", "9304667", "9304667"),
        ("notes", "9304667.0", "9304667.0"),
        # decimals are trimmed only; ids and vocabulary words are kept as written
        ("latitude", " 10.50 ", "10.50"),
        ("incident_id", " X-1", " X-1"),
        ("status", "active ", "active "),
    ],
)
def test_canonical_cell_is_the_form_kept(column: str, cell: str, kept: str):
    """What `fmt` writes and loading reads: one function for both (`_validate.canonical_cell`)."""
    assert _validate.canonical_cell(_validate.TABLES["incidents"].column(column), cell) == kept


def test_progress_counts_every_row_checked(mini_copy: Path):
    """`validate(progress=...)` is told of every row, in steps of 5,000 within a large file (here
    one of exactly 5,000 rows: told once at its end, with nothing left over)."""
    more = 5_000 - len(read_rows(mini_copy / "domains.csv")[1])
    edit_text(mini_copy, "domains.csv", lambda t: t + "".join(f"host{i}.example,original,x,\n" for i in range(more)))
    rows = sum(len(read_rows(p)[1]) for p in mini_copy.glob("*.csv"))
    told: list[int] = []
    report = mi.validate(mini_copy, progress=told.append)
    assert report.ok, str(report)
    assert 5_000 in told and sum(told) == rows, told


def test_without_the_quote_column_a_hedged_total_is_named(mini_copy: Path):
    drop_column(mini_copy, "official_totals.csv", "quote")
    problems = [(p.rule, p.row) for p in mi.validate(mini_copy).problems if p.rule != "schema.missing_column"]
    assert problems == [("totals.qualifier", 3)], problems


def test_a_bad_cell_or_an_unreadable_file_hides_nothing_else(mini_copy: Path):
    """A bad cell leaves its file whole for the rules across tables, and a file that cannot be
    read at all leaves the later files read."""
    edit(mini_copy, "sources.csv", 4, access="x")
    drop_rows(mini_copy, "sources.csv", lambda r: r["incident_id"] != "DEP-20250814-01")
    (mini_copy / "corrections.csv").write_bytes(b"")
    edit(mini_copy, "people.csv", 2, age="old")
    problems = [(p.file, p.rule) for p in mi.validate(mini_copy).problems]
    assert problems == [
        ("sources.csv", "vocab"),
        ("corrections.csv", "format.header"),
        ("people.csv", "type.int"),
        ("incidents.csv", "sources.missing"),
        ("incidents.csv", "confidence.rule"),  # the incident without sources is corroborated by none
    ], problems


def test_without_the_cited_in_column_a_cited_only_source_is_named(mini_copy: Path):
    edit(mini_copy, "sources.csv", 3, access="cited_only")
    drop_column(mini_copy, "sources.csv", "cited_in")
    problems = [(p.rule, p.row) for p in mi.validate(mini_copy).problems if p.rule != "schema.missing_column"]
    assert problems == [("sources.cited_in", 3)], problems


def test_without_the_incident_id_column_a_person_is_not_called_unsourced(mini_copy: Path):
    drop_column(mini_copy, "people.csv", "incident_id")
    problems = [(p.file, p.rule, p.column) for p in mi.validate(mini_copy).problems]
    assert problems == [("people.csv", "schema.missing_column", "incident_id")], problems


def test_a_missing_file_hides_no_later_file(mini_copy: Path):
    """A required file that is missing is one report, and the files after it are still checked."""
    (mini_copy / "corrections.csv").unlink()
    edit(mini_copy, "people.csv", 2, age="old")
    problems = [(p.file, p.rule) for p in mi.validate(mini_copy).problems]
    assert ("corrections.csv", "file.missing") in problems and ("people.csv", "type.int") in problems, problems


def test_progress_counts_nothing_for_a_header_only_file(mini_copy: Path):
    """A file with a header and no rows adds no row to the progress (the count starts at 0)."""
    header, _ = read_rows(mini_copy / "people.csv")
    (mini_copy / "people.csv").write_text(csv_text(header, []), encoding="utf-8")
    rows = sum(len(read_rows(p)[1]) for p in mini_copy.glob("*.csv"))
    told: list[int] = []
    assert mi.validate(mini_copy, progress=told.append).ok
    assert sum(told) == rows, told
