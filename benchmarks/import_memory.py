"""Peak memory and time of importing a ~200 MB ASAM export (synthetic, built from the real one).

    .venv/bin/python benchmarks/import_memory.py [--mb 200] [--baseline SRC_DIR]

The synthetic file repeats the rows of the shared 2022-06-21 export with fresh references (so no
row is a duplicate) until it reaches the size asked for. (A cell past the csv module's
131,072-character limit, which the code before this benchmark could not read at all, is covered
by tests/test_cli_import.py.) Each measurement runs in a fresh process and reads its peak
resident memory from the kernel (`wait4` rusage, ru_maxrss). `--baseline` also measures another
checkout's `src/` (e.g. main before the streaming importer) on the same file. Results:
benchmarks/import_memory.md.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ASAM = next(
    (
        p
        for p in (
            HERE.parent.parent / "shared" / "datasets" / "asam" / "asam_2022-06-21.csv",
            Path("/work/shared/datasets/asam/asam_2022-06-21.csv"),
        )
        if p.exists()
    ),
    None,
)
RESULTS = HERE / "import_memory.md"
LIBRARY_ONLY = "import sys; from maritime_incidents.asam import import_asam; r = import_asam(sys.argv[1], sys.argv[2]); print(r.summary())"


def synthesize(target_mb: int, out: Path) -> tuple[int, int]:
    """Write the synthetic export; return (rows, bytes)."""
    with open(ASAM, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [r for r in reader if r and r[0]]
    n = 0
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        copy = 0
        while f.tell() < target_mb * 1_000_000:
            copy += 1
            for i, r in enumerate(rows):
                r = list(r)
                r[0] = f"{2100 + copy}-{i + 1}"  # fresh reference: no duplicates; reference.year is reported
                r[7] = r[7].replace("Update of entry", "Update of item")  # keep the update links out of the repeats
                w.writerow(r)
                n += 1
    return n, out.stat().st_size


def measure(args: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """(seconds, peak MB, exit code, last line of output) of one fresh process."""
    start = time.monotonic()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    lines = [line for line in out.splitlines() if line.strip()]
    return seconds, usage.ru_maxrss / 1024, code, (lines[-1] if lines else "")[:160]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=int, default=200, help="size of the synthetic export in MB")
    ap.add_argument("--baseline", type=Path, default=None, help="another checkout's src/ to measure on the same file")
    args = ap.parse_args()
    if ASAM is None:
        sys.exit("the shared ASAM export is not on this machine")
    exe = str(Path(sys.executable).parent / "maritime-incidents")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "asam_synthetic.csv"
        rows, size = synthesize(args.mb, src)
        print(f"synthetic export: {rows:,} rows, {size / 1e6:.0f} MB", file=sys.stderr)
        runs = [
            ("this branch", "import_asam() (library)", [sys.executable, "-c", LIBRARY_ONLY, str(src), f"{tmp}/lib"], os.environ.copy()),
            (
                "this branch",
                "`maritime-incidents import asam` (import + validation)",
                [exe, "import", "asam", str(src), "-o", f"{tmp}/cli"],
                os.environ.copy(),
            ),
        ]
        if args.baseline:
            env = {**os.environ, "PYTHONPATH": str(args.baseline.resolve())}
            runs.append(("baseline", "import_asam() (library)", [sys.executable, "-c", LIBRARY_ONLY, str(src), f"{tmp}/base"], env))
            base_cli = [
                sys.executable,
                "-c",
                "from maritime_incidents.cli import cli; cli()",
                "import",
                "asam",
                str(src),
                "-o",
                f"{tmp}/base_cli",
            ]
            runs.append(("baseline", "`maritime-incidents import asam` (import + validation)", base_cli, env))
        results = []
        for who, what, cmd, env in runs:
            seconds, peak, code, last = measure(cmd, env)
            print(f"{who}: {what}: {seconds:.1f} s, peak {peak:.0f} MB, exit {code}", file=sys.stderr)
            results.append((who, what, seconds, peak, code, last))
    lines = [
        "# Import of a large ASAM export: time and peak memory",
        "",
        f"Run {time.strftime('%Y-%m-%d')} on a 2-core machine shared with other jobs: `benchmarks/import_memory.py --mb {args.mb}"
        + (f" --baseline {args.baseline}" if args.baseline else "")
        + "`.",
        f"Synthetic export: {rows:,} rows, {size / 1e6:.0f} MB (the 2022-06-21 export repeated with fresh references).",
        "Peak = the process's maximum resident set size. Times are on a shared machine: compare within a run.",
        "",
        "| code | what | seconds | peak MB | exit | last line |",
        "|---|---|--:|--:|--:|---|",
    ]
    for who, what, seconds, peak, code, last in results:
        lines.append(f"| {who} | {what} | {seconds:.1f} | {peak:.0f} | {code} | {last.replace('|', '/')} |")
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}", file=sys.stderr)


if __name__ == "__main__":
    main()
