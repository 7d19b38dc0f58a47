"""Append reviewed rows (from `maritime-incidents draft --json`) to a dataset, with their sources.

The draft proposes; a person reviews the JSON (fixes values, removes rows, sets `_match` to "new"
after checking a "same as" row is really another incident) and `add` appends it. Nothing is
written unless the whole dataset, with the new rows, passes every rule: the new files are built
in a copy of the folder, validated there, and only then moved into place with the atomic writer.
Later changes to an added row go through `correct`, like any published value.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ._errors import ValidationError
from ._validate import validate_folder
from .datafiles import csv_text, read_rows
from .files import write_text, write_utf8
from .geocode import GeocodeError
from .geotag import AREAS_FILE, as_cells, derive, geotag_folder
from .io import resolve
from .schema import INCIDENTS, OFFICIAL_TOTALS, REGIONS, SOURCES
from .sources import confidence_rule, fill_row, load_domains

#: Id prefixes by incident type, as the dataset's rows use them (data/README.md: TYPE-YYYYMMDD-NN).
ID_PREFIX = {
    "strike": "STK",
    "land_strike": "LND",
    "seizure": "SZR",
    "boarding": "BRD",
    "boarding_attempt": "BRD",
    "pursuit": "PUR",
    "deployment": "DEP",
    "blockade": "BLK",
    "airspace_notice": "AIR",
    "operation_announcement": "OPN",
    "hostile_act": "HST",
    "other": "OTH",
}


@dataclass(frozen=True)
class Source:
    """One source a person read for the rows being added."""

    url: str
    title: str
    publisher: str
    published: str = ""


def cell(value: object) -> str:
    """A JSON value as the CSV cell the codebook writes: '' for missing, plain numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a value any column holds")
    if isinstance(value, float) and value.is_integer():
        return repr(value)
    return str(value)


def next_id(prefix: str, day: str, taken: set[str]) -> str:
    stamp = day.replace("-", "")
    n = 1 + max((int(i.rsplit("-", 1)[1]) for i in taken if re.fullmatch(rf"{prefix}-{stamp}-\d+", i)), default=0)
    new = f"{prefix}-{stamp}-{n:02d}"
    taken.add(new)
    return new


def claims_of(row: dict) -> str:
    """What the source says about the incident, in short, from the reviewed values."""
    parts = [f"{row.get('incident_type', '')} on {row.get('date_start') or '?'} in {row.get('region') or '?'}"]
    for k in ("vessels", "killed", "survivors"):
        if row.get(k) not in (None, ""):
            parts.append(f"{k} {row[k]}")
    if row.get("announced_by"):
        parts.append(f"announced by {row['announced_by']}")
    return "; ".join(parts)


def add(
    rows: list[dict],
    sources: list[Source],
    *,
    path: str | os.PathLike | None = None,
    confidence: str | None = None,
    stated_by: str = "",
) -> list[str]:
    """Append the reviewed draft rows to the dataset at `path`; return the ids given.

    Raises ValueError for a draft that cannot be added as it is (not a list of rows, a row still
    marked "same as", no source), and ValidationError with the whole report when the dataset
    with the new rows would break a rule. In both cases nothing is written.
    """
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ValueError("the draft must be a JSON array of rows, as `maritime-incidents draft --json` prints")
    if not rows:
        raise ValueError("the draft holds no rows: nothing to add")
    if not sources:
        raise ValueError("give at least one --source: every row cites what was read")
    folder = resolve(path)
    header, incidents = read_rows(folder / INCIDENTS.filename)
    s_header, source_rows = read_rows(folder / SOURCES.filename)
    totals_file = folder / OFFICIAL_TOTALS.filename
    t_header, total_rows = read_rows(totals_file) if totals_file.exists() else (OFFICIAL_TOTALS.column_names, [])
    taken = {r["incident_id"] for r in incidents}
    taken_totals = {r["total_id"] for r in total_rows}
    domains = load_domains(folder)
    ids: list[str] = []
    for n, row in enumerate(rows, 1):
        table = row.get("_table", "incidents")
        if table == "official_totals":
            new = {c: cell(row.get(c)) for c in t_header}
            if not new.get("as_of"):
                raise ValueError(f"draft row {n} (official total) has no as_of date: set it before adding")
            new["total_id"] = next_id("T", new["as_of"], taken_totals)
            first = sources[0]
            new.update(url=first.url, title=first.title, publisher=first.publisher, published=first.published)
            new["stated_by"] = new.get("stated_by") or stated_by or first.publisher
            total_rows.append(new)
            ids.append(new["total_id"])
            continue
        if table != "incidents":
            raise ValueError(f"draft row {n}: unknown _table {table!r} (incidents or official_totals)")
        match = str(row.get("_match", "new"))
        if match.startswith("same as"):
            raise ValueError(
                f"draft row {n} is marked {match!r}: change that row with `maritime-incidents correct`, "
                'or set _match to "new" once you have checked it is another incident'
            )
        unknown = sorted(k for k in row if not k.startswith("_") and k not in INCIDENTS.column_names)
        if unknown:
            raise ValueError(f"draft row {n} has columns the codebook does not know: {', '.join(unknown)}")
        new = {c: cell(row.get(c)) for c in header}
        kind = new.get("incident_type", "")
        if kind not in ID_PREFIX:
            raise ValueError(f"draft row {n}: incident_type {kind!r} is not in the codebook")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", new.get("date_start", "")):
            raise ValueError(f"draft row {n} has no date_start (YYYY-MM-DD): set it before adding")
        if new.get("geo_precision") != "reported" and new.get("location_text") and new.get("region") in REGIONS:
            # the area and point follow from the reviewed words, as `geotag` re-derives them: never placed by hand
            try:
                new.update(as_cells(derive(new)))
            except GeocodeError as e:
                raise ValueError(f"draft row {n}: {e}") from None
        new["incident_id"] = next_id(ID_PREFIX[kind], new["date_start"], taken)
        new["status"] = new.get("status") or "active"
        cited = []
        for s in sources:
            src = {c: "" for c in s_header}
            src.update(incident_id=new["incident_id"], url=s.url, title=s.title, publisher=s.publisher, published=s.published)
            src["claims"] = claims_of(row)
            missing = fill_row(src, domains)  # domain, kind, original, title basis, access: as `sources --write`
            if missing:
                raise ValueError(f"draft row {n}: {'; '.join(missing)} (add the host to domains.csv first)")
            cited.append(src)
            source_rows.append({k: v for k, v in src.items() if k in s_header})
        # confidence by the codebook's rule; only `unverified_claim` is a person's call
        new["confidence"] = confidence if confidence == "unverified_claim" else (confidence or confidence_rule(cited).level)
        incidents.append(new)
        ids.append(new["incident_id"])
    texts = {INCIDENTS.filename: csv_text(header, incidents), SOURCES.filename: csv_text(s_header, source_rows)}
    if any(r.get("_table") == "official_totals" for r in rows):
        texts[OFFICIAL_TOTALS.filename] = csv_text(list(t_header), total_rows)
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / "data"
        shutil.copytree(folder, trial)
        for name, text in texts.items():
            write_utf8(trial / name, text)
        try:
            geotag_folder(trial, write=True)  # the new rows' areas join areas.geojson
        except GeocodeError:
            pass  # a region the codebook does not know: the validation below reports it with its line
        if (trial / AREAS_FILE).exists():
            texts[AREAS_FILE] = (trial / AREAS_FILE).read_text(encoding="utf-8")
        problems = validate_folder(trial)
        if problems:
            raise ValidationError(problems)
    for name, text in texts.items():
        write_text(folder / name, text)
    return ids
