"""A running total's qualifier is derived from its quote and checked; the coverage shows pointer-only rows."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import maritime_incidents as mi
from maritime_incidents import docs
from maritime_incidents.schema import OFFICIAL_TOTALS, quote_qualifier


@pytest.mark.parametrize(
    ("quote", "figures", "want"),
    [
        ("bringing the death toll ... to at least 46 people", {"killed": "46", "strikes": "10"}, "at least"),
        ("killing more than 140 people and destroying dozens of vessels", {"killed": "140"}, "more than"),
        ("leaving over 80 people dead", {"killed": "80", "vessels": "20"}, "more than"),
        ("Caribbean Toll Tops 230", {"killed": "230"}, "more than"),
        ("nearly 20 strikes ... killed approximately 75 people", {"killed": "75"}, "about"),
        ("At least 26 strikes ... brings the number of people killed to 104", {"killed": "104", "strikes": "26"}, "at least (strikes)"),
        ("at least twenty-nine vessels ... deaths of one hundred five", {"killed": "105", "vessels": "29"}, "at least (vessels)"),
        ("at least seven tankers have been intercepted", {"vessels": "7"}, "at least"),
        ("killing at least 1,200 people", {"killed": "1200"}, "at least"),
        ("more than sixty strikes and over two hundred people killed", {"killed": "200", "strikes": "60"}, "more than"),
        ("toll passes one hundred and five", {"killed": "105"}, "more than"),
        ("the total number of those killed to 115", {"killed": "115"}, ""),
        ("at least 115 killed", {"killed": "15"}, ""),  # the hedge is on another number, not on 15
    ],
)
def test_quote_qualifier(quote: str, figures: dict[str, str], want: str):
    assert quote_qualifier(quote, **figures) == want


def test_every_at_least_or_more_than_toll_has_its_qualifier():
    totals = mi.load_official_totals()
    checked = 0
    for t in totals.dropna(subset=["killed"]).itertuples():
        q = t.quote.lower()
        for hedge in ("at least", "more than"):
            if f"{hedge} {int(t.killed)}" in q:
                assert t.qualifier == hedge, t.total_id
                checked += 1
    assert checked > 100  # the 118 tolls issue 14 found without a qualifier are among them


def test_a_qualifier_that_contradicts_the_quote_is_reported(data_copy: Path):
    path = data_copy / OFFICIAL_TOTALS.filename
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames, list(reader)
    i = next(i for i, r in enumerate(rows) if r["qualifier"] == "at least")
    rows[i]["qualifier"] = ""
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    hits = [p for p in mi.validate(data_copy).problems if p.rule == "totals.qualifier"]
    assert [(h.file, h.row, h.column) for h in hits] == [("official_totals.csv", i + 2, "qualifier")]


def test_coverage_lists_empty_months_and_pointer_only_rows():
    table = docs.coverage_table()
    gdf = mi.load()
    assert "| 2026-07 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |" in table  # a month with no row is shown, not dropped
    pointers = int(docs.pointer_only(gdf).sum())
    assert pointers > 0
    assert table.splitlines()[-1].endswith(f"| **{pointers}** |")
    # pointer-only rows are never called corroborated
    assert not (docs.pointer_only(gdf) & (gdf["confidence"] == "corroborated")).any()
