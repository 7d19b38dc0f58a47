"""The geocoder's rules, and that every point in the data follows from its words."""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import pytest
import shapely
from click.testing import CliRunner

from maritime_incidents import geocode, geodata, shapes
from maritime_incidents.cli import cli
from maritime_incidents.geocode import REPORTED_KM, GeocodeError, Reader, finish, is_land_row, locate, normalize, to_km, unplaced_phrases
from maritime_incidents.geotag import as_cells, derive
from maritime_incidents.io import bundled_data_dir
from maritime_incidents.place_names import area_name, coast_country_words, display_words, place_words, rule_anchors
from maritime_incidents.schema import REGION_NAMES, REGIONS


def test_bearing_from_border_point_matches_the_worked_example():
    # ~400 nm SW of the Mexico/Guatemala border -> about 9.75 N, 97.00 W (pyproj Geod.fwd)
    r = geocode("approximately 400 nautical miles southwest of the Mexico/Guatemala border", "eastern_pacific")
    assert r.geo_precision == "bearing"
    assert abs(r.latitude - 9.75) < 0.1 and abs(r.longitude + 97.0) < 0.1
    assert 290 <= r.uncertainty_km <= 350  # ±22.5° and ±10 % of 741 km, plus the anchor's own error


def test_coast_depends_on_region():
    carib = geocode("off the coast of Colombia", "caribbean")
    pacific = geocode("off the coast of Colombia", "eastern_pacific")
    assert carib.geo_rule == "coast:colombia:caribbean"
    assert pacific.geo_rule == "coast:colombia:eastern_pacific"
    assert carib.longitude > pacific.longitude


def test_region_fallback_is_honest():
    r = geocode("in international waters", "eastern_pacific")
    assert r.geo_precision == "region" and r.uncertainty_km > 1000


def test_a_sea_of_another_region_is_not_used():
    r = geocode("tracked it from the Caribbean to the Indian Ocean", "indian_ocean")
    assert r.geo_rule == "sea:indian_ocean"


def test_reported_coordinates_are_kept():
    r = geocode("at 12.5N 70.1W", "caribbean", reported=(12.5, -70.1))
    assert (r.latitude, r.longitude, r.geo_precision, r.uncertainty_km) == (12.5, -70.1, "reported", 0.0)


def test_reported_coordinates_give_a_small_area_and_the_sea_hierarchy():
    r = locate("at 12.5N 70.1W in international waters", "caribbean", reported=(12.5, -70.1))
    assert (r.geo_rule, r.waters) == ("reported:coordinates given by a source", "international")
    assert (r.basin, r.sea) == ("Atlantic Ocean", "Caribbean Sea")
    assert r.area.contains(shapely.Point(-70.1, 12.5)) and 1.0 < shapes.max_distance_km(-70.1, 12.5, r.area) <= REPORTED_KM
    land = locate("at 10.65N 66.9W", "caribbean", reported=(10.65, -66.9), on_land=True)  # on the coast, but a land row
    assert (land.basin, land.sea, land.sub_area, land.waters) == ("", "", "", "")


def test_a_land_row_stands_on_its_town_not_in_the_sea_region_beside_it():
    """On land the point is the town's own (a sea row's would move into the row's sea region)."""
    caracas = geodata.places()["caracas"]
    r = locate("in Caracas", "caribbean", on_land=True)
    assert (r.latitude, r.longitude) == (round(float(caracas["place_latitude"]), 4), round(float(caracas["place_longitude"]), 4))


def test_unknown_words_in_unknown_region_fail():
    with pytest.raises(GeocodeError, match="'somewhere' and region 'other'"):
        geocode("somewhere", "other")


