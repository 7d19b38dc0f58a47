"""The `draft` corpus (tests/fixtures/draft/): real texts, each with the rows a person read from it.

One place for what a fixture is and how it is run, shared by tests/test_draft.py (every field must
match) and benchmarks/draft_bench.py (precision and recall per field), so both read the same
fields of the same files the same way.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from maritime_incidents.draft import Draft, draft

CORPUS = Path(__file__).parent / "fixtures" / "draft"
#: The incident fields each fixture's "expected" rows give (what a person read from the text).
FIELDS = (
    "incident_type",
    "date_start",
    "date_end",
    "date_precision",
    "region",
    "vessels",
    "killed",
    "survivors",
    "announced_by",
    "alleged_group",
    "geo_precision",
)
#: The fields of each running total in a fixture's "totals".
TOTAL_FIELDS = ("killed", "strikes", "qualifier")


def corpus_files(folder: Path = CORPUS) -> list[Path]:
    return sorted(folder.glob("*.json"))


def load_fixture(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def load_corpus(folder: Path = CORPUS) -> list[dict]:
    return [load_fixture(p) for p in corpus_files(folder)]


def run(fx: dict, existing: list[dict[str, str]] | None = None) -> Draft:
    """The draft of a fixture's text, dated by its publication date where the fixture knows it."""
    return draft(fx["text"], date.fromisoformat(fx["published"]) if fx["published"] else None, existing)
