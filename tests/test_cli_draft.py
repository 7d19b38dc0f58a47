"""`maritime-incidents draft` and `add`: from a release to a reviewed, validated row."""

from __future__ import annotations

import hashlib
import json
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from maritime_incidents.cli import cli
from maritime_incidents.draft import MAX_CHARS
from maritime_incidents.io import load, load_official_totals, load_sources

from .test_draft import RELEASE
from .test_draft import load as load_fixture

SOURCE = ["--source", "https://www.southcom.mil/News/example", "--title", "Lethal kinetic strike", "--publisher", "U.S. Southern Command"]


def invoke(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture
def release(tmp_path: Path) -> Path:
    f = tmp_path / "release.txt"
    f.write_text(RELEASE, encoding="utf-8")
    return f


def drafted(release: Path, data: Path, tmp_path: Path) -> Path:
    r = invoke("draft", str(release), "--published", "2026-07-03", "--json", "--data", str(data))
    assert r.exit_code == 0, r.output
    out = tmp_path / "draft.json"
    out.write_text(r.stdout, encoding="utf-8")
    return out


def test_review_sheet_shows_values_with_their_words(release: Path):
    r = invoke("draft", str(release), "--published", "2026-07-03")
    assert r.exit_code == 0, r.output
    assert "== proposal 1: incident (new)" in r.output
    assert 'killed          11  <- "11 male narco-terrorists were killed"' in r.output
    assert "date_start      2026-07-02" in r.output


def test_draft_reads_standard_input():
    fx = load_fixture("es-univision-sobreviviente")
    r = invoke("draft", "-", "--published", fx["published"], "--json", input=fx["text"])
    assert r.exit_code == 0, r.output
    (row,) = json.loads(r.stdout)
    assert (row["killed"], row["survivors"], row["_match"]) == (2, 1, "same as STK-20260209-01")


def test_no_incident_says_so(tmp_path: Path):
    f = tmp_path / "t.txt"
    f.write_text(load_fixture("en-tinn-no-incident")["text"], encoding="utf-8")
    r = invoke("draft", str(f))
    assert r.exit_code == 0
    assert "No rows proposed." in r.output and "no incident" in r.output
    assert json.loads(invoke("draft", str(f), "--json").stdout) == []


def test_bad_published_date_is_a_usage_error(release: Path):
    r = invoke("draft", str(release), "--published", "2026-13-45")
    assert r.exit_code == 2 and "--published" in r.output


@pytest.mark.parametrize(
    "content, message",
    [
        (b"x" * (MAX_CHARS * 4 + 10), "larger than"),
        ("é".encode("latin-1") * 10, "not UTF-8"),
        (b"strike\x00vessel", "binary"),
        (b"", "empty"),
        ("x" * (MAX_CHARS + 5), "at most"),
    ],
    ids=["huge", "latin-1", "binary", "empty", "too-long"],
)
def test_bad_input_gives_one_clear_line(tmp_path: Path, content, message: str):
    f = tmp_path / "bad.txt"
    f.write_bytes(content if isinstance(content, bytes) else content.encode())
    r = invoke("draft", str(f))
    assert r.exit_code == 1
    assert r.output.count("\n") == 1 and r.output.startswith("error: ") and message in r.output
    assert "Traceback" not in r.output


def test_add_appends_a_reviewed_row_that_validates_and_loads(release: Path, data_copy: Path, tmp_path: Path):
    draft_file = drafted(release, data_copy, tmp_path)
    r = invoke("add", str(draft_file), *SOURCE, "--source-published", "2026-07-02", "--data", str(data_copy))
    assert r.exit_code == 0, r.output
    assert "STK-20260702-01" in r.output
    gdf = load(data_copy)  # validates the whole folder
    row = gdf.set_index("incident_id").loc["STK-20260702-01"]
    assert (row.killed, row.survivors, row.region, row.confidence) == (11, 2, "caribbean", "single_source")
    assert row.geometry.x == row.longitude and row.geo_rule == "sea:caribbean_sea"
    src = load_sources(data_copy).query("incident_id == 'STK-20260702-01'")
    assert list(src.url) == ["https://www.southcom.mil/News/example"] and "killed 11" in src.claims.iloc[0]
    assert invoke("validate", str(data_copy)).exit_code == 0
    # a second reviewed row on the same day (another announcement) gets the next number
    r = invoke("add", str(draft_file), *SOURCE, "--data", str(data_copy))
    assert "STK-20260702-02" in r.output, r.output


def test_add_refuses_a_row_marked_same_as(data_copy: Path, tmp_path: Path):
    fx = load_fixture("en-bankstreet-20251218")
    f = tmp_path / "t.txt"
    f.write_text(fx["text"], encoding="utf-8")
    out = tmp_path / "d.json"
    out.write_text(invoke("draft", str(f), "--published", fx["published"], "--json", "--data", str(data_copy)).stdout)
    before = snapshot(data_copy)
    r = invoke("add", str(out), *SOURCE, "--data", str(data_copy))
    assert r.exit_code == 1 and "same as STK-20251218-01" in r.output and "correct" in r.output
    assert snapshot(data_copy) == before


def test_add_writes_nothing_when_the_dataset_would_not_validate(release: Path, data_copy: Path, tmp_path: Path):
    draft_file = drafted(release, data_copy, tmp_path)
    rows = json.loads(draft_file.read_text())
    rows[0]["killed"] = -3
    rows[0]["region"] = "atlantis"
    draft_file.write_text(json.dumps(rows))
    before = snapshot(data_copy)
    r = invoke("add", str(draft_file), *SOURCE, "--data", str(data_copy))
    assert r.exit_code == 1
    assert "incidents.csv" in r.output and "[killed]" in r.output and "[region]" in r.output
    assert "Traceback" not in r.output
    assert snapshot(data_copy) == before  # no file changed, no temporary file left


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda rows: rows[0].pop("date_start"), "no date_start"),
        (lambda rows: rows[0].update(bogus=1), "columns the codebook does not know"),
        (lambda rows: rows.clear(), "no rows"),
    ],
    ids=["no-date", "unknown-column", "empty"],
)
def test_add_refuses_an_unfinished_draft(release: Path, data_copy: Path, tmp_path: Path, mutate, message: str):
    draft_file = drafted(release, data_copy, tmp_path)
    rows = json.loads(draft_file.read_text())
    mutate(rows)
    draft_file.write_text(json.dumps(rows))
    before = snapshot(data_copy)
    r = invoke("add", str(draft_file), *SOURCE, "--data", str(data_copy))
    assert r.exit_code == 1 and message in r.output, r.output
    assert snapshot(data_copy) == before