def test_every_gazetteer_point_is_at_sea_except_land_areas_and_inland_towns():
    areas = [a for a in geodata.areas().values() if a["kind"] not in ("country", "province")]
    towns = [p for p in geodata.places().values() if not p["derivation"].startswith("inland")]
    assert len(towns) < len(geodata.places())  # Nueva Loja (Sucumbios) is inland
    pts = towns + areas
    land = geodata.on_land([float(p["latitude"]) for p in pts], [float(p["longitude"]) for p in pts])
    assert not land.any(), [p["key"] for p, is_land in zip(pts, land, strict=True) if is_land]


def test_points_in_the_data_follow_from_their_words():
    """Re-derive latitude, longitude, precision, radius and rule from the words: the CSV must agree."""
    with open(bundled_data_dir() / "incidents.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows
    for row in rows:
        want = as_cells(derive(row))
        got = {k: row[k] for k in want}
        assert got == want, row["incident_id"]


def test_geotag_cli_detects_a_hand_placed_point(data_copy: Path):
    path = data_copy / "incidents.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    first = next(csv.reader([text[1]]))
    first[header.index("latitude")] = "14.0000"
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(first)
    text[1] = buf.getvalue().rstrip("\n")
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["geotag", str(data_copy)])
    assert result.exit_code == 1 and "latitude '14.0000' ->" in result.output


def test_build_script_normalises_like_the_geocoder():
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    src = (Path(__file__).resolve().parents[1] / "scripts" / "build_gazetteer.py").read_text()
    assert 're.sub(r"[^\\w.\']+", " ", text)' in src
    for s in ("Mexico–Guatemala border", "Güiria", "Port-of-Spain", "Costa Rica's"):
        assert normalize(s) == " ".join(re.sub(r"[^a-z0-9.']+", " ", normalize(s)).split())


def test_a_named_state_is_its_province_not_the_whole_country():
    """ "in Bolívar state" is the state's area, far smaller than Venezuela's, and holds Ciudad Bolívar."""
    state = locate('"in Bolívar state" (a summary)', "venezuela_land")
    country = locate("in Venezuela", "venezuela_land")
    assert (state.geo_precision, state.geo_rule) == ("province", "province:bolivar")
    assert state.uncertainty_km < country.uncertainty_km / 2
    assert state.area.contains(shapely.Point(-63.55, 8.12))  # Ciudad Bolívar
    assert unplaced_phrases('"in Bolívar state"') == []


def test_a_name_no_alias_covers_is_reported_not_guessed():
    """Bare "Bolívar" also names a Colombian department and an Ecuadorian province: never placed."""
    assert unplaced_phrases("in Bolívar, near Venezuela") == ["Bolívar"]
    assert unplaced_phrases("in the Windward Passage between Cuba and Haiti") == ["Windward Passage"]


@pytest.mark.parametrize(
    ("rule", "region", "name"),
    [
        ("sea:southcom_waters", "other", "SOUTHCOM waters"),
        ("sea:indian_ocean", "indian_ocean", "Indian Ocean"),
        ("region:eastern_pacific", "eastern_pacific", "Eastern Pacific"),
        ("coast:venezuela:caribbean", "caribbean", "Caribbean: off Venezuela"),
        (
            "between:venezuela:caribbean and trinidad_and_tobago:caribbean",
            "caribbean",
            "Caribbean: between Venezuela and Trinidad and Tobago",
        ),
        ("distance:48 nautical miles from coast:venezuela:caribbean", "caribbean", "Caribbean: 48 nautical miles off Venezuela"),
        (
            "bearing:80 nautical miles south of coast:dominican_rep:caribbean",
            "caribbean",
            "Caribbean: 80 nautical miles south of Dominican Republic",
        ),
        ("country:venezuela and its coasts", "venezuela_land", "Venezuela and its coasts"),
        (
            "direction:south west of place:cocos_keeling + direction:west of place:jakarta + coast:sri_lanka:indian_ocean",
            "indian_ocean",
            "Indian Ocean: near Cocos Keeling Islands, Jakarta (Indonesia), Sri Lanka",
        ),
    ],
)
def test_area_names_come_from_the_rule(rule, region, name):
    assert area_name(rule, region) == name


