"""The `maritime-incidents` command: a thin layer over the library.

Exit codes: 0 success; 1 the data has problems (the report is printed) or the command failed
(one line on stderr); 2 wrong usage (click's own message).
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from . import geotag as geotag_mod
from ._errors import ValidationError
from .io import resolve
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
    folder = resolve(path)
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


@cli.command(epilog=EXIT_CODES)
@click.option("--write", is_flag=True, help="Rewrite the generated blocks of data/README.md in place.")
@friendly
def docs(write: bool) -> None:
    """Check (or --write) the data README's generated blocks: the codebook and the coverage table."""
    from . import docs as docs_mod
    from .io import bundled_data_dir

    readme = bundled_data_dir() / "README.md"
    if write:
        changed = docs_mod.refresh(readme)
        click.echo(f"{readme}: {'updated' if changed else 'already up to date'}")
        return
    if docs_mod.render(readme.read_text(encoding="utf-8")) != readme.read_text(encoding="utf-8"):
        click.echo(f"{readme} is stale: run `maritime-incidents docs --write`", err=True)
        sys.exit(1)
    click.echo(f"OK: {readme} is up to date")


def main() -> None:  # pragma: no cover - entry point
    cli()
