"""The `maritime-incidents` command: a thin layer over the library.

Exit codes: 0 success; 1 the data has problems (the report is printed) or the command failed
(one line on stderr); 2 wrong usage (click's own message).
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from . import geotag as geotag_mod
from ._errors import ValidationError
from .io import editable_data_dir, resolve
from .schema import codebook_document
from .validate import validate as validate_folder

EXIT_CODES = "Exit codes: 0 success; 1 data problems (report printed) or failure; 2 wrong usage."
PATH_ARG = click.argument("path", required=False, type=click.Path(file_okay=False, path_type=Path))


def friendly(func):
    """Turn a failure into one line on stderr and exit code 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ValidationError as e:
            click.echo(e.report(), err=True)
            sys.exit(1)
        except (OSError, ValueError) as e:
            click.echo(f"error: {e}", err=True)
            sys.exit(1)
        except Exception as e:  # a bug of ours: still one line, never a traceback
            click.echo(f"error: unexpected {type(e).__name__}: {e} (please report this)", err=True)
            sys.exit(1)

    return wrapper


@click.group(epilog=EXIT_CODES)
@click.version_option(package_name="maritime-incidents")
def cli() -> None:
    """Load, check, reconcile and map the maritime-incidents dataset."""


@cli.command(epilog=EXIT_CODES)
@PATH_ARG
@friendly
def validate(path: Path | None) -> None:
    """Check a dataset folder (default: the bundled data) and report every problem.

    Each problem names the file, the CSV line (the header is line 1), the column, the rule
    and the value.
    """
    report = validate_folder(path)
    if report.ok:
        click.echo(f"OK: {report.path} passes every rule")
        return
    click.echo(str(report), err=True)
    sys.exit(1)


@cli.command(epilog=EXIT_CODES)
def codebook() -> None:
    """Print the codebook (every table, column and vocabulary) as Markdown."""
    click.echo(codebook_document(), nl=False)


@cli.command(epilog=EXIT_CODES)
@PATH_ARG
@click.option("--write", is_flag=True, help="Rewrite latitude, longitude, geo_precision, uncertainty_km and geo_rule in place.")
@friendly
def geotag(path: Path | None, write: bool) -> None:
    """Re-derive every row's point from its location words and compare (or --write) the CSV.

    Rows whose geo_precision is 'reported' keep the coordinates their source gave.
    """
    folder = editable_data_dir(path, option="a PATH argument") if write else resolve(path)
    diffs = geotag_mod.geotag_folder(folder, write=write)
    if write:
        click.echo(f"geotagged {folder / 'incidents.csv'}: {len(diffs)} row(s) changed")
        return
    for d in diffs:
        click.echo(d, err=True)
    if diffs:
        click.echo(f"{len(diffs)} row(s) differ from what their location words give; run with --write", err=True)
        sys.exit(1)
    click.echo("OK: every point follows from its location words")


@cli.group("import", epilog=EXIT_CODES)
def import_group() -> None:
    """Convert other incident sets into this dataset's schema."""


@import_group.command("asam", epilog=EXIT_CODES)
@click.argument("csv_file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write the dataset (incidents.csv, sources.csv, corrections.csv) and import_report.csv into.",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
@friendly
def import_asam_command(csv_file: Path, out_dir: Path, quiet: bool) -> None:
    """Import an NGA ASAM export (reference, date, position, ...) and validate the result.

    Every row that is not imported, and every value normalised on the way in (a 60 in DMS
    minutes), is a line of import_report.csv.
    """
    import csv as _csv

    from .asam import import_asam

    with open(csv_file, newline="", encoding="utf-8-sig") as f:
        total = max(sum(1 for _ in _csv.reader(f)) - 1, 0)
    with click.progressbar(length=total, label="importing", file=None if not quiet and total > 2000 else open(os.devnull, "w")) as bar:
        report = import_asam(csv_file, out_dir, progress=bar.update)
    click.echo(report.summary())
    click.echo(f"report: {out_dir / 'import_report.csv'}")
    result = validate_folder(out_dir)
    if not result.ok:
        click.echo(str(result), err=True)
        sys.exit(1)
    click.echo(f"OK: {out_dir} passes every rule")


@cli.command("map", epilog=EXIT_CODES)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("out/map.html"),
    show_default=True,
    help="HTML file to write (written atomically).",
)
@click.option("--data", "path", type=click.Path(file_okay=False, path_type=Path), default=None, help="Dataset folder (default: bundled).")
@click.option(
    "--tiles/--no-tiles",
    default=True,
    show_default=True,
    help="Also draw OpenStreetMap tiles when online (the offline basemap is always there).",
)
@click.option(
    "--context",
    "context_path",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="Another incident set drawn under the campaign as its own layer: a dataset folder "
    "(e.g. from `import asam`) or a GeoParquet file from `export`.",
)
@click.option("--context-label", default="", help="Legend label of the context layer (default: from its source).")
@friendly
def map_command(output: Path, path: Path | None, tiles: bool, context_path: Path | None, context_label: str) -> None:
    """Write the interactive incident map as one standalone, offline HTML file.

    The data are validated first; invalid data write nothing and print the report.
    """
    from .io import load, load_sources
    from .map import load_context, save_map

    gdf = load(path)
    sources = load_sources(path, validate=False)
    context, label = load_context(context_path) if context_path else (None, "")
    written = save_map(output, gdf, sources, tiles=tiles, context=context, context_label=context_label or label)
    n = len(gdf) + (len(context) if context is not None else 0)
    click.echo(f"wrote {written} ({written.stat().st_size / 1e6:.1f} MB, {n} incidents)")


