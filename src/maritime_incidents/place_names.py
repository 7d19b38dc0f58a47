"""The words a reader sees for a row's place: the map's area labels and its details' "Where".

`geocode` reads a row's words into a rule ("distance:48 nautical miles from coast:venezuela:caribbean")
and an area; this module turns such a rule back into words ("Caribbean: 48 nautical miles off
Venezuela"). It is separate because it is a different job with different readers: a change to how
places are *named* (capitals, a town's country, a region's name) touches no shape, point or
precision, and the geocoder's parser can change without touching the names. The names come from
the gazetteer (`geodata`) and the codebook (`schema.REGION_NAMES`); the map takes them from here,
never re-made in JavaScript.
"""

from __future__ import annotations

import re

from . import geodata
from .schema import REGION_NAMES

#: Words the gazetteer keeps in lower case that a reader knows in capitals.
ACRONYMS = {"southcom": "SOUTHCOM", "indopacom": "INDOPACOM", "eucom": "EUCOM"}


def display_words(text: str) -> str:
    """`southcom waters` -> "SOUTHCOM waters"; `eastern_pacific` -> "Eastern Pacific"; `INDIAN OCEAN` -> "Indian Ocean"."""
    words = str(text).replace("_", " ").split()
    if words and all(w.isupper() for w in words):
        words = [w.lower() for w in words]
    small = ("of", "and", "the", "de", "waters")
    return " ".join(ACRONYMS.get(w.lower(), w if i and w.lower() in small else w[:1].upper() + w[1:]) for i, w in enumerate(words))


def coast_country_words(area: dict) -> str:
    """A coast's country in full words: its first alias ("Dominican Republic"), not the basemap's
    short label ("Dominican Rep.")."""
    first = area["aliases"].split("|")[0] if area.get("aliases") else ""
    return display_words(first) if first else area["name"].rsplit(" coast (", 1)[0]


def anchor_name(key: str) -> str:
    """A bearing's or distance's anchor in words: a place's first alias ("Les Cayes"); other keys as they are."""
    place = geodata.places().get(key)
    if place is None:
        return key
    if not place.get("country"):  # a border point: its own name ("Mexico-Guatemala border")
        return place["name"]
    return display_words(place["aliases"].split("|")[0])


def rule_anchors(rule: str) -> list[str]:
    """The places a geocoder rule measures from or names, in order, each once ("Venezuela", "Jakarta (Indonesia)")."""
    out: list[str] = []
    entries: list[tuple[str, str]] = []
    for part in rule.split(" + "):
        kind, _, rest = part.partition(":")
        if kind in ("sea", "region", "country", "province", "reported", "unknown"):
            continue
        names = [rest.strip()] if kind == "place" else re.findall(r"place:([a-z_]+)", rest)
        coasts = re.findall(r"(?:coast:)?([a-z_]+):(?:caribbean|eastern_pacific|atlantic|gulf_of_mexico|indian_ocean)\b", rest)
        if kind == "coast":
            coasts = [rest.split(":")[0]]
        for key in coasts:
            area = geodata.areas().get(f"coast:{key}:{rest.rsplit(':', 1)[-1]}") or next(
                (a for k, a in geodata.areas().items() if k.startswith(f"coast:{key}:")), None
            )
            names.append(coast_country_words(area) if area else display_words(key))
        for n in names:
            entries.append((anchor_name(n), geodata.places()[n].get("country_name", "") if n in geodata.places() else ""))
    named = {label for label, _ in entries}
    for label, country in entries:  # a town's country, unless the rule names it: "Acapulco (Mexico), Colombia"
        if country and country not in named and not label.startswith(country.split()[0]):
            label = f"{label} ({country})"
        if label not in out:
            out.append(label)
    return out


def area_name(rule: str, region: str) -> str:
    """A short, truthful name for the area a geocoder rule gives, from what the row's words named.

    A named sea or region is its gazetteer name ("SOUTHCOM waters", "Indian Ocean"); a country is
    its name; anything measured from places is the region and those places ("Caribbean: off
    Venezuela", "Indian Ocean: near Cocos Keeling Islands, Jakarta, India, Sri Lanka"), so two
    areas of one region named by different places never share a name."""
    first = str(rule).split(" + ")[0]
    kind, _, rest = first.partition(":")
    if kind in ("sea", "region") and f"{kind}:{rest}" in geodata.areas():
        return display_words(geodata.areas()[f"{kind}:{rest}"]["name"])
    if kind in ("country", "province"):
        key, _, tail = rest.partition(" ")
        a = geodata.areas().get(f"{kind}:{key}")
        return (a["name"] if a else display_words(key)) + (f" {tail}" if tail else "")
    anchors = rule_anchors(rule)
    where = REGION_NAMES.get(region, "")  # "other" and a region not in the codebook: no region to name
    if not anchors:
        return where
    anchors = [a.replace(f" ({where})", "") for a in anchors]  # "Venezuela: near Caracas", not "Caracas (Venezuela)"
    if kind == "coast" and len(anchors) == 1:
        phrase = f"off {anchors[0]}"
    elif kind == "between" and len(anchors) == 2:
        phrase = f"between {anchors[0]} and {anchors[1]}"
    elif kind in ("distance", "bearing") and len(anchors) == 1:
        m = re.match(r"(.+?) (from|of) (?:coast|place):", rest)  # "48 nautical miles from", "80 nautical miles south of"
        phrase = f"{m.group(1)} {'off' if m.group(2) == 'from' else 'of'} {anchors[0]}" if m else f"off {anchors[0]}"
    else:
        phrase = "near " + ", ".join(anchors)
    return f"{where}: {phrase}" if where else phrase[:1].upper() + phrase[1:]


def place_words(rule: str, region: str) -> str:
    """Where a row is, as a reader says it (the map's "Where" line): "somewhere in the Eastern Pacific",
    "somewhere in Bolívar state", "Caribbean: 48 nautical miles off Venezuela"; "" for reported points
    and unknown places, which say so otherwise. The names are `area_name`'s, so label and details agree."""
    kind = str(rule).split(" + ")[0].partition(":")[0]
    if kind in ("", "reported", "unknown"):
        return ""
    name = area_name(rule, region)
    if kind in ("sea", "region"):
        return f"somewhere in the {name}"
    if kind in ("country", "province"):
        return f"somewhere in {name}"
    return name
