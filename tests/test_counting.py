"""counting: the dataset's counting rules, row by row, on a hand-built table whose totals are
worked out by hand in the comments (data/README.md, *Counting rules*)."""

from __future__ import annotations

import pandas as pd

from maritime_incidents import counting

COLUMNS = [
    "incident_id", "incident_type", "status", "confidence", "vessels", "killed", "killed_low",
    "killed_high", "presumed_dead", "survivors", "latitude", "longitude",
]  # fmt: skip
ROWS = [
    # a strike that counts, with a contested toll 4-7 around 5
    ["A", "strike", "active", "corroborated", "2", "5", "4", "7", "1", "1", "10.5", "-66.0"],
    # an official's claim nobody confirms: listed, never summed
    ["B", "strike", "active", "unverified_claim", "1", "10", "", "", "", "", "11.0", "-67.0"],
    # a retracted strike: not an incident any more
    ["C", "strike", "retracted", "corroborated", "1", "3", "", "", "", "", "", ""],
    # a land strike with only the high end of a range: the low end falls back on killed
    ["D", "land_strike", "active", "single_source", "", "2", "", "4", "", "", "10.0", "-70.0"],
    # a seizure whose place is unknown (no latitude)
    ["E", "seizure", "active", "corroborated", "1", "", "", "", "", "", "", "-64.0"],
    # a seizure with no status and no confidence: active, and counted
    ["F", "seizure", None, None, "1", "", "", "", "", "", "12.0", ""],
    # a strike with no status and no figures: one strike row that adds nothing else
    ["G", "strike", None, "single_source", "", "", "", "", "", "", "9.0", "-80.0"],
    # an unverified land strike: counted apart, as a claim
    ["H", "land_strike", "active", "unverified_claim", "", "6", "", "", "", "", "8.0", "-72.0"],
    # a merged seizure: its number lives in the row it was merged into
    ["I", "seizure", "merged", "corroborated", "1", "", "", "", "", "", "", ""],
]


def table() -> pd.DataFrame:
    return pd.DataFrame(ROWS, columns=COLUMNS).replace("", None)


def test_which_rows_count():
    g = table().set_index("incident_id")
    assert counting.counted(g)[lambda s: s].index.tolist() == ["A", "D", "E", "F", "G"]
    assert counting.is_strike_row(g)[lambda s: s].index.tolist() == ["A", "G"]
    assert counting.is_land_strike_row(g)[lambda s: s].index.tolist() == ["D"]


def test_tally_of_the_hand_built_table():
    assert counting.tally(table()) == {
        "incidents": 7,  # all but the retracted C and the merged I
        "strike_rows": 2,  # A, G
        "vessels_struck": 2,  # A's 2 (G gives none)
        "killed": 5,  # A
        "killed_low": 4,  # A
        "killed_high": 7,  # A
        "presumed_dead": 1,  # A
        "survivors": 1,  # A
        "land_strikes": 1,  # D (H is a claim)
        "killed_on_land": 2,  # D
        "killed_on_land_low": 2,  # D: no low, falls back on killed
        "killed_on_land_high": 4,  # D
        "seizures": 2,  # E, F (I is merged)
        "unverified_claims": 2,  # B, H
        "unplaced": 2,  # E (no latitude), F (no longitude); C and I are not active
    }


def test_row_tallies_per_row():
    """The map adds these per-row numbers up for the rows a filter shows: each row's own share."""
    rows = counting.row_tallies(table().set_index("incident_id"))
    assert list(rows.columns) == list(counting.TALLIES)
    assert (rows.dtypes == "int64").all()
    assert rows.loc["A"].to_dict() == {
        **dict.fromkeys(counting.TALLIES, 0),
        "incidents": 1, "strike_rows": 1, "vessels_struck": 2, "killed": 5, "killed_low": 4,
        "killed_high": 7, "presumed_dead": 1, "survivors": 1,
    }  # fmt: skip
    assert rows.loc["C"].sum() == 0  # a retracted row adds nothing anywhere
    assert rows.loc["G"].to_dict() == {**dict.fromkeys(counting.TALLIES, 0), "incidents": 1, "strike_rows": 1}
    assert rows.loc["D", "killed_on_land_low"] == 2 and rows.loc["D", "killed_on_land_high"] == 4


def test_a_strike_without_a_range_counts_its_toll_at_both_ends():
    g = table()
    g.loc[0, ["killed_low", "killed_high"]] = None
    t = counting.tally(g)
    assert (t["killed_low"], t["killed"], t["killed_high"]) == (5, 5, 5)


def test_a_table_without_the_optional_columns():
    """A user's own table may lack status, confidence or the tolls: every row is active, none a claim."""
    g = pd.DataFrame({"incident_type": ["strike", "seizure", "land_strike"], "killed": ["3", None, "1"]}, index=[7, 8, 9])
    assert counting.tally(g) == {
        **dict.fromkeys(counting.TALLIES, 0),
        "incidents": 3, "strike_rows": 1, "killed": 3, "killed_low": 3, "killed_high": 3, "land_strikes": 1,
        "killed_on_land": 1, "killed_on_land_low": 1, "killed_on_land_high": 1, "seizures": 1, "unplaced": 3,
    }  # fmt: skip
    assert counting.row_tallies(g).index.tolist() == [7, 8, 9]


def test_a_figure_that_is_not_a_number_adds_nothing():
    """The map counts a user's own table too: text in a number column adds 0, it does not stop the count."""
    g = table()
    g.loc[0, "vessels"] = "two"
    t = counting.tally(g)
    assert (t["strike_rows"], t["vessels_struck"], t["killed"]) == (2, 0, 5)
