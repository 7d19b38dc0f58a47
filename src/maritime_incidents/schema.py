"""The codebook: the single source of truth for every table of the dataset.

Validation (`_validate.py`), typed loading (`io.py`), the data README's column tables
(`maritime-incidents codebook`) and the exports all read these definitions, so a column
cannot mean one thing in the docs and another in the code.
"""

from __future__ import annotations

import functools
import re
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
    "policy action": ("blockade", "airspace_notice", "operation_announcement"),
    # an interdiction or an act the vocabulary has no word for: its own symbol, never filed as policy
    "other": ("other",),
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

#: Each region as a reader sees it, in area names and the map's "Where" ("Caribbean: off
#: Venezuela", "Venezuela: near Caracas"); "other" names no region ("Near Caracas (Venezuela)").
REGION_NAMES: dict[str, str] = {
    "caribbean": "Caribbean",
    "eastern_pacific": "Eastern Pacific",
    "atlantic": "Atlantic",
    "gulf_of_mexico": "Gulf of Mexico",
    "indian_ocean": "Indian Ocean",
    "venezuela_land": "Venezuela",
    "other": "",
}

DATE_PRECISIONS: dict[str, str] = {
    "day": "the day is known",
    "month": "only the month is known; date_start/date_end span it",
    "approximate": "the date is approximate; notes say why",
}

GEO_PRECISIONS: dict[str, str] = {
    "reported": "coordinates stated by a source: the area is a 2 km disc",
    "bearing": "bearing and distance from a named place, e.g. '400 nm SW of X': a geodesic disc",
    "place": "near, off or a distance from a named port, town or island, or between two places",
    "direction": "a direction from a named place with no distance ('south-west of X'): a 45° wedge to 500 km",
    "coast": "off the coast of a named country or island: the sea within 200 km (the coarsest of several phrases)",
    "province": "a province on land, for land rows: the hull of its GeoNames places",
    "sea_area": "only a named sea or gulf is known: the area is the sea, the point only a label",
    "country": "a country's territory or airspace (policy actions, land strikes)",
    "region": "only the ocean region is known: the area is the region, the point only a label",
    "unknown": "the sources give no place: no area and no point (counted, not placed)",
}

WATERS: dict[str, str] = {
    "international": "a source says international waters",
    "territorial": "a source says a state's (territorial) waters",
    "disputed": "sources say both",
    "unknown": "no source says",
}

#: Computed from the sources by `sources.confidence_rule` (see CONFIDENCE_RULE); only
#: `unverified_claim` is set by hand, as a downgrade of what the sources would allow.
CONFIDENCES: dict[str, str] = {
    "corroborated": "two or more independent originals (see the rule below)",
    "single_source": "exactly one independent original; treat with care",
    "pointer": "no original read: known only from a public file, or a cited official release that could not be read",
    "secondhand": "no original read and no pointer: known only from aggregators, AI summaries or forum posts",
    "unverified_claim": "set by hand: an official's claim with no date, place or toll that any source confirms",
}

#: What a source row is, judged from the page at its URL (not from the outlet it names).
SOURCE_KINDS: dict[str, str] = {
    "official": "a government's or military's own statement or record (release, post on its account, data export)",
    "original": "the outlet's own report, on the outlet's own site",
    "wire_copy": (
        "a wire-service or network report (AP, Reuters, AFP, CNN Newsource ...) carried under licence by another outlet; "
        "original_publisher names it"
    ),
    "secondary": "an outlet's own piece that relays another outlet's report; original_publisher names the outlet relayed",
    "mirror": "a copy of another outlet's article on a site that is not that outlet (scraper, repost); original_publisher names it",
    "aggregator": "a page that lists or summarises reports from several outlets (news feeds, clusters, tag pages)",
    "ai_summary": "text generated by an AI tool from other reports",
    "forum": "a user's post on a message board or social site",
    "data_file": "a public data or code file (dashboard, feed, fixture) that cites a report or release",
}

