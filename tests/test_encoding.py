"""The toolkit reads and writes UTF-8 whatever the locale says.

Python's default for `open()` and `Path.read_text()` is the locale's encoding: UTF-8 on this
Linux, cp1252 on a Windows laptop, ASCII under `LC_ALL=C` in a container. A read or write
that leans on the default works here and garbles (or refuses) the accents, dashes and quotes of
the data elsewhere, and no test on a UTF-8 machine notices. So the same commands run twice on
copies of the fixture dataset (which holds non-ASCII text): in this process, and in a child
whose locale encoding is ASCII (`LC_ALL=C`, with Python's UTF-8 mode and locale coercion off);
every file they write must come out byte for byte the same.

The child imports the very package this process imported (under mutmut, the mutated copy in
`mutants/src`) and keeps the environment (mutmut's `MUTANT_UNDER_TEST`), so a mutant that drops
an `encoding="utf-8"` fails here. The in-process run is what maps this test to the functions it
covers.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

import maritime_incidents
from maritime_incidents.cli import cli
from maritime_incidents.datafiles import read_rows

from .conftest import MINI

PACKAGE_ROOT = Path(maritime_incidents.__file__).resolve().parents[1]
#: Runs each command line of a JSON list in turn, in one process (one start-up, as CliRunner does), and
#: prints their exit codes last.
RUN_CLI = """
import json, sys
from maritime_incidents.cli import cli
codes = []
for args in json.loads(sys.argv[1]):
    try:
        cli(args, prog_name="maritime-incidents")
    except SystemExit as e:
        codes.append(e.code or 0)
print(json.dumps(codes))
"""
#: A value with letters, punctuation and a symbol outside every 8-bit code page but UTF-8's.
NEW_NOTE = "Corrigé — «cited» by the Ministério; “AP” ✓"


def ascii_env() -> dict[str, str]:
    """This environment (mutmut's variables with it), with an ASCII locale and this package first on the path.

    The terminal's encoding (stdout, stderr) is set to UTF-8: what is compared here is the files.
    """
    env = dict(os.environ)
    env.update(PYTHONUTF8="0", PYTHONCOERCECLOCALE="0", LC_ALL="C", LANG="C", PYTHONIOENCODING="utf-8")
    env["PYTHONPATH"] = os.pathsep.join([str(PACKAGE_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    return env


def run_ascii(lines: list[list[str]]) -> tuple[list[int], str]:
    """The exit code of each command line run in a child whose locale encoding is ASCII, and its stderr."""
    child = subprocess.run(
        [sys.executable, "-c", RUN_CLI, json.dumps(lines)], env=ascii_env(), capture_output=True, text=True, encoding="utf-8", timeout=600
    )
    assert child.returncode == 0, child.stderr  # the child itself ran to the end
    return json.loads(child.stdout.strip().rsplit("\n", 1)[-1]), child.stderr


def commands(folder: Path, out: Path, incident_id: str, old_note: str) -> list[list[str]]:
    """Every command that reads or writes the dataset's files, in the order a user might run them."""
    d = str(folder)
    return [
        ["validate", d],
        ["export", "-o", str(out.with_name("first")), "--data", d],  # before fmt: a file in a spreadsheet's form
        [
            "correct",
            incident_id,
            "notes",
            NEW_NOTE,
            "--old",
            old_note,
            "--reason",
            "Relu: «Ministério» — ✓",
            "--on",
            "2026-01-02",
            "--data",
            d,
        ],
        ["sources", d, "--write"],
        ["reconcile", d, "--write"],
        ["geotag", d, "--write"],
        ["fmt", d],
        ["validate", d, "--strict"],
        ["export", "-o", str(out), "--data", d],
    ]


def files_of(folder: Path) -> dict[str, bytes]:
    """The text files of a folder (the binary exports hold timestamps and are not compared)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix in (".csv", ".geojson", ".json")}


def test_the_child_runs_with_an_ascii_locale_and_this_package():
    """The premise of the test below: the child's default encoding is ASCII and it imports this copy."""
    code = "import locale, maritime_incidents; print(locale.getpreferredencoding(False)); print(maritime_incidents.__file__)"
    out = subprocess.run([sys.executable, "-c", code], env=ascii_env(), capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] in ("ANSI_X3.4-1968", "ascii", "US-ASCII")
    assert Path(out[1]).resolve() == Path(maritime_incidents.__file__).resolve()


def test_every_command_reads_and_writes_utf8_under_an_ascii_locale(tmp_path: Path):
    here, there = tmp_path / "here" / "mini", tmp_path / "there" / "mini"
    for folder in (here, there):
        shutil.copytree(MINI, folder)
        totals = folder / "official_totals.csv"  # with CRLF line ends, as a spreadsheet saves it
        totals.write_bytes(totals.read_bytes().replace(b"\n", b"\r\n"))
    first = read_rows(MINI / "incidents.csv")[1][0]
    runner = CliRunner()
    expected = [runner.invoke(cli, args).exit_code for args in commands(here, here.parent / "out", first["incident_id"], first["notes"])]
    got, stderr = run_ascii(commands(there, there.parent / "out", first["incident_id"], first["notes"]))
    assert got == expected, stderr
    assert expected[:3] == [0, 0, 0] and expected[-1] == 0  # the data were valid, exported, corrected and exported
    assert NEW_NOTE in (here / "incidents.csv").read_text(encoding="utf-8")
    for sub in ("mini", "first", "out"):
        mine, theirs = files_of(here.parent / sub), files_of(there.parent / sub)
        assert mine.keys() == theirs.keys()
        for name in mine:
            assert theirs[name] == mine[name], f"{sub}/{name} differs when the locale's encoding is ASCII"
