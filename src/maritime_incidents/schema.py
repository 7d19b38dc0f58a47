"""The codebook: the single source of truth for every table of the dataset.

Validation (`_validate.py`), typed loading (`io.py`), the data README's column tables
(`maritime-incidents codebook`) and the exports all read these definitions, so a column
cannot mean one thing in the docs and another in the code.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

# --- vocabularies ---------------------------------------------------------------------

INCIDENT_TYPES: dict[str, str] = {
    "strike": "lethal US strike on one or more vessels at sea",
    "land_strike": "US strike on a target on land tied to the campaign",
    "seizure": "US seizure of a merchant vessel (e.g. a tanker)",
    "boarding": "boarding and search of a vessel that ended without seizure",
    "boarding_attempt": "attempted or refused boarding of a merchant vessel",
    "pursuit": "pursuit of a merchant vessel that refused to stop",
    "deployment": "a force deployment (e.g. a carrier strike group entering an area)",
    "blockade": "a declared blockade or interdiction policy with an area",
    "airspace_notice": "an airspace warning or 'closure' (FAA notice, presidential statement)",
    "operation_announcement": "the naming or launch of an operation",
    "hostile_act": "a hostile act against a ship from another incident set (e.g. NGA ASAM); see hostility",
    "other": "anything else tied to the campaign, explained in notes",
}

#: Map layers group the incident types into what a reader looks for.
CATEGORIES: dict[str, tuple[str, ...]] = {
    "strike": ("strike", "land_strike"),
    "seizure": ("seizure",),
    "boarding / pursuit": ("boarding", "boarding_attempt", "pursuit"),
    "deployment": ("deployment",),
    "policy action": ("blockade", "airspace_notice", "operation_announcement", "other"),
    "other hostile acts": ("hostile_act",),
}

REGIONS: dict[str, str] = {
    "caribbean": "Caribbean Sea and its passages",
    "eastern_pacific": "Pacific Ocean off Mexico, Central and South America",
    "atlantic": "Atlantic Ocean outside the Caribbean",
    "gulf_of_mexico": "Gulf of Mexico",
    "indian_ocean": "Indian Ocean (tankers followed from the Caribbean)",
    "venezuela_land": "Venezuelan territory or airspace (land)",
    "other": "elsewhere; explained in notes",
}

DATE_PRECISIONS: dict[str, str] = {
    "day": "the day is known",
    "month": "only the month is known; date_start/date_end span it",
    "approximate": "the date is approximate; notes say why",
}

GEO_PRECISIONS: dict[str, str] = {
    "reported": "coordinates stated by a source (uncertainty may be 0)",
    "bearing": "bearing and distance from a named place, e.g. '400 nm SW of X'",
    "place": "near a named port, town, cape or island",
    "coast": "off the coast of a named country or island: the offshore band",
    "sea_area": "a named sea or gulf: its representative point",
    "region": "only the ocean region is known: the region's representative point",
    "country": "a country's territory or airspace (policy actions, land strikes)",
}

CONFIDENCES: dict[str, str] = {
    "corroborated": "sources from two or more independent publishers",
    "single_source": "one publisher only; treat with care",
    "unverified_claim": "an official's claim with no date, place or toll that any source confirms",
}

#: For rows imported from anti-shipping reports (NGA ASAM); `alleged_group` keeps the source's own word.
HOSTILITIES: dict[str, str] = {
    "piracy": "pirates, pirate attack or boarding",
    "robbery": "robbers, thieves, intruders, boarders",
    "hijacking": "hijackers, hijacking",
    "kidnapping": "kidnappers, kidnapping",
    "suspicious_approach": "suspicious approach, craft or speedboats; no boarding",
    "attempted_boarding": "an attempted boarding or robbery",
    "military_activity": "navies, militaries, militants, gunmen",
    "other": "another word; the source's word is kept in alleged_group",
    "unknown": "the source gives none ('', 'n/a', 'unknown')",
}

STATUSES: dict[str, str] = {
    "active": "the row stands",
    "retracted": "the incident is no longer believed to have happened; kept for the record",
    "merged": "the row duplicated another; superseded_by names the row that holds it",
}


# --- columns --------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of one table: its type, whether it is required, its vocabulary."""

    name: str
    dtype: str  # str | int | float | date | enum | url | id
    description: str
    required: bool = False
    vocab: dict[str, str] | None = None
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    pattern: str = ""  # a regular expression the whole text cell must match (validator and data package)


