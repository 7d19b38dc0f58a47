"""Generated blocks of the data README, so the docs cannot drift from the code or the data.

A block sits between `<!-- name:start -->` and `<!-- name:end -->`; `maritime-incidents docs
--write` refreshes them and a test fails when one is stale.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .counting import row_tallies
from .files import write_text
from .io import load, load_people, load_sources
from .schema import ACCESSES, CONFIDENCES, FATES, GEO_PRECISIONS, POINTER_MARKER, SOURCE_KINDS, TITLE_BASES, codebook_document


def pointer_only(g: pd.DataFrame) -> pd.Series:
    """Rows known only from pointers: confidence `pointer`, or notes that start with the marker."""
    return (g["confidence"] == "pointer") | g["notes"].fillna("").str.startswith(POINTER_MARKER)


def coverage_table(folder: Path | None = None) -> str:
    """Rows, vessels and people by month of the incident, the way the data README shows them.

    Every month from the first incident to the last has a line, so a month with no row shows
    as a gap instead of disappearing; the last column counts rows known only from pointers.
    """
    g = load(folder)
    g = g[g["status"] == "active"]
    month = g["date_start"].dt.strftime("%Y-%m")
    months = pd.period_range(g["date_start"].min(), g["date_start"].max(), freq="M").strftime("%Y-%m")
    t = row_tallies(g)  # the counting rules: one module for the README, reconcile and the map
    pointers = pointer_only(g)
    lines = [
        "| month | strike rows | vessels struck | killed | presumed dead | survivors | seizures | other rows "
        "| single-source or unverified rows | pointer-only rows |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    cols = ["strike_rows", "vessels_struck", "killed", "presumed_dead", "survivors", "seizures"]
    for m in months:
        in_m = month == m
        s = t[in_m].sum()
        weak = int((g[in_m]["confidence"] != "corroborated").sum())
        uncounted_strikes = int((in_m & (g["incident_type"] == "strike") & (t["strike_rows"] == 0)).sum())
        other = int(in_m.sum()) - int(s["strike_rows"]) - int(s["seizures"]) - uncounted_strikes
        counts = " | ".join(str(int(s[c])) for c in cols)
        lines.append(f"| {m} | {counts} | {other} | {weak} | {int((in_m & pointers).sum())} |")
    s = t.sum()
    lines.append("| **all** | " + " | ".join(f"**{int(s[c])}**" for c in cols) + f" | | | **{int(pointers.sum())}** |")
    return "\n".join(lines) + "\n"


def geography_table(folder: Path | None = None) -> str:
    """How well each row is placed: rows per geo_precision, their radius, and the seas they fall in."""
    g = load(folder)
    g = g[g["status"] == "active"]
    lines = ["| geo_precision | rows | median radius km | largest radius km | seas (IHO) |", "|---|--:|--:|--:|---|"]
    for precision in GEO_PRECISIONS:
        rows = g[g["geo_precision"] == precision]
        if rows.empty:
            continue
        unc = rows["uncertainty_km"].dropna()
        seas = rows["sea"].fillna("").replace("", "(spans several, or land)").value_counts()
        sea_text = "; ".join(f"{name} {n}" for name, n in sorted(seas.items()))
        med = f"{unc.median():,.0f}" if len(unc) else "—"
        big = f"{unc.max():,.0f}" if len(unc) else "—"
        lines.append(f"| `{precision}` | {len(rows)} | {med} | {big} | {sea_text if len(unc) else 'not placed'} |")
    return "\n".join(lines) + "\n"


def sources_table(folder: Path | None = None) -> str:
    """Source rows by kind, title basis and access, and incidents by confidence level."""
    src = load_sources(folder)
    g = load(folder)
    g = g[g["status"] == "active"]
    lines = ["| column | value | rows |", "|---|---|--:|"]
    for column, vocab in (("source_kind", SOURCE_KINDS), ("title_basis", TITLE_BASES), ("access", ACCESSES)):
        counts = src[column].value_counts()
        lines += [f"| `{column}` | `{value}` | {int(counts.get(value, 0))} |" for value in vocab]
    counts = g["confidence"].value_counts()
    lines += [f"| incidents: `confidence` | `{value}` | {int(counts.get(value, 0))} |" for value in CONFIDENCES]
    mirrors = src[src["source_kind"] == "mirror"]
    named = int(mirrors["original_publisher"].notna().sum())
    lines.append(f"| mirrors naming their original | | {named} of {len(mirrors)} |")
    return "\n".join(lines) + "\n"


def people_table(folder: Path | None = None) -> str:
    """People named by sources, counted by nationality and fate (people.csv)."""
    p = load_people(folder)
    if p.empty:
        return "No person is named by a source yet.\n"
    p = p.assign(nationality=p["nationality"].fillna("not reported"))
    counts = pd.crosstab(p["nationality"], p["fate"])
    fates = [f for f in FATES if f in counts.columns]
    lines = ["| nationality | people | " + " | ".join(fates) + " |", "|---|--:|" + "--:|" * len(fates)]
    for nat, row in counts.iterrows():
        lines.append(f"| {nat} | {int(row.sum())} | " + " | ".join(str(int(row[f])) for f in fates) + " |")
    lines.append(f"| **all** | **{len(p)}** | " + " | ".join(f"**{int(counts[f].sum())}**" for f in fates) + " |")
    incidents = p["incident_id"].nunique()
    lines.append("")
    lines.append(f"{len(p)} people named in {incidents} incidents, each by a source in `sources.csv` for that incident.")
    return "\n".join(lines) + "\n"


BLOCKS = {
    "codebook": lambda folder: codebook_document(),
    "coverage": coverage_table,
    "geography": geography_table,
    "sources": sources_table,
    "people": people_table,
}


def render(text: str, folder: Path | None = None) -> str:
    """The text with every generated block filled in anew."""
    for name, make in BLOCKS.items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.DOTALL)
        if pattern.search(text):
            body = make(folder)

            def splice(m: re.Match[str], body: str = body) -> str:
                return m.group(1) + body + m.group(2)

            text = pattern.sub(splice, text)
    return text


def refresh(readme: Path, folder: Path | None = None) -> bool:
    """Rewrite the README's blocks; True if anything changed."""
    old = readme.read_text(encoding="utf-8")
    new = render(old, folder)
    if new != old:
        write_text(readme, new)
    return new != old


__all__ = ["coverage_table", "geography_table", "people_table", "pointer_only", "render", "refresh", "sources_table"]