@pytest.mark.parametrize(
    ("rule", "region", "words"),
    [
        ("region:eastern_pacific", "eastern_pacific", "somewhere in the Eastern Pacific"),
        ("province:bolivar", "venezuela_land", "somewhere in Bolívar state"),
        ("place:caracas + place:la_guaira", "venezuela_land", "Venezuela: near Caracas, La Guaira"),
        ("place:acapulco + coast:colombia:eastern_pacific", "eastern_pacific", "Eastern Pacific: near Acapulco (Mexico), Colombia"),
        ("place:les_cayes + coast:haiti:caribbean", "caribbean", "Caribbean: near Les Cayes, Haiti"),
        (
            "bearing:400 nautical miles southwest of place:mexico_guatemala_border",
            "eastern_pacific",
            "Eastern Pacific: 400 nautical miles southwest of Mexico-Guatemala border",
        ),
        ("reported", "caribbean", ""),
        ("unknown:the words name no place", "caribbean", ""),
    ],
)
def test_place_words_say_where_in_plain_words(rule, region, words):
    """The details' "Where": a town's country unless the rule or region names it, a border by its name."""
    assert place_words(rule, region) == words


def test_every_region_of_the_codebook_has_a_name_readers_see():
    """One list of regions: a region added to `schema.REGIONS` without a name would label its areas with nothing."""
    assert set(REGION_NAMES) == set(REGIONS)
    assert [area_name("place:caracas", r).split(":")[0] for r in ("venezuela_land", "gulf_of_mexico")] == ["Venezuela", "Gulf of Mexico"]


# Tests below were written against mutmut's survivors in geocode.py (benchmarks/mutation.md):
# each names the mutant kinds it kills.


def test_normalize_turns_dashes_and_underscores_into_spaces():
    """An en dash is no word character: dropped by the ASCII step it would join the two names."""
    assert normalize("Mexico–Guatemala border") == "mexico guatemala border"
    assert normalize("gulf_of_mexico") == "gulf of mexico"


@pytest.mark.parametrize(
    ("number", "unit", "km"),
    [("1,000", "km", 1000.0), ("12", "nm", 12 * 1.852), ("12", "nmi", 12 * 1.852), ("3", "miles", 3 * 1.609344), ("2", "kilometres", 2.0)],
)
def test_to_km_reads_thousands_and_plural_units(number, unit, km):
    assert to_km(number, unit) == pytest.approx(km)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("gulf_of_mexico", "Gulf of Mexico"),
        ("trinidad_and_tobago", "Trinidad and Tobago"),
        ("gulf of the farallones", "Gulf of the Farallones"),
        ("boca de serpiente", "Boca de Serpiente"),
        ("Cocos (Keeling) Islands", "Cocos (Keeling) Islands"),  # mixed case is kept, not lowered
        ("INDIAN OCEAN", "Indian Ocean"),
    ],
)
def test_display_words_keep_small_words_small(text, words):
    assert display_words(text) == words


def test_coast_country_words_without_aliases_use_the_name_before_coast():
    assert coast_country_words({"name": "Haiti coast (Caribbean)"}) == "Haiti"
    assert coast_country_words({"name": "Haiti coast (Caribbean)", "aliases": ""}) == "Haiti"
    dominican = {"name": "Dominican Rep. coast (Caribbean)", "aliases": "dominican republic|dominican rep"}
    assert coast_country_words(dominican) == "Dominican Republic"


def test_rule_anchors_fall_back_to_another_sea_or_the_key():
    """A coast the gazetteer holds in another sea is still its country; an unknown one is its key in words."""
    assert rule_anchors("coast:venezuela:eastern_pacific") == ["Venezuela"]
    assert rule_anchors("coast:atlantis:caribbean") == ["Atlantis"]


