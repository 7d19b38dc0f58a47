"""Property test: CSV -> GeoParquet -> CSV and CSV -> GeoPackage -> CSV lose nothing."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import maritime_incidents as mi
from maritime_incidents.io import read_table, table_csv_text, typed
from maritime_incidents.schema import CORRECTIONS, INCIDENTS, SOURCES

# Text a user might write: any script (Arabic and Hebrew right-to-left, CJK, emoji), quotes,
# commas, newlines; no other control characters and no edge spaces (the validator refuses them).
SAMPLES = ["مرحبا بالعالم", "שלום", "漢字", "🚢⚓", 'quote " and , comma', "line\nbreak", "NaN", "null", "=1+1", "<b>x</b>"]
TEXT = (
    st.one_of(
        st.sampled_from(SAMPLES),
        st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85"), min_size=1, max_size=60),
        st.text(st.sampled_from("ab é中\u202e"), min_size=2000, max_size=9000),
    )
    .map(str.strip)
    .filter(bool)
)
OPTIONAL_TEXT = st.one_of(st.just(""), TEXT)
DATE = st.dates(min_value=pd.Timestamp("0001-01-01").date(), max_value=pd.Timestamp("9999-12-31").date())
COUNT = st.one_of(st.none(), st.integers(min_value=0, max_value=2**31 - 1))


@st.composite
def incident(draw, n: int) -> dict:
    start = draw(DATE)
    end = draw(st.dates(min_value=start, max_value=pd.Timestamp("9999-12-31").date()))
    killed = draw(COUNT)
    reported = draw(st.booleans())
    return {
        "incident_id": f"T-{n:04d}",
        "incident_type": draw(st.sampled_from(["strike", "seizure", "pursuit", "blockade"])),
        "date_start": start.isoformat(),
        "date_end": end.isoformat(),
        "date_precision": "day",
        "region": "other",  # no region box: any valid coordinate, poles and antimeridian included
        "location_text": draw(TEXT),
        "latitude": repr(draw(st.sampled_from([-90.0, 90.0, 0.0, -0.0000001]) | st.floats(-90, 90, allow_nan=False))),
        "longitude": repr(draw(st.sampled_from([-180.0, 180.0, 179.9999999]) | st.floats(-180, 180, allow_nan=False))),
        "geo_precision": "reported" if reported else "region",
        "uncertainty_km": repr(0.0 if reported else draw(st.floats(0.001, 20000, allow_nan=False))),
        "geo_rule": "test",
        "on_land_reason": "generated row: may fall on land",
        "vessel_name": draw(OPTIONAL_TEXT),
        "killed": "" if killed is None else str(killed),
        "killed_low": "" if killed is None else str(killed),
        "killed_high": "" if killed is None else str(killed),
        "notes": draw(OPTIONAL_TEXT),
        "confidence": "single_source",  # one original source each (write_dataset): the rule's level
        "status": "active",
    }


def write_dataset(folder: Path, rows: list[dict]) -> None:
    inc = pd.DataFrame(rows, dtype=str).reindex(columns=INCIDENTS.column_names, fill_value="")
    inc.to_csv(folder / "incidents.csv", index=False, lineterminator="\n")
    pd.DataFrame(
        [
            {
                "incident_id": r["incident_id"],
                "url": "https://example.org/a",
                "title": r["location_text"],
                "title_basis": "headline",
                "publisher": "P",
                "domain": "example.org",
                "source_kind": "original",
                "original_publisher": "P",
                "access": "read",
                "published": "",
                "claims": r["notes"] or "c",
            }
            for r in rows
        ]
    ).reindex(columns=SOURCES.column_names, fill_value="").to_csv(folder / "sources.csv", index=False, lineterminator="\n")
    pd.DataFrame(columns=CORRECTIONS.column_names).to_csv(folder / "corrections.csv", index=False, lineterminator="\n")


def via_csv(frame: pd.DataFrame, table) -> pd.DataFrame:
    frame = pd.DataFrame(frame.drop(columns=[c for c in ("geometry", "bbox") if c in frame.columns]))
    return typed(pd.read_csv(io.StringIO(table_csv_text(frame, table)), dtype=str, keep_default_na=False), table)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.integers(1, 4).flatmap(lambda k: st.tuples(*[incident(i) for i in range(k)])))
def test_roundtrip_loses_nothing(rows):
    with tempfile.TemporaryDirectory() as tmp:
        data, out = Path(tmp) / "data", Path(tmp) / "out"
        data.mkdir()
        write_dataset(data, list(rows))
        report = mi.validate(data)
        assert report.ok, str(report)
        mi.export(out, data)
        original = read_table(data, INCIDENTS)
        pd.testing.assert_frame_equal(via_csv(gpd.read_parquet(out / "incidents.parquet"), INCIDENTS), original)
        pd.testing.assert_frame_equal(via_csv(pyogrio.read_dataframe(out / "incidents.gpkg", layer="incidents"), INCIDENTS), original)
        src = pyogrio.read_dataframe(out / "incidents.gpkg", layer="sources", read_geometry=False)
        pd.testing.assert_frame_equal(via_csv(src, SOURCES), read_table(data, SOURCES))
