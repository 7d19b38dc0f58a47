"""Import the NGA Anti-Shipping Activity Messages (ASAM) export into the dataset's schema.

    import_asam("asam_2022-06-21.csv", "out/asam")   # or: maritime-incidents import asam FILE -o DIR

The ASAM export (columns reference, date, position, navArea, subreg, hostility, victim,
description) becomes a dataset folder that validates and can be drawn as a context layer:

- `position` holds degrees-minutes-seconds on two lines (`13°14'00"N` / `65°35'00"W`). A
  minutes or seconds field of exactly 60 (`5°60'00"N`, 378 rows of the 2022-06-21 export) is
  carried into the next unit (`6°00'00"N`): the only reading that gives a valid angle. Every such
  change is listed in the report with its reference. Any other malformed position rejects the row.
- `hostility` (free text, mixed case and spelling) maps to the small vocabulary
  `schema.HOSTILITIES` by the keyword rules in `HOSTILITY_RULES`; the source's own word stays
  in `alleged_group`.
- `reference` becomes `incident_id` `ASAM-<reference>`; an exact duplicate row is reported and
  not imported twice; a reused reference with other content gets its CSV line as a suffix
  (`ASAM-2022-12-57`), reported.
- `region` comes from the point (the region whose sea holds it, else `other`); NGA's
  sub-region and NAVAREA are kept in `geo_rule`; the description is the row's `notes`.
- "(Update of entry 2022-137)" links the two entries: the earlier one is marked `merged`,
  `superseded_by` the update, so it is kept but drawn once.

Nothing is dropped silently: every row not imported, and every value changed on the way in, is
a line of `import_report.csv` (reference, CSV line, column, rule, value, action).
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import geodata
from .io import write_atomic
from .schema import CORRECTIONS, INCIDENTS, SOURCES
from .sources import domain_of

DMS_RE = re.compile(r"""^\s*(\d{1,3})\s*°\s*(\d{1,2})\s*'\s*(\d{1,2}(?:\.\d+)?)\s*"\s*([NSEW])\s*$""")
UPDATE_RE = re.compile(r"update of entry\s+(\d{4}-\d+)", re.IGNORECASE)
ASAM_URL = "https://github.com/hrokr/International-Maritime-Piracy"
ASAM_PUBLISHER = "US National Geospatial-Intelligence Agency (NGA), ASAM database"
EXPECTED_COLUMNS = ["reference", "date", "position", "navArea", "subreg", "hostility", "victim", "description"]

#: First matching rule wins; patterns are searched in the lowercased hostility text.
HOSTILITY_RULES: list[tuple[str, str]] = [
    (r"hijack", "hijacking"),
    (r"kidnap", "kidnapping"),
    (r"navy|naval|military|militant|gunmen|warship|missile|rebel|guerrill|gunboat|fired upon|explosion", "military_activity"),
    (r"attempt", "attempted_boarding"),
    (r"suspic|suspc|speed ?boat|skiff|approach", "suspicious_approach"),
    (r"pirat|pirtat|priat|piracy", "piracy"),
    (r"robb|thie|burglar|intrud|bandit|board|stowaway|theft", "robbery"),
    (r"^(?:|n/?a|unknown|none)$", "unknown"),
]


@dataclass
class ImportReport:
    """What happened to every row: imported, changed on the way in, or not imported and why."""

    source: str
    rows_read: int = 0
    rows_imported: int = 0
    lines: list[dict] = field(default_factory=list)

    def add(self, reference: str, line: int, column: str, rule: str, value: str, action: str) -> None:
        self.lines.append({"reference": reference, "line": line, "column": column, "rule": rule, "value": value, "action": action})

    def count(self, rule: str) -> int:
        return sum(1 for x in self.lines if x["rule"] == rule)

    @property
    def rejected(self) -> int:
        return sum(1 for x in self.lines if x["action"].startswith("not imported"))

    def summary(self) -> str:
        by_rule: dict[str, int] = {}
        for x in self.lines:
            by_rule[x["rule"]] = by_rule.get(x["rule"], 0) + 1
        parts = ", ".join(f"{k}: {v}" for k, v in sorted(by_rule.items()))
        return f"{self.source}: {self.rows_read} rows read, {self.rows_imported} imported, {self.rejected} not imported" + (
            f" ({parts})" if parts else ""
        )


