"""End to end: serve the explorer, drive it in headless Chromium, check the week and the charts move.

Starts ``python -m experiments.app`` on a free loopback port, opens it with Playwright driving the
Debian ``chromium`` executable, picks a scenario, presses Reset and Step, checks that the date and
every figure change, saves a screenshot to ``results/e2e/explorer.png`` (the server's output goes to
``server.log`` beside it) and stops the server. Skipped when Chromium, Playwright or the viz extra is
missing, unless ``SCAMSCAPE_REQUIRE_E2E=1`` (``.ci/run`` installs them and sets it).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from experiments.common.paths import PROJECT_ROOT, RESULTS_DIR

SCREENSHOT = RESULTS_DIR / "e2e" / "explorer.png"
SERVER_LOG = SCREENSHOT.with_name("server.log")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCENARIO = "coordinated_raid"
STEPS = 4
FIGURES = 7
"""The world map, the zone map and five charts."""
TIMEOUT_MS = 60_000

REQUIRED = os.environ.get("SCAMSCAPE_REQUIRE_E2E") == "1"
"""Set by .ci/run: a missing browser or package is then an error, not a skip."""

pytestmark = pytest.mark.e2e
if not REQUIRED:
    if not Path(CHROMIUM).exists():
        pytest.skip("no chromium executable (apt-get install chromium)", allow_module_level=True)
    pytest.importorskip("solara", reason="the explorer needs the viz extra: pip install -e '.[viz]'")
    pytest.importorskip("playwright.sync_api", reason="no playwright: pip install -e '.[test]'")
from playwright import sync_api as playwright  # noqa: E402


def free_port() -> int:
    """A TCP port that is free on the loopback interface now."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]


def wait_until_served(url: str, server: subprocess.Popen, timeout_s: float = 90) -> None:
    """Poll ``url`` until it answers 200; fail if the server exits or the time runs out."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"explorer exited with status {server.returncode}; see {SERVER_LOG}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"explorer did not answer at {url} within {timeout_s} s")


@pytest.fixture
def explorer_url():
    """The URL of an explorer served for this test; the server is stopped afterwards."""
    port = free_port()
    command = [sys.executable, "-m", "experiments.app", "--host", "127.0.0.1", "--port", str(port)]
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}
    SERVER_LOG.parent.mkdir(parents=True, exist_ok=True)
    with SERVER_LOG.open("w") as log:
        server = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_until_served(url, server)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


FIGURE_DIGESTS = """async () => Promise.all([...document.querySelectorAll("img.widget-image")].map(
    async image => {
        const bytes = await (await fetch(image.src)).arrayBuffer();
        const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
        return Array.from(digest, b => b.toString(16).padStart(2, "0")).join("");
    }))"""
"""JavaScript: the SHA-256 of the bytes of every figure on the page (the map and the charts)."""


def figure_digests(page) -> list[str]:
    """The SHA-256 of every figure image (Solara serves them as blob URLs, new on every redraw)."""
    return page.evaluate(FIGURE_DIGESTS)


def settled_figures(page, timeout_s: float = 30) -> list[str]:
    """The figures' digests once all of them are drawn and two reads half a second apart agree.

    After Reset the page redraws every figure; reading them mid-redraw would compare the steps
    against a half-drawn page.
    """
    deadline = time.monotonic() + timeout_s
    previous = None
    while True:
        current = figure_digests(page)
        if len(current) == FIGURES and current == previous:
            return current
        if time.monotonic() > deadline:
            return current
        previous = current
        page.wait_for_timeout(500)


def wait_for_new_figures(page, before: list[str], timeout_s: float = 30) -> list[str]:
    """The figures' digests once every one differs from ``before`` (or as they are at the timeout)."""
    deadline = time.monotonic() + timeout_s
    while True:
        after = figure_digests(page)
        if len(after) == len(before) and all(a != b for a, b in zip(after, before, strict=True)):
            return after
        if time.monotonic() > deadline:
            return after
        page.wait_for_timeout(250)


def test_explorer_in_a_browser(explorer_url):
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1300})
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(explorer_url)
            page.get_by_text("Week 0 of").wait_for()

            page.locator(".v-select", has_text="Scenario").get_by_role("button").click()
            page.get_by_role("option", name=SCENARIO).click()
            page.get_by_role("button", name="Reset").click()
            page.get_by_text(f"scenario {SCENARIO}").wait_for()
            page.get_by_text("Week 0 of").wait_for()
            before = settled_figures(page)

            dates = []
            for week in range(1, STEPS + 1):
                page.get_by_role("button", name="Step").click()
                summary = page.get_by_text(re.compile(f"Week {week} of \\d+: week of"))
                summary.wait_for()
                dates.append(re.search(r"week of (\d{4}-\d\d-\d\d)", summary.inner_text()).group(1))
            after = wait_for_new_figures(page, before)
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
        finally:
            browser.close()

    assert dates == sorted(set(dates)), f"the date must advance every week after the first: {dates}"
    assert len(before) == len(after) == FIGURES
    changed = [a != b for a, b in zip(before, after, strict=True)]
    assert all(changed), f"figures that did not change after {STEPS} steps: {changed}"
