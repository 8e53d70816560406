"""A report as a list of blocks, rendered as Markdown or as one self-contained HTML page.

A block is ``(kind, *content)``: ``("h1", text)``, ``("h2", text)``, ``("p", text)``,
``("list", items)``, ``("table", DataFrame)``, ``("figure", name, caption)`` (``NAME.png`` beside the
report) or ``("code", yaml_text)``. HTML embeds every figure as a base64 PNG (no external assets).
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

import pandas as pd

CSS = (
    "body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}"
    "table{border-collapse:collapse;font-size:0.85em;margin:1em 0}"
    "th,td{border:1px solid #ccc;padding:3px 6px;text-align:right}th{background:#f2f2f2}"
    "td:first-child,th:first-child{text-align:left}img{max-width:100%}"
    "figcaption{font-size:0.9em;color:#444}pre{background:#f6f6f6;padding:1em;overflow:auto;font-size:0.8em}"
)


def markdown_table(table: pd.DataFrame) -> str:
    """A pipe table; ``|`` in cells escaped."""

    def cell(value) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = [
        "| " + " | ".join(cell(c) for c in table.columns) + " |",
        "|" + "|".join("---" for _ in table.columns) + "|",
    ]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in table.itertuples(index=False)]
    return "\n".join(lines)


def to_markdown(blocks: list[tuple]) -> str:
    """Render blocks as Markdown; figures link ``NAME.png`` next to the report."""
    out = []
    for kind, *content in blocks:
        if kind in ("h1", "h2"):
            out.append(("#" if kind == "h1" else "##") + f" {content[0]}")
        elif kind == "p":
            out.append(content[0])
        elif kind == "list":
            out.append("\n".join(f"- {item}" for item in content[0]))
        elif kind == "table":
            out.append(markdown_table(content[0]))
        elif kind == "figure":
            name, caption = content
            out.append(f"![{name}]({name}.png)\n\n*{caption}* (also `{name}.svg`)")
        elif kind == "code":
            out.append(f"```yaml\n{content[0].rstrip()}\n```")
    return "\n\n".join(out) + "\n"


def to_html(blocks: list[tuple], folder: Path, title: str) -> str:
    """Render blocks as one HTML page with every figure embedded as a base64 PNG from ``folder``."""
    out = [
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"<style>{CSS}</style></head><body>"
    ]
    for kind, *content in blocks:
        if kind in ("h1", "h2", "p"):
            out.append(f"<{kind}>{_inline(content[0])}</{kind}>")
        elif kind == "list":
            out.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in content[0]) + "</ul>")
        elif kind == "table":
            out.append(content[0].to_html(index=False, border=0, escape=True))
        elif kind == "figure":
            name, caption = content
            data = base64.b64encode((folder / f"{name}.png").read_bytes()).decode("ascii")
            out.append(
                f"<figure><img alt='{name}' src='data:image/png;base64,{data}'>"
                f"<figcaption>{_inline(caption)} (also {name}.svg)</figcaption></figure>"
            )
        elif kind == "code":
            out.append(
                f"<details><summary>configuration</summary><pre>{html.escape(content[0])}</pre></details>"
            )
    out.append("</body></html>")
    return "\n".join(out)


def _inline(text: str) -> str:
    """Escape HTML and turn `code` spans into <code>."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))
