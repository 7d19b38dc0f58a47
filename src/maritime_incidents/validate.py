"""Public validation entry point."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from ._errors import Problem, format_report
from ._validate import validate_folder
from .io import resolve


@dataclass(frozen=True)
class Report:
    """Every problem found in a dataset folder; falsy problems list means valid."""

    path: str
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems

    def __str__(self) -> str:
        return format_report(self.problems)


def validate(path: str | os.PathLike | None = None, *, strict: bool = False, progress: Callable[[int], None] | None = None) -> Report:
    """Check a dataset folder (default: the bundled data) against the codebook and every rule.

    `strict` also reports where the files depart from the form the repository keeps (a BOM,
    CRLF, spaces around values, 3.0 for 3, 2025-9-2): valid, but `maritime-incidents fmt` rewrites them.
    `progress` is called with the number of rows checked since its last call.
    """
    folder = resolve(path)
    return Report(str(folder), validate_folder(folder, strict, progress=progress))