def parse_dms(text: str) -> tuple[float, bool]:
    """One DMS angle to decimal degrees; True if a 60 in minutes or seconds was carried over."""
    m = DMS_RE.match(text)
    if not m:
        if re.search(r"'\s*\d{3,}", text):
            raise ValueError("seconds written with three digits (e.g. 010): 10 or 01.0 cannot be told apart")
        raise ValueError("not a degrees-minutes-seconds angle")
    deg, minutes, seconds, hemi = int(m.group(1)), int(m.group(2)), float(m.group(3)), m.group(4)
    carried = False
    if seconds == 60:
        seconds, minutes, carried = 0.0, minutes + 1, True
    if minutes == 60:
        minutes, deg, carried = 0, deg + 1, True
    if minutes > 59 or seconds >= 60:
        raise ValueError("minutes or seconds out of range and not a plain 60")
    value = deg + minutes / 60 + seconds / 3600
    limit = 90 if hemi in "NS" else 180
    if value > limit:
        raise ValueError(f"angle above {limit} degrees")
    return (-value if hemi in "SW" else value), carried


def parse_position(text: str) -> tuple[float, float, list[str], float]:
    """(lat, lon, carried parts, resolution km) from the two-line ASAM position."""
    parts = [p for p in text.replace("\r", "").split("\n") if p.strip()]
    if len(parts) != 2:
        raise ValueError("position is not two DMS lines")
    lat_s, lon_s = parts
    if not lat_s.strip().endswith(("N", "S")) or not lon_s.strip().endswith(("E", "W")):
        raise ValueError("position is not latitude then longitude")
    lat, c1 = parse_dms(lat_s)
    lon, c2 = parse_dms(lon_s)
    carried = [p.strip() for p, c in ((lat_s, c1), (lon_s, c2)) if c]
    whole_minutes = all(DMS_RE.match(p).group(3) in ("0", "00") for p in parts)  # type: ignore[union-attr]
    resolution_km = 1.852 if whole_minutes else 0.031  # one minute or one second of latitude
    return lat, lon, carried, resolution_km


def hostility_of(text: str) -> str:
    t = text.strip().lower()
    for pattern, value in HOSTILITY_RULES:
        if re.search(pattern, t):
            return value
    return "other"


CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str, ref: str, line: int, column: str, report: ImportReport) -> str:
    """Strip edge spaces; replace control characters (old teletype residue) by spaces, reported."""
    if CONTROL_RE.search(value):
        report.add(
            ref,
            line,
            column,
            "text.control_character",
            repr(CONTROL_RE.findall(value)),
            "normalised: control character replaced by a space",
        )
        value = CONTROL_RE.sub(" ", value)
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def place_words(description: str, position: str) -> str:
    head = description.split(":", 1)[0].strip() if ":" in description[:60] else ""
    pos = " ".join(p.strip() for p in position.split("\n") if p.strip())
    return f"{head} (NGA position {pos})" if head else f"NGA position {pos}"


