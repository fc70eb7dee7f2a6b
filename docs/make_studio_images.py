"""Screenshots of deck studio for the README, made by the studio itself: python docs/make_studio_images.py

Starts `deck studio` on a copy of the bundled deck, opens each page in Debian's headless chromium
(selenium, as the studio's browser test does) and saves docs/images/studio-*.png.
"""
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from deck.studio.server import launch  # noqa: E402  (the path above makes a source checkout work)
PAGES = {"deck": "/", "card": "/card/03-teamleren", "brand": "/brand", "print": "/print"}
WINDOW = (1440, 900)
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
         f"--window-size={WINDOW[0]},{WINDOW[1]}")


def start(folder: Path) -> tuple[subprocess.Popen, str]:
    process, url, _ = launch(folder, 20)
    return process, url


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = shutil.which("chromium")
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='deck-chromium-')}")
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": WINDOW[0], "height": WINDOW[1], "deviceScaleFactor": 1, "mobile": False})
    return driver


def settled(driver) -> bool:
    """Every image loaded and no preview on its way."""
    return driver.execute_script(
        "return [...document.images].every(i => i.complete && (i.naturalWidth || !i.getAttribute('src')))"
        " && !document.querySelector('#preview.stale')")


def make(folder: Path = HERE / "images") -> list[Path]:
    from selenium.webdriver.support.ui import WebDriverWait

    from deck import default_content
    from deck.files import write_atomic

    written = []
    with tempfile.TemporaryDirectory() as scratch:
        deck = Path(scratch) / "ontwikkelkaarten"
        shutil.copytree(default_content(), deck)
        process, url = start(deck)
        driver = browser()
        try:
            driver.get(url)
            base = url.split("/?")[0]
            for name, path in PAGES.items():
                driver.get(base + path)
                time.sleep(0.6)  # the first preview is asked for as the page opens
                WebDriverWait(driver, 20).until(settled)
                target = folder / f"studio-{name}.png"
                write_atomic(target, driver.get_screenshot_as_png())
                written.append(target)
        finally:
            driver.quit()
            process.terminate()
            process.wait(timeout=20)
            process.stdout.close()
    return written


if __name__ == "__main__":
    for path in make():
        print(f"wrote {path}")
