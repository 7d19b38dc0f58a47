"""Precision and recall of `maritime-incidents draft` per field, on the corpus in tests/fixtures/draft/.

Each fixture holds an excerpt of a real release or news story (with its URL and title) and the
fields a person read from it. A field is right when the draft proposes exactly what the person
read, or proposes nothing where the person read nothing. Proposing a wrong value counts against
both precision (a false value) and recall (the right one is missing).

    .venv/bin/python benchmarks/draft_bench.py            # prints the table
    .venv/bin/python benchmarks/draft_bench.py --write    # also rewrites benchmarks/draft.md
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the corpus and how it is read live with the tests that hold every field of it
from tests.draft_corpus import CORPUS, FIELDS, TOTAL_FIELDS, load_corpus, run  # noqa: E402


def pair(expected: list[dict], proposed: list[dict], key: str) -> list[tuple[dict, dict]]:
    """Expected and proposed rows side by side, matched by `key` (region), the rest in order."""
    out, rest = [], list(proposed)
    for e in expected:
        m = next((p for p in rest if p.get(key) == e.get(key)), rest[0] if rest else {})
        if m in rest:
            rest.remove(m)
        out.append((e, m))
    out += [({}, p) for p in rest]
    return out


def score(corpus: list[dict]) -> tuple[dict, list[str]]:
    """Counts per field: tp (right value), fp (a value proposed that is wrong or not in the text),
    fn (a value in the text not proposed, or proposed wrong), tn (both empty)."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    misses: list[str] = []
    for fx in corpus:
        d = run(fx)
        rows = [p.row() for p in d.incidents]
        tots = [p.row() for p in d.totals]
        for table, fields, pairs in (
            ("", FIELDS, pair(fx["expected"], rows, "region")),
            ("totals.", TOTAL_FIELDS, pair(fx["totals"], tots, "killed")),
        ):
            for e, p in pairs:
                for f in fields:
                    want, got = e.get(f), p.get(f)
                    want = None if want in ("", None) else want
                    got = None if got in ("", None) else got
                    c = counts[table + f]
                    if want is None and got is None:
                        c["tn"] += 1 if e or p else 0
                    elif want == got:
                        c["tp"] += 1
                    else:
                        if got is not None:
                            c["fp"] += 1
                        if want is not None:
                            c["fn"] += 1
                        misses.append(f"{fx['id']}: {table}{f} expected {want!r}, proposed {got!r}")
    return counts, misses


def table(counts: dict) -> tuple[str, float]:
    lines = ["| field | right | wrong or missing | precision | recall |", "|---|--:|--:|--:|--:|"]
    right = slots = 0
    for f, c in counts.items():
        ok = c["tp"] + c["tn"]
        bad = len({*()}) or 0
        bad = c["fp"] + c["fn"] - min(c["fp"], c["fn"])  # a wrong value is one slot counted in both
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        lines.append(f"| `{f}` | {ok} | {bad} | {p:.0%} | {r:.0%} |")
        right += ok
        slots += ok + bad
    share = right / slots if slots else 1.0
    lines.append(f"| **all fields** | {right} | {slots - right} | | |")
    inc = [(c["tp"] + c["tn"], c["fp"] + c["fn"] - min(c["fp"], c["fn"])) for f, c in counts.items() if not f.startswith("totals.")]
    ok, bad = sum(a for a, _ in inc), sum(b for _, b in inc)
    lines.append(f"| incident fields only | {ok} | {bad} | | |")
    lines.append(f"| running totals only | {right - ok} | {slots - right - bad} | | |")
    return "\n".join(lines), share


def section(title: str, corpus: list[dict], about: str) -> tuple[str, float]:
    counts, misses = score(corpus)
    md, share = table(counts)
    es = sum(fx["id"].startswith("es-") for fx in corpus)
    return (
        f"## {title}\n\n{len(corpus)} real texts ({len(corpus) - es} English, {es} Spanish). {about}\n\n"
        f"{md}\n\n**{share:.1%} of fields right.**\n\nWhat it gets wrong:\n\n"
        + ("\n".join(f"- {m}" for m in misses) or "- nothing in this set")
        + "\n",
        share,
    )


#: Every held-out round, measured before any rule was changed for it (the commits hold the texts
#: and the figures); after each round the texts joined the development corpus and the rules were
#: improved on them, so only the current round (tests/fixtures/draft/heldout/) is still unseen.
HISTORY = (
    ("1", "194d0f6", 8, "87/108", "80.6%", "84/99", "3/9"),
    ("2", "a2d87d7", 9, "99/119", "83.2%", "93/98", "6/21"),
    ("3", "fc78163", 8, "80/97", "82.5%", "77/88", "3/9"),
    ("4", "2fe255b", 8, "72/97", "74.2%", "70/85", "2/12"),
)


def main() -> None:
    dev, dev_share = section(
        "Development corpus",
        load_corpus(),
        "`tests/fixtures/draft/`: the rules were written and tuned on these texts, so this is a regression "
        "check (the tests hold every field), not an estimate of accuracy on new text.",
    )
    held_corpus = load_corpus(CORPUS / "heldout")
    held, held_share = section(
        "Held-out texts (current round)",
        held_corpus,
        "`tests/fixtures/draft/heldout/`: collected and read by a person after the rules were written, and committed "
        "before `draft` was run on them; no rule was changed for them. This is the estimate for new text.",
    )
    rounds = "".join(f"| {r} | `{c}` | {n} | {a} | {b} | {i} | {t} |\n" for r, c, n, a, b, i, t in HISTORY)
    report = (
        "# `draft` against real releases and news stories\n\n"
        "Each fixture holds an excerpt of a real release or story (URL, title, publication date and where that date "
        "comes from) and the fields a person read from it. Run `.venv/bin/python benchmarks/draft_bench.py --write`.\n\n"
        "A slot is one field of one expected or proposed row. *Right*: the draft proposes what the person read, or "
        "nothing where the text says nothing. Precision: right values / values proposed; recall: right values / values "
        "in the text. A wrong value counts against both.\n\n"
        f"Summary: development corpus {dev_share:.1%}, held-out texts {held_share:.1%} of fields right.\n\n"
        "**Read this first.** The rules were written on the development corpus and reach the target there; on text "
        "they had not seen, every held-out round scored 74-83% of fields (incident fields 82-95%, running totals far "
        "lower). The target of 95% is not met on new text: `draft` saves typing, and every value still needs the "
        "reviewer's eye (MAINTAINING.md, step 3).\n\n"
        "## Held-out rounds\n\n"
        "Each round: texts collected and read, committed, then measured once; then folded into the development corpus "
        "and the rules improved on them.\n\n"
        "| round | texts committed in | texts | fields right | share | incident fields | running totals |\n"
        "|---|---|--:|--:|--:|--:|--:|\n"
        f"{rounds}| {len(HISTORY) + 1} (current) | `tests/fixtures/draft/heldout/` | {len(held_corpus)} | | {held_share:.1%} | | |\n\n"
        + dev
        + "\n"
        + held
    )
    print(report)
    if "--write" in sys.argv:
        (ROOT / "benchmarks" / "draft.md").write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
