"""The reproduction table and figure: the model's distribution over seeds against published figures."""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import StrMethodFormatter

from experiments.calibration.targets import Target, trajectory
from experiments.common.atomic import write_run
from experiments.common.cli import command_line, format_number, provenance
from experiments.common.provenance import git_commit
from experiments.common.style import TOL_MUTED, save_figure

MODULE = "experiments.reproduce"
QUANTILES = (0.05, 0.5, 0.95)  # the 90 % interval and the median over seeds
OPERATION_MARGIN_WEEKS = 6  # weeks shown on each side of a one-operation target's window


def reproduction_table(targets: list[Target], measured: pd.DataFrame) -> pd.DataFrame:
    """One row per target: published value and range, the model's median and 90 % interval, inside."""
    rows = []
    for target in targets:
        values = measured.loc[measured["target"] == target.id, "value"]
        p5, median, p95 = (float(values.quantile(q)) for q in QUANTILES)
        rows.append(
            {
                "target": target.id,
                "fact": target.fact,
                "quantity": target.quantity,
                "unit": target.unit,
                "date": target.date,
                "published": target.value,
                "published_low": target.low,
                "published_high": target.high,
                "model_median": median,
                "model_p5": p5,
                "model_p95": p95,
                "inside": target.published_within(p5, p95),
                "median_in_fit_range": target.discrepancy(median) == 0,
                "seeds": len(values),
                "source": target.source,
            }
        )
    return pd.DataFrame(rows)


def write_reproduction(
    out: Path,
    table: pd.DataFrame,
    targets: list[Target],
    results: pd.DataFrame,
    by_country: pd.DataFrame,
    options: dict,
) -> Path:
    """Write ``reproduction.csv``, ``reproduction.md`` and the figure into ``out``, atomically."""

    def write_files(folder: Path) -> None:
        table.to_csv(folder / "reproduction.csv", index=False, float_format="%.6g")
        (folder / "reproduction.md").write_text(markdown(table, options))
        save_figure(figure(targets, results, by_country), folder, "reproduction")

    return write_run(out, write_files, provenance(MODULE, options))


def markdown(table: pd.DataFrame, options: dict) -> str:
    """The reproduction table in Markdown, with how it was made."""
    lines = [
        "# Reproduction of published figures",
        "",
        f"Parameter set `{options['params']}`, {options['seeds']} seeds per scenario (from "
        f"{options['first_seed']}); model values are "
        "the median and the 90 % interval (5th to 95th percentile) over seeds. *Inside*: the published "
        "value lies in the model's interval (for a published bound only, such as 'at least 120,000', "
        "some of the bounded range does). "
        "Operation counts (F7, F8) are the operation's runs minus the same seeds' baseline runs in the "
        "operation's week. Targets and their model outputs: `configs/calibration/targets.yaml`.",
        "",
        f"Commit `{git_commit()}`; command `{command_line(MODULE)}`.",
        "",
        "| target | quantity | date | published | model median | model 90 % interval | inside |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in table.itertuples():
        lines.append(
            f"| {row.target} | {row.quantity} ({row.unit}) | {row.date} | {published(row)} | "
            f"{format_number(row.model_median)} | {format_number(row.model_p5)} to "
            f"{format_number(row.model_p95)} | {'yes' if row.inside else 'no'} |"
        )
    lines += [
        "",
        f"{int(table['inside'].sum())} of {len(table)} published values lie inside the model's 90 % "
        "interval.",
        "",
        "![Model trajectories against published figures](reproduction.png)",
        "",
    ]
    return "\n".join(lines)


def published(row) -> str:
    """The published figure as a reader would quote it: a value, a bound or a range."""
    value, low, high = (
        None if pd.isna(v) else v for v in (row.published, row.published_low, row.published_high)
    )
    if value is not None:
        return format_number(value)
    if high is None:
        return f"at least {format_number(low)}"
    if low is None:
        return f"at most {format_number(high)}"
    return f"{format_number(low)} to {format_number(high)}"


def figure(targets: list[Target], results: pd.DataFrame, by_country: pd.DataFrame):
    """One panel per target: the model's median and 90 % band over seeds, and the published figure.

    Each panel draws the quantity the target compares, week by week (a sum over a window as a
    running sum over as many weeks), so the curve at the window's end is the value in the table.
    """
    columns = 4
    rows = math.ceil(len(targets) / columns)
    fig, axes = plt.subplots(rows, columns, figsize=(4.2 * columns, 3.0 * rows), squeeze=False)
    for ax, target in zip(axes.flat, targets, strict=False):
        _panel(ax, target, trajectory(target, results, by_country))
    for ax in axes.flat[len(targets) :]:
        ax.set_visible(False)
    axes.flat[0].legend(fontsize=7, loc="upper left")
    fig.suptitle("Model (median, 90 % band over seeds) against published figures (FACTS F1-F8)")
    fig.tight_layout()
    return fig


def _panel(ax, target: Target, weeks: pd.DataFrame) -> None:
    start, end = (pd.Timestamp(d) for d in target.output.window)
    if (end - start).days < 30:  # one operation: show the weeks around it
        margin = pd.Timedelta(weeks=OPERATION_MARGIN_WEEKS)
        weeks = weeks[weeks["date"].between(start - margin, end + margin)]
    money = target.unit.startswith("US$")
    factor = 1e-9 if money else 1.0
    bands = weeks.groupby("date")["value"].quantile(list(QUANTILES)).unstack() * factor
    ax.fill_between(
        bands.index,
        bands[QUANTILES[0]],
        bands[QUANTILES[2]],
        color=TOL_MUTED[4],
        alpha=0.5,
        lw=0,
        label="model 90 %",
    )
    ax.plot(bands.index, bands[QUANTILES[1]], color=TOL_MUTED[1], lw=1.2, label="model median")
    ax.axvspan(start, end, color="#DDDDDD", alpha=0.6, lw=0)
    in_window = bands.index[(bands.index >= start) & (bands.index <= end)]
    # The table's value is the curve at the window's last week (a sum) or its middle (a mean).
    at = in_window[-1] if target.output.statistic == "sum" else in_window[len(in_window) // 2]
    if target.value is not None:
        ax.plot([at], [target.value * factor], "o", color=TOL_MUTED[0], label="published")
    low = (target.low or 0.0) * factor
    high = target.high * factor if target.high is not None else max(bands[QUANTILES[2]].max(), low) * 1.2
    ax.vlines(at, low, high, color=TOL_MUTED[0], lw=2, alpha=0.7, label="published range")
    ax.set_title(f"{target.fact}: {target.quantity}", fontsize=8)
    ax.set_ylabel(target.unit.replace("US$", "US$ bn") if money else target.unit, fontsize=8)
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.tick_params(labelsize=7)
    ax.tick_params(axis="x", rotation=30)
