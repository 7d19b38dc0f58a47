"""`datafiles`: where the dataset folder is, whether it may be edited, and the one CSV reader and writer."""

from __future__ import annotations

from pathlib import Path

import pytest

from maritime_incidents import datafiles
from maritime_incidents.datafiles import bundled_data_dir, csv_text, editable_data_dir, in_codebook_order, is_installed, read_rows, resolve
from maritime_incidents.schema import Column, Table

from .conftest import MINI, REPO


def test_read_rows_gives_the_header_and_every_row_as_text(tmp_path: Path):
    f = tmp_path / "t.csv"
    f.write_bytes('\ufeffb,a\n"x, ""y""",Curaçao — ✓\n2\n'.encode())  # a spreadsheet's BOM, a short row
    header, rows = read_rows(f)
    assert header == ["b", "a"]
    assert rows == [{"b": 'x, "y"', "a": "Curaçao — ✓"}, {"b": "2", "a": None}]


def test_read_rows_keeps_a_line_break_inside_a_quoted_cell(tmp_path: Path):
    f = tmp_path / "t.csv"
    f.write_bytes(b'a,b\n"one\r\ntwo",3\n')
    assert read_rows(f) == (["a", "b"], [{"a": "one\r\ntwo", "b": "3"}])


def test_read_rows_of_an_empty_file(tmp_path: Path):
    (tmp_path / "t.csv").write_bytes(b"")
    assert read_rows(tmp_path / "t.csv") == ([], [])


def test_csv_text_writes_the_header_given_and_quotes_only_where_needed():
    rows = [{"a": "1", "b": "x, y"}, {"b": 'say "hi"'}, {"a": None, "b": "two\nlines"}]
    assert csv_text(["b", "a"], rows) == 'b,a\n"x, y",1\n"say ""hi""",\n"two\nlines",\n'


def test_csv_text_refuses_a_cell_it_would_lose():
    with pytest.raises(ValueError, match="extra"):
        csv_text(["a"], [{"a": "1", "extra": "2"}])


def test_read_rows_and_csv_text_give_back_the_fixture_files_byte_for_byte():
    for f in sorted(MINI.glob("*.csv")):
        assert csv_text(*read_rows(f)) == f.read_text(encoding="utf-8"), f.name


def test_in_codebook_order_puts_unknown_columns_last_in_their_order():
    table = Table("t", "t.csv", "one row per test", (Column("id", "id", "key"), Column("n", "int", "a count")))
    assert in_codebook_order(table, ["z", "n", "y", "id"]) == ["id", "n", "z", "y"]
    assert in_codebook_order(table, []) == ["id", "n"]


def test_resolve_names_the_folder_given_or_the_bundled_one(tmp_path: Path):
    assert resolve(None) == bundled_data_dir() == REPO / "data"  # an editable install: the repository's data/
    assert resolve(str(tmp_path)) == tmp_path and isinstance(resolve(str(tmp_path)), Path)


def test_the_bundled_data_of_a_wheel_come_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(datafiles, "PACKAGE_DATA", tmp_path)
    assert bundled_data_dir() == REPO / "data"  # no incidents.csv in the wheel's folder: not a wheel
    (tmp_path / "incidents.csv").write_text("incident_id\n", encoding="utf-8")
    assert bundled_data_dir() == tmp_path == resolve(None)


@pytest.mark.parametrize("inside", ["site-packages", "dist-packages"])
def test_the_data_installed_with_the_package_may_not_be_edited(tmp_path: Path, inside: str):
    folder = tmp_path / "lib" / inside / "maritime_incidents" / "_data"
    folder.mkdir(parents=True)
    assert is_installed(folder) and is_installed(folder / "sub")
    with pytest.raises(PermissionError, match=r"refusing to edit .* pass the copy with --data DIR$"):
        editable_data_dir(folder)
    with pytest.raises(PermissionError, match=r"cp -r .* mydata\) and pass the copy with a PATH argument$"):
        editable_data_dir(folder, option="a PATH argument")


def test_a_wheels_own_data_folder_is_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(datafiles, "PACKAGE_DATA", tmp_path / "_data")
    (tmp_path / "_data").mkdir()
    assert is_installed(tmp_path / "_data") and not is_installed(tmp_path)
    with pytest.raises(PermissionError):
        editable_data_dir(tmp_path / "_data")


def test_a_copy_may_be_edited(tmp_path: Path):
    assert not is_installed(tmp_path) and not is_installed(REPO / "data")
    assert editable_data_dir(tmp_path) == tmp_path and editable_data_dir(str(tmp_path)) == tmp_path
