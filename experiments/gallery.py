"""One run of every scenario next to the baseline, as figures for docs/scenarios.md.

``python -m experiments.gallery [--seed N] [--scale PERSONS] [--out DIR]`` runs each scenario of
``configs/scenario/`` with one seed and writes, per scenario, ``NAME.png`` and ``NAME.svg``: world
victims held against the baseline with the same seed, and the scenario's victims held by host region.
It also writes ``gallery.csv`` with the headline numbers. Files are written atomically with a
manifest.
"""

from __future__ import annotations

from pathlib import Path

from experiments.common.cli import OneLineParser, integer_at_least
from experiments.common.paths import RESULTS_DIR
from experiments.running.gallery import write_gallery


def main() -> None:
    """Run every scenario once and write the gallery."""
    parser = OneLineParser(prog="python -m experiments.gallery", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seed", type=integer_at_least(0), default=1, help="seed of every run (default 1)"
    )
    parser.add_argument(
        "--scale", type=integer_at_least(1), default=20, help="persons per victim agent (default 20)"
    )
    parser.add_argument(
        "--out", type=Path, default=RESULTS_DIR / "gallery", help="output folder (results/gallery)"
    )
    args = parser.parse_args()
    print(f"results: {write_gallery(args.seed, args.scale, args.out).parent}")


if __name__ == "__main__":
    main()
