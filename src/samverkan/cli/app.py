"""The ``samverkan`` command: build reports, check definitions, list plugins.

Exit codes: 0 success, 2 bad input (a one-paragraph message, no traceback unless ``--debug``),
1 an internal or plugin error, 130 interrupted (Ctrl-C: one line, nothing half published).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import polars as pl
from rich.console import Console

from samverkan import __version__
from samverkan.cli.commands import GAIN_METHODS, run_allocate, run_gain, write_table
from samverkan.cli.init_board import board, create_board
from samverkan.cli.ledger import load_mapping, read_ledger, write_ledger
from samverkan.cli.newplugin import create_plugin
from samverkan.cli.year_errors import YearErrors
from samverkan.compose.prepare import Prepared, prepare
from samverkan.errors import InputError, PluginError, SamverkanError
from samverkan.model.period import Period
from samverkan.plugins import Plugins, get_plugins
from samverkan.read.definition import definition_periods
from samverkan.read.stage import strict_problem
from samverkan.read.workbook import DEFAULT_LIMITS, ReadLimits
from samverkan.render import plotly_bundle
from samverkan.render.report import BuiltReport, build_report, write_reports

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


def _global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--debug", action="store_true", help="visa hela felspårningen vid fel")
    parser.add_argument(
        "--plugins-dir",
        type=Path,
        metavar="DIR",
        help="mapp med egna plugin-filer (*.py) att läsa in",
    )


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} är inget heltal") from None
    if value < 1:
        raise argparse.ArgumentTypeError("ska vara minst 1")
    return value


def _period(text: str) -> Period:
    try:
        return Period.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _year(text: str) -> int:
    if not re.fullmatch(r"(19|20|21)\d\d", text):
        raise argparse.ArgumentTypeError(f"{text!r} är inget år; skriv till exempel 2019")
    return int(text)


def _limits(args: argparse.Namespace) -> ReadLimits:
    return ReadLimits(args.max_xlsx_mb * 1024 * 1024, args.max_xlsx_cells)


def _init_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    init = sub.add_parser(
        "init", help="skapa en ny nämnds årsdefinition, mallar och exempeldata att utgå från"
    )
    init.add_argument("dir", type=Path, metavar="DIR", help="mappen att skriva i")
    init.add_argument("--name", default="Gemensam nämnd", help="nämndens namn")
    for flag, default, metavar, what in (
        ("--members", "1466:Herrljunga,1442:Vårgårda", "KOD:NAMN,…", "medlemmarna med kommunkod"),
        ("--area", "verksamhet:Verksamhet", "ID:RUBRIK", "nämndens verksamhetsområde"),
    ):
        init.add_argument(
            flag, default=default, metavar=metavar, help=f"{what} (standard: %(default)s)"
        )
    init.add_argument("--host", metavar="KOD", help="värdkommunens kod (standard: den första)")
    init.add_argument(
        "--year", type=_year, default=dt.date.today().year, help="året (standard: i år)"
    )
    init.add_argument("--id", metavar="ID", help="nämndens id (standard: av namnet)")


def build_parser(loaded: Plugins | None = None) -> argparse.ArgumentParser:
    """The command line; with ``loaded`` plugins, their subcommands too."""
    parser = argparse.ArgumentParser(
        prog="samverkan",
        description="Utvärdera delade servicefunktioner mellan kommuner och skapa rapporter.",
    )
    parser.add_argument("--version", action="version", version=f"samverkan {__version__}")
    _global_options(parser)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    report = sub.add_parser("report", help="bygg HTML-rapporter från rapportdefinitioner")
    report.add_argument("definitions", nargs="+", type=Path, metavar="DEFINITION.toml")
    report.add_argument(
        "--out",
        type=Path,
        default=Path("build/reports"),
        metavar="DIR",
        help="mapp för rapporterna (standard: build/reports)",
    )
    report.add_argument("--lang", choices=("sv", "en"), help="språk (standard: definitionens)")
    report.add_argument(
        "--strict", action="store_true", help="avbryt om något avsnitt inte kan beräknas"
    )
    report.add_argument(
        "--xlsx", action="store_true", help="skriv även alla tabeller till en arbetsbok (.xlsx)"
    )
    report.add_argument(
        "--pdf",
        action="store_true",
        help="skriv även en PDF för nämndens handlingar (kräver Chromium)",
    )
    report.add_argument(
        "--plotly-bundle",
        type=Path,
        metavar="FILE",
        help="plotly.js med bara rapporternas diagramtyper (från samverkan plotly-bundle); "
        "rapporter med andra diagram får hela plotly.js",
    )
    bundle = sub.add_parser(
        "plotly-bundle",
        help="bygg plotly.js med bara de diagramtyper rapporterna ritar (hämtas med npm)",
    )
    bundle.add_argument("--out", type=Path, required=True, metavar="FILE", help="filen att skriva")

    validate = sub.add_parser("validate", help="kontrollera definitioner och data utan att skriva")
    validate.add_argument("definitions", nargs="+", type=Path, metavar="DEFINITION.toml")
    for checked in (report, validate):
        checked.add_argument(
            "--allow-outside",
            action="store_true",
            help="låt definitionen läsa filer utanför sin egen mapp",
        )
        checked.add_argument(
            "--period",
            type=_period,
            metavar="ÅÅÅÅ-MM",
            help="bara denna månad av en årsdefinition (standard: varje månad med data)",
        )

    ledger = sub.add_parser("ledger", help="läs exporter till samverkans huvudbokstabell")
    ledger.add_argument("inputs", nargs="+", type=Path, metavar="INPUT")
    ledger.add_argument(
        "--mapping",
        type=Path,
        metavar="FILE",
        help="TOML med reader, [unit] och [options] för läsaren",
    )
    ledger.add_argument(
        "--out", type=Path, required=True, metavar="FILE", help="utfil: .csv eller .parquet"
    )
    ledger.add_argument(
        "--strict",
        action="store_true",
        help="avbryt om filen inte stämmer med sig själv (verifikationer mot #RES, #PSALDO, #UB)",
    )
    for reading in (report, validate, ledger):
        reading.add_argument(
            "--max-xlsx-mb",
            type=_positive,
            default=DEFAULT_LIMITS.xlsx_bytes // (1024 * 1024),
            metavar="MB",
            help="största uppackade storlek på ett arbetsblad som läses (standard: %(default)s)",
        )
        reading.add_argument(
            "--max-xlsx-cells",
            type=_positive,
            default=DEFAULT_LIMITS.xlsx_cells,
            metavar="N",
            help="flest celler i ett arbetsblad som läses (standard: %(default)s)",
        )

    alloc = sub.add_parser("allocate", help="fördela kostnader med en nyckel, exakt på öret")
    alloc.add_argument(
        "--costs",
        type=Path,
        required=True,
        metavar="COSTS",
        help="CSV: line, amount (kr), valfritt municipality och period",
    )
    alloc.add_argument(
        "--keys",
        type=Path,
        required=True,
        metavar="KEYS",
        help="CSV: municipality, driver, quantity",
    )
    alloc.add_argument(
        "--method",
        required=True,
        metavar="METHOD",
        help="population, usage:DRIVER, fixed, even eller two-step:KEY",
    )
    alloc.add_argument("--out", type=Path, metavar="FILE", help="CSV eller .xlsx (annars stdout)")

    gain = sub.add_parser("gain", help="samverkansvinst: Shapley, SCRB och nucleolus")
    gain.add_argument(
        "--coalitions",
        type=Path,
        required=True,
        metavar="FILE",
        help="CSV: coalition (kommunkoder med +), cost (kr)",
    )
    gain.add_argument(
        "--method",
        choices=("shapley", "scrb", "nucleolus", "shapley-sampled", "all"),
        default="all",
        help="all = shapley, scrb och nucleolus; shapley-sampled skattar Shapley-värdet med "
        "stickprov för hur många medlemmar som helst",
    )
    gain.add_argument(
        "--permutations",
        type=_positive,
        default=2000,
        metavar="N",
        help="antal slumpade ordningar för shapley-sampled (standard: %(default)s)",
    )
    gain.add_argument(
        "--complete",
        choices=("additive",),
        help="fyll saknade koalitioner: additive = summan av egna kostnader",
    )
    gain.add_argument("--out", type=Path, metavar="FILE", help="CSV eller .xlsx (annars stdout)")

    scaffold = sub.add_parser(
        "new-plugin", help="skapa ett nytt, fungerande plugin att bygga vidare på"
    )
    scaffold.add_argument("name", metavar="NAME", help="pluginets område, till exempel vatten")
    scaffold.add_argument("--title", help="rubrik i rapporten (standard: namnet)")
    scaffold.add_argument("--dir", type=Path, default=Path("."), help="mapp att skapa det i")

    _init_parser(sub)
    plugins = sub.add_parser("plugins", help="lista plugins, versioner och hookar")
    plugins.add_argument("--hook", metavar="NAME", help="visa bara plugins som har denna hook")
    plugins.add_argument("--json", action="store_true", help="skriv listan som JSON")
    for name, (plugin, command) in sorted((loaded.commands() if loaded else {}).items()):
        if name in COMMANDS:
            raise PluginError(
                plugin, "samverkan_register_commands", f"kommandot {name!r} finns redan i samverkan"
            )
        command.configure(sub.add_parser(name, help=command.help("sv")))
    return parser


def _run_plugin_command(args: argparse.Namespace, plugins: Plugins, _err: Console) -> int:
    plugin, command = plugins.commands()[args.command]
    return plugins.call(plugin, "samverkan_register_commands", command.run, args)


@contextmanager
def _progress(console: Console, total: int) -> Iterator[Callable[[str], None]]:
    """A live status line on stderr when it is a terminal; silent otherwise."""
    if not console.is_terminal:
        yield lambda _step: None
        return
    with console.status("samverkan") as status:
        yield lambda step: status.update(f"[bold]samverkan[/] {step}")


def _say(err: Console, progress: Callable[[str], None]) -> Callable[[str], None]:
    """Progress that is also printed when it matters without a terminal (waiting)."""

    def say(step: str) -> None:
        progress(step)
        if not err.is_terminal:
            err.print(f"samverkan: {step}", markup=False, highlight=False, soft_wrap=True)

    return say


def _cmd_plotly_bundle(args: argparse.Namespace, _plugins: Plugins, err: Console) -> int:
    with _progress(err, 1) as progress:
        progress("hämtar plotly.js och esbuild med npm")
        print(plotly_bundle.build(args.out))
    return EXIT_OK


def _cmd_report(args: argparse.Namespace, plugins: Plugins, err: Console) -> int:
    failures = 0
    try:
        partial = None if args.plotly_bundle is None else plotly_bundle.load(args.plotly_bundle)
    except InputError as exc:
        if args.debug:
            raise
        _print_error(err, exc, "Felaktig indata")
        return EXIT_INPUT
    errors = YearErrors()
    with _progress(err, len(args.definitions)) as progress:
        for path, periods in _periods(args, err):
            # Every period of a definition (the months of a year) is built before any is
            # written, and they are published as one set: a refused month publishes none.
            built: list[BuiltReport] = []
            refused: list[Period] = []
            for period in periods:
                try:
                    if refused:  # no report will be written; only find every month's problems
                        _prepared(args, plugins, path, period)
                        continue
                    built.append(
                        build_report(
                            path,
                            plugins,
                            lang=args.lang,
                            strict=args.strict,
                            progress=progress,
                            allow_outside=args.allow_outside,
                            limits=_limits(args),
                            plotly_bundle=partial,
                            period=period,
                        )
                    )
                except InputError as exc:
                    if args.debug:
                        raise
                    errors.add(path, period, exc, labelled=len(periods) > 1)
                    refused.append(period)
            if refused or not periods:
                failures = EXIT_INPUT
                errors.unpublished(path, refused, [b.definition.period for b in built])
                continue
            try:
                written = write_reports(
                    built, args.out, xlsx=args.xlsx, pdf=args.pdf, progress=_say(err, progress)
                )
            except InputError as exc:
                if args.debug:
                    raise
                errors.add(path, periods[-1], exc, labelled=False)
                failures = EXIT_INPUT
                continue
            for file in written:
                print(file)
    errors.print(err)
    return failures


def _prepared(args: argparse.Namespace, plugins: Plugins, path: Path, period: Period) -> Prepared:
    return prepare(
        path,
        plugins.registered(),
        allow_outside=args.allow_outside,
        limits=_limits(args),
        period=period,
    )


def _periods(args: argparse.Namespace, err: Console) -> Iterator[tuple[Path, tuple[Period, ...]]]:
    """Each definition with the periods it builds: ``--period``, or every period with data
    (one for a definition of one period); none after printing why a definition has none."""
    for path in args.definitions:
        if args.period is not None:
            yield path, (args.period,)
            continue
        try:
            periods = definition_periods(
                path, allow_outside=args.allow_outside, limits=_limits(args)
            )
        except InputError as exc:
            if args.debug:
                raise
            _print_error(err, exc, "Felaktig indata")
            yield path, ()
            continue
        yield path, periods


def _cmd_validate(args: argparse.Namespace, plugins: Plugins, err: Console) -> int:
    status = EXIT_OK
    errors = YearErrors()
    for path, periods in _periods(args, err):
        if not periods:
            status = EXIT_INPUT
        for period in periods:
            try:
                definition = _prepared(args, plugins, path, period).definition
            except InputError as exc:
                errors.add(path, period, exc, labelled=len(periods) > 1)
                status = EXIT_INPUT
                continue
            which = f" {definition.period}" if definition.year is not None else ""
            print(
                f"{path}{which}: OK ({len(definition.sources)} källor, "
                f"{len(definition.sections)} avsnitt)"
            )
    errors.print(err)
    return status


def _cmd_ledger(args: argparse.Namespace, plugins: Plugins, err: Console) -> int:
    mapping = load_mapping(args.mapping, _limits(args))
    frame, notes = read_ledger(args.inputs, mapping, plugins)
    refused = [n for n in notes if n.strict_error] if args.strict else []
    if refused:
        raise InputError([strict_problem(n) for n in refused])
    write_ledger(frame, args.out)
    for note in notes:
        err.print(f"Anmärkning: {note.origin}: {note.message('sv')}", markup=False, soft_wrap=True)
    checked = "kontrollerade mot " + mapping.unit.id if mapping.unit else "inte kontrollerade"
    unused = frame.filter(pl.col("reason").is_not_null()).height
    print(
        f"{args.out}: {frame.height} rader, varav {unused} som en rapport inte använder "
        f"(se kolumnen reason; {checked}), {len(notes)} anmärkningar"
    )
    return EXIT_OK


def _cmd_plugins(args: argparse.Namespace, plugins: Plugins, _err: Console) -> int:
    infos = [i for i in plugins.describe() if args.hook is None or args.hook in i.hooks]
    if args.json:
        listed = [
            {
                "name": i.name,
                "version": i.version,
                "origin": i.origin,
                "requires": i.requires,
                "hooks": list(i.hooks),
                "registered": {kind: list(ids) for kind, ids in i.registered.items()},
            }
            for i in infos
        ]
        print(json.dumps(listed, indent=2, ensure_ascii=False))
        return EXIT_OK
    for info in infos:
        version = f" {info.version}" if info.version else ""
        requires = f", kräver {info.requires}" if info.requires else ""
        print(f"{info.name}{version} ({info.origin}{requires})")
        for kind, ids in info.registered.items():
            print(f"    {PLURALS.get(kind, kind)}: {', '.join(ids)}")
        unlisted = [
            h for h in info.hooks if h.removeprefix("samverkan_register_") not in info.registered
        ]
        for hook in unlisted:
            print(f"    {hook}")
    return EXIT_OK


PLURALS = {
    "readers": "läsare",
    "sections": "avsnitt",
    "kpis": "nyckeltal",
    "allocation_methods": "fördelningsmetoder",
    "highlights": "höjdpunkter",
    "answers": "svar",
    "commands": "kommandon",
}
"""What ``samverkan plugins`` calls each kind of registered id."""


class InternalErrorText(SamverkanError):
    """Carries the text of an unexpected error to :func:`_print_error`."""


def _print_error(err: Console, exc: SamverkanError, heading: str) -> None:
    # soft_wrap: paths and messages must stay whole so that they can be copied and searched.
    err.print(f"[bold red]{heading}:[/] ", end="", highlight=False, soft_wrap=True)
    err.print(str(exc), markup=False, highlight=False, soft_wrap=True)


def _cmd_allocate(args: argparse.Namespace, plugins: Plugins, _err: Console) -> int:
    frame = run_allocate(args.costs, args.keys, args.method, plugins)
    text = write_table(frame, args.out)
    print(
        text if text is not None else f"{args.out}: {frame.height} rader", end="" if text else "\n"
    )
    return EXIT_OK


def _cmd_gain(args: argparse.Namespace, _plugins: Plugins, _err: Console) -> int:
    methods = list(GAIN_METHODS) if args.method == "all" else [args.method]
    frame = run_gain(args.coalitions, methods, args.complete, args.permutations)
    text = write_table(frame, args.out)
    print(
        text if text is not None else f"{args.out}: {frame.height} rader", end="" if text else "\n"
    )
    return EXIT_OK


def _cmd_init(args: argparse.Namespace, _plugins: Plugins, err: Console) -> int:
    described = board(args.name, args.members, args.host, args.year, args.area, args.id)
    written = create_board(described, args.dir)
    for path in written:
        print(path)
    err.print(
        f"Bygg rapporten av exempeldata: samverkan report {written[0]}",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    return EXIT_OK


def _cmd_new_plugin(args: argparse.Namespace, _plugins: Plugins, _err: Console) -> int:
    for path in create_plugin(args.name, args.dir, args.title):
        print(path)
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace, Plugins, Console], int]] = {
    "report": _cmd_report,
    "plotly-bundle": _cmd_plotly_bundle,
    "validate": _cmd_validate,
    "ledger": _cmd_ledger,
    "allocate": _cmd_allocate,
    "gain": _cmd_gain,
    "new-plugin": _cmd_new_plugin,
    "init": _cmd_init,
    "plugins": _cmd_plugins,
}


def main(argv: Sequence[str] | None = None) -> int:
    # Plugins add subcommands, so they are loaded before the full command line is parsed.
    first = argparse.ArgumentParser(add_help=False)
    _global_options(first)
    known, _ = first.parse_known_args(argv)
    err = Console(stderr=True, highlight=False)
    args = known
    try:
        plugins = get_plugins(plugins_dir=known.plugins_dir)
        args = build_parser(plugins).parse_args(argv)
        return COMMANDS.get(args.command, _run_plugin_command)(args, plugins, err)
    except InputError as exc:
        if args.debug:
            raise
        _print_error(err, exc, "Felaktig indata")
        return EXIT_INPUT
    except KeyboardInterrupt:
        # The build's staging folder is removed on the way out: the folder keeps its set.
        err.print(
            "Avbrutet (Ctrl-C): det som inte var klart publicerades inte; "
            "mappen har kvar sina tidigare filer",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        return EXIT_INTERRUPTED
    except PluginError as exc:
        if args.debug:
            raise
        _print_error(err, exc, "Pluginfel")
        return EXIT_INTERNAL
    except Exception as exc:
        if args.debug:
            raise
        message = f"{type(exc).__name__}: {exc}. Kör igen med --debug för hela felspårningen."
        _print_error(err, InternalErrorText(message), "Internt fel")
        return EXIT_INTERNAL


def run() -> NoReturn:
    """The ``samverkan`` process: :func:`main`, then exit with its code. A Ctrl-C while the
    interpreter shuts down would otherwise kill the process by the signal's default action
    (exit -2, no word) with its work done; from here it is ignored, so the code is main's."""
    code = main()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.exit(code)


if __name__ == "__main__":
    run()
