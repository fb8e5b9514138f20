"""Test support (not a test file): the headless Chromium every browser test drives.

Without a browser the tests skip, unless KITH_REQUIRE_BROWSER (set by .ci/run) says it must
be there; Selenium Manager is never allowed to fetch a driver (no network here)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run")


def browser_missing() -> str | None:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.exists():
            return f"{path} is not installed (apt-get install chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    return None


def require_browser(missing: str | None) -> None:
    """Skip when there is no browser, unless KITH_REQUIRE_BROWSER says it must be there."""
    if missing:
        if os.environ.get("KITH_REQUIRE_BROWSER"):
            pytest.fail(f"KITH_REQUIRE_BROWSER is set, but {missing}")
        pytest.skip(f"no headless browser: {missing}")


def chromium(profile: Path):
    """A headless Chromium with its own profile folder, collecting the console log."""
    require_browser(browser_missing())
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "1"  # never let Selenium Manager fetch a driver
    options = webdriver.ChromeOptions()
    for arg in ARGS:
        options.add_argument(arg)
    options.add_argument(f"--user-data-dir={profile}")
    options.binary_location = str(CHROMIUM)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    drv.set_window_size(1280, 1000)
    return drv
