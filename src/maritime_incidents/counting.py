"""The dataset's counting rules, in one place (data/README.md, *Counting rules*).

`reconcile`, the data README's coverage table and the map's summary all count with this module,
so a reader sees the same number of strike rows everywhere. The map gets, per row, what the row
adds to each total (`row_tallies`): the page only adds those numbers up for the rows a filter
shows, and never decides itself which row counts.

The rules:
- a **strike row** is an active `strike` row whose confidence is not `unverified_claim`
  (an official's remark that nobody confirms is listed, never summed);
- `vessels`, `killed`, `presumed_dead`, `survivors` are summed over strike rows only;
- a contested toll is a range: `killed_low`–`killed_high`, each falling back on `killed`;
- land strikes (`land_strike`) are counted apart, by the same confidence rule;
- a row whose place is unknown is counted like any other (the map lists it, unplaced).
"""

from __future__ import annotations

import pandas as pd

#: The rules above in a reader's words, under the map's totals: why "Strike rows" can be fewer
#: than the strike rows the type list counts.
RULES_IN_WORDS = (
    "Totals follow the dataset's counting rules: a strike row is an active strike at sea that is not an "
    "unverified claim; land strikes are counted apart; a contested toll is a range. The type list counts every row."
)

#: Tallies, in the order the map shows them, with their labels.
TALLIES = {
    "incidents": "Incidents",
    "strike_rows": "Strike rows",
    "vessels_struck": "Vessels struck",
    "killed": "Killed at sea",
    "killed_low": "Killed at sea (lowest source)",
    "killed_high": "Killed at sea (highest source)",
    "presumed_dead": "Presumed dead",
    "survivors": "Survivors",
    "land_strikes": "Land strikes",
    "killed_on_land": "Killed on land",
    "killed_on_land_low": "Killed on land (lowest source)",
    "killed_on_land_high": "Killed on land (highest source)",
    "seizures": "Seizures",
    "unverified_claims": "Unverified claims (not summed)",
    "unplaced": "Place unknown (not on the map)",
}


def _col(g: pd.DataFrame, name: str) -> pd.Series:
    if name in g.columns:
        return g[name]
    return pd.Series(pd.NA, index=g.index, dtype="object")


def counted(g: pd.DataFrame) -> pd.Series:
    """Rows that may be summed: active, and not an unverified claim."""
    status = _col(g, "status").fillna("active").astype(str)
    confidence = _col(g, "confidence").fillna("").astype(str)
    return (status == "active") & (confidence != "unverified_claim")


def is_strike_row(g: pd.DataFrame) -> pd.Series:
    """The README's strike row: an active strike that is not an unverified claim."""
    return counted(g) & (_col(g, "incident_type").astype(str) == "strike")


def is_land_strike_row(g: pd.DataFrame) -> pd.Series:
    return counted(g) & (_col(g, "incident_type").astype(str) == "land_strike")


def _num(g: pd.DataFrame, name: str) -> pd.Series:
    return pd.to_numeric(_col(g, name), errors="coerce").astype("float64")


def row_tallies(g: pd.DataFrame) -> pd.DataFrame:
    """What each row adds to each total in `TALLIES` (integers; 0 where the row does not count)."""
    strike, land = is_strike_row(g), is_land_strike_row(g)
    killed = _num(g, "killed")
    low, high = _num(g, "killed_low").fillna(killed), _num(g, "killed_high").fillna(killed)
    active = _col(g, "status").fillna("active").astype(str) == "active"
    confidence = _col(g, "confidence").fillna("").astype(str)
    unplaced = _num(g, "latitude").isna() | _num(g, "longitude").isna()

    def where(mask: pd.Series, values: pd.Series | int) -> pd.Series:
        v = values if isinstance(values, pd.Series) else pd.Series(values, index=g.index, dtype="float64")
        return v.where(mask, 0).fillna(0).astype("int64")

    return pd.DataFrame(
        {
            "incidents": where(active, 1),
            "strike_rows": where(strike, 1),
            "vessels_struck": where(strike, _num(g, "vessels")),
            "killed": where(strike, killed),
            "killed_low": where(strike, low),
            "killed_high": where(strike, high),
            "presumed_dead": where(strike, _num(g, "presumed_dead")),
            "survivors": where(strike, _num(g, "survivors")),
            "land_strikes": where(land, 1),
            "killed_on_land": where(land, killed),
            "killed_on_land_low": where(land, low),
            "killed_on_land_high": where(land, high),
            "seizures": where(counted(g) & (_col(g, "incident_type").astype(str) == "seizure"), 1),
            "unverified_claims": where(active & (confidence == "unverified_claim"), 1),
            "unplaced": where(active & unplaced, 1),
        },
        index=g.index,
    )[list(TALLIES)]


def tally(g: pd.DataFrame) -> dict[str, int]:
    """Every total in `TALLIES` for these rows."""
    return {k: int(v) for k, v in row_tallies(g).sum().items()}


__all__ = ["TALLIES", "counted", "is_land_strike_row", "is_strike_row", "row_tallies", "tally"]
