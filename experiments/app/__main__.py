"""Serve the explorer: ``python -m experiments.app [--host 127.0.0.1] [--port 8765]``.

The same as ``solara run experiments.app.page --production --host HOST --port PORT`` (no browser is
opened, no version check or telemetry is sent). Bad arguments, a port in use or a missing ``viz``
extra: one line on stderr, exit status 2.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import socket
import sys

from experiments.common.cli import OneLineParser, fail

PAGE = "experiments.app.page"


def parse_arguments(arguments: list[str]) -> argparse.Namespace:
    """The host and port to serve on; exits with status 2 on a bad argument or a busy port."""
    parser = OneLineParser(prog="python -m experiments.app", description="Serve the ScamScape explorer.")
    parser.add_argument(
        "--host", default="127.0.0.1", help="interface to listen on (default: 127.0.0.1)"
    )
    parser.add_argument("--port", type=int, default=8765, help="TCP port, 1-65535 (default: 8765)")
    options = parser.parse_args(arguments)
    if not 1 <= options.port <= 65535:
        fail(f"--port: {options.port} is out of range; allowed: [1, 65535]")
    if importlib.util.find_spec("solara") is None:
        fail('the explorer needs the viz extra; install it with: pip install -e ".[viz]"')
    _check_port_free(options.host, options.port)
    return options


def _check_port_free(host: str, port: int) -> None:
    try:
        with socket.create_server((host, port)):
            pass
    except OSError as error:
        fail(f"--host {host} --port {port}: cannot listen there ({error.strerror or error})")


def main(arguments: list[str]) -> None:
    """Check the arguments, then hand over to ``solara run`` in this process."""
    options = parse_arguments(arguments)
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    from solara.__main__ import cli

    run = ["run", PAGE, "--production", "--no-open", "--no-check-version"]
    cli([*run, "--host", options.host, "--port", str(options.port)])


if __name__ == "__main__":
    main(sys.argv[1:])
