"""The map's HTML: standalone, deterministic, and written atomically."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import maritime_incidents as mi
from maritime_incidents.cli import cli
from maritime_incidents.map import json_for_script, map_html, opening_view


def test_same_data_same_bytes(tmp_path: Path):
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    assert CliRunner().invoke(cli, ["map", "-o", str(a)]).exit_code == 0
    assert CliRunner().invoke(cli, ["map", "-o", str(b)]).exit_code == 0
    assert a.read_bytes() == b.read_bytes()
    # branca names elements NAME_<uuid4 hex>; a git commit hash in a source URL is data, not an id
    assert not re.search(r"_[0-9a-f]{32}\b", a.read_text(encoding="utf-8")), "a random branca id is left"


def test_no_external_script_or_stylesheet():
    html = map_html()
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+stylesheet", html)
    assert "cdn.jsdelivr" not in html and "cdnjs" not in html


def test_make_map_is_a_folium_map_that_shows_in_notebooks():
    import folium

    m = mi.make_map()
    assert isinstance(m, folium.Map)
    out = m._repr_html_()
    assert "<iframe srcdoc=" in out and "&lt;script&gt;" in out and "<script" not in out
    assert "not trusted" in out  # the hint an untrusted notebook shows in place of the iframe


def test_json_cannot_close_the_script_element():
    text = json_for_script({"x": "</script><script>alert(1)</script><!--"})
    assert "<" not in text and ">" not in text


def test_invalid_data_writes_no_map(data_copy: Path, tmp_path: Path):
    (data_copy / "incidents.csv").write_text(
        (data_copy / "incidents.csv").read_text(encoding="utf-8").replace(",strike,", ",airstrike,", 1), encoding="utf-8"
    )
    out = tmp_path / "map.html"
    result = CliRunner().invoke(cli, ["map", "-o", str(out), "--data", str(data_copy)])
    assert result.exit_code == 1 and "vocab" in result.output
    assert not out.exists() and not list(tmp_path.glob(".map.part-*"))


def test_failed_write_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    out = tmp_path / "map.html"
    out.write_text("old", encoding="utf-8")

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr("maritime_incidents.map.map_html", boom)
    with pytest.raises(RuntimeError):
        mi.save_map(out)
    assert out.read_text(encoding="utf-8") == "old"


def test_opening_view_frames_the_largest_group_and_leaves_far_rows_to_the_edge_cues():
    """The data's 79 Caribbean and eastern Pacific rows frame the view; Iceland and the Indian Ocean do not."""
    placed = mi.load().dropna(subset=["latitude"])
    (south, west), (north, east) = opening_view(placed.latitude.to_numpy(float), placed.longitude.to_numpy(float))
    inside = placed.latitude.between(south, north) & placed.longitude.between(west, east)
    assert inside.mean() >= 0.75 and west < -100 and east < -50 and north < 40  # the theatre, not the world
    outside = set(placed.loc[~inside, "incident_id"])
    assert {"SZR-20260107-01", "SZR-20260215-01"} <= outside  # near Iceland; in the Indian Ocean
    # every row of the group is inside: the view is the group's own box, not a guess
    assert (placed.loc[inside, "longitude"].min(), placed.loc[inside, "longitude"].max()) == (west, east)


def test_opening_view_holds_every_point_when_no_group_holds_most():
    lat, lon = np.array([10.0, 11.0, 60.0, -30.0]), np.array([-70.0, -71.0, -20.0, 80.0])
    assert opening_view(lat, lon) == [[-30.0, -71.0], [60.0, 80.0]]  # two of four together is not three quarters
    lat, lon = np.array([10.0, 11.0, 12.0, -30.0]), np.array([-70.0, -61.0, -75.0, 80.0])
    assert opening_view(lat, lon) == [[10.0, -75.0], [12.0, -61.0]]  # touching cells are one group
    corners = opening_view(np.array([90.0, -90.0, -90.0, -89.0]), np.array([180.0, -180.0, -180.0, -179.0]))
    assert corners == [[-90.0, -180.0], [-89.0, -179.0]]  # the poles and the antimeridian fall in the grid's edge cells


def test_area_names_say_what_the_words_say_and_tell_areas_apart():
    """Each drawn area is named from its rows' words: no "Several seas", and no two areas share a name."""
    from maritime_incidents.io import load_areas
    from maritime_incidents.map import area_payload, prepare
    from maritime_incidents.mapframe import incident_frame

    frame = prepare(incident_frame(mi.load()))
    areas, codes = area_payload(frame, load_areas(None, validate=False))
    names = [a["name"] for a in areas]
    assert len(set(names)) == len(names), sorted(names)
    assert not {"Several seas", "Area"} & set(names)
    ids = frame["incident_id"].to_numpy()
    name_of = {i: names[c] for i, c in zip(ids, codes, strict=True) if c >= 0}
    southcom = frame.loc[frame["geo_rule"] == "sea:southcom_waters", "incident_id"]
    assert len(southcom) and {name_of[i] for i in southcom} == {"SOUTHCOM waters"}
    indian = sorted({name_of[i] for i in frame.loc[frame["region"] == "indian_ocean", "incident_id"] if i in name_of})
    assert len(indian) == 2 and indian[0] == "Indian Ocean" and "Cocos" in indian[1]