def read_asam(path: Path, report: ImportReport) -> list[tuple[int, dict[str, str]]]:
    """The export's rows with their CSV line numbers.

    A file without the ASAM columns raises one ValueError naming them (the CLI prints it as one
    line); it is not an export this importer can account for row by row."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        header = [h for h in (reader.fieldnames or []) if h]
        missing = [c for c in EXPECTED_COLUMNS if c not in header]
        if missing:
            raise ValueError(f"{path.name}: not an ASAM export: missing column(s) {', '.join(missing)}")
        rows = []
        line = 1
        for row in reader:
            line = reader.line_num - sum(str(v).count("\n") for v in row.values() if v)
            rows.append((line, {k: (v or "") for k, v in row.items() if k}))
    return rows


def import_asam(path: str | os.PathLike, out_dir: str | os.PathLike, *, progress: Callable[[int], None] | None = None) -> ImportReport:
    """Convert an ASAM export to a dataset folder in out_dir; return the report (also written there)."""
    path = Path(path)
    report = ImportReport(source=path.name)
    rows = read_asam(path, report)
    report.rows_read = len(rows)
    seen: dict[str, tuple[int, tuple]] = {}
    incidents: list[dict] = []
    sources: list[dict] = []
    updates: list[tuple[str, str, int]] = []
    for n, (line, r) in enumerate(rows, start=1):
        if progress and n % 500 == 0:
            progress(500)
        ref = r["reference"].strip()
        content = tuple(r.get(c, "") for c in EXPECTED_COLUMNS)
        if not re.fullmatch(r"\d{4}-\d+", ref):
            report.add(ref, line, "reference", "reference.format", ref, "not imported: a reference is YYYY-N")
            continue
        iid = f"ASAM-{ref}"
        if ref in seen:
            first_line, first_content = seen[ref]
            if first_content == content:
                report.add(ref, line, "reference", "duplicate.exact", ref, f"not imported: exact duplicate of line {first_line}")
                continue
            iid = f"ASAM-{ref}-{line}"
            report.add(ref, line, "reference", "duplicate.reference", ref, f"imported as {iid}: reference reused by line {first_line}")
        else:
            seen[ref] = (line, content)
        try:
            day = pd.Timestamp(r["date"]).date().isoformat() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["date"].strip()) else None
            if day is None:
                raise ValueError
        except ValueError:
            report.add(ref, line, "date", "date.invalid", r["date"], "not imported: the date is not a YYYY-MM-DD calendar date")
            continue
        try:
            lat, lon, carried, resolution = parse_position(r["position"])
        except ValueError as e:
            report.add(ref, line, "position", "position.invalid", r["position"].replace("\n", " / "), f"not imported: {e}")
            continue
        for part in carried:
            report.add(ref, line, "position", "position.carry60", part, "normalised: a 60 in minutes/seconds carried into the next unit")
        if ref[:4] != day[:4]:
            report.add(ref, line, "reference", "reference.year", f"{ref} / {day}", "imported: reference year differs from the date (kept)")
        hostility_text = clean_text(r["hostility"], ref, line, "hostility", report)
        description = clean_text(r["description"], ref, line, "description", report)
        victim = clean_text(r["victim"], ref, line, "victim", report)
        m = UPDATE_RE.search(description)
        if m:
            updates.append((iid, f"ASAM-{m.group(1)}", line))
        incidents.append(
            {
                "incident_id": iid,
                "incident_type": "hostile_act",
                "date_start": day,
                "date_end": day,
                "date_precision": "day",
                "location_text": place_words(description, r["position"]),
                "latitude": repr(round(lat, 6)),
                "longitude": repr(round(lon, 6)),
                "geo_precision": "reported",
                "uncertainty_km": repr(resolution),
                "geo_rule": f"reported: NGA ASAM position, DMS at {'minute' if resolution > 1 else 'second'} resolution; "
                f"NAVAREA {r['navArea'] or '?'}, sub-region {r['subreg'] or '?'}" + ("; 60 carried" if carried else ""),
                "vessel_name": victim,
                "alleged_group": hostility_text,
                "hostility": hostility_of(hostility_text),
                "announced_by": "NGA ASAM",
                "confidence": "single_source",
                "status": "active",
                "notes": description,
            }
        )
        sources.append(
            {
                "incident_id": iid,
                "url": ASAM_URL,
                "title": f"[NGA ASAM export of 2022-06-21 ({path.name}), reference {ref}]",
                "title_basis": "page_text",
                "publisher": ASAM_PUBLISHER,
                "domain": domain_of(ASAM_URL),
                # a copy of NGA's export kept in a public repository: one original, NGA's
                "source_kind": "mirror",
                "original_publisher": ASAM_PUBLISHER,
                "access": "read",
                "published": "",
                "claims": f"{hostility_text or 'no hostility given'}; victim: {victim or 'not given'}",
            }
        )
    finish_rows(incidents, updates, report)
    report.rows_imported = len(incidents)
    write_dataset(Path(out_dir), incidents, sources, report)
    return report


def finish_rows(incidents: list[dict], updates: list[tuple[str, str, int]], report: ImportReport) -> None:
    """Regions from the points, land notes, and the links of updates to the entries they update."""
    if not incidents:
        return
    lats = [float(x["latitude"]) for x in incidents]
    lons = [float(x["longitude"]) for x in incidents]
    regions = geodata.region_of(lats, lons)
    land = geodata.on_land(lats, lons)
    for row, region, is_land in zip(incidents, regions, land, strict=True):
        row["region"] = region
        if is_land:
            row["on_land_reason"] = "position as NGA reports it: often a port, river or anchorage the 1:50m land mask does not resolve"
    by_id = {x["incident_id"]: x for x in incidents}
    for new, old, line in updates:
        if old in by_id and old != new:
            by_id[old]["status"] = "merged"
            by_id[old]["superseded_by"] = new
            report.add(
                old.removeprefix("ASAM-"), line, "description", "update.linked", f"{new} updates {old}", f"{old} kept as merged into {new}"
            )
        else:
            report.add(
                new.removeprefix("ASAM-"), line, "description", "update.missing", old, "imported: the updated entry is not in the file"
            )


def write_dataset(out: Path, incidents: list[dict], sources: list[dict], report: ImportReport) -> None:
    out.mkdir(parents=True, exist_ok=True)

    def csv_text(columns: list[str], rows: list[dict]) -> str:
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="raise")
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") for c in columns})
        return buf.getvalue()

    texts = {
        INCIDENTS.filename: csv_text(INCIDENTS.column_names, incidents),
        SOURCES.filename: csv_text(SOURCES.column_names, sources),
        CORRECTIONS.filename: csv_text(CORRECTIONS.column_names, []),
        "import_report.csv": csv_text(["reference", "line", "column", "rule", "value", "action"], report.lines),
    }
    for name, text in texts.items():
        write_atomic(out / name, lambda tmp, text=text: tmp.write_text(text, encoding="utf-8"))
