"""Problems and the one report they are collected into."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One broken rule at one place: file, CSV line (header is line 1), column, rule, value."""

    file: str
    row: int  # CSV line number; 0 when the problem is about the whole file
    column: str
    rule: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.row}" if self.row else self.file
        col = f" [{self.column}]" if self.column else ""
        val = self.value if len(self.value) <= 60 else self.value[:57] + "..."
        return f"{where}{col} {self.rule}: {self.message} (value: {val!r})"


class ValidationError(Exception):
    """Raised with every problem found, never only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        return format_report(self.problems)


def format_report(problems: list[Problem]) -> str:
    if not problems:
        return "OK: no problems found"
    files = sorted({p.file for p in problems})
    head = f"{len(problems)} problem(s) in {len(files)} file(s):"
    return "\n".join([head, *(f"  {p}" for p in sorted(problems))])