@pytest.mark.parametrize(
    ("rule", "region", "name"),
    [
        ("region:eastern_pacific", "other", "Eastern Pacific"),  # the rule's region, not the row's
        ("country:venezuela + place:caracas", "venezuela_land", "Venezuela"),  # the first part decides
        ("country:atlantis", "other", "Atlantis"),  # a country the gazetteer lacks: its key in words
        ("place:caracas", "other", "Near Caracas (Venezuela)"),  # no region to name: capitalised
        ("place:caracas", "unknown", "Near Caracas (Venezuela)"),
        ("place:caracas", "", "Near Caracas (Venezuela)"),
        ("reported", "unknown", ""),  # nothing to name: no words, not None
        ("distance:coast:venezuela:caribbean", "caribbean", "Caribbean: off Venezuela"),  # no distance words
    ],
)
def test_area_names_without_a_region_or_with_odd_rules(rule, region, name):
    assert area_name(rule, region) == name


@pytest.mark.parametrize(
    ("rule", "region", "words"),
    [
        ("", "caribbean", ""),
        ("sea:southcom_waters", "other", "somewhere in the SOUTHCOM waters"),
        ("country:venezuela and its coasts", "venezuela_land", "somewhere in Venezuela and its coasts"),
    ],
)
def test_place_words_of_seas_countries_and_no_rule(rule, region, words):
    assert place_words(rule, region) == words


def test_unplaced_phrases_skip_months_and_go_on_after_a_known_name():
    assert unplaced_phrases("off Venezuela in January") == []
    assert unplaced_phrases("in the Pacific") == []
    assert unplaced_phrases("in Bolívar state, near the Windward Passage") == ["Windward Passage"]


def test_an_origin_as_the_first_word_is_not_a_location():
    """ "from X" at the very start: the look-behind window must include the text's first character."""
    assert locate("from Venezuela, in the Caribbean Sea", "caribbean").geo_rule == "sea:caribbean_sea"


def test_words_that_meet_a_used_phrase_are_still_free():
    """Spans are half-open (start, end): a phrase ending where a used one starts, or starting where it ends, is free."""
    r = Reader("", "caribbean", on_land=False, used=[(10, 20)])
    assert r.free(0, 10) and r.free(20, 30)
    assert not r.free(0, 11) and not r.free(19, 30) and not r.free(12, 15)


def test_finish_keeps_the_polygons_and_never_empties_an_area():
    """The stored area: the polygons of what the phrases gave (a stray line or point of an
    intersection dropped), and never nothing: an area too small for the 0.001° grid stays as it is."""
    square, far = shapely.box(0, 0, 1, 1), shapely.box(2, 2, 3, 3)
    assert finish(shapely.GeometryCollection([square, shapely.LineString([(2, 2), (3, 3)])])).equals(square)
    multi = finish(shapely.GeometryCollection([shapely.MultiPolygon([square, far]), shapely.Point(5, 5)]))
    assert multi.geom_type == "MultiPolygon" and multi.area == pytest.approx(2.0)
    for tiny in (shapely.box(0, 0, 0.0002, 0.0002), shapely.GeometryCollection([shapely.box(0, 0, 0.0002, 0.0002), shapely.Point(5, 5)])):
        kept = finish(tiny)
        assert not kept.is_empty and kept.area == pytest.approx(0.0002**2)


def test_the_point_moves_into_the_row_region_however_small_its_part():
    """Maracaibo's water point lies in the lake, outside the Caribbean region; a sliver (0.08 square
    degrees) of its 50 km disc is in it, and a Caribbean row's point stands there."""
    r = locate("near Maracaibo", "caribbean")
    assert geodata.area_shapes()["region:caribbean"].contains(shapely.Point(r.longitude, r.latitude))


