"""Write the parameter reference, ``docs/parameters.md``, from the schema's metadata.

``python -m experiments.parameters_table`` regenerates it; a test checks that it is up to date.
"""

from __future__ import annotations

from experiments.common.atomic import write_text
from experiments.common.cli import OneLineParser
from experiments.common.parameters_doc import DOC_PATH, parameters_markdown


def main() -> None:
    """Regenerate docs/parameters.md."""
    parser = OneLineParser(
        prog="python -m experiments.parameters_table", description=__doc__.splitlines()[0]
    )
    parser.parse_args()
    write_text(DOC_PATH, parameters_markdown())
    print(f"wrote {DOC_PATH}")


if __name__ == "__main__":
    main()
