"""How the runners stop on bad input or a failed step: one line on stderr and a non-zero exit."""

from __future__ import annotations

import sys
from typing import NoReturn


def fail(message: str, status: int = 2) -> NoReturn:
    """Print ``error: MESSAGE`` on stderr and exit with ``status`` (2: bad input, 1: a failed step)."""
    print(f"error: {message}", file=sys.stderr)
    sys.exit(status)
