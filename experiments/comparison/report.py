"""The comparison report: tables, figures, ``report.md`` and a self-contained ``report.html``.

:func:`write_report` writes every file of a comparison atomically, with a manifest
(:func:`experiments.common.atomic.write_run`). The report is a list of blocks rendered twice
(:mod:`experiments.comparison.render`): as Markdown that links the PNG files next to it, and as HTML
with the PNGs embedded as base64 (no external assets).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from experiments.common.atomic import write_run
from experiments.common.provenance import git_commit, package_versions
from experiments.common.style import REGION_LABELS, save_figure
from experiments.comparison import figures as plots
from experiments.comparison.comparison import Comparison
from experiments.comparison.effects import CONFIDENCE, MIN_SEEDS, RESAMPLES, in_window
from experiments.comparison.metrics import EFFECT_METRICS, METRICS
from experiments.comparison.render import markdown_table, to_html, to_markdown
from experiments.comparison.tables import (
    BAND,
    ROLLING_WEEKS,
    SURVIVAL_WEEKS,
    compound_survival,
    compounds_by_host,
    held_by_country,
    held_by_zone,
    region_relocations,
    timeseries_bands,
)
from experiments.sweeps.results import Sweep
from model.world import DATA_DIR, load_country_table


def write_report(comparison: Comparison, out: Path) -> Path:
    """Write tables, figures and the report into ``out`` atomically; return the manifest's path."""
    sweep = comparison.sweep
    manifest = {
        "command": sys.argv,
        "sweep": str(comparison.path),
        "experiment": sweep.meta.get("experiment"),
        "baseline": sweep.baseline,
        "window": [str(comparison.window[0].date()), str(comparison.window[1].date())],
        "main_region": comparison.main_region,
        "sweep_git_commit": sweep.meta.get("git_commit", "unknown"),
        "git_commit": git_commit(),
        "versions": package_versions(),
    }

    def write_files(folder: Path) -> None:
        comparison.effects.to_csv(folder / "effects.csv", index=False)
        comparison.summaries.to_csv(folder / "seed_summaries.csv", index=False)
        comparison.policy.to_csv(folder / "policy_table.csv", index=False)
        survival = compound_survival(comparison.sweep, comparison.window)
        survival.to_csv(folder / "compound_survival.csv", index=False)
        policy = policy_display(comparison.policy, comparison.main_region)
        (folder / "policy_table.md").write_text(markdown_table(policy) + "\n")
        figures = draw_figures(comparison, folder)
        blocks = report_blocks(comparison, policy, figures, survival)
        (folder / "report.md").write_text(to_markdown(blocks))
        (folder / "report.html").write_text(to_html(blocks, folder, title=_title(sweep)))

    return write_run(out, write_files, manifest)


def draw_figures(comparison: Comparison, folder: Path) -> dict[str, str]:
    """Draw and save every figure (PNG and SVG); return figure name to caption."""
    sweep, window = comparison.sweep, comparison.window
    styles = plots.scenario_styles(sweep.arms, sweep.baseline)
    series = plots.MAIN_SERIES + plots.SHARE_SERIES
    bands = timeseries_bands(
        sweep, {s.name: s.columns for s in series}, {s.name for s in series if s.flow}
    )
    seeds = int(sweep.results.groupby("arm").seed.nunique().max())
    dates = [window[0], window[1]]
    shares = tuple(s for s in plots.SHARE_SERIES if sweep.results[list(s.columns)].to_numpy().any())
    figures = {
        "timeseries": (
            plots.timeseries(
                bands, plots.MAIN_SERIES, styles, window, seeds, "Main metrics per scenario"
            ),
            "Main metrics per scenario: median (line) and 90 % band (shaded) over seeds; flows are "
            f"{ROLLING_WEEKS}-week means. The evaluation window is shaded grey; scenarios' bands are "
            "drawn over it only, and the baseline's line is on top.",
        ),
        "timeseries_shares": (
            plots.timeseries(bands, shares, styles, window, seeds, "Regional shares of victims held"),
            "Share of victims held per region (% of all victims held): median and 90 % band over seeds; "
            "regions where no scenario ever held victims are left out.",
        ),
        "effects_forest": (
            plots.forest(comparison.effects, EFFECT_METRICS, styles),
            "Paired effect of each scenario against the baseline over the evaluation window, with 95 % "
            "bootstrap confidence intervals; the vertical line is no effect.",
        ),
        "host_maps": (
            plots.host_maps(
                held_by_country(sweep, dates),
                region_relocations(sweep, window),
                world_countries(sweep.by_country),
                dates,
                styles,
            ),
            "Victims held per host country at the start and end of the evaluation window (median over "
            "seeds), per scenario. Arrows: net compound relocations between regions over the window, "
            f"mean per seed (under {plots.MIN_ARROW} left out); by_country counts moves out of and "
            "into each country, not their pairs, so a region's net outflow is shared among the regions "
            "with a net inflow in proportion to it.",
        ),
    }
    for name, (fig, _) in figures.items():
        save_figure(fig, folder, name)
    return {name: caption for name, (_, caption) in figures.items()}


