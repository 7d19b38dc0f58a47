"""reconcile: every official total is matched or explained, and the stored sums do not drift."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import maritime_incidents as mi
from maritime_incidents import reconcile as rec
from maritime_incidents.cli import cli

# Statements about the small fixture dataset (tests/fixtures/mini), one per kind of match. With
# STK-20251022-01 given a range of 2-5 killed (3 stated) and 1 presumed dead, the strike rows sum to:
# through 2025-09-01 nothing; through 2025-09-02 one row, 11 killed (STK-20250902-01; -02 is an
# unverified claim, -03 merged); through 2025-10-22 two rows, 3 vessels, 14 killed (13-16 by the
# range) and 1 presumed dead.
STATEMENTS = [
    # total_id, as_of, killed, qualifier, explanation, expected match
    ("T-20250901-01", "2025-09-01", "", "", "", "no toll stated"),
    ("T-20250902-01", "2025-09-02", "11", "", "", "exact"),  # the day's own strike counts
    ("T-20251022-01", "2025-10-22", "11", "", "", "before latest incident"),
    ("T-20251022-02", "2025-10-22", "15", "", "", "exact"),  # 14 killed + 1 presumed dead
    ("T-20251022-03", "2025-10-22", "14", "", "", "exact (killed only)"),
    ("T-20251022-04", "2025-10-22", "16", "", "", "within source range"),  # 13+1 .. 16+1
    ("T-20251022-05", "2025-10-22", "12", "more than", "", "hedged, data higher"),
    ("T-20251022-06", "2025-10-22", "30", "", "a later count", "differs"),
    ("T-20251022-07", "2025-10-22", "31", "", "", "differs"),
]


@pytest.fixture
def statements(mini_copy: Path) -> Path:
    """The fixture dataset with a contested, partly presumed toll and the statements above."""
    inc = pd.read_csv(mini_copy / "incidents.csv", dtype=str, keep_default_na=False)
    i = inc.index[inc.incident_id == "STK-20251022-01"][0]
    inc.loc[i, ["killed_low", "killed_high", "presumed_dead", "vessels"]] = ["2", "5", "1", "2"]
    inc.to_csv(mini_copy / "incidents.csv", index=False, lineterminator="\n")
    totals = pd.read_csv(mini_copy / "official_totals.csv", dtype=str, keep_default_na=False)
    base = totals.iloc[1].to_dict()
    rows = [
        {**base, "total_id": tid, "as_of": as_of, "killed": killed, "qualifier": q, "explanation": why,
         "strikes": "", "vessels": "", "quote": f"{q} {killed} killed".strip() if killed else "three boats"}
        for tid, as_of, killed, q, why, _ in STATEMENTS
    ]  # fmt: skip
    rows[1].update(strikes="1", vessels="2")
    rows[2]["notes"] = "NA"  # text, not a missing value: it must survive a rewrite
    pd.DataFrame(rows).to_csv(mini_copy / "official_totals.csv", index=False, lineterminator="\n")
    return mini_copy


def test_each_kind_of_match_on_the_fixture_dataset(statements: Path):
    table = rec.reconcile(statements)
    assert list(zip(table.total_id, table.match, strict=True)) == [(s[0], s[5]) for s in STATEMENTS]
    assert table.as_of.tolist() == [s[1] for s in STATEMENTS]
    sums = table[["data_strike_rows", "data_vessels", "data_killed", "data_presumed_dead"]].values.tolist()
    assert sums == [[0, 0, 0, 0], [1, 1, 11, 0]] + [[2, 3, 14, 1]] * 7
    assert table.killed_difference.tolist()[1:] == [0, -4, 0, -1, 1, -3, 15, 16]
    assert pd.isna(table.killed_difference[0]) and pd.isna(table.stated_killed[0])
    assert table.stated_killed.tolist()[1:] == [11, 11, 15, 14, 16, 12, 30, 31]
    assert table.qualifier[6] == "more than" and table.qualifier[0] == ""
    assert table.explanation[7] == "a later count" and table.stated_by[0] == "Democracy Now! (headline)"
    assert rec.unexplained(table).total_id.tolist() == ["T-20251022-07"]


def test_write_reconciled_stores_the_sums_and_the_match(statements: Path):
    """It keeps every other cell as written (a note reading "NA" too), and reads a file a
    spreadsheet saved with a byte-order mark (the validator accepts one)."""
    file = statements / "official_totals.csv"
    before = pd.read_csv(file, dtype=str, keep_default_na=False)
    file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes())
    rec.write_reconciled(statements)
    after = pd.read_csv(statements / "official_totals.csv", dtype=str, keep_default_na=False)
    assert after.columns.tolist() == before.columns.tolist()
    assert after.match.tolist() == [s[5] for s in STATEMENTS]
    assert after.reconciled_strikes.tolist() == ["0", "1"] + ["2"] * 7
    assert after.reconciled_vessels.tolist() == ["0", "1"] + ["3"] * 7
    assert after.reconciled_killed.tolist() == ["0", "11"] + ["14"] * 7
    assert after.reconciled_presumed_dead.tolist() == ["0", "0"] + ["1"] * 7
    other = [c for c in before.columns if not c.startswith("reconciled_") and c != "match"]
    assert after[other].equals(before[other]) and after.notes[2] == "NA"
    assert file.read_bytes().startswith(b"total_id,")
    assert b"\r" not in (statements / "official_totals.csv").read_bytes()


def test_format_table_sets_statement_and_data_side_by_side(statements: Path):
    table = rec.reconcile(statements)
    table.loc[0, "stated_by"] = "A speaker whose name runs past the column"
    lines = rec.format_table(table).splitlines()
    assert {line.index(" | ") for line in lines[1:-2]} == {len(lines[0].split(" | ")[0])}  # the columns line up
    assert lines[1].startswith("2025-09-01 A speaker whose name runs past t ")
    assert lines[0].split() == [
        "as_of", "stated", "by", "strikes", "vessels", "killed", "|", "rows", "vessels", "killed", "+pres.", "diff", "match",
    ]  # fmt: skip
    assert lines[1].split("|")[1].split() == ["0", "0", "0", "0", "no", "toll", "stated"]
    assert lines[1].split("|")[0].split()[1:] == ["A", "speaker", "whose", "name", "runs", "past", "t"]  # no figure stated
    assert lines[2].split("|")[0].split()[-3:] == ["1", "2", "11"]  # strikes, vessels, killed; no qualifier, no "≥"
    assert lines[7].split()[-10:] == ["≥12", "|", "2", "3", "14", "1", "-3", "hedged,", "data", "higher"]
    assert lines[8].endswith("15  differs — a later count")
    assert lines[9].endswith("16  differs")
    assert lines[-2] == ""
    assert lines[-1] == (
        "exact: 2; differs: 2; no toll stated: 1; before latest incident: 1; "
        "exact (killed only): 1; within source range: 1; hedged, data higher: 1"
    )


def test_every_total_is_matched_or_explained():
    table = rec.reconcile()
    assert len(table) > 50
    assert rec.unexplained(table).empty, rec.unexplained(table).total_id.tolist()


def test_stored_sums_have_not_drifted():
    """official_totals.csv keeps the sums of the last reconcile: a silent data change shows here."""
    table = rec.reconcile().set_index("total_id")
    stored = mi.load_official_totals().set_index("total_id")
    for col, stored_col in (
        ("data_strike_rows", "reconciled_strikes"),
        ("data_vessels", "reconciled_vessels"),
        ("data_killed", "reconciled_killed"),
        ("data_presumed_dead", "reconciled_presumed_dead"),
        ("match", "match"),
    ):
        drift = table[col].astype(str) != stored[stored_col].astype(str)
        assert not drift.any(), f"{col} drifted for {table.index[drift].tolist()}: run `maritime-incidents reconcile --write`"


def test_southcom_tally_of_7_january_matches_exactly():
    """SOUTHCOM to The Intercept: 'As of Jan. 7, 2026 ... 36 go-fast boats destroyed', 123 dead."""
    table = rec.reconcile()
    row = table[(table.as_of == "2026-01-07") & table.stated_by.str.contains("Southern Command")].iloc[0]
    assert row.data_vessels == 36 and row.data_killed + row.data_presumed_dead == 123


def test_classify_rules():
    now = rec.Sums(strikes=10, vessels=12, killed=50, presumed_dead=2, killed_low=48, killed_high=53)
    before = rec.Sums(strikes=9, vessels=11, killed=46, presumed_dead=2, killed_low=44, killed_high=49)
    assert rec.classify(52, "", now, before) == "exact"
    assert rec.classify(50, "", now, before) == "exact (killed only)"
    assert rec.classify(48, "", now, before) == "before latest incident"
    assert rec.classify(54, "", now, before) == "within source range"
    assert rec.classify(40, "at least", now, before) == "hedged, data higher"
    assert rec.classify(70, "", now, before) == "differs"
    assert rec.classify(None, "", now, before) == "no toll stated"
    assert rec.classify(40, "", now, before) == "differs"  # lower than the data, but not hedged
    assert rec.classify(49, "at least", now, before) == "hedged, data higher"  # below killed + presumed dead


def test_the_source_range_includes_its_ends():
    now = rec.Sums(strikes=10, vessels=12, killed=50, presumed_dead=2, killed_low=45, killed_high=55)
    before = rec.Sums(strikes=9, vessels=11, killed=40, presumed_dead=2, killed_low=40, killed_high=40)
    assert rec.classify(47, "", now, before) == "within source range"  # 45 + 2
    assert rec.classify(57, "", now, before) == "within source range"  # 55 + 2
    assert rec.classify(46, "", now, before) == "differs"
    assert rec.classify(58, "", now, before) == "differs"


def test_a_changed_toll_breaks_reconciliation(data_copy: Path):
    """Raise one toll without explaining it: the CLI must fail."""
    inc = pd.read_csv(data_copy / "incidents.csv", dtype=str, keep_default_na=False)
    i = inc.index[inc.incident_id == "STK-20250902-01"][0]
    inc.loc[i, ["killed", "killed_low", "killed_high"]] = "40"
    inc.to_csv(data_copy / "incidents.csv", index=False, lineterminator="\n")
    result = CliRunner().invoke(cli, ["reconcile", str(data_copy)])
    assert result.exit_code == 1
    assert "differ from the data with no explanation" in result.output


def test_correct_asserts_old_value_and_logs(data_copy: Path):
    runner = CliRunner()
    args = ["correct", "STK-20250915-01", "survivors", "1", "--reason", "test", "--on", "2026-11-23", "--data", str(data_copy)]
    refused = runner.invoke(cli, [*args, "--old", "7"])
    assert refused.exit_code == 1 and "nothing changed" in refused.output
    before = mi.load(data_copy).set_index("incident_id").at["STK-20250915-01", "survivors"]
    ok = runner.invoke(cli, [*args, "--old", "" if pd.isna(before) else str(before)])
    assert ok.exit_code == 0, ok.output
    assert mi.load(data_copy).set_index("incident_id").at["STK-20250915-01", "survivors"] == 1
    c = mi.load_corrections(data_copy)
    assert ((c.incident_id == "STK-20250915-01") & (c.field == "survivors") & (c.new == "1")).any()


def test_correct_refuses_an_invalid_value_and_writes_nothing(data_copy: Path):
    before = (data_copy / "incidents.csv").read_bytes()
    result = CliRunner().invoke(
        cli, ["correct", "STK-20250915-01", "killed", "three", "--old", "3", "--reason", "t", "--data", str(data_copy)]
    )
    assert result.exit_code == 1 and "type.int" in result.output
    assert (data_copy / "incidents.csv").read_bytes() == before
