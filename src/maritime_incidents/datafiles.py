"""The dataset folder on disk: where it is, whether it may be edited, and its CSV files as rows of text.

The one reader of a CSV file into (header, rows) and the one writer of rows back to CSV text
for every module that edits a data file cell by cell (`correct`, `add`, `geotag --write`,
`sources --write`, `fmt`) and for the typed tables of `io` and the export. It imports nothing of
the validator, so the modules the validator uses (`sources`, `tracks`) can use it too.

Text is UTF-8 whatever the locale says (a Windows default, cp1252, would garble every accent
and refuse every arrow); a spreadsheet's byte-order mark is not part of the header; lines end in
"\\n" (the form the repository keeps, `fmt`).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from .schema import INCIDENTS, Table

PACKAGE_DATA = Path(__file__).resolve().parent / "_data"
REPO_DATA = Path(__file__).resolve().parents[2] / "data"


def bundled_data_dir() -> Path:
    """The dataset shipped with the package (wheel) or the repository's `data/` (editable install)."""
    return PACKAGE_DATA if (PACKAGE_DATA / INCIDENTS.filename).exists() else REPO_DATA


def resolve(path: str | os.PathLike | None) -> Path:
    """The dataset folder a command works on: `path`, or the bundled dataset when none is given."""
    return bundled_data_dir() if path is None else Path(path)


def is_installed(folder: Path) -> bool:
    """True for the data inside an installed package (a wheel's `_data`, anything under site-packages)."""
    real = folder.resolve()
    inside = (real, *real.parents)
    return PACKAGE_DATA.resolve() in inside or any(p.name in ("site-packages", "dist-packages") for p in inside)


def editable_data_dir(path: str | os.PathLike | None, *, option: str = "--data DIR") -> Path:
    """The dataset folder an edit may rewrite: never the read-only copy installed with the package.

    An edit there would be lost on the next upgrade and would change every other user's data, so
    it is refused with the way out: copy the folder and name the copy.
    """
    folder = resolve(path)
    if is_installed(folder):
        raise PermissionError(
            f"refusing to edit the data installed with the package ({folder}): it is read-only. "
            f"Copy it (cp -r {folder} mydata) and pass the copy with {option}"
        )
    return folder


def read_rows(file: Path) -> tuple[list[str], list[dict[str, str]]]:
    """A CSV file's header and its rows, every cell as text (a short row's missing cells are None)."""
    with open(file, newline="", encoding="utf-8-sig") as f:  # a spreadsheet's BOM is not part of the header
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def in_codebook_order(table: Table, header: Iterable[str]) -> list[str]:
    """The table's columns in the codebook's order, then the header's columns the codebook does not know."""
    return table.column_names + [h for h in header if h not in table.column_names]


def csv_text(header: list[str], rows: Iterable[Mapping[str, object]]) -> str:
    """Rows as CSV text with `header` as its columns: a missing or None cell is empty, lines end in "\\n".

    A row holding a column not in `header` raises ValueError (a cell would be lost otherwise).
    """
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()
