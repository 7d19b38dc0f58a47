"""Source rows: the host a URL opens, what kind of page it is, and the confidence rule.

Why a module of its own: the same derivations must run on the rows researched today and on
rows added later (`maritime-incidents sources --write` fills the empty cells), and the rule
that turns an incident's sources into its `confidence` is one function that the validator,
the fill step and the docs all use.

The host -> kind table is data (`domains.csv` in the dataset folder), not code, so a new host
is classified by adding a line that a reviewer can read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .datafiles import csv_text, in_codebook_order, read_rows, resolve
from .files import write_text
from .schema import COUNTING_KINDS, DOMAINS, INCIDENTS, SOURCES

#: One spelling per outlet, so that "AP" and "Associated Press" count as one original.
ALIASES: dict[str, str] = {
    "ap": "Associated Press",
    "associated press": "Associated Press",
    "nyt": "The New York Times",
    "new york times": "The New York Times",
    "the new york times": "The New York Times",
    "wsj": "The Wall Street Journal",
    "reuters": "Reuters",
    "afp": "AFP",
    "cbs news": "CBS News",
    "cbs": "CBS News",
}

#: Wire services: a copy of theirs on another outlet's site is a licensed wire copy, not a mirror.
WIRES = {"Associated Press", "Reuters", "AFP", "Xinhua", "EFE", "Anadolu", "Europa Press", "TT", "UPI", "Tribune Content Agency"}

OFFICIAL_KEY = "(official)"

#: Official accounts on social hosts (host/path prefix, lower case): their posts are official sources.
OFFICIAL_ACCOUNTS = (
    "x.com/secwar",
    "x.com/petehegseth",
    "x.com/southcom",
    "x.com/uscg",
    "x.com/deptofwar",
    "x.com/whitehouse",
    "x.com/sechegseth",
    "twitter.com/southcom",
    "twitter.com/petehegseth",
    "truthsocial.com/@realdonaldtrump",
)


def is_official_account(url: str) -> bool:
    """True if the URL is a post of one of OFFICIAL_ACCOUNTS."""
    parts = urlsplit(url.strip())
    where = (domain_of(url) + parts.path).lower()
    return any(where == a or where.startswith(a + "/") for a in OFFICIAL_ACCOUNTS)


def domain_of(url: str) -> str:
    """The URL's host in lower case, without a leading 'www.' (empty if the URL has no host)."""
    host = (urlsplit(url.strip()).hostname or "").lower()
    return host.removeprefix("www.")


SLUG_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)


def is_id(word: str) -> bool:
    """A long number or a letter-digit hash: an id in a URL, not a word of its headline."""
    has_digit = any(ch.isdigit() for ch in word)
    return has_digit and (word.isdigit() and len(word) >= 5 or not word.isdigit() and len(word) >= 6)


def address_descriptor(url: str) -> str:
    """The words of a URL's most wordy path segment ('trump-says-x-y' -> 'trump says x y'), or ''.

    Many publishers put the headline into the address; where the stored copy shows no headline
    this is the next best descriptor, and `title_basis` = address says so. Ids, dates and file
    endings are dropped; a segment needs three words to count.
    """
    best = ""
    for seg in urlsplit(url.strip()).path.split("/"):
        seg = re.sub(r"\.(html?|php|art|aspx?)$", "", unquote(seg), flags=re.IGNORECASE)
        words = [w for w in re.split(r"[-_+\s]+", seg) if w]
        while words and is_id(words[-1]):
            words.pop()  # trailing ids such as 1765933286118 or 9b027b
        if words and words[0].isdigit() and len(words[0]) >= 4:
            while words and words[0].isdigit():
                words.pop(0)  # leading ids and dates such as 3808522 or 2025 10 03
        if sum(1 for w in words if SLUG_WORD.fullmatch(w)) >= 3 and len(" ".join(words)) > len(best):
            best = " ".join(words)
    return best


def canonical(name: str) -> str:
    """One spelling for an outlet's name (see ALIASES); other names are returned stripped."""
    name = name.strip()
    return ALIASES.get(name.lower(), name)