def world_countries(by_country: pd.DataFrame) -> pd.DataFrame:
    """``iso3, region, lon, lat`` of the countries in the sweep's world (model/data/countries.csv)."""
    table = load_country_table(DATA_DIR / "countries.csv")[["iso3", "lon", "lat"]]
    return by_country[["iso3", "region"]].drop_duplicates("iso3").merge(table, on="iso3")


def policy_display(policy: pd.DataFrame, main: str) -> pd.DataFrame:
    """The policy table with readable headers and values with their CIs."""
    region = REGION_LABELS.get(main, main)
    return pd.DataFrame(
        {
            "Harm reduced rank": policy.harm_reduced_rank,
            "Scenario": policy.scenario,
            "Victims held (% of baseline)": _with_ci(policy, "victims_held_change_pct", signed=True),
            "New victims (% of baseline)": _with_ci(policy, "new_victims_change_pct", signed=True),
            "Harm displaced rank": policy.harm_displaced_rank,
            f"Share held outside {region} (pp)": _with_ci(
                policy, "share_outside_main_change_pp", signed=True
            ),
            "Host countries (change)": _with_ci(policy, "host_countries_change", signed=True),
            "Host regions (change)": [number(v, signed=True) for v in policy.host_regions_change],
            "Verdict": policy.verdict,
        }
    )


def effects_display(effects: pd.DataFrame) -> pd.DataFrame:
    """The effects table in display units, with CIs."""
    scale = effects.metric.map(lambda m: METRICS[m].display_scale)
    shown = effects.assign(
        **{
            c: effects[c] * scale
            for c in ("baseline_value", "scenario_value", "difference", "ci_low", "ci_high")
        }
    )
    return pd.DataFrame(
        {
            "Scenario": shown.scenario,
            "Metric": shown.label
            + " ("
            + shown.metric.map(lambda m: METRICS[m].shown_unit)
            + ", "
            + shown.summary
            + ")",
            "Baseline": [number(v) for v in shown.baseline_value],
            "Scenario value": [number(v) for v in shown.scenario_value],
            "Difference [95 % CI]": _with_ci(shown, "difference", "ci_low", "ci_high", signed=True),
            "% of baseline [95 % CI]": _with_ci(
                shown, "percent_of_baseline", "percent_ci_low", "percent_ci_high", signed=True
            ),
            "Seeds": shown.n_pairs,
        }
    )


def _with_ci(
    table: pd.DataFrame,
    column: str,
    low: str | None = None,
    high: str | None = None,
    signed: bool = False,
) -> list[str]:
    low, high = low or f"{column}_ci_low", high or f"{column}_ci_high"
    return [
        number(v, signed) + (f" [{number(a, signed)}, {number(b, signed)}]" if np.isfinite(a) else "")
        for v, a, b in zip(table[column], table[low], table[high], strict=True)
    ]


def number(value, signed: bool = False) -> str:
    """A readable number: thousands separators, fewer decimals as it grows; "n/a" for NaN."""
    if value is None or not np.isfinite(value):
        return "n/a"
    sign = "+" if signed else ""
    if abs(value) >= 1000:
        return f"{value:{sign},.0f}"
    return f"{value:{sign}.1f}" if abs(value) >= 10 else f"{value:{sign}.2f}"


