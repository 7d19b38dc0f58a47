"""Change a published value the honest way: assert the old value, set the new, log the change.

Every edit to a row after it is published goes through `correct` (or `maritime-incidents
correct`), so `corrections.csv` holds the full history and nothing is silently overwritten.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

from ._errors import ValidationError
from ._validate import validate_folder
from .datafiles import csv_text, editable_data_dir, read_rows
from .files import locked, write_text, write_utf8
from .schema import CORRECTIONS, INCIDENTS


def correct(
    incident_id: str,
    field: str,
    new: str,
    *,
    old: str,
    reason: str,
    source_url: str = "",
    changed_on: str | None = None,
    path: str | os.PathLike | None = None,
) -> None:
    """Set `field` of one incident from `old` to `new` and record it in corrections.csv.

    Raises PermissionError for the data installed with the package (pass a copy as `path`),
    ValueError if `new` equals `old` or the row does not hold `old` (someone changed it since), and
    ValidationError if the result would not validate; in both cases nothing is written.
    """
    folder = editable_data_dir(path)
    if old == new:
        raise ValueError(f"{incident_id} {field}: the new value is the old value {old!r}; a correction must change something")
    with locked(folder.resolve()):  # two corrections at once: the second reads what the first wrote
        apply_correction(folder, incident_id, field, new, old, reason, source_url, changed_on)


def apply_correction(
    folder: Path, incident_id: str, field: str, new: str, old: str, reason: str, source_url: str, changed_on: str | None
) -> None:
    if field not in INCIDENTS.column_names or field == "incident_id":
        raise ValueError(f"{field!r} is not a correctable column of incidents.csv")
    header, rows = read_rows(folder / INCIDENTS.filename)
    row = next((r for r in rows if r["incident_id"] == incident_id), None)
    if row is None:
        raise ValueError(f"no incident {incident_id!r} in {folder / INCIDENTS.filename}")
    if row[field] != old:
        raise ValueError(f"{incident_id} {field} is {row[field]!r}, not {old!r}: nothing changed")
    row[field] = new
    c_header, c_rows = read_rows(folder / CORRECTIONS.filename)
    c_rows.append(
        {
            "incident_id": incident_id,
            "changed_on": changed_on or date.today().isoformat(),
            "field": field,
            "old": old,
            "new": new,
            "reason": reason,
            "source_url": source_url,
        }
    )
    incidents_text, corrections_text = csv_text(header, rows), csv_text(c_header, c_rows)
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / "data"
        shutil.copytree(folder, trial)
        write_utf8(trial / INCIDENTS.filename, incidents_text)
        write_utf8(trial / CORRECTIONS.filename, corrections_text)
        problems = validate_folder(trial)
        if problems:
            raise ValidationError(problems)
    write_text(folder / INCIDENTS.filename, incidents_text)
    write_text(folder / CORRECTIONS.filename, corrections_text)