@cli.command(epilog=EXIT_CODES)
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write GeoJSON, GeoParquet, GeoPackage, CSV and datapackage.json into.",
)
@click.option("--data", "path", type=click.Path(file_okay=False, path_type=Path), default=None, help="Dataset folder (default: bundled).")
@friendly
def export(out_dir: Path, path: Path | None) -> None:
    """Publish the validated data: GeoJSON, GeoParquet 1.1, GeoPackage, CSV and a data package.

    Invalid data write nothing and print the validation report.
    """
    from .export import export as do_export

    for f in do_export(out_dir, path):
        click.echo(f"wrote {f} ({f.stat().st_size / 1e3:.0f} kB)")


@cli.command(epilog=EXIT_CODES)
@click.argument("incident_id")
@click.argument("field")
@click.argument("new")
@click.option("--old", required=True, help="The value the row holds now; the change is refused if it differs.")
@click.option("--reason", required=True, help="Why the value changes (kept in corrections.csv).")
@click.option("--source", "source_url", default="", help="URL of the source for the new value.")
@click.option("--on", "changed_on", default=None, help="Date of the change, YYYY-MM-DD (default: today).")
@click.option("--data", "path", type=click.Path(file_okay=False, path_type=Path), default=None, help="Dataset folder (default: bundled).")
@friendly
def correct(
    incident_id: str, field: str, new: str, old: str, reason: str, source_url: str, changed_on: str | None, path: Path | None
) -> None:
    """Change one published value: check the old value, set the new one, log it in corrections.csv."""
    from .corrections import correct as do_correct

    do_correct(incident_id, field, new, old=old, reason=reason, source_url=source_url, changed_on=changed_on, path=path)
    click.echo(f"{incident_id} {field}: {old!r} -> {new!r} (logged in corrections.csv)")


@cli.command(epilog=EXIT_CODES)
@PATH_ARG
@click.option("--write", is_flag=True, help="Store the sums and the match in official_totals.csv.")
@friendly
def reconcile(path: Path | None, write: bool) -> None:
    """Set every official running total beside the sums of the incident rows up to its date.

    Exits 1 when a statement differs from the data and its row gives no explanation.
    """
    from . import reconcile as rec

    table = rec.write_reconciled(path) if write else rec.reconcile(path)
    click.echo(rec.format_table(table))
    missing = rec.unexplained(table)
    if len(missing):
        click.echo(f"{len(missing)} statement(s) differ from the data with no explanation: " + ", ".join(missing.total_id), err=True)
        sys.exit(1)


@cli.command(epilog=EXIT_CODES)
@click.option("--write", is_flag=True, help="Rewrite the generated blocks of data/README.md in place.")
@friendly
def docs(write: bool) -> None:
    """Check (or --write) the data README's generated blocks: the codebook and the coverage table."""
    from . import docs as docs_mod
    from .io import bundled_data_dir

    readme = bundled_data_dir() / "README.md"
    if write:
        editable_data_dir(None, option="a checkout of the repository (docs --write edits its data/README.md)")
        changed = docs_mod.refresh(readme)
        click.echo(f"{readme}: {'updated' if changed else 'already up to date'}")
        return
    if docs_mod.render(readme.read_text(encoding="utf-8")) != readme.read_text(encoding="utf-8"):
        click.echo(f"{readme} is stale: run `maritime-incidents docs --write`", err=True)
        sys.exit(1)
    click.echo(f"OK: {readme} is up to date")


def main() -> None:  # pragma: no cover - entry point
    cli()