def test_add_rejects_a_file_that_is_not_a_draft(data_copy: Path, tmp_path: Path):
    f = tmp_path / "d.json"
    f.write_text("{not json", encoding="utf-8")
    r = invoke("add", str(f), *SOURCE, "--data", str(data_copy))
    assert r.exit_code == 1 and "is not the JSON" in r.output


def test_add_needs_a_title_and_publisher_per_source(release: Path, data_copy: Path, tmp_path: Path):
    draft_file = drafted(release, data_copy, tmp_path)
    r = invoke("add", str(draft_file), *SOURCE, "--source", "https://example.org/2", "--data", str(data_copy))
    assert r.exit_code == 2 and "for each --source" in r.output


def test_add_appends_a_running_total(data_copy: Path, tmp_path: Path):
    fx = load_fixture("en-ap-10th-strike")
    text = fx["text"].replace("Friday", "on Friday, Oct. 24,")
    f = tmp_path / "t.txt"
    f.write_text(text, encoding="utf-8")
    rows = json.loads(invoke("draft", str(f), "--published", fx["published"], "--json", "--data", str(data_copy)).stdout)
    totals = [r for r in rows if r["_table"] == "official_totals"]
    assert totals and totals[0]["killed"] == 46
    out = tmp_path / "d.json"
    out.write_text(json.dumps(totals))
    r = invoke(
        "add", str(out), "--source", fx["url"], "--title", fx["title"], "--publisher", "AP", "--stated-by", "AP", "--data", str(data_copy)
    )
    assert r.exit_code == 0, r.output
    t = load_official_totals(data_copy).set_index("total_id")
    new = t.loc[r.output.strip().split(": ")[-1]]
    assert (new.killed, new.qualifier, new.url) == (46, "at least", fx["url"])


MAINTAINING = Path(__file__).resolve().parents[1] / "MAINTAINING.md"


def doc_block(name: str) -> str:
    text = MAINTAINING.read_text(encoding="utf-8")
    return re.search(rf"<!-- example:{name} -->\n```\n(.*?)```\n<!-- /example:{name} -->", text, re.DOTALL).group(1)


def doc_commands() -> list[list[str]]:
    text = MAINTAINING.read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)```", text, re.DOTALL)
    return [shlex.split(line.split(" > ")[0]) for b in blocks for line in b.splitlines() if line.startswith("maritime-incidents ")]


def test_every_command_in_maintaining_exists():
    commands = doc_commands()
    assert len(commands) >= 10
    for words in commands:
        result = invoke(words[1], "--help")
        assert result.exit_code == 0, f"MAINTAINING.md names a command that does not exist: {words[1]}"
        for option in (w for w in words if w.startswith("--")):
            assert option in result.output, f"{words[1]} has no option {option}"


def test_maintaining_worked_example_runs_as_written(data_copy: Path, tmp_path: Path, monkeypatch):
    """The worked example's commands, on a copy without STK-20260220-01, print what the doc shows."""
    for name in ("incidents.csv", "sources.csv"):
        f = data_copy / name
        f.write_text("".join(x for x in f.read_text(encoding="utf-8").splitlines(True) if not x.startswith("STK-20260220-01,")))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "release.txt").write_text(load_fixture("en-caribpulse-20260220")["text"], encoding="utf-8")
    practice = str(data_copy)
    commands = [[practice if w == "/tmp/practice" else w for w in c] for c in doc_commands() if "/tmp/practice" in c]
    sheet, as_json, add = commands
    r = invoke(*sheet[1:])
    assert r.output == doc_block("sheet")
    r = invoke(*as_json[1:])
    (tmp_path / "draft.json").write_text(r.stdout, encoding="utf-8")
    r = invoke(*add[1:])
    assert r.exit_code == 0, r.output
    assert r.output.replace(practice, "/tmp/practice") == doc_block("add")
    assert "STK-20260220-01" in set(load(data_copy).incident_id)
