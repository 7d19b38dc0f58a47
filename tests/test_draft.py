"""`draft`: proposed rows from real release and news texts, and the rules behind them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from maritime_incidents.datafiles import read_rows
from maritime_incidents.draft import MAX_CHARS, DraftError, draft, review_sheet, to_json
from maritime_incidents.io import bundled_data_dir

from .draft_corpus import CORPUS, FIELDS, TOTAL_FIELDS, corpus_files, load_fixture, run

FIXTURES = corpus_files()


def load(name: str) -> dict:
    return load_fixture(CORPUS / f"{name}.json")


def existing_rows() -> list[dict[str, str]]:
    return read_rows(bundled_data_dir() / "incidents.csv")[1]


# A SOUTHCOM release in its usual words, for an incident after the dataset's coverage.
RELEASE = (
    "On July 2, at the direction of SOUTHCOM commander Gen. Francis L. Donovan, Joint Task Force Southern Spear "
    "conducted a lethal kinetic strike on a vessel operated by Designated Terrorist Organizations. Intelligence "
    "confirmed the vessel was transiting along known narco-trafficking routes in the Caribbean and was engaged in "
    "narco-trafficking operations. Eleven male narco-terrorists were killed during this action. Two survived, and "
    "SOUTHCOM immediately notified the U.S. Coast Guard, SOUTHCOM said on X."
)


def test_corpus_is_real_and_large_enough():
    """At least 20 texts, both languages, each with its URL, title and what a person read."""
    corpus = [load_fixture(p) for p in FIXTURES]
    assert len(corpus) >= 20
    assert {fx["id"][:2] for fx in corpus} == {"en", "es"}
    for fx in corpus:
        assert fx["url"].startswith("https://") and fx["title"] and fx["text"]
        assert "expected" in fx and "totals" in fx


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_corpus_text_gives_the_rows_a_person_read(path: Path):
    fx = load_fixture(path)
    d = run(fx)
    got = [p.row() for p in d.incidents]
    assert len(got) == len(fx["expected"]), review_sheet(d)
    for want, row in zip(
        fx["expected"], sorted(got, key=lambda r: [e["region"] for e in fx["expected"]].index(r.get("region") or None)), strict=True
    ):
        for f in FIELDS:
            assert row.get(f) in (None, "") if want[f] is None else row.get(f) == want[f], f"{f}: {row.get(f)!r} != {want[f]!r}"
    totals = [p.row() for p in d.totals]
    assert [[t.get(f) for f in TOTAL_FIELDS] for t in totals] == [[t.get(f) for f in TOTAL_FIELDS] for t in fx["totals"]]


def test_every_value_names_the_words_it_came_from():
    fx = load("en-bankstreet-20251218")
    (p,) = run(fx).incidents
    assert p.values["killed"].words == "killing 5"
    assert p.values["vessels"].words == "2 alleged narco-terrorist vessels"
    assert "Dec. 18" in p.values["date_start"].words
    sheet = review_sheet(run(fx))
    assert 'killed          5  <- "killing 5"' in sheet


def test_numbers_in_words_english_and_spanish():
    (p,) = draft(RELEASE).incidents
    assert p.values["killed"].value == 11 and p.values["survivors"].value == 2
    es = (
        "El 2 de julio, el Comando Sur informó en X que un ataque cinético letal contra una lancha "
        "en el Caribe dejó once narcoterroristas muertos."
    )
    (q,) = draft(es).incidents
    assert q.values["killed"].value == 11


def test_once_at_the_start_of_an_english_sentence_is_not_eleven():
    text = "Once the vessel was struck in the Caribbean on July 2, 2026, three people were killed, SOUTHCOM said."
    (p,) = draft(text).incidents
    assert p.values["killed"].value == 3


def test_today_and_weekdays_resolve_against_the_publication_date():
    today = (
        "Today, at the direction of President Trump, the Department of War carried out a lethal kinetic strike "
        "on a vessel in the Caribbean. Three narco-terrorists were killed, Hegseth wrote on X."
    )
    (p,) = draft(today, date(2025, 11, 6)).incidents
    assert (p.values["date_start"].value, p.values["date_precision"].value) == ("2025-11-06", "day")
    thursday = today.replace("Today", "On Thursday")
    assert draft(thursday, date(2025, 11, 7)).incidents[0].values["date_start"].value == "2025-11-06"  # published Friday
    assert draft(thursday, date(2025, 11, 6)).incidents[0].values["date_start"].value == "2025-11-06"  # same day
    jueves = "Hegseth informó en X que este jueves un ataque contra una lancha en el Caribe dejó tres personas muertas."
    assert draft(jueves, date(2025, 11, 8)).incidents[0].values["date_start"].value == "2025-11-06"


def test_relative_dates_without_publication_date_are_left_for_the_reviewer():
    d = draft(RELEASE.replace("On July 2", "Today"))
    assert "date_start" not in d.incidents[0].values
    assert any("--published" in n for n in d.notes)
    # a month and day without a year too: no year is guessed
    d = draft(RELEASE)
    assert "date_start" not in d.incidents[0].values and any("no year" in n for n in d.notes)


def test_a_month_day_resolves_to_the_year_before_publication():
    (p,) = draft(RELEASE.replace("July 2", "Dec. 29"), date(2026, 1, 2)).incidents
    assert p.values["date_start"].value == "2025-12-29"


def test_an_announcement_day_is_not_the_strike_day():
    """'SOUTHCOM announced Tuesday' dates the post; the strike's own date words win."""
    text = "SOUTHCOM announced Tuesday that on Feb. 16 it conducted a lethal kinetic strike on a vessel in the Caribbean, killing three."
    (p,) = draft(text, date(2026, 2, 17)).incidents
    assert p.values["date_start"].value == "2026-02-16"


