"""Generated blocks of the data README, so the docs cannot drift from the code or the data.

A block sits between `<!-- name:start -->` and `<!-- name:end -->`; `maritime-incidents docs
--write` refreshes them and a test fails when one is stale.
"""

from __future__ import annotations

import re
from pathlib import Path

from .files import write_text
from .io import load
from .schema import codebook_document


def coverage_table(folder: Path | None = None) -> str:
    """Rows, vessels and people by month of the incident, the way the data README shows them."""
    g = load(folder)
    g = g[g["status"] == "active"]
    month = g["date_start"].dt.strftime("%Y-%m")
    strikes = (g["incident_type"] == "strike") & (g["confidence"] != "unverified_claim")
    lines = [
        "| month | strike rows | vessels struck | killed | presumed dead | survivors | seizures | other rows "
        "| single-source or unverified rows |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for m in sorted(month.unique()):
        in_m = month == m
        s = g[in_m & strikes]
        weak = int((g[in_m]["confidence"] != "corroborated").sum())
        seizures = int((g[in_m]["incident_type"] == "seizure").sum())
        other = int((in_m & (g["incident_type"] != "strike")).sum()) - seizures
        lines.append(
            f"| {m} | {len(s)} | {int(s['vessels'].sum())} | {int(s['killed'].sum())} | {int(s['presumed_dead'].sum())} "
            f"| {int(s['survivors'].sum())} | {seizures} | {other} | {weak} |"
        )
    s = g[strikes]
    lines.append(
        f"| **all** | **{len(s)}** | **{int(s['vessels'].sum())}** | **{int(s['killed'].sum())}** | **{int(s['presumed_dead'].sum())}** "
        f"| **{int(s['survivors'].sum())}** | **{int((g['incident_type'] == 'seizure').sum())}** | | |"
    )
    return "\n".join(lines) + "\n"


BLOCKS = {"codebook": lambda folder: codebook_document(), "coverage": coverage_table}


def render(text: str, folder: Path | None = None) -> str:
    """The text with every generated block filled in anew."""
    for name, make in BLOCKS.items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.DOTALL)
        if pattern.search(text):
            body = make(folder)
            text = pattern.sub(lambda m, body=body: m.group(1) + body + m.group(2), text)
    return text


def refresh(readme: Path, folder: Path | None = None) -> bool:
    """Rewrite the README's blocks; True if anything changed."""
    old = readme.read_text(encoding="utf-8")
    new = render(old, folder)
    if new != old:
        write_text(readme, new)
    return new != old


__all__ = ["coverage_table", "render", "refresh"]
