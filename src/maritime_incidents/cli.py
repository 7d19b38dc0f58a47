"""The `maritime-incidents` command: a thin layer over the library.

Exit codes: 0 success; 1 the data has problems (the report is printed) or the command failed
(one line on stderr); 2 wrong usage (click's own message).

Conventions (as sqlite-utils and frictionless): `-h`/`--help` and `--version`; `-q` (only
errors) and `-v` (also what happens, on stderr) on every command; results on stdout, messages
and progress bars on stderr; `--json` for a machine-readable result; `-o -` writes to stdout where
the output is one file.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import click
from tqdm import tqdm

from . import geotag as geotag_mod
from ._errors import ValidationError
from .io import editable_data_dir, resolve
from .schema import codebook_document
from .validate import validate as validate_folder

EXIT_CODES = "Exit codes: 0 success; 1 data problems (report printed) or failure; 2 wrong usage."
PATH_ARG = click.argument("path", required=False, type=click.Path(file_okay=False, path_type=Path))
CONTEXT = {"help_option_names": ["-h", "--help"]}
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print the result as JSON on stdout (exit codes unchanged).")
log = logging.getLogger("maritime_incidents")
VERBOSITY = {"quiet": 0, "verbose": 0}  # set by each command's -q/-v (their callbacks run on every invocation)


def level() -> int:
    """-1 quiet, 0 normal, 1 verbose."""
    return -1 if VERBOSITY["quiet"] else (1 if VERBOSITY["verbose"] else 0)


class EchoHandler(logging.Handler):
    """The package's log messages on the current stderr (click's, so tests and pipes see them)."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(self.format(record), err=True)


ECHO = EchoHandler()


def set_verbosity(ctx: click.Context, param: click.Parameter, value: int) -> int:
    VERBOSITY[param.name] = value
    if ECHO not in log.handlers:
        log.addHandler(ECHO)
    log.setLevel([logging.ERROR, logging.WARNING, logging.INFO][level() + 1])
    return value


def data_option(help: str = "Dataset folder (default: bundled)."):
    """The `--data` folder option of every command that reads or edits a dataset: one declaration."""
    return click.option("--data", "path", type=click.Path(file_okay=False, path_type=Path), default=None, help=help)


def verbosity(func):
    """-q and -v on a command (click options, so they may stand before or after the arguments)."""
    verbose = click.option(
        "-v",
        "--verbose",
        count=True,
        expose_value=False,
        callback=set_verbosity,
        help="Also say what happens, and show progress bars even when not on a terminal (stderr).",
    )
    quiet = click.option(
        "-q", "--quiet", count=True, expose_value=False, callback=set_verbosity, help="Print only errors: no progress, no summary."
    )
    return quiet(verbose(func))


def say(text: str) -> None:
    """A message for people (not the result): stdout unless -q."""
    if level() >= 0:
        click.echo(text)


def progress(total: int | None = None, *, label: str, unit: str = "it") -> tqdm:
    """A progress bar on stderr, shown only past a second (tqdm's `delay`), on a terminal or with -v, never with -q."""
    disable = True if level() < 0 else (False if level() > 0 else None)  # None: tqdm shows it only on a terminal
    return tqdm(total=total, desc=label, unit=unit, file=sys.stderr, delay=1.0, disable=disable, leave=False, dynamic_ncols=True)


@contextlib.contextmanager
def stages(names: list[str], label: str) -> Iterator[Callable[[str], None]]:
    """A progress bar over the named stages of one long step (loading, building, writing)."""
    with progress(len(names), label=label, unit="step") as bar:

        def step(name: str) -> None:
            log.info("%s: %s", label, name)
            bar.set_postfix_str(name, refresh=False)
            bar.update(1)

        yield step


def problems_json(problems) -> list[dict]:
    return [{"file": p.file, "line": p.row, "column": p.column, "rule": p.rule, "value": p.value, "message": p.message} for p in problems]


def emit_json(doc) -> None:
    click.echo(json.dumps(doc, ensure_ascii=False, indent=2, default=str))


