"""Every output is written whole, readable by others, in place of a symlink's target, one run at a time.

The slow or killed runs are real processes (`python -c`), so SIGKILL and SIGTERM act as they would
on a user's machine; a marker file tells the test when the run is mid-write.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import maritime_incidents as mi
from maritime_incidents.asam import import_asam
from maritime_incidents.cli import cli
from maritime_incidents.corrections import correct

NOBODY = 65534


@pytest.fixture
def umask022():
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def public_dir(umask022):
    """A folder under /tmp that another user may enter (pytest's tmp_path is 0700)."""
    d = Path(tempfile.mkdtemp(prefix="mi-public-"))
    d.chmod(0o755)
    yield d
    shutil.rmtree(d, ignore_errors=True)


def read_as_nobody(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "cat", str(path)], capture_output=True)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def changed_copy(data_copy: Path) -> Path:
    """The dataset with one incident's notes changed, so two exports can be told apart."""
    f = data_copy / "incidents.csv"
    frame = pd.read_csv(f, dtype=str, keep_default_na=False)
    frame.loc[0, "notes"] = "CHANGED-NOTES-MARKER"
    frame.to_csv(f, index=False, lineterminator="\n")
    return data_copy


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def run_python(code: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def wait_for(path: Path, proc: subprocess.Popen, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while not path.exists():
        if proc.poll() is not None:
            raise AssertionError(f"run ended before the marker: {proc.stderr.read().decode()}")
        assert time.monotonic() < end, "marker never appeared"
        time.sleep(0.05)


# --- modes and readers --------------------------------------------------------------


def test_every_output_is_readable_by_another_user(public_dir: Path, data_copy: Path):
    runner = CliRunner()
    assert runner.invoke(cli, ["map", "-o", str(public_dir / "map.html"), "--no-tiles"]).exit_code == 0
    assert runner.invoke(cli, ["export", "-o", str(public_dir / "export")]).exit_code == 0
    files = [public_dir / "map.html", *sorted((public_dir / "export").iterdir())]
    assert len(files) >= 8
    for f in files:
        assert mode(f) == 0o644, f"{f.name}: {oct(mode(f))}"
        result = read_as_nobody(f)
        assert result.returncode == 0, f"{f.name}: {result.stderr.decode()}"
    assert mode(public_dir / "export") == 0o755


def test_import_output_is_readable_by_another_user(public_dir: Path, asam_export: Path):
    out = public_dir / "asam"
    import_asam(asam_export, out)
    for f in out.iterdir():
        assert mode(f) == 0o644, f.name
        assert read_as_nobody(f).returncode == 0, f.name


def test_rewritten_data_files_keep_their_mode(data_copy: Path, umask022):
    incidents, corrections = data_copy / "incidents.csv", data_copy / "corrections.csv"
    incidents.chmod(0o664)
    corrections.chmod(0o640)
    row = pd.read_csv(incidents, dtype=str, keep_default_na=False).iloc[0]
    correct(row.incident_id, "notes", row.notes + " (checked)", old=row.notes, reason="test", path=data_copy)
    assert mode(incidents) == 0o664 and mode(corrections) == 0o640
    totals = data_copy / "official_totals.csv"
    totals.chmod(0o664)
    CliRunner().invoke(cli, ["reconcile", str(data_copy), "--write"])
    assert mode(totals) == 0o664


def test_new_file_follows_the_umask(tmp_path: Path):
    old = os.umask(0o027)
    try:
        mi.save_map(tmp_path / "map.html")
    finally:
        os.umask(old)
    assert mode(tmp_path / "map.html") == 0o640


def test_symlinked_output_stays_a_symlink(tmp_path: Path):
    real = tmp_path / "site" / "map.html"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    real.chmod(0o664)
    link = tmp_path / "map.html"
    link.symlink_to(real)
    assert CliRunner().invoke(cli, ["map", "-o", str(link)]).exit_code == 0
    assert link.is_symlink() and link.resolve() == real
    assert real.read_text(encoding="utf-8").startswith("<!DOCTYPE html>") and mode(real) == 0o664


# --- whole sets ---------------------------------------------------------------------


def test_stale_files_of_an_earlier_export_go(tmp_path: Path, data_copy: Path):
    out = tmp_path / "out"
    mi.export(out, data_copy)
    assert (out / "README.md").exists()
    (data_copy / "README.md").unlink()
    mi.export(out, data_copy)
    assert not (out / "README.md").exists()


def test_export_refuses_a_folder_holding_other_files(tmp_path: Path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_text("years of work", encoding="utf-8")
    result = CliRunner().invoke(cli, ["export", "-o", str(out)])
    assert result.exit_code == 1 and "thesis.docx" in result.output and "Traceback" not in result.output
    assert [p.name for p in out.iterdir()] == ["thesis.docx"]


SLOW_EXPORT = """
import sys, time
from pathlib import Path
import maritime_incidents  # noqa: F401
ex = sys.modules["maritime_incidents.export"]  # the package's `export` name is the function

marker, delay = Path(sys.argv[1]), float(sys.argv[2])
real = ex.write_geopackage
def slow(*args):
    marker.write_text("mid-write")
    time.sleep(delay)
    real(*args)
ex.write_geopackage = slow
ex.export(sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)
"""


def slow_export(marker: Path, delay: float, out: Path, data: Path | None = None) -> subprocess.Popen:
    args = [sys.executable, "-c", SLOW_EXPORT, str(marker), str(delay), str(out)] + ([str(data)] if data else [])
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_kill_9_mid_export_leaves_the_old_set(tmp_path: Path, data_copy: Path):
    out = tmp_path / "out"
    mi.export(out, changed_copy(data_copy))
    before = snapshot(out)
    proc = slow_export(tmp_path / "marker", 60, out)  # the bundled data: every CSV differs from the old set
    wait_for(tmp_path / "marker", proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert snapshot(out) == before
    mi.export(out)  # the next run cleans up what the killed one left
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")] == [".out.lock"]  # the lock file stays, empty
    assert b"CHANGED-NOTES-MARKER" not in (out / "incidents.csv").read_bytes()


def test_sigterm_removes_the_temporary_file(tmp_path: Path):
    code = """
    import sys, time
    from pathlib import Path
    from maritime_incidents.io import write_atomic

    def slow(tmp):
        tmp.write_text("partial" * 1000)
        Path(sys.argv[1]).write_text("mid-write")
        time.sleep(60)
    write_atomic(sys.argv[2], slow)
    """
    proc = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), str(tmp_path / "marker"), str(tmp_path / "map.html")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    wait_for(tmp_path / "marker", proc)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["marker"]


def test_next_run_removes_a_killed_runs_temporary_file(tmp_path: Path):
    left = tmp_path / ".map.part-k1ll3d.html"
    left.write_text("35 MB of a killed run", encoding="utf-8")
    mi.save_map(tmp_path / "map.html")
    assert not left.exists() and (tmp_path / "map.html").exists()


def test_concurrent_exports_give_one_whole_set(tmp_path: Path, data_copy: Path):
    out = tmp_path / "out"
    first = slow_export(tmp_path / "marker", 10, out, changed_copy(data_copy))  # longer than the second run takes
    wait_for(tmp_path / "marker", first)
    second = slow_export(tmp_path / "marker2", 0, out)  # the bundled data, no delay
    assert first.wait(timeout=300) == 0, first.stderr.read().decode()
    assert second.wait(timeout=300) == 0, second.stderr.read().decode()
    csv_changed = b"CHANGED-NOTES-MARKER" in (out / "incidents.csv").read_bytes()
    import pyogrio

    gpkg = pyogrio.read_dataframe(out / "incidents.gpkg", layer="incidents")
    gpkg_changed = (gpkg["notes"] == "CHANGED-NOTES-MARKER").any()
    geojson_changed = b"CHANGED-NOTES-MARKER" in (out / "incidents.geojson").read_bytes()
    assert csv_changed == gpkg_changed == geojson_changed, "the folder mixes two exports"


def test_full_disk_leaves_the_old_export(tmp_path: Path, data_copy: Path):
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small tmpfs needs root")
    mnt = tmp_path / "small"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mnt)], capture_output=True).returncode:
        pytest.skip("this machine does not allow mounting a tmpfs (no CAP_SYS_ADMIN)")
    try:
        out = mnt / "out"
        mi.export(out, changed_copy(data_copy))
        before = snapshot(out)
        used = sum(len(b) for b in before.values())
        free = shutil.disk_usage(mnt).free
        (mnt / "filler").write_bytes(b"\0" * max(free - used // 2, 0))
        result = CliRunner().invoke(cli, ["export", "-o", str(out)])
        assert result.exit_code == 1 and "No space left" in result.output and "Traceback" not in result.output
        assert snapshot(out) == before
        assert sorted(p.name for p in mnt.iterdir() if not p.name.endswith(".lock")) == ["filler", "out"]
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


# --- the installed data are read-only -----------------------------------------------


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled data as a wheel installs it: inside site-packages."""
    import maritime_incidents.datafiles as mio

    pkg_data = tmp_path / "lib" / "python3" / "site-packages" / "maritime_incidents" / "_data"
    shutil.copytree(mio.bundled_data_dir(), pkg_data)
    monkeypatch.setattr(mio, "PACKAGE_DATA", pkg_data)
    return pkg_data


def test_correct_refuses_the_installed_data(installed: Path):
    before = snapshot(installed)
    row = pd.read_csv(installed / "incidents.csv", dtype=str, keep_default_na=False).iloc[0]
    result = CliRunner().invoke(cli, ["correct", row.incident_id, "notes", "x", "--old", row.notes, "--reason", "r"])
    assert result.exit_code == 1 and "--data DIR" in result.output and "Traceback" not in result.output
    assert snapshot(installed) == before


def test_reconcile_and_geotag_write_refuse_the_installed_data(installed: Path):
    before = snapshot(installed)
    for args in (["reconcile", "--write"], ["geotag", "--write"], ["docs", "--write"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1 and "refusing to edit the data installed" in result.output, args
    assert snapshot(installed) == before


def test_no_op_correction_is_refused(data_copy: Path):
    before = snapshot(data_copy)
    row = pd.read_csv(data_copy / "incidents.csv", dtype=str, keep_default_na=False).iloc[0]
    args = ["correct", row.incident_id, "notes", row.notes, "--old", row.notes, "--reason", "r", "--data", str(data_copy)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1 and "must change something" in result.output
    assert snapshot(data_copy) == before


SLOW_CORRECT = """
import sys, time
from pathlib import Path
import maritime_incidents.corrections as co

marker, delay, folder, iid, field, old, new = sys.argv[1:8]
real = co.validate_folder
def slow(path):
    Path(marker).write_text("mid-correction")
    time.sleep(float(delay))
    return real(path)
co.validate_folder = slow
co.correct(iid, field, new, old=old, reason="test", path=folder)
"""


def test_concurrent_corrections_both_land(tmp_path: Path, data_copy: Path):
    """The second correction waits for the first and reads what it wrote; neither is lost."""
    row = pd.read_csv(data_copy / "incidents.csv", dtype=str, keep_default_na=False).iloc[0]
    common = [str(data_copy), row.incident_id]
    first = subprocess.Popen(
        [sys.executable, "-c", SLOW_CORRECT, str(tmp_path / "m1"), "5", *common, "notes", row.notes, row.notes + " (first)"],
        stderr=subprocess.PIPE,
    )
    wait_for(tmp_path / "m1", first)
    second = subprocess.Popen(
        [sys.executable, "-c", SLOW_CORRECT, str(tmp_path / "m2"), "0", *common, "location_text", row.location_text, "second place"],
        stderr=subprocess.PIPE,
    )
    assert first.wait(timeout=120) == 0, first.stderr.read().decode()
    assert second.wait(timeout=120) == 0, second.stderr.read().decode()
    after = pd.read_csv(data_copy / "incidents.csv", dtype=str, keep_default_na=False).iloc[0]
    assert after.notes == row.notes + " (first)" and after.location_text == "second place"
    log = pd.read_csv(data_copy / "corrections.csv", dtype=str, keep_default_na=False)
    assert {"notes", "location_text"} <= set(log[log.incident_id == row.incident_id].field)


def test_folder_files_get_the_umask_mode_whatever_their_writer_made(tmp_path: Path, umask022):
    """A writer inside the folder may create its files private (as mkstemp does); the set is published readable."""
    from maritime_incidents.files import write_folder

    def private(tmp: Path) -> None:
        (tmp / "a.csv").write_text("x", encoding="utf-8")
        (tmp / "a.csv").chmod(0o600)

    out = write_folder(tmp_path / "out", private, names={"a.csv"})
    assert mode(out / "a.csv") == 0o644 and mode(out) == 0o755


def test_a_second_run_says_it_waits_then_writes(tmp_path: Path):
    """While another run holds the target, the CLI says so on stderr, waits, and then writes."""
    from maritime_incidents.files import locked, real_target

    out = tmp_path / "map.html"
    exe = Path(sys.executable).parent / "maritime-incidents"
    with locked(real_target(out)):
        proc = subprocess.Popen([str(exe), "map", "-o", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = proc.stderr.readline()  # blocks until the run meets the lock and says so
        assert "waiting for another run that is writing" in first and proc.poll() is None and not out.exists()
    proc.communicate(timeout=120)
    assert proc.returncode == 0 and out.exists()
