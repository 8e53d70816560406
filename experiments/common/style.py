"""The figure style every room shares: the headless backend, the palette, region colours, saving.

Colours are Paul Tol's colour-blind-safe "muted" palette, one fixed colour per region in every figure.
Importing this module selects Matplotlib's headless ``Agg`` backend (figures are files, never windows).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt

from model.world import REGIONS

matplotlib.use("Agg")  # before any figure exists, so pyplot never opens a window

TOL_MUTED = (
    "#CC6677",
    "#332288",
    "#DDCC77",
    "#117733",
    "#88CCEE",
    "#882255",
    "#44AA99",
    "#999933",
    "#AA4499",
)
"""Paul Tol's colour-blind-safe muted palette."""
REGION_COLOURS = dict(zip(REGIONS, (*TOL_MUTED, "#BBBBBB"), strict=True))
REGION_LABELS = {region: region.replace("_", " ").title() for region in REGIONS}


def save_figure(fig, folder: Path, name: str, dpi: int = 130) -> list[str]:
    """Write ``name.png`` and ``name.svg`` into ``folder``, close the figure; return the file names."""
    names = [f"{name}.png", f"{name}.svg"]
    for file_name in names:
        fig.savefig(folder / file_name, dpi=dpi)
    plt.close(fig)
    return names
