"""Plant known bugs, one at a time, and see which tests catch them: `benchmarks/planted.md`.

Mutation tools (mutmut for Python, StrykerJS for the map's pure core, `benchmarks/mutation.md`)
make small, blind changes. This script plants the bugs a reviewer would plant by hand, where
mutation tools do not reach: the map's DOM parts, which only a real browser runs (counts, details,
the area hit test, the keyboard list, escaping), and whole validator rules switched off. The first
seven are the ones the review behind issue 17 planted (two of them then survived the whole suite).
Those from `popup-mirror-without-original` on each survived the tests of their day: the tests compared a
data attribute, the page's own state or only a size; they now compare what the reader sees (text, ARIA,
pixels, the downloaded file) with values made in Python from the data.

Each plant is a text replacement in a copy of `src/`; the named tests run against that copy
(`PYTHONPATH` puts it first, and subprocesses inherit it). A plant is *caught* when the tests fail
on it, having passed on the unchanged copy. A plant whose text no longer occurs in the code is
reported as such, so this list cannot go stale silently (and `tests/test_planted_bugs.py` checks
that every plant still applies).

    .venv/bin/python benchmarks/planted_bugs.py            # all, writes benchmarks/planted.md
    .venv/bin/python benchmarks/planted_bugs.py counts     # the plants whose name holds "counts"
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PKG = "src/maritime_incidents"
OUT = REPO / "benchmarks" / "planted.md"


@dataclass(frozen=True)
class Plant:
    name: str
    bug: str  # what a user would see
    file: str  # under src/maritime_incidents
    old: str  # must occur exactly once
    new: str
    tests: tuple[str, ...]


def rule_off(name: str, function: str, rule: str, test: str) -> Plant:
    """A validator rule switched off: its check function (a `-> None` one) is shadowed by one that does nothing."""
    old = f"def {function}("
    new = f"def {function}(*a, **k):\n    return None\n\n\ndef {function}__planted_off("
    return Plant(name, f"`{rule}` never reported", "_validate.py", old, new, (test,))


RULES = "tests/test_rules.py"
BROWSER = "tests/test_map_browser.py"
PLANTS: tuple[Plant, ...] = (
    Plant(
        "counts-strikes-twice",
        "the panel's strike rows counted twice",
        "_assets/mi_counts.js",
        '["Strike rows", fmt(s.strike_rows)]',
        '["Strike rows", fmt(2 * s.strike_rows)]',
        (f"{BROWSER}::test_counts_follow_the_datasets_rules",),
    ),
    Plant(
        "counts-killed-zero",
        "the panel's killed at sea forced to 0",
        "_assets/mi_counts.js",
        '["Killed at sea", K.range(s.killed_low, s.killed, s.killed_high)]',
        '["Killed at sea", K.range(0, 0, 0)]',
        (f"{BROWSER}::test_counts_follow_the_datasets_rules",),
    ),
    Plant(
        "details-no-killed",
        "the details' Killed line deleted",
        "_assets/mi_dom.js",
        'addRow(dl, "Killed", ',
        'void (dl, "Killed", ',
        (
            f"{BROWSER}::test_details_say_where_in_pythons_words_without_rule_keys",
            f"{BROWSER}::test_clicking_a_symbol_an_area_and_a_waypoint",
        ),
    ),
    rule_off("rule-range-off", "check_range", "range", RULES),
    rule_off("rule-people-off", "check_people", "people.unsourced", RULES),
    rule_off("rule-links-off", "check_links", "link.*", RULES),
    rule_off("rule-confidence-off", "check_confidence", "confidence.rule", RULES),
    Plant(
        "counting-land-at-sea",
        "land strikes counted as strikes at sea",
        "counting.py",
        '== "land_strike")',
        '== "land strike")',
        ("tests/test_counting.py",),
    ),
    Plant(
        "area-click-largest",
        "a click inside nested areas opens the largest, not the smallest",
        "_assets/mi_draw.js",
        "return size(a) - size(b);",
        "return size(b) - size(a);",
        (f"{BROWSER}::test_a_click_inside_nested_areas_opens_the_smallest",),
    ),
    Plant(
        "list-arrow-skips",
        "ArrowDown in the incident list skips a row",
        "_assets/mi_core.js",
        "ArrowDown: i + 1,",
        "ArrowDown: i + 2,",
        ("tests/test_map_core.py", f"{BROWSER}::test_keyboard_list_enter_opens_escape_returns"),
    ),
    Plant(
        "details-as-html",
        "data text set as HTML (a hostile title runs script)",
        "_assets/mi_dom.js",
        "e.textContent = String(text);",
        "e.innerHTML = String(text);",
        (f"{BROWSER}::test_hostile_text_runs_nothing",),
    ),
    Plant(
        "edge-cue-undercounts",
        "an edge cue counts one incident fewer than are off screen",
        "_assets/mi_edges.js",
        "n = beyond[e].length;",
        "n = Math.max(0, beyond[e].length - 1);",
        (f"{BROWSER}::test_edge_cues_count_what_is_off_screen_and_show_it", f"{BROWSER}::test_every_incident_is_drawn_or_listed"),
    ),
    Plant(
        "download-no-precision",
        "the downloaded rows lose how precise each point is",
        "_assets/mi_download.js",
        "o.geo_precision = P.geo_precisions[C.gp[i]];",
        'o.geo_precision = "";',
        (f"{BROWSER}::test_download_shown_rows",),
    ),
    Plant(
        "list-setsize-wrong",
        "a screen reader hears the list one row shorter than it is",
        "_assets/mi_list.js",
        'li.setAttribute("aria-setsize", String(listed.length));',
        'li.setAttribute("aria-setsize", String(listed.length - 1));',
        (f"{BROWSER}::test_long_list_is_windowed_and_every_row_reachable_by_keyboard",),
    ),
    Plant(
        "histogram-deaths-at-sea-only",
        "the histogram's deaths per month leave out deaths on land",
        "_assets/mi_filter.js",
        'tk = [S.TK.indexOf("killed"), S.TK.indexOf("killed_on_land")];',
        'tk = [S.TK.indexOf("killed")];',
        (f"{BROWSER}::test_histogram_brush_play_and_gap",),
    ),
    Plant(
        "write-leaves-temp-file",
        "a failed write leaves its temporary file beside the target",
        "files.py",
        "            tmp.unlink(missing_ok=True)\n            raise",
        "            raise",
        ("tests/test_writes.py",),
    ),
    Plant(
        "hash-date-rolls-over",
        "a shared link's 2025-02-30 read as 2 March",
        "_assets/mi_core.js",
        "return isoDay(day) === m[0] ? day : null;",
        "return day;",
        ("tests/test_map_core.py",),
    ),
    Plant(
        "popup-mirror-without-original",
        "a source's details call it a mirror but no longer name the original it copies",
        "_assets/mi_dom.js",
        'kind += s[8] ? " of " + s[8] :',
        'kind += s[8] ? "" :',
        (f"{BROWSER}::test_popup_lists_every_source_with_domain_and_kind",),
    ),
    Plant(
        "popup-cited-as-read",
        "a source only cited (never read) is shown as if it had been read",
        "_assets/mi_dom.js",
        's[7] === "cited_only" ? "cited, not read" : ""',
        's[7] === "cited" ? "cited, not read" : ""',
        (f"{BROWSER}::test_popup_lists_every_source_with_domain_and_kind",),
    ),
    Plant(
        "popup-links-first-source",
        "every source link in the details opens the first source",
        "_assets/mi_dom.js",
        'a.setAttribute("href", href);',
        'a.setAttribute("href", safeHref(inc.sources[0][0]) || href);',
        (f"{BROWSER}::test_popup_lists_every_source_with_domain_and_kind",),
    ),
    Plant(
        "details-one-day-for-a-span",
        "the details of a several-day incident give only its first day",
        "_assets/mi_rows.js",
        "o.ds = C.ds[i]; o.de = C.de[i];",
        "o.ds = C.ds[i]; o.de = C.ds[i];",
        (f"{BROWSER}::test_details_say_where_in_pythons_words_without_rule_keys",),
    ),
    Plant(
        "details-km-in-nautical-miles",
        "the details' \"within about N km\" is the uncertainty in nautical miles",
        "_assets/mi_dom.js",
        'Math.round(inc.uncertainty_km).toLocaleString("en-US") + " km";',
        'Math.round(inc.uncertainty_km / 1.852).toLocaleString("en-US") + " km";',
        (f"{BROWSER}::test_details_say_where_in_pythons_words_without_rule_keys",),
    ),
    Plant(
        "legend-counts-totals-only",
        "the legend's \"in filter\" count stays the total when the dates narrow",
        "_assets/mi_counts.js",
        'ui.counts[k].textContent = fmt(perCat[k]) + " / "',
        'ui.counts[k].textContent = fmt(P.totals[k]) + " / "',
        (f"{BROWSER}::test_legend_names_each_type_with_its_counts",),
    ),
    Plant(
        "legend-type-unlabelled",
        "the legend's rows lose their type names (a symbol and a count, no word)",
        "_assets/mi_panel.js",
        'r.appendChild(el("span", "mi-legend-label", c.label));',
        'void c;',
        (f"{BROWSER}::test_legend_names_each_type_with_its_counts",),
    ),
    Plant(
        "panel-toggle-leaves-labels",
        "hiding the panel (or opening a phone's sheet) leaves area labels under it (a real bug, fixed)",
        "_assets/mi_panel.js",
        "S.layer.redraw(); // the labels keep clear",
        "void S.layer; // the labels keep clear",
        ("tests/test_map_drawing.py::test_area_labels_never_collide_nor_cover_symbols_or_the_panel",),
    ),
    Plant(
        "slider-steps-a-week",
        "the date sliders move a week per arrow key, not a day",
        "_assets/mi_panel.js",
        "s.step = 1;",
        "s.step = 7;",
        (f"{BROWSER}::test_slider_by_keyboard",),
    ),
    Plant(
        "search-enter-stays-put",
        "Enter in the search box no longer brings the matches into view",
        "_assets/mi_panel.js",
        "if (S.visible.length === 1) S.openIncident(S.visible[0], search); else S.api.zoomToShown();",
        "if (S.visible.length === 1) S.openIncident(S.visible[0], search);",
        (f"{BROWSER}::test_search_by_vessel_id_place_and_words",),
    ),
    Plant(
        "panel-toggle-says-hide",
        "the panel's button still says \"Hide panel\" once the panel is hidden",
        "_assets/mi_panel.js",
        'toggle.textContent = open ? "Hide panel" : "Show panel";',
        'toggle.textContent = "Hide panel";',
        (f"{BROWSER}::test_panel_collapses",),
    ),
    Plant(
        "histogram-no-death-dots",
        "the histogram's deaths per month are never drawn",
        "_assets/mi_timeline.js",
        'bars[k].death.setAttribute("r", d > 0 ? 2.2 : 0);',
        'bars[k].death.setAttribute("r", 0);',
        (f"{BROWSER}::test_histogram_brush_play_and_gap",),
    ),
    Plant(
        "histogram-bars-flat",
        "every month's bar is as tall as the busiest month's",
        "_assets/mi_timeline.js",
        "var h = ((H - 14) * n) / max",
        "var h = n ? H - 14 : 0",
        (f"{BROWSER}::test_histogram_brush_play_and_gap",),
    ),
    Plant(
        "histogram-title-miscounts",
        "the histogram's description (what a screen reader hears) gives the incidents as the deaths",
        "_assets/mi_timeline.js",
        "total += n; ktotal += d;",
        "total += n; ktotal += n;",
        (f"{BROWSER}::test_histogram_brush_play_and_gap",),
    ),
    Plant(
        "play-not-pressed",
        "a screen reader hears the Play button as not pressed while the months play",
        "_assets/mi_timeline.js",
        'play.textContent = "❚❚ Pause"; play.setAttribute("aria-pressed", "true");',
        'play.textContent = "❚❚ Pause"; play.setAttribute("aria-pressed", "false");',
        (f"{BROWSER}::test_histogram_brush_play_and_gap",),
    ),
    Plant(
        "hash-lat-lon-swapped",
        "a shared link opens on the wrong place (latitude and longitude swapped)",
        "_assets/mi_hash.js",
        "lat: c.lat, lon: c.lng",
        "lat: c.lng, lon: c.lat",
        (f"{BROWSER}::test_url_hash_restores_filters_search_selection_and_view",),
    ),
    Plant(
        "hash-search-box-empty",
        "a shared link filters by its search words but the search box shows none",
        "_assets/incident_map.js",
        "state.query = wanted.query; ui.search.value = wanted.query;",
        "state.query = wanted.query;",
        (f"{BROWSER}::test_url_hash_restores_filters_search_selection_and_view",),
    ),
    Plant(
        "print-note-names-shown-types",
        "the printed page's \"not shown\" names the types that are shown",
        "_assets/mi_print.js",
        "return !state.on[k] && P.totals[k];",
        "return state.on[k] && P.totals[k];",
        (f"{BROWSER}::test_print_note_says_what_the_filter_shows",),
    ),
    Plant(
        "waypoint-position-off-by-one",
        "a waypoint's details say \"position 0 of 3\" for the first",
        "_assets/mi_details.js",
        '" · position " + (n + 1)',
        '" · position " + n',
        (f"{BROWSER}::test_clicking_a_symbol_an_area_and_a_waypoint",),
    ),
    Plant(
        "area-list-newest-first",
        "an area's list of incidents runs newest first, not oldest first",
        "_assets/mi_details.js",
        "return C.ds[a] - C.ds[b];",
        "return C.ds[b] - C.ds[a];",
        (f"{BROWSER}::test_clicking_a_symbol_an_area_and_a_waypoint",),
    ),
    Plant(
        "png-without-incidents",
        "the downloaded PNG of the view has the countries but no incident",
        "_assets/mi_download.js",
        '".leaflet-mi-basemap-pane canvas, .leaflet-mi-points-pane canvas"',
        '".leaflet-mi-basemap-pane canvas"',
        (f"{BROWSER}::test_download_png_of_the_view",),
    ),
    Plant(
        "escape-keeps-panel-details",
        "Escape no longer closes an unplaced row's details in the panel",
        "_assets/mi_details.js",
        "ui.details.hidden = true; S.selected = null;",
        "ui.details.hidden = false; S.selected = null;",
        (f"{BROWSER}::test_every_incident_is_drawn_or_listed",),
    ),
    Plant(
        "basemap-no-credit",
        "the offline countries are drawn without crediting Natural Earth",
        "_assets/mi_basemap.js",
        'map.attributionControl.addAttribution("Countries: Natural Earth");',
        "void 0;",
        (f"{BROWSER}::test_opens_offline_without_errors",),
    ),
    Plant(
        "basemap-drops-tall-countries",
        "the offline basemap leaves out every country that reaches past the top of the view (Russia, the USA...)",
        "_assets/mi_basemap.js",
        "if (b[2] < vx0 || b[0] > vx1 || b[3] < vy0 || b[1] > vy1) return;",
        "if (b[2] < vx0 || b[0] > vx1 || b[1] < vy0 || b[1] > vy1) return;",
        (f"{BROWSER}::test_screenshot_looks_like_a_map",),
    ),
    Plant(
        "payload-coverage-from-last",
        "the panel's coverage starts at the last incident, not the first",
        "map.py",
        '"first": pd.Timestamp(frame["date_start"].min())',
        '"first": pd.Timestamp(frame["date_start"].max())',
        (f"{BROWSER}::test_header_language_and_gap_note",),
    ),
)


def matching(plants: tuple[Plant, ...], words: list[str]) -> list[Plant]:
    return [p for p in plants if not words or any(w in p.name for w in words)]


def occurrences(plant: Plant, root: Path = REPO) -> int:
    return (root / PKG / plant.file).read_text(encoding="utf-8").count(plant.old)


def run_tests(src: Path, tests: tuple[str, ...]) -> tuple[str, float]:
    """'pass', 'fail' or 'error' (pytest's exit code 1 is a failed test; others are not a catch)."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:randomly", "-p", "no:cacheprovider", *tests],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    return {0: "pass", 1: "fail"}.get(done.returncode, f"error {done.returncode}"), time.perf_counter() - start


def try_plant(plant: Plant) -> dict[str, str]:
    found = occurrences(plant)
    if found != 1:
        return {"result": f"does not apply ({found} occurrences)", "seconds": ""}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(REPO / "src", src, ignore=shutil.ignore_patterns("__pycache__"))
        (Path(tmp) / "data").symlink_to(REPO / "data")  # the package finds the repository's data/ beside src/
        before, _ = run_tests(src, plant.tests)
        if before != "pass":
            return {"result": f"tests do not pass unchanged ({before})", "seconds": ""}
        target = src / "maritime_incidents" / plant.file
        target.write_text(target.read_text(encoding="utf-8").replace(plant.old, plant.new), encoding="utf-8")
        after, seconds = run_tests(src, plant.tests)
    result = {"fail": "caught", "pass": "**survived**"}.get(after, after)
    return {"result": result, "seconds": f"{seconds:.0f}"}


def table(rows: list[tuple[Plant, dict[str, str]]]) -> str:
    lines = ["| plant | the bug | tests run | result | s |", "|---|---|---|---|--:|"]
    for p, r in rows:
        tests = ", ".join(f"`{re.sub(r'^tests/', '', t)}`" for t in p.tests)
        lines.append(f"| `{p.name}` | {p.bug} | {tests} | {r['result']} | {r['seconds']} |")
    return "\n".join(lines) + "\n"


def main(words: list[str]) -> int:
    rows = []
    for plant in matching(PLANTS, words):
        r = try_plant(plant)
        print(f"{plant.name}: {r['result']}", flush=True)
        rows.append((plant, r))
    if not words:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
        OUT.write_text(
            "# Planted bugs\n\n"
            f"`benchmarks/planted_bugs.py` on {commit} ({time.strftime('%Y-%m-%d', time.gmtime())}): each bug planted"
            " alone in a copy of `src/`, the named tests run on it (they pass on the unchanged copy).\n\n" + table(rows),
            encoding="utf-8",
        )
    return 0 if all(r["result"] == "caught" for _, r in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