def friendly(func):
    """Turn a failure into one line on stderr and exit code 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except click.ClickException:  # wrong usage: click's own message and exit code 2
            raise
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


@click.group(epilog=EXIT_CODES, context_settings=CONTEXT)
@click.version_option(package_name="maritime-incidents")
def cli() -> None:
    """Load, check, reconcile and map the maritime-incidents dataset."""


@cli.command(epilog=EXIT_CODES)
@PATH_ARG
@click.option(
    "--strict",
    is_flag=True,
    help="Also report where the files depart from the form the repository keeps (BOM, CRLF, spaces, 3.0, 2025-9-2): see `fmt`.",
)
@JSON_OPTION
@verbosity
@friendly
def validate(path: Path | None, strict: bool, as_json: bool) -> None:
    """Check a dataset folder (default: the bundled data) and report every problem.

    Each problem names the file, the CSV line (the header is line 1), the column, the rule
    and the value. Files saved by Excel ("CSV UTF-8"), Google Sheets or pandas are read as meant.
    """
    with progress(label="validating", unit=" rows") as bar:
        report = validate_folder(path, strict=strict, progress=bar.update)
    if as_json:
        emit_json({"path": report.path, "ok": report.ok, "strict": strict, "problems": problems_json(report.problems)})
        sys.exit(0 if report.ok else 1)
    if report.ok:
        say(f"OK: {report.path} passes every rule" + (" and is in the form the repository keeps" if strict else ""))
        return
    click.echo(str(report), err=True)
    sys.exit(1)


@cli.command("fmt", epilog=EXIT_CODES)
@PATH_ARG
@click.option("--check", is_flag=True, help="Only list the files that are not in canonical form; exit 1 if any.")
@verbosity
@friendly
def fmt_command(path: Path | None, check: bool) -> None:
    """Rewrite the tables in the form the repository keeps: UTF-8 without BOM, LF, 3 not 3.0, 2025-09-02, no edge spaces.

    Use it after editing in a spreadsheet, before committing. Files that cannot be read whole are
    reported and nothing is rewritten.
    """
    from .fmt import format_folder

    folder = resolve(path) if check else editable_data_dir(path, option="a PATH argument")
    changed = format_folder(folder, write=not check)
    for f in changed:
        click.echo(f"{'would rewrite' if check else 'rewrote'} {f}", err=check)
    if check and changed:
        sys.exit(1)
    if not changed:
        say(f"OK: {folder} is in canonical form")


@cli.command(epilog=EXIT_CODES)
@verbosity
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
@JSON_OPTION
@verbosity
@friendly
def geotag(path: Path | None, write: bool, as_json: bool) -> None:
    """Re-derive every row's area and point from its location words and compare (or --write) them.

    Rows whose geo_precision is 'reported' keep the coordinates their source gave.
    """
    folder = editable_data_dir(path, option="a PATH argument") if write else resolve(path)
    diffs = geotag_mod.geotag_folder(folder, write=write)
    notes = geotag_mod.unplaced_notes(folder)
    if as_json:
        emit_json({"path": str(folder), "written": write, "differences": diffs, "not_placed": notes})
        sys.exit(1 if diffs and not write else 0)
    if level() >= 0:  # notes are for people: -q leaves them out
        for note in notes:
            click.echo(note, err=True)
    if write:
        say(f"geotagged {folder}: {len(diffs)} difference(s) written")
        return
    for d in diffs:
        click.echo(d, err=True)
    if diffs:
        click.echo(f"{len(diffs)} row(s) differ from what their location words give; run with --write", err=True)
        sys.exit(1)
    say("OK: every area and point follows from its location words")


@cli.group("import", epilog=EXIT_CODES, context_settings=CONTEXT)
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
@verbosity
@friendly
def import_asam_command(csv_file: Path, out_dir: Path) -> None:
    """Import an NGA ASAM export (reference, date, position, ...) and validate the result.

    Every row that is not imported, and every value normalised on the way in (a 60 in DMS
    minutes), is a line of import_report.csv.
    """
    from .asam import import_asam

    if str(out_dir) == "-":
        raise click.BadParameter("an import is a folder of files; name a folder", param_hint="-o")
    with progress(csv_file.stat().st_size, label="importing", unit="B") as bar:
        bar.unit_scale = True
        report = import_asam(csv_file, out_dir, progress=bar.update)
    say(report.summary())
    say(f"report: {out_dir / 'import_report.csv'}")
    with progress(label="validating", unit=" rows") as bar:
        result = validate_folder(out_dir, progress=bar.update)
    if not result.ok:
        click.echo(str(result), err=True)
        sys.exit(1)
    say(f"OK: {out_dir} passes every rule")


@cli.command("map", epilog=EXIT_CODES)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("out/map.html"),
    show_default=True,
    help="HTML file to write (written atomically); - writes the page to stdout.",
)
@data_option()
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
@verbosity
@friendly
def map_command(output: Path, path: Path | None, tiles: bool, context_path: Path | None, context_label: str) -> None:
    """Write the interactive incident map as one standalone, offline HTML file.

    The data are validated first; invalid data write nothing and print the report.
    """
    from .files import write_text
    from .io import load, load_sources
    from .map import load_context, map_html

    with stages(["validated and loaded", "context loaded", "page built", "written"], "building the map") as step:
        gdf = load(path)
        sources = load_sources(path, validate=False)
        step("validated and loaded")
        context, label = load_context(context_path) if context_path else (None, "")
        step("context loaded")
        text = map_html(gdf, sources, tiles=tiles, context=context, context_label=context_label or label, data=resolve(path))
        step("page built")
        if str(output) == "-":
            sys.stdout.write(text)
            sys.stdout.flush()
            step("written")
            return
        written = write_text(output, text)
        step("written")
    n = len(gdf) + (len(context) if context is not None else 0)
    say(f"wrote {written} ({written.stat().st_size / 1e6:.1f} MB, {n} incidents)")


@cli.command(epilog=EXIT_CODES)
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write GeoJSON, GeoParquet, GeoPackage, CSV and datapackage.json into.",
)
@data_option()
@verbosity
@friendly
def export(out_dir: Path, path: Path | None) -> None:
    """Publish the validated data: GeoJSON, GeoParquet 1.1, GeoPackage, CSV and a data package.

    Invalid data write nothing and print the validation report. The folder is replaced whole: a
    reader sees the previous export or this one, never a mix; a folder holding other files is refused.
    """
    from .export import export as do_export

    if str(out_dir) == "-":
        raise click.BadParameter("an export is a folder of files; name a folder", param_hint="-o")
    for f in do_export(out_dir, path):
        say(f"wrote {f} ({f.stat().st_size / 1e3:.0f} kB)")


@cli.command(epilog=EXIT_CODES)
@click.argument("incident_id")
@click.argument("field")
@click.argument("new")
@click.option("--old", required=True, help="The value the row holds now; the change is refused if it differs.")
@click.option("--reason", required=True, help="Why the value changes (kept in corrections.csv).")
@click.option("--source", "source_url", default="", help="URL of the source for the new value.")
@click.option("--on", "changed_on", default=None, help="Date of the change, YYYY-MM-DD (default: today).")
@data_option("Dataset folder to edit (default: the repository's data/; the copy installed with the package is read-only).")
@verbosity
@friendly
def correct(
    incident_id: str, field: str, new: str, old: str, reason: str, source_url: str, changed_on: str | None, path: Path | None
) -> None:
    """Change one published value: check the old value, set the new one, log it in corrections.csv."""
    from .corrections import correct as do_correct

    do_correct(incident_id, field, new, old=old, reason=reason, source_url=source_url, changed_on=changed_on, path=path)
    say(f"{incident_id} {field}: {old!r} -> {new!r} (logged in corrections.csv)")


@cli.command("draft", epilog=EXIT_CODES)
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=str))
@click.option(
    "--published",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Publication date of the text, YYYY-MM-DD: resolves 'Today', 'Thursday', 'Dec. 18' (default: a dateline in the text).",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of the proposed rows (codebook column names) for `add`.")
@data_option("Dataset to compare with (default: bundled).")
@friendly
def draft_command(file: str, published: datetime | None, as_json: bool, path: Path | None) -> None:
    """Propose rows from the text of a release or news story (English or Spanish), for review.

    FILE is a text file, or - for standard input. Each proposed value says which words it came
    from; each row says whether it is new or the same as an existing incident, and what differs.
    Nothing is written: review the proposal, then `maritime-incidents add`.
    """
    import json

    from . import draft as draft_mod
    from .datafiles import read_rows

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
@data_option()
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
@click.option("--write", is_flag=True, help="Store the sums and the match in official_totals.csv (not in the installed package's copy).")
@JSON_OPTION
@verbosity
@friendly
def reconcile(path: Path | None, write: bool, as_json: bool) -> None:
    """Set every official running total beside the sums of the incident rows up to its date.

    Exits 1 when a statement differs from the data and its row gives no explanation.
    """
    from . import reconcile as rec

    table = rec.write_reconciled(path) if write else rec.reconcile(path)
    missing = rec.unexplained(table)
    if as_json:
        records = json.loads(table.to_json(orient="records", date_format="iso"))
        emit_json({"written": write, "statements": records, "unexplained": list(missing.total_id)})
        sys.exit(1 if len(missing) else 0)
    click.echo(rec.format_table(table))
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
@verbosity
@friendly
def docs(write: bool) -> None:
    """Check (or --write) the data README's generated blocks: the codebook and the coverage table."""
    from . import docs as docs_mod
    from .io import bundled_data_dir

    readme = bundled_data_dir() / "README.md"
    if write:
        editable_data_dir(None, option="a checkout of the repository (docs --write edits its data/README.md)")
        changed = docs_mod.refresh(readme)
        say(f"{readme}: {'updated' if changed else 'already up to date'}")
        return
    if docs_mod.render(readme.read_text(encoding="utf-8")) != readme.read_text(encoding="utf-8"):
        click.echo(f"{readme} is stale: run `maritime-incidents docs --write`", err=True)
        sys.exit(1)
    say(f"OK: {readme} is up to date")


def main() -> None:  # pragma: no cover - entry point
    cli()