@dataclass(frozen=True)
class Table:
    name: str
    filename: str
    grain: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    foreign_keys: dict[str, str] = field(default_factory=dict)  # column -> "table.column"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @functools.cached_property
    def by_name(self) -> dict[str, Column]:
        return {c.name: c for c in self.columns}

    def column(self, name: str) -> Column:
        """The column called name (a dict look-up: validation asks once per cell)."""
        return self.by_name[name]


C = Column

INCIDENTS = Table(
    name="incidents",
    filename="incidents.csv",
    grain=(
        "one incident: one strike on one or more vessels on one date in one region, one seizure, "
        "one boarding attempt or pursuit, one force deployment, or one policy action with an area"
    ),
    key=("incident_id",),
    foreign_keys={"superseded_by": "incidents.incident_id"},
    columns=(
        C("incident_id", "id", "stable identifier, never reused: TYPE-YYYYMMDD-NN", True),
        C("incident_type", "enum", "what happened", True, INCIDENT_TYPES),
        C("date_start", "date", "first day of the incident (UTC date as reported)", True),
        C("date_end", "date", "last day; equals date_start for one-day incidents", True),
        C("date_precision", "enum", "how precisely the dates are known", True, DATE_PRECISIONS),
        C("region", "enum", "ocean region (or land)", True, REGIONS),
        C("location_text", "str", "where, in the source's own words", True),
        C("latitude", "float", "approximate point, WGS84", True, unit="degrees", minimum=-90, maximum=90),
        C("longitude", "float", "approximate point, WGS84", True, unit="degrees", minimum=-180, maximum=180),
        C("geo_precision", "enum", "what the point stands for", True, GEO_PRECISIONS),
        C("uncertainty_km", "float", "radius around the point that holds the incident", True, unit="km", minimum=0),
        C("geo_rule", "str", "how the point was derived (gazetteer rule and key)", True),
        C("on_land_reason", "str", "why the point is on land, when it is (else empty)"),
        C("vessels", "int", "number of vessels struck, seized or pursued", unit="vessels", minimum=0),
        C("vessel_name", "str", "name(s) of the vessel at the time, '; '-separated"),
        C("vessel_former_names", "str", "earlier names, '; '-separated"),
        C("imo", "str", "IMO number(s), 7 digits, '; '-separated", pattern=r"[0-9]{7}(?:; [0-9]{7})*"),
        C("flag", "str", "flag at the time of the incident"),
        C("flag_history", "str", "flag changes, e.g. during a pursuit"),
        C("vessel_type", "str", "e.g. go-fast boat, semi-submersible, crude oil tanker"),
        C("cargo", "str", "cargo as reported"),
        C("seized_to", "str", "where a seized vessel was taken"),
        C("killed", "int", "people killed, best figure", unit="people", minimum=0),
        C("killed_low", "int", "lowest killed figure among sources", unit="people", minimum=0),
        C("killed_high", "int", "highest killed figure among sources", unit="people", minimum=0),
        C("survivors", "int", "people who survived the strike", unit="people", minimum=0),
        C("presumed_dead", "int", "survivors or people overboard later presumed dead (not in killed)", unit="people", minimum=0),
        C("survivor_fate", "str", "what happened to survivors"),
        C("alleged_group", "str", "group the announcing official named (for imported reports: the source's hostility word)"),
        C("hostility", "enum", "kind of hostile act, for imported anti-shipping reports", vocab=HOSTILITIES),
        C("acting_force", "str", "who acted, e.g. US military (JTF Southern Spear), US Coast Guard"),
        C("announced_by", "str", "who announced it and where (Truth Social, X, press release)"),
        C("announced_at", "date", "date of the announcement"),
        C("strike_ordinal", "int", "ordinal a source gives ('the fourth strike')", minimum=1),
        C("confidence", "enum", "how well sourced the row is", True, CONFIDENCES),
        C("status", "enum", "whether the row stands", True, STATUSES),
        C("superseded_by", "id", "for merged rows: the incident that holds this one"),
        C("notes", "str", "disagreements between sources, context, caveats"),
    ),
)

SOURCES = Table(
    name="sources",
    filename="sources.csv",
    grain="one source read for one incident",
    key=("incident_id", "url"),
    foreign_keys={"incident_id": "incidents.incident_id"},
    columns=(
        C("incident_id", "id", "incident this source is about", True),
        C("url", "url", "address of the page that was read", True),
        C("title", "str", "the page's title or headline", True),
        C("publisher", "str", "original outlet (for a mirror, the outlet it copies)", True),
        C("published", "date", "publication date, if known"),
        C("claims", "str", "what this source says about the incident, in short", True),
    ),
)