def test_a_location_lists_the_places_its_words_name():
    r = locate("400 nautical miles southwest of the Mexico/Guatemala border, near Acapulco", "eastern_pacific")
    assert [(n.key, n.role) for n in r.named] == [("mexico_guatemala_border", "anchor"), ("acapulco", "location")]
    off = locate("126 nautical miles off Golfito", "eastern_pacific")  # a distance's place is where, not an anchor
    assert [(n.key, n.role) for n in off.named] == [("golfito", "location")]
    west = locate("west of Jakarta", "indian_ocean")  # a direction's place is its anchor
    assert [(n.key, n.role) for n in west.named] == [("jakarta", "anchor")]
    two = locate("southwest of the Cocos Keeling Islands and west of Jakarta", "indian_ocean")  # two wedges, in the words' order
    assert two.geo_rule == "direction:southwest of place:cocos_keeling + direction:west of place:jakarta"


def test_between_two_ports_is_the_sea_midway():
    r = locate("between Willemstad and Oranjestad", "caribbean")
    assert r.geo_rule == "between:willemstad and oranjestad"
    assert [(n.key, n.role) for n in r.named] == [("willemstad", "location"), ("oranjestad", "location")]
    ends = [geodata.places()[k] for k in ("willemstad", "oranjestad")]
    d = [shapes.GEOD.inv(float(p["place_longitude"]), float(p["place_latitude"]), r.longitude, r.latitude)[2] / 1000 for p in ends]
    assert abs(d[0] - d[1]) < 5 and sum(d) < 140  # the two ports are 127 km apart
    two_words = locate("between Puerto Cabello and La Guaira", "caribbean")
    assert two_words.geo_rule == "between:puerto_cabello and la_guaira"


@pytest.mark.parametrize(
    ("words", "rule"),
    [
        ("in Bolívar state", "province:bolivar"),  # a province is never "and its coasts"
        ("around Venezuela", "country:venezuela and its coasts"),  # "around" as the text's first word
        ("in Venezuela, against a boat from Ecuador", "country:venezuela"),  # an origin is not where
        ("in Ecuador and Venezuela", "country:ecuador + country:venezuela"),  # two countries, in the words' order
    ],
)
def test_land_rows_read_provinces_and_countries(words, rule):
    assert locate(words, "venezuela_land").geo_rule == rule


@pytest.mark.parametrize(
    ("row", "land"),
    [
        ({"region": "venezuela_land"}, True),  # the land region, with or without a reason
        ({"region": "caribbean", "on_land_reason": "a raid on a port"}, True),
        ({"region": "caribbean", "on_land_reason": "  "}, False),
        ({"region": "caribbean"}, False),
        ({}, False),
    ],
)
def test_is_land_row(row, land):
    assert is_land_row(row) is land


@pytest.mark.parametrize(
    ("words", "rule"),
    [
        # a place wins over a coast named in the same words (the anchor's docstring)
        ("126 nautical miles off Costa Rica's port of Golfito", "distance:126 nautical miles from place:golfito"),
        # of two places, the one named first (the other is a place of its own)
        ("60 nautical miles north of Willemstad and Oranjestad", "bearing:60 nautical miles north of place:willemstad + place:oranjestad"),
    ],
)
def test_the_anchor_is_the_first_place_named(words, rule):
    region = "eastern_pacific" if "Golfito" in words else "caribbean"
    assert locate(words, region).geo_rule == rule


@pytest.mark.parametrize(
    ("words", "rule"),
    [
        ("between Willemstad and the open sea", "place:willemstad"),  # one end unknown: no between
        ("between the open sea and Oranjestad", "place:oranjestad"),
    ],
)
def test_between_needs_both_names(words, rule):
    assert locate(words, "caribbean").geo_rule == rule


def test_near_a_port_is_50_km_of_sea_and_a_town_on_land_15_km():
    golfito = geodata.places()["golfito"]
    lon, lat = float(golfito["place_longitude"]), float(golfito["place_latitude"])
    at_sea = locate("near Golfito", "eastern_pacific")
    assert 40 < shapes.max_distance_km(lon, lat, at_sea.area) <= 50 * 1.02
    on_land = locate("in Golfito", "eastern_pacific", on_land=True)
    assert 12 < shapes.max_distance_km(lon, lat, on_land.area) <= 15 * 1.02
