"""maritime-incidents: a sourced dataset of the US military's 2025-26 campaign at sea, and the
toolkit that loads it, checks it and draws it as an interactive map."""

__version__ = "0.1.0"

from ._errors import Problem, ValidationError
from .export import export
from .geocode import GeoResult, Location, geocode, locate
from .io import (
    bundled_data_dir,
    load,
    load_areas,
    load_corrections,
    load_official_totals,
    load_people,
    load_sources,
    load_tracks,
    load_waypoints,
)
from .map import IncidentMap, make_map, save_map
from .validate import validate

__all__ = [
    "GeoResult",
    "IncidentMap",
    "Location",
    "Problem",
    "ValidationError",
    "bundled_data_dir",
    "export",
    "geocode",
    "load",
    "load_areas",
    "load_corrections",
    "load_official_totals",
    "load_people",
    "load_sources",
    "load_tracks",
    "load_waypoints",
    "locate",
    "make_map",
    "save_map",
    "validate",
]
