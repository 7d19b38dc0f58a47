"""Summarise a mutmut run per module and function, from mutmut's own files in mutants/.

    .venv/bin/mutmut run [MUTANT_NAMES...]      # see benchmarks/mutation.md
    .venv/bin/python benchmarks/mutation_summary.py

Prints a Markdown table: per function, mutants tried, killed, survived (and timeouts), the
share killed; then the surviving mutants' names (`mutmut show NAME` prints the diff).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

MUTANTS = Path(__file__).resolve().parents[1] / "mutants"
KILLED, SURVIVED = 1, 0  # mutmut's exit codes of the test run: 1 = a test failed (killed)


def function_of(mutant: str) -> str:
    """`pkg.mod.x_func__mutmut_3` -> `pkg.mod.func`; a method's `pkg.mod.xǁClassǁmethod__mutmut_1`
    -> `pkg.mod.Class.method` (mutmut 3's two ways of naming what it mutated)."""
    stem = mutant.split("__mutmut_")[0]
    if ".xǁ" in stem:
        module, rest = stem.split(".xǁ", 1)
        return f"{module}.{rest.replace('ǁ', '.')}"
    module, function = stem.rsplit(".x_", 1)
    return f"{module}.{function}"


def main() -> None:
    rows: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    survivors: list[str] = []
    for meta in sorted(MUTANTS.rglob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        for name, code in codes.items():
            if code is None:
                continue  # not run
            key = function_of(name)
            rows[key]["tried"] += 1
            if code == SURVIVED:
                rows[key]["survived"] += 1
                survivors.append(name)
            elif code in (KILLED, 2, 3):  # 2/3: pytest interrupted or internal error on the mutant: it broke the run
                rows[key]["killed"] += 1
            else:
                rows[key]["other"] += 1  # timeouts (-24/152) and the like
    print("| function | mutants run | killed | survived | other | killed share |")
    print("|---|---:|---:|---:|---:|---:|")
    total = defaultdict(int)
    for key in sorted(rows):
        r = rows[key]
        for k in ("tried", "killed", "survived", "other"):
            total[k] += r[k]
        print(f"| `{key}` | {r['tried']} | {r['killed']} | {r['survived']} | {r['other']} | {r['killed'] / r['tried']:.0%} |")
    if total["tried"]:
        print(
            f"| **all** | {total['tried']} | {total['killed']} | {total['survived']} | {total['other']} | "
            f"{total['killed'] / total['tried']:.0%} |"
        )
    print("\nSurvivors:\n")
    for name in survivors:
        print(f"- `{name}`")


if __name__ == "__main__":
    main()