def report_blocks(
    comparison: Comparison, policy: pd.DataFrame, figures: dict[str, str], survival: pd.DataFrame
) -> list[tuple]:
    """The report as a list of blocks.

    Blocks are ``("h1"|"h2"|"p", text)``, ``("list", items)``, ``("table", frame)``,
    ``("figure", name, caption)`` and ``("code", text)``.
    """
    sweep, (start, end) = comparison.sweep, comparison.window
    seeds = sweep.results.groupby("arm").seed.agg(lambda s: ", ".join(map(str, sorted(s.unique()))))
    seeds = seeds.reindex(sweep.arms)
    weeks = in_window(sweep.results, comparison.window).date.nunique()
    main = REGION_LABELS.get(comparison.main_region, comparison.main_region)
    notes = [*sweep.notes, *_job_notes(sweep.meta), *_effect_notes(comparison.effects)]
    return [
        ("h1", _title(sweep)),
        (
            "p",
            f"Sweep folder `{comparison.path}`, baseline `{sweep.baseline}`. Evaluation window "
            f"{start.date()} to {end.date()} ({weeks} weeks): stocks are the mean over the window's "
            "weeks, flows their sum (persons, US$, compounds, countries). Each scenario is compared "
            "with the baseline run of the same seed (common random numbers); the per-seed differences "
            f"are summarised by their mean and a {CONFIDENCE:.0%} BCa bootstrap CI ({RESAMPLES:,} "
            f"resamples, fixed random state; no CI with fewer than {MIN_SEEDS} seeds).",
        ),
        ("p", f"Seeds of every scenario: {seeds.iloc[0]}.")
        if seeds.nunique() == 1
        else ("table", pd.DataFrame({"Scenario": seeds.index, "Seeds": seeds.to_numpy()})),
        ("h2", "Policy table"),
        (
            "p",
            "Harm reduced: change of mean victims held, then of new victims, against the baseline (most "
            f"negative first). Harm displaced: change of the share of victims held outside {main}, the "
            "baseline's main region (percentage points), then of host countries (largest first). The "
            "verdict counts a change where its 95 % CI excludes 0.",
        ),
        ("table", policy),
        ("h2", "Effects against the baseline"),
        ("figure", "effects_forest", figures["effects_forest"]),
        ("table", effects_display(comparison.effects)),
        ("h2", "Time series"),
        ("figure", "timeseries", figures["timeseries"]),
        ("figure", "timeseries_shares", figures["timeseries_shares"]),
        ("h2", "Where victims are held"),
        ("figure", "host_maps", figures["host_maps"]),
        *_geography_blocks(sweep, end),
        *_survival_blocks(survival),
        *([("h2", "Notes"), ("list", notes)] if notes else []),
        ("h2", "Configuration and provenance"),
        *_provenance(sweep.meta),
        (
            "p",
            f"Bands are the {BAND[0]:.0%}-{BAND[2]:.0%} quantiles over seeds. Files: effects.csv, "
            "seed_summaries.csv, policy_table.csv/.md, compound_survival.csv, figures as PNG and SVG; "
            "manifest.json lists "
            "every file with its SHA-256.",
        ),
    ]


def _geography_blocks(sweep: Sweep, end: pd.Timestamp) -> list[tuple]:
    """Tables of compounds per host country and victims held per host zone at the window's end."""
    blocks = []
    compounds = compounds_by_host(sweep, end)
    if not compounds.empty:
        text = (
            f"Compounds active per host country in the week of {end.date()}, median over seeds; "
            "'other' is the median of the other countries' total and 'all' of the world's, so columns "
            "need not add up."
        )
        shown = compounds.rename(columns={"arm": "Scenario"})
        whole = "{:,.0f}".format  # compounds: medians of counts, shown as whole numbers
        shown = shown.assign(**{c: shown[c].map(whole) for c in shown.columns if c != "Scenario"})
        blocks += [("p", text), ("table", shown)]
    zones = held_by_zone(sweep, end)
    if not zones.empty:
        text = (
            f"Victims held per host zone in the week of {end.date()} (persons, median over seeds), "
            "for the zones holding the most in any scenario; a country without named zones is one "
            "national zone (`ISO3-national`). Zones are areas as public reports up to 2023 name them "
            "(model/data/zones.csv)."
        )
        shown = zones.rename(columns={"zone": "Zone", "iso3": "Country"})
        shown = shown.assign(**{arm: shown[arm].map("{:,.0f}".format) for arm in sweep.arms})
        blocks += [("p", text), ("table", shown)]
    return blocks


