"""sources: host and kind derived from the URL, titles by basis, and the confidence rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import maritime_incidents as mi
from maritime_incidents import sources as src
from maritime_incidents.cli import cli
from maritime_incidents.datafiles import csv_text, read_rows
from maritime_incidents.schema import CONFIDENCE_RULE, COUNTING_KINDS, SOURCE_KINDS, SOURCES


def write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    path.write_text(csv_text(header, rows), encoding="utf-8")


def line_of(rows: list[dict[str, str]], index: int) -> int:
    """The CSV line of rows[index] (header is line 1; no cell of these files spans lines)."""
    return index + 2


# --- derived cells ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.cbsnews.com/news/x/", "cbsnews.com"),
        ("http://WWW.Example.ORG:8080/a?b=1", "example.org"),
        ("https://www-scmp-com.libproxy1.nus.edu.sg/x", "www-scmp-com.libproxy1.nus.edu.sg"),
        ("https://en.mercopress.com/2025/12/05/x", "en.mercopress.com"),
    ],
)
def test_domain_is_the_host_without_www(url, domain):
    assert src.domain_of(url) == domain


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("https://www.wionews.com/world/trump-turns-up-heat-on-venezuela-1765933286118", "trump turns up heat on venezuela"),
        ("https://qazinform.com/news/us-strikes-kill-eight-on-vessels-9b027b", "us strikes kill eight on vessels"),
        ("https://www.devdiscourse.com/article/law-order/3808522-us-command-targets-vessels", "us command targets vessels"),
        ("https://kvia.com/news/2025/11/02/3-killed-in-latest-us-strike/", "3 killed in latest us strike"),
        ("https://www.southcom.mil/News/Article/4388870/lethal-kinetic-strike-jan-23-2026/", "lethal kinetic strike jan 23 2026"),
        ("https://airwars.org/?p=264353", ""),
        ("https://tass.com/world/2042217", ""),
    ],
)
def test_address_descriptor_keeps_words_and_drops_ids(url, words):
    assert src.address_descriptor(url) == words


DOMAINS = {
    "straitstimes.com": {"domain": "straitstimes.com", "kind": "original", "owner": "The Straits Times"},
    "efinder.lk": {"domain": "efinder.lk", "kind": "aggregator", "owner": "eFinder"},
    "webjosh.com": {"domain": "webjosh.com", "kind": "mirror", "owner": "webjosh.com"},
    "x.com": {"domain": "x.com", "kind": "forum", "owner": "X"},
    "news.antiwar.com": {"domain": "news.antiwar.com", "kind": "original", "owner": "Antiwar.com"},
}


@pytest.mark.parametrize(
    ("url", "publisher", "kind", "original"),
    [
        ("https://www.straitstimes.com/a", "Reuters (via Straits Times)", "wire_copy", "Reuters"),
        ("https://www.straitstimes.com/b", "Reuters", "wire_copy", "Reuters"),
        ("https://www.straitstimes.com/c", "The Straits Times", "original", "The Straits Times"),
        ("https://efinder.lk/news/x", "Associated Press (aggregated by eFinder)", "aggregator", "Associated Press"),
        ("https://webjosh.com/x", "AP (mirror)", "mirror", "Associated Press"),
        ("https://webjosh.com/y", "webjosh (repost)", "mirror", ""),
        ("https://x.com/SecWar/status/1", "Pete Hegseth", "official", "Pete Hegseth"),
        ("https://x.com/someone/status/2", "someone", "forum", "someone"),
        ("https://news.antiwar.com/x", "Antiwar.com (citing The New York Times)", "secondary", "The New York Times"),
    ],
)
def test_fill_row_derives_kind_and_original(url, publisher, kind, original):
    row = {"url": url, "publisher": publisher, "title": "A headline"}
    assert src.fill_row(row, DOMAINS) == []
    assert (row["source_kind"], row.get("original_publisher", "")) == (kind, original)
    assert row["domain"] == src.domain_of(url) and row["access"] == "read" and row["title_basis"] == "headline"


def test_fill_row_keeps_a_researchers_value_but_always_recomputes_domain():
    row = {"url": "https://www.straitstimes.com/a", "publisher": "Reuters", "source_kind": "original", "domain": "wrong.example"}
    src.fill_row(row, DOMAINS)
    assert row["source_kind"] == "original" and row["domain"] == "straitstimes.com"


def test_fill_reports_an_unknown_host_and_writes_nothing(data_copy: Path):
    path = data_copy / SOURCES.filename
    header, rows = read_rows(path)
    rows[4]["url"], rows[4]["source_kind"] = "https://unheard-of.example/x", ""
    write(path, header, rows)
    before = path.read_bytes()
    problems, _ = src.fill(data_copy, write=True)
    assert problems == ["sources.csv line 6: domain 'unheard-of.example' is not in domains.csv"]
    assert path.read_bytes() == before


def test_fill_is_idempotent_on_the_bundled_data(data_copy: Path):
    path = data_copy / SOURCES.filename
    before = path.read_text(encoding="utf-8")
    problems, _ = src.fill(data_copy, write=True)
    assert problems == [] and path.read_text(encoding="utf-8") == before


def test_rows_merged_in_without_the_new_cells_are_filled(data_copy: Path):
    """A row added on another branch has only the old six fields; fill completes it, the rest stay."""
    path = data_copy / SOURCES.filename
    before = path.read_text(encoding="utf-8")
    _, rows = read_rows(path)
    new = f"{rows[0]['incident_id']},https://www.straitstimes.com/world/x-y-z,X,Reuters (via Straits Times),,c\n"
    path.write_text(before + new, encoding="utf-8")
    problems, _ = src.fill(data_copy, write=True)
    assert problems == []
    _, filled = read_rows(path)
    assert filled[-1]["source_kind"] == "wire_copy" and filled[-1]["original_publisher"] == "Reuters"
    assert filled[-1]["domain"] == "straitstimes.com" and filled[-1]["title_basis"] == "headline"
    assert path.read_text(encoding="utf-8").startswith(before)  # the rows already there are untouched
    assert mi.validate(data_copy).ok


# --- the confidence rule -----------------------------------------------------------------


def s(kind: str, original: str = "", access: str = "read") -> dict[str, str]:
    return {"source_kind": kind, "original_publisher": original, "access": access}


@pytest.mark.parametrize(
    ("rows", "level"),
    [
        ([s("original", "CBS News"), s("wire_copy", "Reuters")], "corroborated"),
        ([s("mirror", "CBS News"), s("mirror", "CBS News"), s("original", "CBS News")], "single_source"),  # one original, counted once
        ([s("wire_copy", "AP"), s("mirror", "Associated Press")], "single_source"),  # aliases are one outlet
        ([s("official", "U.S. Southern Command"), s("official", "Secretary of War")], "single_source"),  # one government
        ([s("aggregator", "Associated Press"), s("ai_summary"), s("forum", "NYT"), s("mirror", "")], "secondhand"),
        ([s("official", "U.S. Southern Command", "cited_only")], "pointer"),
        ([s("data_file", "")], "pointer"),
        ([s("original", "AP", "cited_only"), s("aggregator", "Reuters")], "secondhand"),  # cited, never read: no count
        ([], "secondhand"),
    ],
)
def test_confidence_rule(rows, level):
    assert src.confidence_rule(rows).level == level


def test_rule_is_the_codebooks():
    """The kinds that never count are the ones the written rule names; the README carries the rule."""
    assert set(COUNTING_KINDS) <= set(SOURCE_KINDS)
    assert not {"aggregator", "ai_summary", "forum", "data_file"} & set(COUNTING_KINDS)
    readme = (mi.bundled_data_dir() / "README.md").read_text(encoding="utf-8")
    assert CONFIDENCE_RULE in readme


def test_bundled_confidence_follows_the_rule():
    assert src.disagreements() == []


# --- bad input: planted problems, reported with file, line, column, rule --------------


def test_validator_names_planted_source_and_confidence_problems(data_copy: Path):
    path = data_copy / SOURCES.filename
    header, rows = read_rows(path)
    rows[2]["domain"] = "not-the-host.example"
    rows[5]["source_kind"] = "blog"
    rows[7]["access"], rows[7]["cited_in"] = "cited_only", ""
    headline = next(i for i, r in enumerate(rows) if r["title_basis"] == "headline")
    rows[headline]["title_basis"] = "address"  # a headline passed off as a descriptor: not bracketed
    descriptor = next(i for i, r in enumerate(rows) if r["title_basis"] == "page_text")
    rows[descriptor]["title_basis"] = "headline"  # a descriptor passed off as a headline
    write(path, header, rows)
    ipath = data_copy / "incidents.csv"
    iheader, incidents = read_rows(ipath)
    target = next(i for i, r in enumerate(incidents) if r["confidence"] == "corroborated")
    incidents[target]["confidence"] = "single_source"
    write(ipath, iheader, incidents)

    found = {(p.file, p.row, p.column, p.rule): p.value for p in mi.validate(data_copy).problems}
    assert found[("sources.csv", line_of(rows, 2), "domain", "sources.domain")] == "not-the-host.example"
    assert found[("sources.csv", line_of(rows, 5), "source_kind", "vocab")] == "blog"
    assert ("sources.csv", line_of(rows, 7), "cited_in", "sources.cited_in") in found
    assert ("sources.csv", line_of(rows, headline), "title", "sources.title_basis") in found
    assert ("sources.csv", line_of(rows, descriptor), "title", "sources.title_basis") in found
    assert found[("incidents.csv", line_of(incidents, target), "confidence", "confidence.rule")] == "single_source"


def test_unverified_claim_is_a_permitted_downgrade(data_copy: Path):
    ipath = data_copy / "incidents.csv"
    header, incidents = read_rows(ipath)
    incidents[0]["confidence"] = "unverified_claim"
    write(ipath, header, incidents)
    assert not [p for p in mi.validate(data_copy).problems if p.rule == "confidence.rule"]


def test_cli_prints_the_correct_commands_and_exits_1(data_copy: Path):
    ipath = data_copy / "incidents.csv"
    header, incidents = read_rows(ipath)
    target = next(r for r in incidents if r["confidence"] == "corroborated")
    target["confidence"] = "secondhand"
    write(ipath, header, incidents)
    result = CliRunner().invoke(cli, ["sources", str(data_copy)])
    assert result.exit_code == 1
    assert f"maritime-incidents correct {target['incident_id']} confidence corroborated --old secondhand" in result.output
    assert "source_kind: original" in result.output


def test_asam_import_sources_are_valid(tmp_path: Path, asam_export: Path):
    """The importer fills the same columns; its rows pass the rule as single_source."""
    small = tmp_path / "asam.csv"
    with open(asam_export, encoding="utf-8") as f:
        small.write_text("".join(line for _, line in zip(range(30), f, strict=False)), encoding="utf-8")
    from maritime_incidents.asam import import_asam

    import_asam(small, tmp_path / "out")
    report = mi.validate(tmp_path / "out")
    assert report.ok, str(report)


def test_exports_carry_the_source_columns(tmp_path: Path):
    """datapackage.json describes the new columns and domains.csv; the GeoPackage holds them."""
    import json

    import pyogrio

    out = tmp_path / "out"
    mi.export(out)
    pkg = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    res = {r["name"]: r for r in pkg["resources"]}
    fields = {f["name"]: f for f in res["sources"]["schema"]["fields"]}
    for col in ("domain", "source_kind", "title_basis", "original_publisher", "original_url", "access", "cited_in", "video_url"):
        assert col in fields, col
    assert fields["source_kind"]["constraints"]["enum"] == list(SOURCE_KINDS)
    assert res["domains"]["path"] == "domains.csv" and (out / "domains.csv").exists()
    layer = pyogrio.read_dataframe(out / "incidents.gpkg", layer="sources", read_geometry=False)
    kinds = dict(zip(layer["url"], layer["source_kind"], strict=True))
    assert kinds["https://www.southcom.mil/MEDIA/NEWS-ARTICLES/Tag/90955/cvn-78"] == "official"
    assert set(layer["title_basis"]) == {"headline", "address", "page_text"}
