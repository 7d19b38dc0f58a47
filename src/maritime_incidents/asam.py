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
import hashlib
import io
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import geodata
from ._validate import MAX_TEXT
from .files import write_folder, write_utf8
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


REPORT_COLUMNS = ["reference", "line", "column", "rule", "value", "action"]
#: Rows converted between two passes of regions and land checks (vectorised): bounds the memory an import holds.
CHUNK_ROWS = 20_000


@dataclass
class ImportReport:
    """What happened to every row: imported, changed on the way in, or not imported and why.

    Lines go straight to `sink` (a csv.DictWriter on import_report.csv) when one is set, so a
    large import does not hold them; the counts by rule are kept.
    """

    source: str
    rows_read: int = 0
    rows_imported: int = 0
    by_rule: Counter = field(default_factory=Counter)
    rejected: int = 0
    sink: csv.DictWriter | None = None
    lines: list[dict] = field(default_factory=list)  # only without a sink

    def add(self, reference: str, line: int, column: str, rule: str, value: str, action: str) -> None:
        entry = {"reference": reference, "line": line, "column": column, "rule": rule, "value": value, "action": action}
        self.by_rule[rule] += 1
        self.rejected += action.startswith("not imported")
        if self.sink is not None:
            self.sink.writerow(entry)
        else:
            self.lines.append(entry)

    def count(self, rule: str) -> int:
        return self.by_rule[rule]

    def summary(self) -> str:
        parts = ", ".join(f"{k}: {v}" for k, v in sorted(self.by_rule.items()))
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
    value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(value) > MAX_TEXT:
        report.add(
            ref,
            line,
            column,
            "text.too_long",
            f"{len(value):,} characters: {value[:60]}...",
            f"normalised: cut to the codebook's {MAX_TEXT:,} characters (the export keeps the whole text)",
        )
        value = value[: MAX_TEXT - 1] + "…"
    return value


def place_words(description: str, position: str) -> str:
    head = description.split(":", 1)[0].strip() if ":" in description[:60] else ""
    pos = " ".join(p.strip() for p in position.split("\n") if p.strip())
    return f"{head} (NGA position {pos})" if head else f"NGA position {pos}"


def read_asam(path: Path, progress: Callable[[int], None] | None = None) -> Iterator[tuple[int, dict[str, str]]]:
    """The export's rows with their CSV line numbers, one at a time; `progress` gets the bytes read.

    A missing column is one clear error, not a crash; a cell of any length is read whole (the
    csv module's 131,072-character limit is raised in `_validate`).
    """
    with open(path, "rb") as raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        header = [h for h in (reader.fieldnames or []) if h]
        missing = [c for c in EXPECTED_COLUMNS if c not in header]
        if missing:
            raise ValueError(f"{path.name}: not an ASAM export: missing column(s) {', '.join(missing)}")
        done = 0
        for n, row in enumerate(reader, start=1):
            line = reader.line_num - sum(str(v).count("\n") for v in row.values() if v)
            yield line, {k: (v or "") for k, v in row.items() if k}
            if progress and n % 2000 == 0:
                pos = raw.tell()
                progress(pos - done)
                done = pos
        if progress:
            progress(raw.tell() - done)


def import_asam(path: str | os.PathLike, out_dir: str | os.PathLike, *, progress: Callable[[int], None] | None = None) -> ImportReport:
    """Convert an ASAM export to a dataset folder in out_dir; return the report (also written there).

    The rows stream through in chunks (regions and land checked per chunk) and are written as they
    come, so memory grows with the number of references kept for the duplicate and update checks,
    not with the file; the folder is swapped in whole at the end (`files.write_folder`).
    `progress` is called with the number of bytes read since its last call.
    """
    path = Path(path)
    report = ImportReport(source=path.name)
    names = {INCIDENTS.filename, SOURCES.filename, CORRECTIONS.filename, "import_report.csv"}

    def build(tmp: Path) -> None:
        stage = tmp / f".{INCIDENTS.filename}.stage"
        with (
            open(stage, "w", newline="", encoding="utf-8") as inc_f,
            open(tmp / SOURCES.filename, "w", newline="", encoding="utf-8") as src_f,
            open(tmp / "import_report.csv", "w", newline="", encoding="utf-8") as rep_f,
        ):
            incidents_out = csv.DictWriter(inc_f, fieldnames=INCIDENTS.column_names, lineterminator="\n", extrasaction="raise")
            sources_out = csv.DictWriter(src_f, fieldnames=SOURCES.column_names, lineterminator="\n", extrasaction="raise")
            report.sink = csv.DictWriter(rep_f, fieldnames=REPORT_COLUMNS, lineterminator="\n")
            for w in (incidents_out, sources_out, report.sink):
                w.writeheader()
            ids, updates = convert_rows(path, report, incidents_out, sources_out, progress)
            link_updates(ids, updates, report)
            report.sink = None
        merged = {old: new for new, old, _ in updates if old in ids and old != new}
        with (
            open(stage, newline="", encoding="utf-8") as staged,
            open(tmp / INCIDENTS.filename, "w", newline="", encoding="utf-8") as inc_f,
        ):
            w = csv.DictWriter(inc_f, fieldnames=INCIDENTS.column_names, lineterminator="\n")
            w.writeheader()
            for row in csv.DictReader(staged):
                if row["incident_id"] in merged:
                    row["status"], row["superseded_by"] = "merged", merged[row["incident_id"]]
                w.writerow(row)
        stage.unlink()
        write_utf8(tmp / CORRECTIONS.filename, ",".join(CORRECTIONS.column_names) + "\n")

    write_folder(out_dir, build, names=names)
    return report


