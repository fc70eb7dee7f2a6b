"""deck studio in a real browser: Debian's chromium driven by selenium, against `deck studio` started
as a user starts it. Open the printed address, change card 3's title and see its face change, save
and find the title in the file with its comments, upload an SVG logo, download a PDF that qpdf
accepts; a request without the token gets 403; Ctrl-C stops the studio cleanly."""
import re
import shutil
import signal
import subprocess
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from deck import default_content
from deck.studio.server import launch

CHROMIUM, DRIVER, QPDF = shutil.which("chromium"), shutil.which("chromedriver"), shutil.which("qpdf")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER and QPDF),
                                reason="needs chromium, chromedriver and qpdf (.ci/run installs them)")
LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" width="240" height="80" viewBox="0 0 240 80">'
        '<circle cx="40" cy="40" r="36" fill="#7a1f3d"/><rect x="90" y="22" width="140" height="36" rx="6" '
        'fill="#34434d"/></svg>')
WAIT = 15  # seconds: a limit against hangs, not a measure of speed
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000")


def start_studio(folder: Path) -> tuple[subprocess.Popen, str, list[str]]:
    """`deck studio FOLDER --no-browser` in its own process; its address, once it prints it."""
    try:
        return launch(folder, WAIT)
    except RuntimeError as error:
        raise AssertionError(str(error)) from None


def browser(downloads: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='deck-chromium-')}")
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    return driver


@pytest.fixture
def studio(tmp_path):
    folder = tmp_path / "deck"
    shutil.copytree(default_content(), folder)
    card = folder / "cards" / "03-teamleren.yaml"
    text = card.read_text(encoding="utf-8").replace("number: 3\n", "number: 3        # third in the deck\n")
    card.write_text("# Teamleren: checked with the team in May\n" + text, encoding="utf-8")
    process, url, lines = start_studio(folder)
    yield folder, url, lines
    process.send_signal(signal.SIGINT)  # Ctrl-C
    assert process.wait(timeout=WAIT) == 130, "".join(lines)  # Ctrl-C, as for every command
    process.stdout.close()
    assert "studio stopped" in "".join(lines) and "Traceback" not in "".join(lines)


