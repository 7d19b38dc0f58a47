"""load: typed GeoDataFrame holding every seed event with its sources."""

from __future__ import annotations

import pandas as pd

import maritime_incidents as mi
from maritime_incidents.schema import INCIDENTS


def test_load_types():
    g = mi.load()
    assert g.crs.to_epsg() == 4326
    assert list(g.columns[: len(INCIDENTS.columns)]) == INCIDENTS.column_names
    assert str(g["killed"].dtype) == "Int64"
    assert pd.api.types.is_datetime64_any_dtype(g["date_start"])
    assert g["incident_id"].is_unique
    placed = g[g.geometry.notna()]
    assert (placed.geometry.x == placed["longitude"]).all() and (placed.geometry.y == placed["latitude"]).all()
    # a row whose place is unknown is kept, counted, and has no point
    unplaced = g[g.geometry.isna()]
    assert len(unplaced) and (unplaced["geo_precision"] == "unknown").all() and unplaced["latitude"].isna().all()


def seed_rows(g):
    """The events the seed articles name, found by what they are, not by id."""
    strikes = g[g.incident_type == "strike"]
    return {
        "first strike, 2 Sep 2025": strikes[(strikes.date_start == "2025-09-02") & (strikes.killed == 11)],
        "Ford enters SOUTHCOM": g[(g.incident_type == "deployment") & g.vessel_name.fillna("").str.contains("Gerald R. Ford")],
        "Skipper seizure": g[(g.incident_type == "seizure") & (g.vessel_name == "Skipper")],
        "second December seizure": g[
            (g.incident_type == "seizure") & (g.date_start.dt.strftime("%Y-%m") == "2025-12") & (g.vessel_name != "Skipper")
        ],
        "Bella 1 pursuit": g[(g.incident_type == "pursuit") & g.vessel_name.fillna("").str.contains("Bella 1")],
        "blockade of 16 Dec 2025": g[(g.incident_type == "blockade") & (g.date_start == "2025-12-16")],
        "airspace notice": g[g.incident_type == "airspace_notice"],
    }


def test_every_seed_event_is_a_row_with_sources():
    g = mi.load()
    sources = mi.load_sources()
    for name, rows in seed_rows(g).items():
        assert len(rows) >= 1, f"missing seed event: {name}"
        for iid in rows.incident_id:
            cited = sources[sources.incident_id == iid]
            assert len(cited) >= 1, f"{name} ({iid}) has no source"
            assert cited.url.str.startswith("http").all()


def test_every_incident_has_a_source():
    g = mi.load()
    cited = set(mi.load_sources().incident_id)
    assert set(g.incident_id) <= cited


def test_corrections_end_in_the_current_value():
    """A correction's `new` is what the row holds now, unless a later correction changed it again."""
    g = mi.load().set_index("incident_id")
    raw = pd.read_csv(mi.bundled_data_dir() / "incidents.csv", dtype=str, keep_default_na=False).set_index("incident_id")
    c = mi.load_corrections()
    last = c.sort_values("changed_on", kind="stable").groupby(["incident_id", "field"]).tail(1)
    checked = 0
    for r in last.itertuples():
        if r.field in raw.columns:
            checked += 1
            assert raw.at[r.incident_id, r.field] == (r.new or ""), (r.incident_id, r.field)
    assert checked > 0 and len(g) > 0
