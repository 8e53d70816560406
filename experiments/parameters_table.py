"""Write the parameter reference, ``docs/parameters.md``, from the schema's metadata.

``python -m experiments.parameters_table`` regenerates it; a test checks that it is up to date.
"""

from __future__ import annotations

from experiments.config import CONFIG_DIR, RunConfig
from model.params import iter_fields

DOC_PATH = CONFIG_DIR.parent / "docs" / "parameters.md"


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


def main() -> None:
    """Regenerate docs/parameters.md."""
    DOC_PATH.write_text(parameters_markdown())
    print(f"wrote {DOC_PATH}")


if __name__ == "__main__":
    main()
