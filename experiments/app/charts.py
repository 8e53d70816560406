"""The explorer's live charts: Mesa plot components over the recorder's weekly table.

Each chart is Mesa's ``make_plot_component`` (Matplotlib backend) of columns of
:class:`~experiments.app.weekly_table.WeeklyTable`, with one post-processing step that names the
lines, drops regions that never held anyone, and sets title, unit and number format. Colours are
those of the run figures (``experiments/figures.py``): one fixed colour per region.
"""

from __future__ import annotations

from collections.abc import Callable

from matplotlib.ticker import PercentFormatter, StrMethodFormatter
from mesa.visualization import make_plot_component

from experiments.app.weekly_table import HELD_BY_REGION, SHARE_BY_REGION
from experiments.common.style import REGION_COLOURS, REGION_LABELS, TOL_MUTED
from model.world import REGIONS

WORLD_COLOUR = "#000000"

CHARTS = (
    (
        "Victims held, world and by host region",
        "Persons held",
        {
            "victims_held": WORLD_COLOUR,
            **dict(zip(HELD_BY_REGION, REGION_COLOURS.values(), strict=True)),
        },
    ),
    (
        "New victims and rescued",
        "Persons per week",
        {"recruited": TOL_MUTED[0], "rescued": TOL_MUTED[3]},
    ),
    ("Scam revenue of all compounds", "US$ millions per week", {"revenue_usd_millions": TOL_MUTED[1]}),
    ("Compounds active", "Compounds", {"compounds_active": TOL_MUTED[5]}),
    (
        "Share of victims held, by host region",
        "Share of victims held",
        dict(zip(SHARE_BY_REGION, REGION_COLOURS.values(), strict=True)),
    ),
)
"""Each chart's title, y-axis label (with unit) and plotted columns with their colours."""

LINE_LABELS = {
    "victims_held": "World",
    "recruited": "New victims (recruited)",
    "rescued": "Rescued in raids",
    "revenue_usd_millions": "Revenue",
    "compounds_active": "Compounds",
    **{column: REGION_LABELS[region] for column, region in zip(HELD_BY_REGION, REGIONS, strict=True)},
    **{column: REGION_LABELS[region] for column, region in zip(SHARE_BY_REGION, REGIONS, strict=True)},
}
"""Legend label of each plotted column."""


def style_chart(title: str, ylabel: str) -> Callable:
    """A post-processing step for Mesa's plot: labels, title, unit; regions that never held anyone go.

    Args:
        title: the chart's title.
        ylabel: the y axis label, with its unit.
    """

    def post_process(ax) -> None:
        lines = list(ax.get_lines())
        for line in lines:
            if len(lines) > 2 and not any(line.get_ydata()):
                line.remove()
            else:
                line.set_label(LINE_LABELS[line.get_label()])
        ax.set_title(title)
        ax.set_ylabel(ylabel)
        shares = ylabel.startswith("Share")
        ax.yaxis.set_major_formatter(PercentFormatter(1.0) if shares else StrMethodFormatter("{x:,.0f}"))
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
        if ax.get_lines():
            ax.legend(loc="upper left", fontsize="small", frameon=False)
        elif ax.get_legend() is not None:
            ax.get_legend().remove()

    return post_process


def chart_components() -> list[tuple]:
    """The charts as ``(component, page)`` pairs for ``SolaraViz``; x is the week (step)."""
    return [
        make_plot_component(columns, post_process=style_chart(title, ylabel), backend="matplotlib")
        for title, ylabel, columns in CHARTS
    ]
