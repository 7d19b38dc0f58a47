"""Reconcile the incident rows with the running totals officials and wire services state.

For each statement in `official_totals.csv`, sum the strike rows up to its `as_of` date and set
the figures side by side. Counting rules (see data/README.md): strike rows leave out
`unverified_claim` rows; officials' "killed" since January 2026 includes the presumed dead, so a
stated toll is compared with `killed + presumed_dead` and with `killed` alone.

`match` classifies each statement by rules a reader can re-check:
- `exact` — the stated toll equals killed + presumed dead (or killed alone: `exact (killed only)`);
- `before latest incident` — it equals the sums without the incidents of its own as_of day
  (the statement was written before that day's strike was counted);
- `within source range` — it lies between the sums of killed_low and killed_high (+ presumed);
- `hedged, data higher` — the statement says "at least"/"more than" and the data's sum is higher;
- `no toll stated` — only strike or vessel counts, which follow other counting rules;
- `differs` — none of the above: the row's `explanation` must say why.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pandas as pd

from .counting import is_strike_row, tally
from .files import locked
from .io import editable_data_dir, load, load_official_totals, write_atomic
from .schema import OFFICIAL_TOTALS


@dataclass(frozen=True)
class Sums:
    strikes: int
    vessels: int
    killed: int
    presumed_dead: int
    killed_low: int
    killed_high: int


def strike_rows(gdf: pd.DataFrame) -> pd.DataFrame:
    """The strike rows by the dataset's rule (`counting.is_strike_row`)."""
    return gdf[is_strike_row(gdf)]


def sums_through(strikes: pd.DataFrame, day: pd.Timestamp, *, inclusive: bool = True) -> Sums:
    s = strikes[strikes["date_start"] <= day] if inclusive else strikes[strikes["date_start"] < day]
    t = tally(s)
    return Sums(
        strikes=t["strike_rows"],
        vessels=t["vessels_struck"],
        killed=t["killed"],
        presumed_dead=t["presumed_dead"],
        killed_low=t["killed_low"],
        killed_high=t["killed_high"],
    )


def classify(stated: int | None, qualifier: str, now: Sums, before: Sums) -> str:
    if stated is None:
        return "no toll stated"
    if stated == now.killed + now.presumed_dead:
        return "exact"
    if stated == now.killed:
        return "exact (killed only)"
    if stated in (before.killed + before.presumed_dead, before.killed):
        return "before latest incident"
    if now.killed_low + now.presumed_dead <= stated <= now.killed_high + now.presumed_dead:
        return "within source range"
    if qualifier in ("at least", "more than") and stated < now.killed + now.presumed_dead:
        return "hedged, data higher"
    return "differs"


def text(value) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def reconcile(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """One row per statement: the stated figures, the data's sums, the difference, the match."""
    gdf = load(path)
    strikes = strike_rows(gdf)
    totals = load_official_totals(path, validate=False)
    out = []
    for t in totals.itertuples():
        now = sums_through(strikes, t.as_of)
        before = sums_through(strikes, t.as_of, inclusive=False)
        stated = None if pd.isna(t.killed) else int(t.killed)
        match = classify(stated, text(t.qualifier), now, before)
        out.append(
            {
                "total_id": t.total_id,
                "as_of": t.as_of.date().isoformat(),
                "stated_by": t.stated_by,
                "stated_strikes": t.strikes,
                "stated_vessels": t.vessels,
                "stated_killed": t.killed,
                "qualifier": text(t.qualifier),
                "data_strike_rows": now.strikes,
                "data_vessels": now.vessels,
                "data_killed": now.killed,
                "data_presumed_dead": now.presumed_dead,
                "killed_difference": None if stated is None else stated - now.killed - now.presumed_dead,
                "match": match,
                "explanation": text(t.explanation),
            }
        )
    return pd.DataFrame(out)


def unexplained(table: pd.DataFrame) -> pd.DataFrame:
    """Statements that differ from the data with no explanation written."""
    return table[(table["match"] == "differs") & (table["explanation"] == "")]


def write_reconciled(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Store the sums and the match in official_totals.csv, so a test can see them drift."""
    folder = editable_data_dir(path, option="a PATH argument")
    with locked(folder.resolve()):  # read and rewrite under the folder's lock, as `correct` does
        table = reconcile(folder).set_index("total_id")
        file = folder / OFFICIAL_TOTALS.filename
        raw = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        raw["reconciled_strikes"] = raw["total_id"].map(table["data_strike_rows"]).astype(str)
        raw["reconciled_vessels"] = raw["total_id"].map(table["data_vessels"]).astype(str)
        raw["reconciled_killed"] = raw["total_id"].map(table["data_killed"]).astype(str)
        raw["reconciled_presumed_dead"] = raw["total_id"].map(table["data_presumed_dead"]).astype(str)
        raw["match"] = raw["total_id"].map(table["match"])
        write_atomic(file, lambda tmp: raw.to_csv(tmp, index=False, lineterminator="\n"))
    return table.reset_index()


def format_table(table: pd.DataFrame) -> str:
    """The statements and the data side by side, one line each."""
    lines = [
        f"{'as_of':10} {'stated by':32} {'strikes':>7} {'vessels':>7} {'killed':>9} | {'rows':>4} {'vessels':>7} "
        f"{'killed':>6} {'+pres.':>6} {'diff':>5}  match",
    ]
    for r in table.itertuples():

        def fmt(v) -> str:
            return "" if v is None or pd.isna(v) else str(int(v))

        stated_k = (("≥" if r.qualifier else "") + fmt(r.stated_killed)) if fmt(r.stated_killed) else ""
        lines.append(
            f"{r.as_of:10} {str(r.stated_by)[:32]:32} {fmt(r.stated_strikes):>7} {fmt(r.stated_vessels):>7} {stated_k:>9} | "
            f"{r.data_strike_rows:>4} {r.data_vessels:>7} {r.data_killed:>6} {r.data_presumed_dead:>6} "
            f"{fmt(r.killed_difference):>5}  {r.match}" + (f" — {r.explanation}" if r.explanation else "")
        )
    counts = table["match"].value_counts()
    lines.append("")
    lines.append("; ".join(f"{k}: {v}" for k, v in counts.items()))
    return "\n".join(lines)