def _survival_blocks(survival: pd.DataFrame) -> list[tuple]:
    """The table of raided compounds still operating a year later (none without a compounds log)."""
    if survival.empty:
        return []
    table = pd.DataFrame(
        {
            "Scenario": survival.arm,
            "Compounds raided (all seeds)": survival.raided,
            f"Still operating {SURVIVAL_WEEKS} weeks later": survival.still_operating,
            "Share": survival.share.map("{:.0%}".format),
        }
    )
    text = (
        "Compounds raided in the evaluation window, counted from their first raid there if it came at "
        f"least {SURVIVAL_WEEKS} weeks before the runs end: how many are open {SURVIVAL_WEEKS} weeks "
        "later (never closed since, or reopened under a new owner). From compounds.parquet."
    )
    return [("h2", "Raided compounds a year later"), ("p", text), ("table", table)]


def _title(sweep: Sweep) -> str:
    return (
        f"ScamScape sweep comparison: {sweep.meta.get('experiment') or sweep.results.experiment.iloc[0]}"
    )


def _job_notes(meta: dict, shown: int = 5) -> list[str]:
    """Jobs of the sweep that gave no results (failed or incomplete), with their errors."""
    missing = [job for job in meta.get("jobs", []) if job.get("status") not in ("run", "skipped")]
    lines = [
        f"Job {job.get('folder') or ' '.join(job.get('overrides', []))}: {job.get('status')}"
        + (f" ({job['error']})" if job.get("error") else "")
        + "; it has no rows in the results."
        for job in missing[:shown]
    ]
    if len(missing) > shown:
        lines.append(
            f"... and {len(missing) - shown} more jobs without results (sweep.json lists them)."
        )
    return lines


def _effect_notes(effects: pd.DataFrame) -> list[str]:
    """One line per note of the effects table, naming its metrics and scenarios."""
    lines, everyone = [], set(effects.scenario)
    for note, rows in effects[effects.note != ""].groupby("note", sort=False):
        metrics = ", ".join(dict.fromkeys(rows.label))
        scenarios = (
            "all scenarios" if set(rows.scenario) == everyone else ", ".join(sorted(set(rows.scenario)))
        )
        lines.append(f"{note[0].upper()}{note[1:]}: {metrics} ({scenarios}).")
    return lines


def _provenance(meta: dict) -> list[tuple]:
    """Commit, job counts, swept values, versions and the resolved config from sweep.json."""
    jobs = meta.get("jobs", [])
    values: dict[str, set] = {}
    for job in jobs:
        for override in job.get("overrides", []):
            key, _, value = override.partition("=")
            values.setdefault(key, set()).add(value)
    overrides = pd.DataFrame(
        {
            "Override": list(values),
            "Values": [", ".join(sorted(v, key=_natural)) for v in values.values()],
        }
    )
    counts = ", ".join(f"{k} {v}" for k, v in meta.get("counts", {}).items()) or "unknown"
    versions = meta.get("versions", {})
    blocks = [
        (
            "p",
            f"Runs at commit `{meta.get('git_commit', 'unknown')}`; jobs: {counts} "
            f"({len(jobs)} listed in sweep.json).",
        ),
    ]
    if meta.get("command"):
        blocks.append(("p", "Sweep command: `" + " ".join(map(str, meta["command"])) + "`"))
    if not overrides.empty:
        blocks.append(("table", overrides))
    if versions:
        blocks.append(
            ("table", pd.DataFrame({"Package": list(versions), "Version": list(versions.values())}))
        )
    if meta.get("config"):
        blocks.append(("p", "Resolved configuration of one job:"))
        blocks.append(
            ("code", yaml.safe_dump(meta["config"], sort_keys=False, default_flow_style=False))
        )
    return blocks


def _natural(text: str):
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]
