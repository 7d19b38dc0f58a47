"""The form the repository keeps its CSV files in, and the rewrite that puts a file back into it.

An editor who opens a table in Excel or Google Sheets, or round-trips it through pandas, gets a
file that is still valid (a byte-order mark, CRLF line ends, spaces around a value, 3.0 for 3,
2025-9-2, a pandas index column): `validate` accepts it and `load` reads it. The repository keeps
one form so that diffs show only real changes: UTF-8 without BOM, LF line ends, quotes only where
needed (Python's csv module, as every writer of this package), and each cell as
`_validate.canonical_cell` gives it. `validate --strict` reports every departure from it;
`maritime-incidents fmt` rewrites the files.
"""

from __future__ import annotations

import os
from pathlib import Path

from ._errors import Problem, ValidationError
from ._validate import canonical_cell, read_csv_text
from .datafiles import csv_text
from .files import write_text
from .schema import TABLES, Table


def canonical_text(header: list[str], rows: list[dict[str, str]], table: Table) -> str:
    """A table's rows as the repository keeps them; columns the codebook does not know are kept as they are."""
    columns = {c.name: c for c in table.columns}
    return csv_text(header, ({h: canonical_cell(columns[h], row[h]) if h in columns else row[h] for h in header} for row in rows))


def format_file(path: Path, table: Table) -> str | None:
    """The canonical text of one file, or None if it is already canonical.

    Raises ValidationError when the file cannot be read whole (bad encoding, a broken row): a
    rewrite then would lose what could not be read.
    """
    problems: list[Problem] = []
    parsed = read_csv_text(path, problems)
    if parsed is None or problems:
        raise ValidationError(problems or [Problem(path.name, 0, "", "file.readable", str(path), "cannot read file")])
    header, rows = parsed
    text = canonical_text(header, rows, table)
    return None if path.read_bytes() == text.encode("utf-8") else text


def format_folder(folder: str | os.PathLike, *, write: bool = False) -> list[Path]:
    """The table files of a dataset folder that are not in canonical form; with write, rewrite them.

    Every file is checked before any is rewritten, so an unreadable file leaves all untouched.
    """
    folder = Path(folder)
    changed: dict[Path, str] = {}
    for table in TABLES.values():
        path = folder / table.filename
        if path.exists():
            text = format_file(path, table)
            if text is not None:
                changed[path] = text
    if write:
        for path, text in changed.items():
            write_text(path, text)
    return list(changed)