def load_domains(path: str | os.PathLike | None = None) -> dict[str, dict[str, str]]:
    """The host table of a dataset folder, keyed by domain (empty if the folder has none)."""
    file = resolve(path) / DOMAINS.filename
    if not file.exists():
        return {}
    _, rows = read_rows(file)
    return {r["domain"]: r for r in rows}


def same_outlet(name: str, host: Mapping[str, str] | None, domain: str) -> bool:
    """True if a label names the host itself (its owner or its domain), not another outlet."""
    a = re.sub(r"[^a-z0-9]", "", name.lower())
    if not a:
        return True
    b = re.sub(r"[^a-z0-9]", "", (host or {}).get("owner", "").lower())
    c = re.sub(r"[^a-z0-9]", "", domain.rsplit(".", 1)[0].lower())

    def overlap(x: str, y: str) -> bool:  # one name inside the other, ignoring short fragments like "news"
        return x == y or (min(len(x), len(y)) >= 5 and (x in y or y in x))

    return bool(b) and overlap(a, b) or bool(c) and overlap(a, c)


def guess_original(publisher: str, host: Mapping[str, str] | None = None, domain: str = "") -> tuple[str, str]:
    """(kind hint, original outlet) read from a `publisher` label such as 'Reuters (via Straits Times)'.

    The labels were written by the researchers as they read each page: the credited outlet
    first, then in brackets 'mirror', 'via X', 'citing X' or an agency. The hint is empty when
    the label says nothing about copying; the original is empty when it is not known.
    """
    head, _, rest = publisher.partition("(")
    head, note = canonical(head), rest.rstrip(")").strip()
    low = note.lower()
    own = same_outlet(head, host, domain)
    if own and not note and head.lower().startswith(("unknown", "aggregator")):
        return "", ""
    if head.lower().startswith("unknown"):
        head, own = "", True
    named = "" if own else head
    if "archived by" in low or "mirror" in low or "repost" in low or "-based copy" in head.lower():
        if own:
            m = re.search(r"(?:repost|mirror|copy) of (?:the )?(.+?)(?:;|$)", note, re.IGNORECASE)
            named = canonical(m.group(1)) if m else ""
        if "-based copy" in head.lower():
            named = canonical(head.lower().split("-based")[0].strip().upper() if len(head) < 20 else "")
        return "mirror", named
    m = re.match(r"(?:citing|quoting|summari[sz]ing|source credited:)\s+(.+?)(?:;|$)", note, re.IGNORECASE)
    if m:
        cited = m.group(1).strip()
        if any(w in cited.lower() for w in ("southcom", "caine", "official", "foreign media")):
            return "", "" if own else named
        return "secondary", canonical(cited.removesuffix(".com").replace("theintercept", "The Intercept"))
    if low.startswith(("via", "mirror:", "aggregated by")):
        return ("wire_copy" if head in WIRES or not own else "mirror"), named
    agency = canonical(note.replace(" text", "").replace(" copy", "").split(",")[0])
    if agency in WIRES:
        return "wire_copy", agency
    if not own and (host or {}).get("kind") == "original":
        return "wire_copy", named
    return "", named


def fill_row(row: dict[str, str], domains: Mapping[str, Mapping[str, str]]) -> list[str]:
    """Fill the derivable empty cells of one source row in place; return what could not be filled.

    `domain` is always recomputed from the URL. `source_kind` comes from the host table, refined
    by the publisher label for hosts of kind original (a copy of a wire on a newspaper's site is
    a wire copy). Cells that hold a value are kept: a researcher's judgement wins over the table.
    """
    missing = []
    row["domain"] = domain_of(row.get("url", ""))
    if not row.get("access"):
        row["access"] = "read"
    host = domains.get(row["domain"])
    hint, original = guess_original(row.get("publisher", ""), host, row["domain"])
    if not row.get("source_kind"):
        if host is None:
            missing.append(f"domain {row['domain']!r} is not in {DOMAINS.filename}")
        else:
            kind = "official" if is_official_account(row.get("url", "")) else host["kind"]
            if kind == "original" and hint:
                kind = hint
            row["source_kind"] = kind
    if not row.get("original_publisher"):
        if row.get("source_kind") in ("original", "official") and host is not None and not original:
            row["original_publisher"] = host["owner"]
        elif original:
            row["original_publisher"] = original
    if not row.get("title_basis") and row.get("title"):
        row["title_basis"] = "page_text" if row["title"].startswith("[") else "headline"
    return missing


