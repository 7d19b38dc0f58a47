"""`correct()` as a library call: the defaults it writes into corrections.csv."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

import maritime_incidents as mi
from maritime_incidents.corrections import correct


def last_correction(folder: Path) -> dict[str, str]:
    with open(folder / "corrections.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))[-1]


def test_a_correction_without_source_or_date_is_logged_today_with_no_source(mini_copy: Path):
    correct("STK-20250902-01", "survivors", "2", old="0", reason="a later report", path=mini_copy)
    assert last_correction(mini_copy) == {
        "incident_id": "STK-20250902-01",
        "changed_on": date.today().isoformat(),
        "field": "survivors",
        "old": "0",
        "new": "2",
        "reason": "a later report",
        "source_url": "",
    }
    assert mi.load(mini_copy).set_index("incident_id").at["STK-20250902-01", "survivors"] == 2


def test_a_dated_correction_keeps_its_date_and_source(mini_copy: Path):
    url = "https://example.org/later"
    correct("STK-20250902-01", "survivors", "2", old="0", reason="r", source_url=url, changed_on="2025-12-04", path=mini_copy)
    row = last_correction(mini_copy)
    assert (row["changed_on"], row["source_url"]) == ("2025-12-04", url)


@pytest.mark.parametrize(
    "incident, field, message",
    [
        ("STK-20250902-01", "incident_id", "not a correctable column"),
        ("STK-20250902-01", "toll", "not a correctable column"),
        ("STK-19990101-01", "survivors", "no incident 'STK-19990101-01'"),
    ],
)
def test_what_cannot_be_corrected_is_refused_and_nothing_written(mini_copy: Path, incident: str, field: str, message: str):
    before = {p.name: p.read_bytes() for p in mini_copy.iterdir()}
    with pytest.raises(ValueError, match=message):
        correct(incident, field, "2", old="0", reason="r", path=mini_copy)
    assert {p.name: p.read_bytes() for p in mini_copy.iterdir()} == before
