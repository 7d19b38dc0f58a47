"""reconcile: every official total is matched or explained, and the stored sums do not drift."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from click.testing import CliRunner

import maritime_incidents as mi
from maritime_incidents import reconcile as rec
from maritime_incidents.cli import cli


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