def convert_rows(
    path: Path,
    report: ImportReport,
    incidents_out: csv.DictWriter,
    sources_out: csv.DictWriter,
    progress: Callable[[int], None] | None,
) -> tuple[set[str], list[tuple[str, str, int]]]:
    """Convert every row, writing incidents and sources chunk by chunk; return the ids and the update links."""
    seen: dict[str, tuple[int, bytes]] = {}  # reference -> (first line, digest of its content)
    ids: set[str] = set()
    updates: list[tuple[str, str, int]] = []
    incidents: list[dict] = []
    sources: list[dict] = []

    def flush() -> None:
        finish_rows(incidents)
        incidents_out.writerows(incidents)
        sources_out.writerows(sources)
        incidents.clear()
        sources.clear()

    for line, r in read_asam(path, progress):
        report.rows_read += 1
        converted = convert_row(path, line, r, seen, report)
        if converted is None:
            continue
        incident, source = converted
        m = UPDATE_RE.search(incident["notes"])
        if m:
            updates.append((incident["incident_id"], f"ASAM-{m.group(1)}", line))
        ids.add(incident["incident_id"])
        incidents.append(incident)
        sources.append(source)
        report.rows_imported += 1
        if len(incidents) >= CHUNK_ROWS:
            flush()
    flush()
    return ids, updates


def convert_row(
    path: Path, line: int, r: dict[str, str], seen: dict[str, tuple[int, bytes]], report: ImportReport
) -> tuple[dict, dict] | None:
    """One ASAM row as an incident and its source, or None (reported) when it is not imported."""
    ref = r["reference"].strip()
    digest = hashlib.blake2b("\x1f".join(r.get(c, "") for c in EXPECTED_COLUMNS).encode("utf-8"), digest_size=16).digest()
    if not re.fullmatch(r"\d{4}-\d+", ref):
        report.add(ref, line, "reference", "reference.format", ref, "not imported: a reference is YYYY-N")
        return None
    iid = f"ASAM-{ref}"
    if ref in seen:
        first_line, first_digest = seen[ref]
        if first_digest == digest:
            report.add(ref, line, "reference", "duplicate.exact", ref, f"not imported: exact duplicate of line {first_line}")
            return None
        iid = f"ASAM-{ref}-{line}"
        report.add(ref, line, "reference", "duplicate.reference", ref, f"imported as {iid}: reference reused by line {first_line}")
    else:
        seen[ref] = (line, digest)
    try:
        day = date.fromisoformat(r["date"].strip()).isoformat() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["date"].strip()) else None
        if day is None:
            raise ValueError
    except ValueError:
        report.add(ref, line, "date", "date.invalid", r["date"], "not imported: the date is not a YYYY-MM-DD calendar date")
        return None
    try:
        lat, lon, carried, resolution = parse_position(r["position"])
    except ValueError as e:
        report.add(ref, line, "position", "position.invalid", r["position"].replace("\n", " / ")[:200], f"not imported: {e}")
        return None
    for part in carried:
        report.add(ref, line, "position", "position.carry60", part, "normalised: a 60 in minutes/seconds carried into the next unit")
    if ref[:4] != day[:4]:
        report.add(ref, line, "reference", "reference.year", f"{ref} / {day}", "imported: reference year differs from the date (kept)")
    hostility_text = clean_text(r["hostility"], ref, line, "hostility", report)
    description = clean_text(r["description"], ref, line, "description", report)
    victim = clean_text(r["victim"], ref, line, "victim", report)
    incident = {
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
    source = {
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
        "claims": f"{hostility_text or 'no hostility given'}; victim: {victim or 'not given'}"[:MAX_TEXT],
    }
    return incident, source


def finish_rows(incidents: list[dict]) -> None:
    """Regions from the points and land notes, for one chunk of rows."""
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


def link_updates(ids: set[str], updates: list[tuple[str, str, int]], report: ImportReport) -> None:
    """ "(Update of entry 2022-137)": the earlier entry is kept as merged into the update (applied when the rows are rewritten)."""
    for new, old, line in updates:
        if old in ids and old != new:
            report.add(
                old.removeprefix("ASAM-"), line, "description", "update.linked", f"{new} updates {old}", f"{old} kept as merged into {new}"
            )
        else:
            report.add(
                new.removeprefix("ASAM-"), line, "description", "update.missing", old, "imported: the updated entry is not in the file"
            )