#: Source kinds that can count as an independent original (once per original_publisher).
COUNTING_KINDS = ("official", "original", "wire_copy", "secondary", "mirror")

TITLE_BASES: dict[str, str] = {
    "headline": "the page's headline as read in the stored copy",
    "page_text": "no headline shown: a short descriptor written from the page's own text, in brackets",
    "address": "no headline or text to quote: a descriptor from the words of the URL, in brackets",
}

ACCESSES: dict[str, str] = {
    "read": "the page (or its stored copy) was read",
    "cited_only": "the URL is cited by another page (cited_in) but could not be read; a pointer, never corroboration",
}

CONFIDENCE_RULE = (
    "An incident's sources are counted by `original_publisher`: each read source of kind "
    + ", ".join(f"`{k}`" for k in COUNTING_KINDS)
    + " adds its original publisher once (a mirror, a wire copy and the original of one report are one original; "
    "all official sources of one government count as one; a mirror whose original is unknown adds nothing). "
    "Aggregators, AI summaries, forum posts, data files and `cited_only` rows never count. "
    "Two or more originals: `corroborated`; one: `single_source`; none, but a data file or a cited official "
    "release: `pointer`; none at all: `secondhand`. `unverified_claim` may be set by hand on any row "
    "(an editorial downgrade); every other value must equal the rule's."
)

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

#: What happened to a person a source names (people.csv).
FATES: dict[str, str] = {
    "killed": "killed in the incident, as the naming source reports it",
    "survived": "survived the incident; nothing later reported",
    "presumed_dead": "survived the strike or went overboard and was later presumed dead",
    "repatriated": "survived and was sent back to a home country",
    "detained": "survived and is held by US or other authorities",
}

#: Notes of a row known only from pointers (public files citing an official release that could
#: not be read) start with this marker, so the coverage table can show pointer-only rows until
#: the codebook's confidence rule gives them a level of their own.
POINTER_MARKER = "POINTER-ONLY"

