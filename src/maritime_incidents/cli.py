"""The `maritime-incidents` command: a thin layer over the library.

Exit codes: 0 success; 1 the data has problems (the report is printed) or the command failed
(one line on stderr); 2 wrong usage (click's own message).
"""

from __future__ import annotations

import functools
import os
import sys
from datetime import datetime
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
        except click.ClickException:
            raise  # wrong usage: click's own message and exit code 2
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
@click.option(
    "--write",
    is_flag=True,
    help="Rewrite the geo columns (point, precision, radius, rule, basin, sea, sub_area, waters), areas.geojson, waypoints.csv.",
)
@friendly
def geotag(path: Path | None, write: bool) -> None:
    """Re-derive every row's area and point from its location words and compare (or --write) them.

    Rows whose geo_precision is 'reported' keep the coordinates their source gave.
    """
    folder = resolve(path)
    diffs = geotag_mod.geotag_folder(folder, write=write)
    for note in geotag_mod.unplaced_notes(folder):
        click.echo(note, err=True)
    if write:
        click.echo(f"geotagged {folder}: {len(diffs)} difference(s) written")
        return
    for d in diffs:
        click.echo(d, err=True)
    if diffs:
        click.echo(f"{len(diffs)} row(s) differ from what their location words give; run with --write", err=True)
        sys.exit(1)
    click.echo("OK: every area and point follows from its location words")


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


@cli.command("draft", epilog=EXIT_CODES)
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=str))
@click.option(
    "--published",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Publication date of the text, YYYY-MM-DD: resolves 'Today', 'Thursday', 'Dec. 18' (default: a dateline in the text).",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of the proposed rows (codebook column names) for `add`.")
@click.option(
    "--data", "path", type=click.Path(file_okay=False, path_type=Path), default=None, help="Dataset to compare with (default: bundled)."
)
@friendly
def draft_command(file: str, published: datetime | None, as_json: bool, path: Path | None) -> None:
    """Propose rows from the text of a release or news story (English or Spanish), for review.

    FILE is a text file, or - for standard input. Each proposed value says which words it came
    from; each row says whether it is new or the same as an existing incident, and what differs.
    Nothing is written: review the proposal, then `maritime-incidents add`.
    """
    import json

    from . import draft as draft_mod
    from .corrections import read_rows

    when = published.date() if published else None
    text = read_text(file, draft_mod.MAX_CHARS)
    existing_file = resolve(path) / "incidents.csv"
    existing = read_rows(existing_file)[1] if existing_file.exists() else []
    result = draft_mod.draft(text, when, existing)
    if as_json:
        click.echo(json.dumps(draft_mod.to_json(result), ensure_ascii=False, indent=1))
        for note in result.notes:
            click.echo(f"note: {note}", err=True)
        return
    click.echo(draft_mod.review_sheet(result), nl=False)


def read_text(file: str, max_chars: int) -> str:
    """The text of FILE (or stdin for '-'), refusing what is too big or not UTF-8 text, with one clear line."""
    import io

    name = "standard input" if file == "-" else file
    stream = sys.stdin.buffer if file == "-" else open(file, "rb")  # noqa: SIM115
    try:
        raw = stream.read(max_chars * 4 + 1)
    finally:
        if file != "-":
            stream.close()
    if len(raw) > max_chars * 4:
        raise ValueError(f"{name} is larger than {max_chars * 4:,} bytes: draft reads one release or story at a time")
    try:
        return io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8-sig").read()
    except UnicodeDecodeError as e:
        raise ValueError(f"{name} is not UTF-8 text (byte {e.start}): save it as UTF-8 and try again") from None


@cli.command("add", epilog=EXIT_CODES)
@click.argument("draft_file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--source", "urls", multiple=True, required=True, help="URL of a page read for these rows (repeat for each source).")
@click.option("--title", "titles", multiple=True, required=True, help="Title of each --source, in the same order.")
@click.option(
    "--publisher", "publishers", multiple=True, required=True, help="Original outlet of each --source (for a mirror: the outlet it copies)."
)
@click.option("--source-published", "source_dates", multiple=True, help="Publication date of each --source, YYYY-MM-DD (optional).")
@click.option(
    "--confidence",
    type=click.Choice(["corroborated", "single_source", "unverified_claim"]),
    default=None,
    help="Confidence of the new rows (default: corroborated with two or more publishers, else single_source).",
)
@click.option("--stated-by", default="", help="Who stated a running total in the draft (default: the first source's publisher).")
@click.option("--data", "path", type=click.Path(file_okay=False, path_type=Path), default=None, help="Dataset folder (default: bundled).")
@friendly
def add_command(
    draft_file: Path,
    urls: tuple[str, ...],
    titles: tuple[str, ...],
    publishers: tuple[str, ...],
    source_dates: tuple[str, ...],
    confidence: str | None,
    stated_by: str,
    path: Path | None,
) -> None:
    """Append reviewed rows from DRAFT_FILE (`draft --json`) with their sources; assign ids.

    The whole dataset is validated with the new rows before anything is written: on any
    problem nothing changes and the report is printed. Later edits go through `correct`.
    """
    import json

    from .add import Source
    from .add import add as do_add

    if not (len(urls) == len(titles) == len(publishers)) or (source_dates and len(source_dates) != len(urls)):
        raise click.UsageError("give one --title and one --publisher (and --source-published, if any) for each --source")
    try:
        rows = json.loads(draft_file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ValueError(f"{draft_file} is not the JSON `draft --json` prints: {e}") from None
    dates = source_dates or ("",) * len(urls)
    sources = [Source(*fields) for fields in zip(urls, titles, publishers, dates, strict=True)]
    ids = do_add(rows, sources, path=path, confidence=confidence, stated_by=stated_by)
    click.echo(f"added {len(ids)} row(s) to {resolve(path)}: {', '.join(ids)}")


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
@PATH_ARG
@click.option("--write", is_flag=True, help="Store the derived cells (domain, kind, original, title basis) in sources.csv.")
@friendly
def sources(path: Path | None, write: bool) -> None:
    """Derive the source columns from the URL and domains.csv; check confidence against the rule.

    Fills only empty cells (a researcher's value wins), except `domain`, which always follows
    the URL. Prints the sources by kind, title basis and access, then every incident whose
    confidence contradicts the rule as a `maritime-incidents correct` line to run. Exits 1 when
    a host is missing from domains.csv or a confidence contradicts the rule.
    """
    from . import sources as src

    problems, rows = src.fill(path, write=write)
    for p in problems:
        click.echo(p, err=True)
    if write and not problems:
        click.echo(f"sources.csv: {len(rows)} rows filled")
    for column in ("source_kind", "title_basis", "access"):
        click.echo(f"{column}: " + ", ".join(f"{k or '(empty)'} {n}" for k, n in src.counts(rows, column).items()))
    wrong = src.disagreements(path, rows)
    for iid, current, verdict in wrong:
        reason = f"confidence by rule: {verdict.explain()}"
        click.echo(f"maritime-incidents correct {iid} confidence {verdict.level} --old {current} --reason '{reason}'")
    if problems or wrong:
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
        changed = docs_mod.refresh(readme)
        click.echo(f"{readme}: {'updated' if changed else 'already up to date'}")
        return
    if docs_mod.render(readme.read_text(encoding="utf-8")) != readme.read_text(encoding="utf-8"):
        click.echo(f"{readme} is stale: run `maritime-incidents docs --write`", err=True)
        sys.exit(1)
    click.echo(f"OK: {readme} is up to date")


def main() -> None:  # pragma: no cover - entry point
    cli()
