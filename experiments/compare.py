"""Compare a sweep's scenarios with its baseline: ``python -m experiments.compare PATH [options]``.

Reads a sweep folder (``results.parquet``, ``by_country.parquet``, ``sweep.json``; it never re-runs the
model) and writes into ``PATH/report/`` (or ``--out``), atomically with a manifest: time series with
their 90 % band over seeds, paired effects against the baseline with bootstrap 95 % confidence
intervals (``effects.csv``, forest plot), maps of victims held with net relocations between regions,
a policy table (harm reduced and harm displaced) and ``report.md`` / ``report.html``.

Effects are paired: a scenario and the baseline run with the same seed share their random numbers, so
the difference is taken seed by seed, then summarised over the evaluation window (``--from`` to
``--to``): stocks as their mean over the window's weeks, flows as their sum. A sweep that varies
parameters inside a scenario (columns named by dotted key, or by config group such as ``world``) is
split into arms, ``scenario[key=value]``, each paired with the baseline run that has the same seed and
the same non-scenario parameters.

Reading the sweep is :mod:`experiments.sweeps.results`, the comparison
:mod:`experiments.comparison.comparison`, the report :mod:`experiments.comparison.report`.
"""

from __future__ import annotations

from pathlib import Path

from experiments.common.cli import OneLineParser, fail
from experiments.comparison.comparison import DEFAULT_FROM, build_comparison
from experiments.comparison.report import write_report
from experiments.sweeps.results import SweepFolderError


def main(argv: list[str] | None = None) -> None:
    """Command line: parse options, compare, print where the report went; one-line errors, exit 2."""
    parser = OneLineParser(prog="python -m experiments.compare", description=__doc__.splitlines()[0])
    parser.add_argument(
        "path", type=Path, help="sweep folder with results.parquet and by_country.parquet"
    )
    parser.add_argument("--baseline", default="baseline", help="name of the baseline scenario")
    parser.add_argument("--out", type=Path, help="report folder (default PATH/report)")
    parser.add_argument(
        "--from",
        dest="start",
        default=DEFAULT_FROM,
        help=f"first date of the evaluation window (default {DEFAULT_FROM})",
    )
    parser.add_argument("--to", dest="end", help="last date of the evaluation window (default: the end)")
    args = parser.parse_args(argv)
    out = args.out or args.path / "report"
    try:
        write_report(build_comparison(args.path, args.baseline, args.start, args.end), out)
    except SweepFolderError as error:
        hint = "; use --from/--to to choose a window inside the runs" if "no week" in str(error) else ""
        fail(f"{error}{hint}")
    print(f"report: {out / 'report.html'}")


if __name__ == "__main__":
    main()