#: Hedges in a running total's quote, and the `qualifier` each stands for. The qualifier is
#: derived from the quote (`quote_qualifier`), never typed by hand, and the validator checks it.
HEDGES: dict[str, str] = {
    "at least": "at least",
    "more than": "more than",
    "over": "more than",
    "above": "more than",
    "tops": "more than",
    "passes": "more than",
    "upwards of": "more than",
    "nearly": "about",
    "almost": "about",
    "about": "about",
    "approximately": "about",
    "roughly": "about",
    "around": "about",
    "some": "about",
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
        C(
            "latitude",
            "float",
            "representative point of the area, WGS84: inside it, nearest the most specific words; empty when geo_precision is unknown",
            unit="degrees",
            minimum=-90,
            maximum=90,
        ),
        C("longitude", "float", "representative point of the area, WGS84 (see latitude)", unit="degrees", minimum=-180, maximum=180),
        C("geo_precision", "enum", "what the area stands for: the coarsest phrase it was made from", True, GEO_PRECISIONS),
        C("uncertainty_km", "float", "radius of the circle around the point that holds the whole area", unit="km", minimum=0),
        C("geo_rule", "str", "the gazetteer rules and keys the area was made from, ' + '-separated", True),
        C(
            "basin",
            "str",
            "ocean basin holding the area (IHO sea areas): Atlantic, Pacific or Indian Ocean; empty if it spans two or is on land",
        ),
        C("sea", "str", "IHO sea area holding 90 % of the area (e.g. Caribbean Sea, North Pacific Ocean); empty if none does"),
        C("sub_area", "str", "the smallest named sea of the gazetteer holding 90 % of the area (e.g. southern caribbean)"),
        C("waters", "enum", "what the sources say of the waters (ACLED splits at 12 nm); empty for land rows", vocab=WATERS),
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
        C("confidence", "enum", "how well sourced the row is: computed from the sources by the rule in the codebook", True, CONFIDENCES),
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
        C("url", "url", "address of the page (read, or cited where access is cited_only)", True),
        C("title", "str", "the headline; else a bracketed descriptor (title_basis says which)", True),
        C("publisher", "str", "the outlet the row credits, as first recorded (for copies often the original: see source_kind)", True),
        C("published", "date", "publication date, if known"),
        C("claims", "str", "what this source says about the incident, in short", True),
        # added in issue 14, after the first six so that rows written with the old columns still line up
        C("title_basis", "enum", "where the title comes from", True, TITLE_BASES),
        C("domain", "str", "the URL's host without 'www.' (derived: `maritime-incidents sources --write`)", True),
        C("source_kind", "enum", "what the page at the URL is", True, SOURCE_KINDS),
        C(
            "original_publisher",
            "str",
            "whose report the page carries: itself for an original, the copied or relayed outlet otherwise (empty: unknown)",
        ),
        C("original_url", "url", "the original's address, where the copy links it or the stored pages hold it"),
        C("access", "enum", "whether the page was read or only seen cited", True, ACCESSES),
        C("cited_in", "str", "for cited_only rows: where the URL is cited (a page's address, or a public file)"),
        C("video_url", "url", "the official video of the incident, where the source links one"),
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

WAYPOINTS = Table(
    name="waypoints",
    filename="waypoints.csv",
    grain="one dated position of a vessel on a pursuit or transit, as one source gives it",
    key=("track_id", "seq"),
    foreign_keys={"incident_id": "incidents.incident_id"},
    columns=(
        C("track_id", "id", "the track (one vessel's pursuit or transit) this position belongs to", True),
        C("seq", "int", "order along the track, from 1", True, minimum=1),
        C("vessel_name", "str", "the vessel's name at that time", True),
        C("incident_id", "id", "the incident the position belongs to", True),
        C("date_start", "date", "first day the position can be from", True),
        C("date_end", "date", "last day the position can be from (a range when the source gives no date)", True),
        C("date_precision", "enum", "how precisely the date is known", True, DATE_PRECISIONS),
        C("region", "enum", "ocean region of the position", True, REGIONS),
        C("location_text", "str", "where, in the source's own words", True),
        C("latitude", "float", "representative point (as for incidents)", True, unit="degrees", minimum=-90, maximum=90),
        C("longitude", "float", "representative point (as for incidents)", True, unit="degrees", minimum=-180, maximum=180),
        C("geo_precision", "enum", "what the point stands for", True, GEO_PRECISIONS),
        C("uncertainty_km", "float", "radius around the point that holds the area the words name", True, unit="km", minimum=0),
        C("geo_rule", "str", "the gazetteer rules and keys the point was made from", True),
        C("source_url", "url", "the source of the position: one of the incident's rows in sources.csv", True),
    ),
)

DOMAINS = Table(
    name="domains",
    filename="domains.csv",
    grain="one web host that a source row opens, with the kind of page it usually serves",
    key=("domain",),
    columns=(
        C("domain", "str", "host without 'www.'", True),
        C("kind", "enum", "default source_kind of a page on this host (a row may differ, e.g. a wire copy)", True, SOURCE_KINDS),
        C("owner", "str", "who runs the host, as far as known", True),
        C("notes", "str", "why the kind, e.g. 'scraper: copies AP and CBS without licence notice'"),
    ),
)

PEOPLE = Table(
    name="people",
    filename="people.csv",
    grain="one person named by a named source as aboard a struck or seized vessel (or the target of a strike) in one incident",
    key=("incident_id", "name"),
    foreign_keys={"incident_id": "incidents.incident_id"},
    columns=(
        C("incident_id", "id", "incident the person was caught up in", True),
        C("name", "str", "name exactly as the named source publishes it; never a name from an unsourced post", True),
        C("age", "int", "age as the source gives it", unit="years", minimum=0, maximum=120),
        C("nationality", "str", "country of nationality as the source gives it (English short name, e.g. Colombia)"),
        C("home_town", "str", "home town or village as the source gives it"),
        C("fate", "enum", "what happened to the person, as the source reports it", True, FATES),
        C("source_url", "url", "the source that names the person: a row of sources.csv for the same incident", True),
        C("claim", "str", "what that source says of the person, and who disagrees", True),
    ),
)

TABLES: dict[str, Table] = {t.name: t for t in (INCIDENTS, SOURCES, CORRECTIONS, OFFICIAL_TOTALS, DOMAINS, PEOPLE, WAYPOINTS)}
#: Tables that must be present in a dataset folder; the others are optional.
REQUIRED_TABLES = ("incidents", "sources", "corrections")


NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
TENS_WORDS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(n: int) -> list[str]:
    """English words for 0..999 as news copy writes them ("twenty-nine", "two hundred and five")."""
    if n < 20:
        return [NUMBER_WORDS[n]]
    if n < 100:
        tens = TENS_WORDS[n // 10]
        return [tens if n % 10 == 0 else f"{tens}-{NUMBER_WORDS[n % 10]}"]
    hundreds = f"{NUMBER_WORDS[n // 100]} hundred"
    if n % 100 == 0:
        return [hundreds]
    return [f"{hundreds}{joint}{rest}" for rest in number_words(n % 100) for joint in (" and ", " ")]


def number_forms(figure: str) -> list[str]:
    """How a stated figure may be written in a quote: 1234, 1,234, and in words below 1,000."""
    forms = [figure]
    if figure.isdigit():
        n = int(figure)
        forms.append(f"{n:,}")
        if n < 1000:
            forms += number_words(n)
    return forms


def quote_qualifier(quote: str, killed: str = "", strikes: str = "", vessels: str = "") -> str:
    """The qualifier a running total's quote puts on its figures, derived so nobody types it.

    The hedge that counts is the one written right before a stated figure ("at least 46 people",
    "more than 140"): `at least`, `more than` or `about` (see HEDGES). The killed figure comes
    first, because `reconcile` compares tolls; when the toll is stated plainly but the strike or
    vessel count is hedged ("at least 36 attacks ... 125 people"), the qualifier says which
    figure it is about, e.g. `at least (strikes)`, so it is never read as a hedge on the toll.
    """
    text = " ".join(quote.lower().split())
    hedge = "|".join(sorted((re.escape(h) for h in HEDGES), key=len, reverse=True))

    def hedged(figure: str) -> str:
        if not figure:
            return ""
        number = "|".join(re.escape(f) for f in number_forms(figure))
        m = re.search(rf"\b({hedge})\s+(?:the\s+)?(?:{number})\b", text)
        return HEDGES[m.group(1)] if m else ""

    if killed:
        if q := hedged(killed):
            return q
        for name, figure in (("strikes", strikes), ("vessels", vessels)):
            if q := hedged(figure):
                return f"{q} ({name})"
        return ""
    return hedged(vessels) or hedged(strikes)


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
        ("waters", WATERS),
        ("confidence", CONFIDENCES),
        ("source_kind", SOURCE_KINDS),
        ("title_basis", TITLE_BASES),
        ("access", ACCESSES),
        ("hostility", HOSTILITIES),
        ("status", STATUSES),
        ("fate", FATES),
    ):
        parts.append(f"#### `{title}`\n\n" + "\n".join(f"- `{k}`: {v}" for k, v in vocab.items()) + "\n")
    return "\n".join(parts)


def codebook_document() -> str:
    """All tables and vocabularies, as the block the data README embeds."""
    rule = f"#### The confidence rule\n\n{CONFIDENCE_RULE}\n"
    return "\n".join(codebook_markdown(t) for t in TABLES.values()) + "\n" + vocabularies_markdown() + "\n" + rule
