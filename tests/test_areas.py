"""Areas: every located incident has the area its words name; point and places lie inside it."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pandas as pd
import pytest
import shapely
from shapely.geometry import Point

import maritime_incidents as mi
from maritime_incidents import areas as areas_mod
from maritime_incidents import geodata, shapes
from maritime_incidents.datafiles import csv_text, read_rows
from maritime_incidents.geocode import is_land_row, locate, named_places
from maritime_incidents.validate import validate

GEOD = shapes.GEOD


@pytest.fixture(scope="module")
def areas():
    return mi.load_areas()


@pytest.fixture(scope="module")
def incidents():
    return mi.load().set_index("incident_id")


def place_point(key: str, *, own: bool = False) -> tuple[float, float]:
    p = geodata.places()[key]
    return (float(p["place_longitude"]), float(p["place_latitude"])) if own else (float(p["longitude"]), float(p["latitude"]))


def area_of(areas, incident_id: str):
    return areas.set_index("incident_id").geometry[incident_id]


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    return GEOD.inv(a[0], a[1], b[0], b[1])[2] / 1000


# --- the shapes are geodesic ---------------------------------------------------------------


@pytest.mark.parametrize("lat", [0.0, 45.0, 62.0])
def test_a_disc_is_round_on_the_earth_not_in_degrees(lat):
    d = shapes.disc(-20.0, lat, 300)
    xy = shapely.get_coordinates(d.exterior)
    dist = [GEOD.inv(-20.0, lat, x, y)[2] / 1000 for x, y in xy]
    assert min(dist) > 299 and max(dist) < 301
    # at 62°N a degree of longitude is half a degree of latitude: the disc is twice as wide as tall in degrees
    minx, miny, maxx, maxy = d.bounds
    assert (maxx - minx) / (maxy - miny) == pytest.approx(1 / math.cos(math.radians(lat)), rel=0.05)


def test_far_apart_phrases_stay_apart_and_near_ones_join():
    near = shapes.combine([shapes.disc(-60, 15, 100), shapes.disc(-58, 15, 100)])
    far = shapes.combine([shapes.disc(-100, 15, 100), shapes.disc(-60, 15, 100)])
    assert near.geom_type == "Polygon" and near.contains(Point(-59, 15))  # the hull holds the gap
    assert far.geom_type == "MultiPolygon" and not far.contains(Point(-80, 15))  # disagreeing sources: two places


# --- the geocoder ------------------------------------------------------------------------------


def test_unspecified_place_has_no_point_and_no_area():
    loc = locate('unspecified; Trump referred to boats "from Venezuela"', "caribbean")
    assert (loc.latitude, loc.longitude, loc.area, loc.geo_precision) == (None, None, None, "unknown")


def test_origins_and_destinations_are_not_locations():
    loc = locate('boarding refused "in the Caribbean Sea" while "en route to Venezuela"', "caribbean")
    assert loc.geo_rule == "sea:caribbean_sea"
    loc = locate("off the coast of Venezuela", "caribbean")
    assert loc.geo_rule == "coast:venezuela:caribbean"


def test_a_bearing_anchor_is_not_a_location():
    named = named_places("approximately 400 nautical miles southwest of the Mexico/Guatemala border", "eastern_pacific", on_land=False)
    assert [(n.key, n.role) for n in named] == [("mexico_guatemala_border", "anchor")]
    loc = locate("approximately 400 nautical miles southwest of the Mexico/Guatemala border", "eastern_pacific")
    border = place_point("mexico_guatemala_border", own=True)
    assert shapes.distance_km(*border, loc.area) > 400  # the border itself is far outside the area


def test_a_distance_off_a_port_is_out_at_sea():
    loc = locate("126 nautical miles off Costa Rica's southern port town of Golfito", "eastern_pacific")
    assert loc.geo_rule == "distance:126 nautical miles from place:golfito"
    golfito = place_point("golfito", own=True)
    assert 40 < km_between(golfito, (loc.longitude, loc.latitude)) < 126 * 1.852 * 1.1
    assert shapes.max_distance_km(*golfito, loc.area) <= 126 * 1.852 * 1.1 + 2


def test_waters_follow_the_words():
    assert locate("in international waters in the Caribbean", "caribbean").waters == "international"
    assert locate("inside Venezuelan waters off the coast of Venezuela", "caribbean").waters == "territorial"
    assert locate("in international waters; Venezuela says inside Venezuelan waters", "caribbean").waters == "disputed"
    assert locate("in the Caribbean", "caribbean").waters == "unknown"


def test_sea_hierarchy_names_the_basin_sea_and_sub_area():
    coast = locate("off the coast of Venezuela", "caribbean")
    assert (coast.basin, coast.sea, coast.sub_area) == ("Atlantic Ocean", "Caribbean Sea", "southern caribbean")
    pacific = locate("in the Eastern Pacific", "eastern_pacific")
    assert (pacific.basin, pacific.sea) == ("Pacific Ocean", "")  # spans the North and South Pacific


# --- the rows the review named ----------------------------------------------------------------


def test_caracas_raid_is_at_caracas_with_its_named_sites(areas, incidents):
    row = incidents.loc["LND-20260103-01"]
    caracas = place_point("caracas", own=True)
    assert km_between(caracas, (row.longitude, row.latitude)) < 5
    area = area_of(areas, "LND-20260103-01")
    for key in ("la_guaira", "catia_la_mar"):
        assert area.contains(Point(*place_point(key, own=True))), key
    assert shapes.max_distance_km(row.longitude, row.latitude, area) < 60


def test_ecuador_strike_is_in_sucumbios(areas, incidents):
    row = incidents.loc["LND-20260306-01"]
    province = geodata.area_shapes()["province:sucumbios"]
    assert province.contains(Point(row.longitude, row.latitude)) and row.geo_precision == "province"
    ecuador = geodata.area_shapes()["country:ecuador"]
    assert area_of(areas, "LND-20260306-01").area < ecuador.area / 5


def test_aquila_ii_is_south_west_of_the_cocos_islands(incidents):
    row = incidents.loc["SZR-20260209-01"]
    cocos = place_point("cocos_keeling", own=True)
    az, _, dist = GEOD.inv(*cocos, row.longitude, row.latitude)
    assert 180 < az % 360 < 270 and dist / 1000 < 500


def test_marinera_area_holds_every_quoted_place(areas):
    area = area_of(areas, "SZR-20260107-01")
    faroes = geodata.country_shapes()["Faeroe Is."]
    assert area.intersects(faroes.buffer(0.3))  # "near the Faroe Islands"
    lon, lat, _ = GEOD.fwd(-18.5, 63.4, 180, 200_000)  # about 200 km south of Iceland's south coast
    assert area.contains(Point(lon, lat))
    assert area.contains(Point(-8.0, 59.0))  # north-west of Scotland


def test_the_unverified_three_boats_claim_is_not_placed(incidents, areas):
    row = incidents.loc["STK-20250902-02"]
    assert row.geo_precision == "unknown" and math.isnan(row.latitude)
    assert "STK-20250902-02" not in set(areas.incident_id)


def test_every_located_incident_has_an_area_holding_its_point(areas, incidents):
    located = incidents[incidents.geo_precision != "unknown"]
    assert set(areas.incident_id) == set(located.index)
    for iid, area in zip(areas.incident_id, areas.geometry, strict=True):
        row = incidents.loc[iid]
        assert area.buffer(0.001).covers(Point(row.longitude, row.latitude)), iid
        assert shapes.max_distance_km(row.longitude, row.latitude, area) == pytest.approx(row.uncertainty_km, abs=0.2), iid


def test_every_named_place_lies_in_its_area(areas, incidents):
    checked = 0
    for iid, area in zip(areas.incident_id, areas.geometry, strict=True):
        row = incidents.loc[iid]
        land = is_land_row({"region": row.region, "on_land_reason": "" if pd.isna(row.on_land_reason) else row.on_land_reason})
        for named in named_places(row.location_text, row.region, on_land=land):
            if named.role == "location":
                checked += 1
                assert shapes.distance_km(named.lon, named.lat, area) <= 1.0, (iid, named.key)
    assert checked >= 5


def test_sea_points_are_at_sea(incidents):
    sea = incidents[(incidents.geo_precision != "unknown") & incidents.on_land_reason.isna()]
    assert not geodata.on_land(sea.latitude, sea.longitude).any()


def test_areas_file_is_reproducible(data_copy: Path):
    before = (data_copy / "areas.geojson").read_bytes()
    from maritime_incidents.geotag import geotag_folder

    (data_copy / "areas.geojson").unlink()
    diffs = geotag_folder(data_copy, write=True)
    assert diffs and (data_copy / "areas.geojson").read_bytes() == before


# --- the validator's area rules ------------------------------------------------------------


def rewrite_areas(folder: Path, edit) -> None:
    doc = json.loads((folder / "areas.geojson").read_text(encoding="utf-8"))
    edit(doc)
    (folder / "areas.geojson").write_text(json.dumps(doc), encoding="utf-8")


def line_of(folder: Path, incident_id: str) -> int:
    with open(folder / "incidents.csv", newline="", encoding="utf-8") as f:
        for n, row in enumerate(csv.DictReader(f), start=2):
            if row["incident_id"] == incident_id:
                return n
    raise KeyError(incident_id)


def feature_holding(doc: dict, incident_id: str) -> dict:
    return next(f for f in doc["features"] if incident_id in f["properties"]["incident_ids"].split("; "))


def problems_by_rule(folder: Path) -> dict[str, list]:
    out: dict[str, list] = {}
    for p in validate(folder).problems:
        out.setdefault(p.rule, []).append(p)
    return out


def test_validator_names_a_place_outside_its_area(data_copy: Path):
    def shrink(doc):
        f = feature_holding(doc, "LND-20260103-01")
        f["geometry"] = shapely.geometry.mapping(shapes.disc(*place_point("caracas", own=True), 5))

    rewrite_areas(data_copy, shrink)
    found = problems_by_rule(data_copy)["area.place_outside"]
    assert {p.value for p in found} == {"la_guaira", "catia_la_mar"}
    assert all(p.file == "incidents.csv" and p.row == line_of(data_copy, "LND-20260103-01") and p.column == "location_text" for p in found)
    assert all(" km outside the area" in p.message for p in found)


def test_validator_names_a_point_outside_and_a_missing_area(data_copy: Path):
    def drop_and_move(doc):
        doc["features"] = [f for f in doc["features"] if "STK-20251230-01" not in f["properties"]["incident_ids"]]
        f = feature_holding(doc, "LND-20260306-01")
        f["geometry"] = shapely.geometry.mapping(shapes.disc(-78.5, -0.2, 20))  # near Quito, not the row's point

    rewrite_areas(data_copy, drop_and_move)
    found = problems_by_rule(data_copy)
    (missing,) = found["area.missing"]
    assert (missing.file, missing.row, missing.column, missing.value) == (
        "incidents.csv",
        line_of(data_copy, "STK-20251230-01"),
        "incident_id",
        "STK-20251230-01",
    )
    (outside,) = found["area.point_outside"]
    assert (outside.row, outside.column) == (line_of(data_copy, "LND-20260306-01"), "latitude")


def edit_incidents(folder: Path, changes: dict[str, dict[str, str]]) -> None:
    """Set cells of incidents.csv: {incident_id: {column: value}}."""
    header, rows = read_rows(folder / "incidents.csv")
    for r in rows:
        r.update(changes.get(r["incident_id"], {}))
    (folder / "incidents.csv").write_text(csv_text(header, rows), encoding="utf-8")


def test_validator_wants_no_point_for_an_unknown_place_and_a_point_otherwise(data_copy: Path):
    edit_incidents(data_copy, {"STK-20250902-02": {"latitude": "11.0", "longitude": "-66.0"}, "STK-20251230-01": {"uncertainty_km": ""}})
    found = problems_by_rule(data_copy)
    assert {(p.row, p.column) for p in found["geo.unknown_has_point"]} == {
        (line_of(data_copy, "STK-20250902-02"), "latitude"),
        (line_of(data_copy, "STK-20250902-02"), "longitude"),
    }
    assert [(p.row, p.column) for p in found["geo.point_missing"]] == [(line_of(data_copy, "STK-20251230-01"), "uncertainty_km")]


def test_validator_reports_a_broken_areas_file(data_copy: Path):
    (data_copy / "areas.geojson").write_text("{not json", encoding="utf-8")
    (p,) = problems_by_rule(data_copy)["file.parse"]
    assert p.file == "areas.geojson"


def test_shipped_data_have_no_area_problem():
    assert not [p for p in validate(mi.bundled_data_dir()).problems if p.rule.startswith(("area.", "geo."))]


def test_words_the_gazetteer_cannot_place_are_reported_not_guessed(data_copy: Path):
    loc = locate('"near the Clipperton Rock" (officials)', "eastern_pacific")
    assert loc.geo_precision == "region"  # the fallback the rule below refuses to leave silent
    edit_incidents(
        data_copy, {"STK-20251022-01": {"location_text": 'Hegseth: "in the Eastern Pacific"; officials: "near the Clipperton Rock"'}}
    )
    (p,) = problems_by_rule(data_copy)["geo.unplaced"]
    where = ("incidents.csv", line_of(data_copy, "STK-20251022-01"), "location_text", "Clipperton Rock")
    assert (p.file, p.row, p.column, p.value) == where
    from click.testing import CliRunner

    from maritime_incidents.cli import cli

    result = CliRunner().invoke(cli, ["geotag", str(data_copy)])
    assert "not placed: Clipperton Rock" in result.output


MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def test_load_areas_of_the_fixture_dataset():
    """One row per located incident, in the incidents' order, with its feature's polygon; the
    unknown place (STK-20250902-02) is left out, and two rows can share one feature."""
    areas = mi.load_areas(MINI)
    assert areas.columns.tolist() == [
        "incident_id", "incident_type", "date_start", "region", "geo_precision", "basin", "sea", "sub_area", "waters", "geometry",
    ]  # fmt: skip
    assert areas.incident_id.tolist() == [
        "DEP-20250814-01", "STK-20250902-01", "STK-20251022-01", "AIR-20251121-01", "PUR-20251220-01",
        "LND-20260103-01", "SZR-20260107-01", "STK-20250902-03",
    ]  # fmt: skip
    assert areas.index.tolist() == list(range(8)) and areas.crs.to_epsg() == 4326
    features = json.loads((MINI / "areas.geojson").read_text(encoding="utf-8"))["features"]
    shared = shapely.geometry.shape(features[5]["geometry"])
    assert areas.geometry[1].equals(shared) and areas.geometry[7].equals(shared)
    assert areas.geometry[3].equals(shapely.geometry.shape(features[0]["geometry"]))


def test_load_areas_without_an_areas_file(mini_copy: Path):
    (mini_copy / "areas.geojson").unlink()
    areas = mi.load_areas(mini_copy)
    assert areas.empty and "incident_id" in areas.columns


def test_load_areas_validates_unless_told_not_to(mini_copy: Path):
    file = mini_copy / "areas.geojson"
    doc = json.loads(file.read_text(encoding="utf-8"))
    doc["features"] = doc["features"][:-1]  # SZR-20260107-01 loses its area: area.missing
    file.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(mi.ValidationError):
        mi.load_areas(mini_copy)
    assert "SZR-20260107-01" not in mi.load_areas(mini_copy, validate=False).incident_id.tolist()


def test_load_areas_skips_a_broken_feature_when_told_not_to_validate(mini_copy: Path):
    file = mini_copy / "areas.geojson"
    doc = json.loads(file.read_text(encoding="utf-8"))
    doc["features"][-1].pop("geometry")  # SZR-20260107-01's feature: not an area
    file.write_text(json.dumps(doc), encoding="utf-8")
    assert "SZR-20260107-01" not in mi.load_areas(mini_copy, validate=False).incident_id.tolist()


# check_places_inside reads the words as the geocoder does, by the row's region and land flag
# (benchmarks/mutation.md: these kill the mutants that dropped either).
FAR_AREA = shapes.disc(-60.0, 15.0, 20.0)  # open sea east of the Antilles: no place of these words lies in it


def places_outside(row: dict[str, str], area=FAR_AREA) -> list[tuple]:
    problems: list = []
    areas_mod.check_places_inside(row, area, 7, problems)
    return [(p.file, p.row, p.column, p.rule, p.value) for p in problems]


def test_a_sea_of_the_row_region_hides_the_town_in_its_name():
    """ "Lake Maracaibo" is a Caribbean sea: on a Caribbean row it names the lake, not the town of Maracaibo."""
    assert places_outside({"location_text": "in Lake Maracaibo", "region": "caribbean"}) == []
    outside = [("incidents.csv", 7, "location_text", "area.place_outside", "maracaibo")]
    assert places_outside({"location_text": "in Lake Maracaibo", "region": "eastern_pacific"}) == outside
    assert places_outside({"location_text": "in Lake Maracaibo"}) == outside  # no region: no sea of it


def test_a_land_row_names_the_town_a_sea_row_measures_from():
    """At sea "50 km north of Caracas" measures from Caracas (an anchor, anywhere); on land Caracas is where."""
    words = "50 km north of Caracas"
    assert places_outside({"location_text": words, "region": "caribbean"}) == []
    land = {"location_text": words, "region": "caribbean", "on_land_reason": "a raid on a town"}
    assert places_outside(land) == [("incidents.csv", 7, "location_text", "area.place_outside", "caracas")]
    # an anchor is skipped, and the places named after it are still checked
    after = {"location_text": "60 nautical miles north of Willemstad and Oranjestad", "region": "caribbean"}
    assert places_outside(after) == [("incidents.csv", 7, "location_text", "area.place_outside", "oranjestad")]


def test_a_place_exactly_at_the_tolerance_is_inside(monkeypatch):
    row = {"location_text": "near La Guaira", "region": "caribbean"}
    lon, lat = place_point("la_guaira")
    area = shapes.disc(lon + 0.05, lat + 0.05, 1.0)  # a few km off the place
    monkeypatch.setattr(areas_mod, "PLACE_TOLERANCE_KM", shapes.distance_km(lon, lat, area))
    assert places_outside(row, area) == []
    monkeypatch.setattr(areas_mod, "PLACE_TOLERANCE_KM", shapes.distance_km(lon, lat, area) - 0.001)
    assert [p[4] for p in places_outside(row, area)] == ["la_guaira"]
