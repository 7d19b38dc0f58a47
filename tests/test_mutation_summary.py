"""The mutation summary names functions and methods the way mutmut 3 names their mutants."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "mutation_summary.py"


def summary():
    spec = importlib.util.spec_from_file_location("mutation_summary", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_functions_and_methods_are_named_from_their_mutants():
    function_of = summary().function_of
    assert function_of("maritime_incidents._validate.x_check_cell__mutmut_145") == "maritime_incidents._validate.check_cell"
    assert function_of("maritime_incidents.geocode.xǁReaderǁbearings__mutmut_1") == "maritime_incidents.geocode.Reader.bearings"
    assert function_of("maritime_incidents.geocode.x_to_km__mutmut_2") == "maritime_incidents.geocode.to_km"