def test_edit_a_card_and_the_brand_then_download_the_deck(studio, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    folder, url, _ = studio
    base = url.split("/?")[0]
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(base + "/card/03-teamleren", timeout=WAIT)
    assert refused.value.code == 403

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    driver = browser(downloads)
    # (an element read while its page is being replaced, as after a save or a delete, is read again)
    wait = WebDriverWait(driver, WAIT, ignored_exceptions=(StaleElementReferenceException,))

    def face(side):
        return driver.find_element(By.ID, f"face-{side}")

    def loaded(side):
        return driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth", face(side))

    try:
        driver.get(url)
        driver.find_element(By.CSS_SELECTOR, 'a[href="/card/03-teamleren"]').click()
        wait.until(lambda _: loaded("front"))
        before = face("front").get_attribute("src")
        title = driver.find_element(By.NAME, "title")
        title.clear()
        title.send_keys("Samen leren werkt")
        wait.until(lambda _: face("front").get_attribute("src") != before and loaded("front"))
        assert re.fullmatch(r"· \d+(\.\d)? pt", driver.find_element(By.ID, "body-front").text)
        driver.find_element(By.ID, "save").click()
        wait.until(lambda _: driver.find_element(By.ID, "save-state").text.startswith("Saved"))
        saved = (folder / "cards" / "03-teamleren.yaml").read_text(encoding="utf-8")
        assert 'title: "Samen leren werkt"' in saved
        assert saved.startswith("# Teamleren: checked with the team in May\n")
        assert "number: 3        # third in the deck\n" in saved

        # a back made too long: the note under the preview says so, the preview shows the text
        # running over the card's edge, and the sizes of the last preview are not shown as the card's
        driver.execute_script("const area = document.getElementsByName('suggestions.0')[0];"
                              "area.value = 'Een suggestie die niet ophoudt. '.repeat(120);"
                              "area.dispatchEvent(new Event('input', {bubbles: true}));")
        note = driver.find_element(By.ID, "preview-note")
        wait.until(lambda _: "mm too long" in note.text)
        assert re.match(r"card 3 \(Samen leren werkt\), back: [\d.]+ mm too long at \d+(\.\d)? pt; shorten its "
                        r"texts, or choose a larger card on the Brand page\. The preview shows the card at the "
                        r"smallest size, its text running on below the card's edge \(the red line\): shorten it until "
                        r"it fits\.$", note.text), note.text
        back = face("back")
        wait.until(lambda _: back.get_attribute("naturalHeight") and
                   int(back.get_attribute("naturalHeight")) > 1.2 * int(back.get_attribute("naturalWidth")) * 216 / 154)
        assert driver.find_element(By.ID, "body-back").text == ""
        assert saved == (folder / "cards" / "03-teamleren.yaml").read_text(encoding="utf-8")  # never written

        driver.get(base + "/card/new")  # nothing to show yet: no broken images, no "last good preview"
        wait.until(lambda _: driver.find_element(By.ID, "preview-note").text.startswith("The preview appears"))
        assert face("front").value_of_css_property("visibility") == "hidden"
        # the id follows the title, and is never one another card has (card 3 is teamleren)
        driver.find_element(By.NAME, "title").send_keys("Teamleren")
        assert driver.find_element(By.NAME, "id").get_attribute("value") == "teamleren-2"

        # a list pasted from Word into one suggestion: saved as suggestions of their own, and the
        # page shows the card as saved, saying what was done
        driver.get(base + "/card/03-teamleren")
        wait.until(lambda _: loaded("front"))
        suggestions = len(driver.find_elements(By.CSS_SELECTOR, 'textarea[name^="suggestions."]'))
        driver.execute_script("const area = document.getElementsByName('suggestions.0')[0];"
                              "area.value = '\u2022\\tEen.\\n\u2022\\tTwee.\\n\u2022\\tDrie.';"
                              "area.dispatchEvent(new Event('input', {bubbles: true}));")
        driver.find_element(By.ID, "save").click()
        wait.until(lambda _: driver.find_element(By.ID, "status").text.startswith("Saved; made 3 suggestions"))
        assert driver.find_element(By.ID, "save-state").text == "Saved"
        assert len(driver.find_elements(By.CSS_SELECTOR, 'textarea[name^="suggestions."]')) == suggestions + 2
        assert driver.find_element(By.NAME, "suggestions.1").get_attribute("value") == "Twee."

        # deleted from its page (confirmed): the cards page says where its file is kept
        driver.get(base + "/card/08-voorwaarden")
        driver.execute_script("window.confirm = () => true;")
        driver.find_element(By.ID, "delete").click()
        wait.until(lambda _: "is out of the deck" in driver.find_element(By.ID, "status").text)
        assert "deleted/08-voorwaarden.yaml" in driver.find_element(By.ID, "status").text
        assert not (folder / "cards" / "08-voorwaarden.yaml").exists()
        driver.find_element(By.CSS_SELECTOR, '[data-put-back="08-voorwaarden.yaml"]').click()
        wait.until(lambda _: "The card is back as card 8" in driver.find_element(By.ID, "status").text)
        assert (folder / "cards" / "08-voorwaarden.yaml").exists()

        # a card saved in another tab meanwhile: this page's text is refused, kept, and put in its
        # place only when asked ("Save mine instead")
        driver.get(base + "/card/02-leren-op-de-werkvloer")
        wait.until(lambda _: loaded("front"))
        title = driver.find_element(By.NAME, "title")
        title.clear()
        title.send_keys("Leren op de werkvloer, versie B")
        other = folder / "cards" / "02-leren-op-de-werkvloer.yaml"
        other.write_text(other.read_text(encoding="utf-8") + "# saved in another tab\n", encoding="utf-8")
        driver.find_element(By.ID, "save").click()
        wait.until(lambda _: driver.find_element(By.ID, "save-state").text == "Not saved: changed elsewhere")
        driver.find_element(By.ID, "overwrite").click()
        wait.until(lambda _: driver.find_element(By.ID, "save-state").text.startswith("Saved"))
        assert 'title: "Leren op de werkvloer, versie B"' in other.read_text(encoding="utf-8")
        driver.get(base + "/")

        # the intro card's tile opens the intro page: deck.yaml's texts, saved as a card's are
        driver.find_element(By.CSS_SELECTOR, ".tile.intro a.faces").click()
        wait.until(lambda _: driver.current_url.endswith("/intro") and loaded("front"))
        subtitle = driver.find_element(By.NAME, "subtitle")
        subtitle.clear()
        subtitle.send_keys("Samen leren in het team")
        wait.until(lambda _: driver.find_element(By.ID, "save-state").text == "Unsaved changes")
        driver.find_element(By.ID, "save").click()
        wait.until(lambda _: driver.find_element(By.ID, "save-state").text.startswith("Saved"))
        assert 'subtitle: "Samen leren in het team"' in (folder / "deck.yaml").read_text(encoding="utf-8")
        title = driver.find_element(By.NAME, "title")
        title.clear()
        title.send_keys("Leerkaarten")
        driver.find_element(By.ID, "save").click()
        wait.until(lambda _: driver.find_element(By.CSS_SELECTOR, ".brand-mark").text == "Leerkaarten")

        driver.get(base + "/brand")
        wait.until(lambda _: loaded("back"))
        # a picker shows what prints: none for each card's band colour or an unset colour, not black
        for name, shown in (("colours.accent", "hidden"), ("colours.muted", "hidden"), ("colours.text", "visible")):
            swatch = driver.find_element(By.CSS_SELECTOR, f'[data-swatch-for="{name}"]')
            assert swatch.value_of_css_property("visibility") == shown, name
        # a file that is no image: the upload's refusal stays beside the logo, and nothing is unsaved
        bogus = tmp_path / "nep.png"
        bogus.write_text("not an image", encoding="utf-8")
        driver.find_element(By.CSS_SELECTOR, 'input[data-upload="logo"]').send_keys(str(bogus))
        refusal = driver.find_element(By.CSS_SELECTOR, '.field[data-name="logo.file"] > .problem')
        wait.until(lambda _: "nep.png is not an image" in refusal.text)
        driver.execute_script("return new Promise((done) => setTimeout(done, 1500))")  # past any preview asked
        assert "nep.png is not an image" in refusal.text and refusal.is_displayed()
        assert driver.find_element(By.ID, "save-state").text == "All changes saved"

        # a band too light for its white title: said beside that colour, not only in the table below
        band = driver.find_element(By.NAME, "colours.bands.0")
        kept_band = band.get_attribute("value")
        band.clear()
        band.send_keys("#f5d76e")
        hint = '.field[data-name="colours.bands.0"] > .contrast-hint'
        wait.until(lambda _: driver.find_elements(By.CSS_SELECTOR, hint))
        assert driver.find_element(By.CSS_SELECTOR, hint).text.startswith("Band 1: contrast 1.4 : 1; text there needs 4.5")
        band.clear()
        band.send_keys(kept_band)
        wait.until(lambda _: not driver.find_elements(By.CSS_SELECTOR, hint))

        before = face("back").get_attribute("src")
        svg = tmp_path / "Huislogo.svg"
        svg.write_text(LOGO, encoding="utf-8")
        driver.find_element(By.CSS_SELECTOR, 'input[data-upload="logo"]').send_keys(str(svg))
        logo = driver.find_element(By.NAME, "logo.file")
        wait.until(lambda _: logo.get_attribute("value") == svg.name)
        wait.until(lambda _: face("back").get_attribute("src") != before and loaded("back"))
        driver.find_element(By.ID, "save").click()
        wait.until(lambda _: driver.find_element(By.ID, "save-state").text.startswith("Saved"))
        assert yaml.safe_load((folder / "layout.yaml").read_text(encoding="utf-8"))["logo"] == {"file": svg.name}
        assert (folder / svg.name).read_text(encoding="utf-8") == LOGO
        assert yaml.safe_load((folder / "deck.yaml").read_text(encoding="utf-8"))["layout"] == "layout.yaml"

        driver.get(base + "/print")
        # one face a page: no paper or flip to choose, and the command says only what it uses
        from selenium.webdriver.support.ui import Select

        wait.until(lambda _: driver.current_url.endswith("/print")
                   and driver.find_element(By.ID, "command").text.startswith("cd "))
        Select(driver.find_element(By.NAME, "mode")).select_by_value("single")
        assert not driver.find_element(By.NAME, "sheet").is_enabled()
        assert not driver.find_element(By.NAME, "flip").is_enabled()
        assert "deck build --mode single\n" in driver.find_element(By.ID, "command").text + "\n"
        Select(driver.find_element(By.NAME, "mode")).select_by_value("duplex")
        assert "--sheet a4 --mode duplex --flip long" in driver.find_element(By.ID, "command").text
        driver.find_element(By.ID, "download-deck").click()
        wait.until(lambda _: [p for p in downloads.glob("*.pdf")])
        pdf = next(downloads.glob("*.pdf"))
    finally:
        driver.quit()
    check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_choosing_a_regular_font_brings_its_familys_other_styles(studio, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    folder, url, _ = studio
    base, query = url.split("/?")
    driver = browser(tmp_path / "downloads")
    try:
        wait = WebDriverWait(driver, WAIT)
        driver.get(f"{base}/?{query}")
        driver.get(base + "/brand")
        wait.until(lambda _: driver.find_element(By.NAME, "fonts.regular"))
        Select(driver.find_element(By.NAME, "fonts.regular")).select_by_visible_text("Caladea-Regular.ttf")
        chosen = {name: driver.find_element(By.NAME, f"fonts.{name}").get_attribute("value")
                  for name in ("bold", "italic", "bold_italic")}
        assert chosen == {"bold": "Caladea-Bold.ttf", "italic": "Caladea-Italic.ttf",
                          "bold_italic": "Caladea-BoldItalic.ttf"}
        assert driver.find_element(By.ID, "status").text == ("The family's other styles follow: Caladea-Bold.ttf, "
                                                              "Caladea-Italic.ttf, Caladea-BoldItalic.ttf.")
    finally:
        driver.quit()
