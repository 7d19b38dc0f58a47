"""The ASAM importer on the real export: every row imported or reported, the result validates."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

import maritime_incidents as mi
from maritime_incidents.asam import hostility_of, import_asam, parse_dms, parse_position
from maritime_incidents.cli import cli


@pytest.fixture(scope="module")
def imported(tmp_path_factory, asam_export: Path):
    out = tmp_path_factory.mktemp("asam")
    report = import_asam(asam_export, out)
    return out, report


def test_dms_parsing_and_the_60_rule():
    assert parse_dms("13°14'00\"N") == (pytest.approx(13 + 14 / 60), False)
    assert parse_dms("5°60'00\"S") == (pytest.approx(-6.0), True)
    assert parse_dms("103°31'00\"E")[0] == pytest.approx(103 + 31 / 60)
    with pytest.raises(ValueError, match="three digits"):
        parse_dms("101°22'010\"E")
    with pytest.raises(ValueError):
        parse_dms("91°00'00\"N")
    with pytest.raises(ValueError, match="latitude then longitude"):
        parse_position("65°35'00\"W\n13°14'00\"N")


def test_hostility_vocabulary():
    assert hostility_of("Pirates") == "piracy"
    assert hostility_of("suspicous approach") == "suspicious_approach"
    assert hostility_of("") == "unknown"
    assert hostility_of("Pirate hijacking") == "hijacking"
    assert hostility_of("Greenpeace activists") == "other"


def test_every_row_is_imported_or_reported(imported, asam_export: Path):
    out, report = imported
    with open(asam_export, newline="", encoding="utf-8") as f:
        read = sum(1 for _ in csv.DictReader(f))
    assert report.rows_read == read == 8642
    assert report.rows_imported + report.rejected == read
    rows = list(csv.DictReader(open(out / "import_report.csv", newline="", encoding="utf-8")))
    assert sum(r["action"].startswith("not imported") for r in rows) == report.rejected
    # the 60-minute rule: each normalised part is reported with its reference (378 rows of this export)
    carried = [r for r in rows if r["rule"] == "position.carry60"]
    assert len({r["reference"] for r in carried}) == 378
    assert all(r["reference"] and r["value"].count("60") for r in carried)


def test_result_validates_and_loads(imported):
    out, _ = imported
    assert mi.validate(out).ok
    g = mi.load(out)
    assert (g.incident_type == "hostile_act").all()
    assert g.hostility.notna().all()
    row = g.set_index("incident_id").loc["ASAM-2022-146"]
    assert row.latitude == pytest.approx(46 + 37 / 60 + 50.89 / 3600, abs=1e-5)
    assert row.longitude == pytest.approx(31 + 35 / 60 + 1.64 / 3600, abs=1e-5)


def test_update_is_linked(imported):
    g = mi.load(imported[0]).set_index("incident_id")
    assert g.at["ASAM-2022-137", "status"] == "merged"
    assert g.at["ASAM-2022-137", "superseded_by"] in g.index


def test_cli_import_and_context_map(tmp_path, asam_export: Path):
    runner = CliRunner()
    result = runner.invoke(cli, ["import", "asam", str(asam_export), "-o", str(tmp_path / "asam")])
    assert result.exit_code == 0, result.output
    assert "8642 rows read" in result.output and "OK:" in result.output
    result = runner.invoke(cli, ["map", "-o", str(tmp_path / "m.html"), "--context", str(tmp_path / "asam")])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "m.html").read_text(encoding="utf-8")
    assert "Context: NGA ASAM reports" in html


def test_not_an_asam_file_is_one_clear_error(tmp_path):
    bad = tmp_path / "x.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", "asam", str(bad), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1 and "missing column(s)" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "o").exists()


@pytest.mark.browser
def test_context_layer_in_the_browser(browser, tmp_path, imported):
    from .browser import open_map

    out = mi.save_map(tmp_path / "m.html", context=mi.load(imported[0]), context_label="Context: ASAM")
    m = open_map(browser, Path(out))
    st = m.js("window.miMap.state()")
    n_campaign = int((mi.load().status != "merged").sum())  # a row with no known place is listed, not drawn
    n_context = int((mi.load(imported[0]).status != "merged").sum())
    assert st["visible"] == n_campaign + n_context
    m.page.click("input[data-category='context']")
    assert m.js("window.miMap.state().visible") == n_campaign
    assert m.errors_other_than_tiles() == []