def fill(path: str | os.PathLike | None = None, *, write: bool = False) -> tuple[list[str], list[dict[str, str]]]:
    """Fill every source row of a dataset folder; write sources.csv if `write`.

    Returns the problems (hosts missing from domains.csv) and the filled rows. The file is
    rewritten in the codebook's column order; nothing is written when any row cannot be
    filled (add the host to domains.csv first).
    """
    folder = resolve(path)
    header, rows = read_rows(folder / SOURCES.filename)
    domains = load_domains(folder)
    problems = []
    for n, row in enumerate(rows, start=2):
        for p in fill_row(row, domains):
            problems.append(f"{SOURCES.filename} line {n}: {p}")
    if write and not problems:
        write_text(folder / SOURCES.filename, csv_text(in_codebook_order(SOURCES, header), rows))
    return problems, rows


def counts(rows: Iterable[Mapping[str, str]], column: str) -> dict[str, int]:
    """How many rows hold each value of a column, most frequent first."""
    out: dict[str, int] = {}
    for r in rows:
        out[r.get(column, "")] = out.get(r.get(column, ""), 0) + 1
    return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))


def disagreements(path: str | os.PathLike | None = None, rows: Iterable[Mapping[str, str]] | None = None) -> list[tuple[str, str, Verdict]]:
    """(incident_id, confidence, verdict) for every incident whose confidence contradicts the rule."""
    folder = resolve(path)
    if rows is None:
        _, rows = read_rows(folder / SOURCES.filename)
    cited = by_incident(rows)
    _, incidents = read_rows(folder / INCIDENTS.filename)
    out = []
    for inc in incidents:
        verdict = confidence_rule(cited.get(inc["incident_id"], []))
        if not agrees(inc["confidence"], verdict):
            out.append((inc["incident_id"], inc["confidence"], verdict))
    return out


# --- the confidence rule --------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """What an incident's sources allow: the level and the originals that were counted."""

    level: str
    originals: tuple[str, ...]
    pointers: int

    def explain(self) -> str:
        names = ", ".join(self.originals) or "none"
        return f"{len(self.originals)} independent original(s) ({names}); {self.pointers} pointer(s)"


def original_key(row: Mapping[str, str]) -> str | None:
    """The original a source row counts as, or None if it never counts (see CONFIDENCE_RULE)."""
    if row.get("access", "read") != "read" or row.get("source_kind") not in COUNTING_KINDS:
        return None
    if row["source_kind"] == "official":
        return OFFICIAL_KEY
    name = (row.get("original_publisher") or "").strip()
    return canonical(name) if name else None


def confidence_rule(rows: Iterable[Mapping[str, str]]) -> Verdict:
    """The confidence an incident's source rows allow (the rule in the codebook, CONFIDENCE_RULE)."""
    rows = list(rows)
    originals = sorted({k for r in rows if (k := original_key(r)) is not None})
    pointers = sum(
        1 for r in rows if r.get("source_kind") == "data_file" or (r.get("access") == "cited_only" and r.get("source_kind") == "official")
    )
    if len(originals) >= 2:
        level = "corroborated"
    elif originals:
        level = "single_source"
    elif pointers:
        level = "pointer"
    else:
        level = "secondhand"
    return Verdict(level, tuple(originals), pointers)


def agrees(current: str, verdict: Verdict) -> bool:
    """True if a row's confidence is what its sources allow (or a hand-set `unverified_claim`)."""
    return current == "unverified_claim" or current == verdict.level


def by_incident(rows: Iterable[Mapping[str, str]]) -> dict[str, list[Mapping[str, str]]]:
    out: dict[str, list[Mapping[str, str]]] = {}
    for r in rows:
        out.setdefault(r.get("incident_id", ""), []).append(r)
    return out


__all__ = [
    "Verdict",
    "address_descriptor",
    "agrees",
    "canonical",
    "confidence_rule",
    "counts",
    "disagreements",
    "domain_of",
    "fill",
    "fill_row",
    "load_domains",
]