CORRECTIONS = Table(
    name="corrections",
    filename="corrections.csv",
    grain="one change to one published value of one incident",
    key=("incident_id", "changed_on", "field", "new"),
    foreign_keys={"incident_id": "incidents.incident_id"},
    columns=(
        C("incident_id", "id", "incident whose value changed", True),
        C("changed_on", "date", "when the change was made in this dataset", True),
        C("field", "str", "column that changed", True),
        C("old", "str", "value before", False),
        C("new", "str", "value after", False),
        C("reason", "str", "why", True),
        C("source_url", "url", "source for the new value"),
    ),
)

OFFICIAL_TOTALS = Table(
    name="official_totals",
    filename="official_totals.csv",
    grain="one running total stated by an official or a wire service on one date",
    key=("total_id",),
    columns=(
        C("total_id", "id", "stable identifier of the statement", True),
        C("as_of", "date", "date the figures count up to", True),
        C("stated_by", "str", "who stated the figures", True),
        C("strikes", "int", "strikes as stated", unit="strikes", minimum=0),
        C("vessels", "int", "vessels as stated", unit="vessels", minimum=0),
        C("killed", "int", "killed as stated", unit="people", minimum=0),
        C("survivors", "int", "survivors as stated", unit="people", minimum=0),
        C("qualifier", "str", "how the figures are hedged: 'at least', 'more than', 'about' (else empty)"),
        C("url", "url", "where it was read", True),
        C("title", "str", "page title", True),
        C("publisher", "str", "original outlet", True),
        C("published", "date", "publication date"),
        C("quote", "str", "the words with the figures", True),
        C("notes", "str", "context: how the outlet counts, doubts about the date or the figures"),
        C("reconciled_strikes", "int", "strike rows up to as_of when last reconciled", minimum=0),
        C("reconciled_vessels", "int", "vessels struck up to as_of when last reconciled", minimum=0),
        C("reconciled_killed", "int", "killed up to as_of when last reconciled", minimum=0),
        C("reconciled_presumed_dead", "int", "presumed dead up to as_of when last reconciled", minimum=0),
        C("match", "str", "how the statement compares with the data (written by `reconcile --write`)"),
        C("explanation", "str", "why the data's sums differ from the statement, when `match` cannot say"),
    ),
)

TABLES: dict[str, Table] = {t.name: t for t in (INCIDENTS, SOURCES, CORRECTIONS, OFFICIAL_TOTALS)}
#: Tables that must be present in a dataset folder; the others are optional.
REQUIRED_TABLES = ("incidents", "sources", "corrections")


def codebook_markdown(table: Table) -> str:
    """The column table of the data README, generated so it cannot drift from the code."""
    lines = [
        f"### `{table.filename}`",
        "",
        f"Row grain: {table.grain}.",
        "",
        "| column | type | required | unit | meaning | values |",
        "|---|---|---|---|---|---|",
    ]
    for c in table.columns:
        vocab = ", ".join(f"`{k}`" for k in c.vocab) if c.vocab else ""
        rng = ""
        if c.minimum is not None or c.maximum is not None:
            lo = "" if c.minimum is None else f"{c.minimum:g}"
            hi = "" if c.maximum is None else f"{c.maximum:g}"
            rng = f"{lo}..{hi}"
        values = "; ".join(v for v in (vocab, rng) if v)
        req = "yes" if c.required else ""
        lines.append(f"| `{c.name}` | {c.dtype} | {req} | {c.unit} | {c.description} | {values} |")
    return "\n".join(lines) + "\n"


def vocabularies_markdown() -> str:
    """Every vocabulary with the meaning of each value."""
    parts = []
    for title, vocab in (
        ("incident_type", INCIDENT_TYPES),
        ("region", REGIONS),
        ("date_precision", DATE_PRECISIONS),
        ("geo_precision", GEO_PRECISIONS),
        ("confidence", CONFIDENCES),
        ("hostility", HOSTILITIES),
        ("status", STATUSES),
    ):
        parts.append(f"#### `{title}`\n\n" + "\n".join(f"- `{k}`: {v}" for k, v in vocab.items()) + "\n")
    return "\n".join(parts)


def codebook_document() -> str:
    """All tables and vocabularies, as the block the data README embeds."""
    return "\n".join(codebook_markdown(t) for t in TABLES.values()) + "\n" + vocabularies_markdown()