def test_multi_region_release_gives_one_row_per_region():
    fx = load("en-anews-two-regions")
    rows = {p.values["region"].value: p.row() for p in run(fx).incidents}
    assert set(rows) == {"eastern_pacific", "caribbean"}
    assert (rows["eastern_pacific"]["vessels"], rows["eastern_pacific"]["killed"]) == (2, 8)
    assert (rows["caribbean"]["vessels"], rows["caribbean"]["killed"]) == (1, 3)


def test_campaign_history_does_not_add_a_region_or_a_toll():
    """Breitbart's story mentions an earlier Eastern Pacific strike and the campaign so far: one Caribbean row."""
    (p,) = run(load("en-breitbart-night")).incidents
    assert p.values["region"].value == "caribbean" and p.values["killed"].value == 6


def test_coast_guard_notice_is_placed_by_the_geocoder():
    (p,) = run(load("en-elbalad-coastguard")).incidents
    assert p.values["location_text"].value == '"approximately 400 nautical miles southwest of the Mexico-Guatemala border"'
    assert p.values["geo_precision"].value == "bearing"
    assert p.values["geo_rule"].value.endswith("place:mexico_guatemala_border")
    assert 8 < p.values["latitude"].value < 11 and -99 < p.values["longitude"].value < -95
    (q,) = run(load("es-krdo-cnn-guardia-costera")).incidents  # the same notice in Spanish
    assert q.values["geo_rule"].value == p.values["geo_rule"].value


@pytest.mark.parametrize("name", ["en-tinn-no-incident", "en-euroscope-no-new-incident"])
def test_a_text_with_no_incident_proposes_nothing_and_says_so(name: str):
    d = run(load(name))
    assert d.proposals == []
    assert any("no incident" in n for n in d.notes)
    assert review_sheet(d).startswith("No rows proposed.")


def test_duplicate_of_an_existing_row_says_which_and_what_differs():
    fx = load("en-bankstreet-20251218")
    (p,) = run(fx, existing_rows()).incidents
    assert p.match == "same as STK-20251218-01" and p.differences == []
    changed = dict(fx, text=fx["text"].replace("killing five", "killing six"))
    (q,) = run(changed, existing_rows()).incidents
    assert q.match == "same as STK-20251218-01"
    assert q.differences == ["killed: proposed 6 vs 5"]


def test_an_incident_after_the_data_is_new():
    (p,) = draft(RELEASE, date(2026, 7, 3), existing_rows()).incidents
    assert p.match == "new"


def test_running_totals_become_official_totals_proposals():
    (t,) = run(load("en-ap-10th-strike")).totals
    row = t.row()
    assert (row["killed"], row["qualifier"], row["as_of"]) == (46, "at least", "2025-10-24")
    assert "46" in row["quote"]


def test_json_rows_use_codebook_columns_and_keep_the_evidence():
    rows = to_json(draft(RELEASE, date(2026, 7, 3), existing_rows()))
    (row,) = rows
    assert row["_table"] == "incidents" and row["_match"] == "new"
    assert row["killed"] == 11 and row["region"] == "caribbean" and row["date_start"] == "2026-07-02"
    assert row["_evidence"]["killed"]["words"].startswith("11 male narco-terrorists were killed")
    json.dumps(rows)  # serialisable as it is


def test_huge_input_is_refused_with_one_sentence():
    with pytest.raises(DraftError, match="at most"):
        draft("x" * (MAX_CHARS + 1))


def test_binary_input_is_refused():
    with pytest.raises(DraftError, match="binary"):
        draft("abc\x00def")


def test_empty_input_is_refused():
    with pytest.raises(DraftError, match="empty"):
        draft("  \n ")


def test_hostile_text_is_only_text():
    """Markup, control characters and odd Unicode in a release stay inert strings in the proposal."""
    text = RELEASE.replace("Designated Terrorist Organizations", "<script>alert(1)</script>\x1b[31m\u202e")
    d = draft(text, date(2026, 7, 3))
    (row,) = to_json(d)
    assert row["killed"] == 11
    assert "\x1b" not in review_sheet(d) and "\u202e" not in review_sheet(d)


def test_long_repetitive_input_finishes():
    """Near the size limit, with words every rule looks at: no rule backtracks without end."""
    filler = ("killed vessel strike Caribbean survivors 1 2 3 " * 4000)[: MAX_CHARS - 1000]
    d = draft(filler + RELEASE, date(2026, 7, 3))
    assert d.incidents


def test_a_quoted_today_counts_from_the_statement_day():
    """'"Today ..." Hegseth said in a statement on Tuesday', in a story of Wednesday: Tuesday."""
    text = (
        '"Today, at the direction of President Trump, the Department of War carried out a lethal kinetic strike on a vessel '
        'in the Eastern Pacific," Hegseth said in a statement on Tuesday. Two people were killed.'
    )
    (p,) = draft(text, date(2025, 11, 5)).incidents
    assert p.values["date_start"].value == "2025-11-04"
    d = draft(text.replace(" on Tuesday", ""), date(2025, 11, 5))
    assert "date_start" not in d.incidents[0].values
    assert any("quotation" in n for n in d.notes)


def test_a_dateline_is_the_publication_date_not_the_strike_date():
    text = (
        "Washington, Estados Unidos, a 31 de diciembre de 2025.- Estados Unidos realizó el martes pasado una operación militar "
        "contra tres embarcaciones en el Pacífico oriental. Tres narcoterroristas fueron abatidos, informó el Comando Sur."
    )
    d = draft(text)
    (p,) = d.incidents
    assert p.values["date_start"].value == "2025-12-30"
    assert any("dateline" in n for n in d.notes)
