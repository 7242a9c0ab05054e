"""An editor writes in the browser: `make cms` on a copy of the seed site, Decap's form in Chromium.

The whole loop, as an editor lives it: open /admin/ on the preview's address, fill in an article
on a decision (CNIL, two breaches, an amount) with an uploaded image and its alternative text,
be told in French what is wrong, save; the Markdown file lands in content/ and passes the
check, and the preview serves the article, its decision page and its row in the index. An
article without an image saves too (Decap alone would refuse it: portail/cms/widgets.js).
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from portail.typography import french

ROOT = Path(__file__).resolve().parents[2]
TITLE = "La CNIL sanctionne un éditeur de logiciels médicaux"
ORGANISATION = "Éditeur Exemple"
ALT = "Un écran d'ordinateur à côté d'un dossier médical"
FOLDER = "content/articles/amendes-cnil"
ARTICLE = f"{FOLDER}/la-cnil-sanctionne-un-editeur-de-logiciels-medicaux.md"
WITHOUT_IMAGE = f"{FOLDER}/un-article-sans-image.md"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except OSError:
        return 0, ""


def wait_for(condition, what: str, seconds: float = 120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.3)
    raise AssertionError(f"attendu en {seconds} s : {what}")


@pytest.fixture
def cms(tmp_path):
    """`make cms` on a copy of the seed site; stopped as Ctrl+C stops it."""
    site = tmp_path / "site"
    shutil.copytree(ROOT / "content", site / "content")
    port, backend = free_port(), free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "portail.commands.cms", "serve", "--content", str(site / "content")]
        + ["-o", str(site / "output"), "--port", str(port), "--backend-port", str(backend)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: fetch(base + "admin/")[0] == 200 and fetch(base)[0] == 200, "l'aperçu et /admin/")
        yield site, base
    finally:
        process.send_signal(signal.SIGINT)
        log, _ = process.communicate(timeout=60)
    assert process.returncode == 0, log
    assert "Traceback" not in log, log


def field(page, name: str):
    """Decap gives each field the id « name-field-N »: the first one of that name."""
    return page.locator(f'[id^="{name}-field-"]').first


def choose(page, name: str, typed: str) -> None:
    """A choice list (react-select): type part of the French label, take the first match."""
    box = field(page, name)
    box.click()
    box.fill(typed)
    page.get_by_role("option").first.wait_for()
    page.keyboard.press("Enter")


def publish(page) -> None:
    page.get_by_role("button", name="Publier", exact=True).click()
    page.get_by_role("menuitem", name="Publier maintenant").click()


def open_new_article(page, base: str) -> None:
    page.goto(base + "admin/#/collections/amendes-cnil/new")
    field(page, "title").wait_for()


def test_an_editor_writes_a_decision_article_in_the_browser_and_the_preview_shows_it(cms, context, tmp_path):
    site, base = cms
    picture = tmp_path / "ecran-dossier.png"  # a new file on the editor's disk, uploaded from the form
    shutil.copy(ROOT / "content" / "images" / "dossiers-salaries.png", picture)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(base + "admin/")
    page.get_by_role("button", name="Se connecter").click()

    open_new_article(page, base)
    field(page, "title").fill(TITLE)
    field(page, "summary").fill("Deux manquements et une amende de 300 000 euros.")
    field(page, "date").fill("2024-05-02T10:30")
    field(page, "tags").fill("santé, sécurité")
    choose(page, "status", "publié")
    page.get_by_role("button", name="Choisir une image").click()
    page.locator('input[type="file"]').set_input_files(picture)
    page.get_by_role("button", name="Choisir les éléments sélectionnés").click()
    field(page, "alt").fill(ALT)
    page.screenshot(path=tmp_path / "formulaire.png")
    page.get_by_role("button", name="Ajouter décision").click()
    field(page, "id").fill("CNIL 2024")  # not an identifier: the form says so in French
    choose(page, "authority", "CNIL")
    field(page, "organisation").fill(ORGANISATION)
    field(page, "decision_date").fill("2024-04-18")
    field(page, "amount").fill("300000")
    choose(page, "breaches", "sécurité des données")
    choose(page, "breaches", "durée de conservation")
    choose(page, "sector", "santé")

    publish(page)
    refused = page.get_by_text("minuscules sans accent, chiffres et tirets")
    refused.first.wait_for()
    assert "ne correspond pas au schéma" in refused.first.inner_text().lower()
    field(page, "id").scroll_into_view_if_needed()
    page.screenshot(path=tmp_path / "refus.png")
    assert not (site / ARTICLE).exists()  # nothing written while the form refuses

    field(page, "id").clear()  # Decap's controlled inputs: fill() alone would append
    field(page, "id").fill("cnil-2024-editeur-exemple")
    publish(page)
    wait_for(lambda: (site / ARTICLE).is_file(), "le fichier de l'article dans content/")
    page.screenshot(path=tmp_path / "enregistre.png")

    # The file is what an editor would have written, and the one list of checks accepts it.
    text = (site / ARTICLE).read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta["image"] == {"file": "images/ecran-dossier.png", "alt": ALT}
    assert (site / "content" / "images" / "ecran-dossier.png").is_file()
    assert meta["status"] == "published" and meta["tags"] == ["santé", "sécurité"]
    (decision,) = meta["sanctions"]
    assert decision["authority"] == "cnil" and decision["amount"] == 300000
    assert sorted(decision["breaches"]) == ["conservation", "securite"]
    check = subprocess.run(
        [sys.executable, "-m", "portail.commands.check", "--content", str(site / "content")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr

    # The preview serves the article, its decision page and its row in the index.
    url = base + "articles/la-cnil-sanctionne-un-editeur-de-logiciels-medicaux/"
    status, article = wait_for(lambda: (r := fetch(url)) and r[0] == 200 and french(TITLE) in r[1] and r, url)
    soup = BeautifulSoup(article, "html.parser")
    assert soup.find("img", alt=ALT) is not None  # alternative text as written
    # The decision's page is named after its identifier.
    assert soup.find("a", href="/sanctions/cnil-2024-editeur-exemple/") is not None
    decision_page = fetch(base + "sanctions/cnil-2024-editeur-exemple/")
    assert decision_page[0] == 200 and french(ORGANISATION) in decision_page[1]
    index = BeautifulSoup(fetch(base + "sanctions/")[1], "html.parser")
    assert any(french(ORGANISATION) in row.get_text() for row in index.find_all("tr"))
    page.goto(url)
    page.screenshot(path=tmp_path / "apercu.png")

    # An article without an image: the featured image is optional, as in the schema.
    open_new_article(page, base)
    field(page, "title").fill("Un article sans image")
    field(page, "summary").fill("Aucune image principale.")
    field(page, "date").fill("2024-05-03T09:00")
    field(page, "tags").fill("cnil")
    publish(page)
    wait_for(lambda: (site / WITHOUT_IMAGE).is_file(), "l'article sans image dans content/")
    assert "image" not in yaml.safe_load((site / WITHOUT_IMAGE).read_text(encoding="utf-8").split("---\n")[1])
    assert errors == [], errors
