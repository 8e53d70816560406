"""The parameter reference, ``docs/parameters.md``, written from the schema's metadata."""

from __future__ import annotations

from experiments.common.config import RunConfig
from experiments.common.paths import PROJECT_ROOT
from model.validation import iter_fields

DOC_PATH = PROJECT_ROOT / "docs" / "parameters.md"


def _allowed(low, high) -> str:
    if low is None and high is None:
        return "any"
    return f"[{low}, {high}]" if high is not None else f">= {low}"


def parameters_markdown() -> str:
    """The parameter reference as Markdown: key, default, unit, allowed range, source."""
    lines = [
        "# Parameters",
        "",
        "Generated from `model/params.py` by `python -m experiments.parameters_table`; do not edit.",
        "Override any of them on the command line, e.g.",
        "`python -m experiments.run victims.p_escape=0.01`.",
        "Source ids F1..F15 are the published figures of [facts.md](facts.md).",
        "",
        "| key | default | unit | allowed | source |",
        "|---|---|---|---|---|",
    ]
    for key, f, value in iter_fields(RunConfig()):
        meta = f.metadata
        allowed = _allowed(meta.get("low"), meta.get("high"))
        lines.append(f"| `{key}` | `{value}` | {meta['unit']} | {allowed} | {meta['source']} |")
    return "\n".join(lines) + "\n"
