"""The charts of the statistics page, built for real from the sanctions fixture and read back:
text inside each SVG, the width of the screen, the theme's colours in both schemes, a map with
a shape per country, and the tables that go with them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from portail.counting.charts import DARK, LIGHT, NARROW, WIDE, Bar, Year, bar_chart, year_chart
from portail.counting.map import Country, europe_map

from sitebuild import ROOT, fixture_content, run_build

SVG = "{http://www.w3.org/2000/svg}"
# A reader's sans-serif averages about 0.55 of the font size per character: 0.6 is a margin.
AVERAGE_ADVANCE = 0.6
LONG = "Protection des données dès la conception et par défaut (article 25, paragraphes 1 et 2)"


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("charts")
    result = run_build(fixture_content("sanctions", tmp), tmp / "output")
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def page(build):
    return build.page("sanctions/statistiques")


def chart_files(build) -> list:
    files = sorted((build.output / "sanctions" / "statistiques").glob("*.svg"))
    assert len(files) >= 15  # five charts, three layouts each
    return files


def view_box(root) -> tuple[float, float]:
    x, y, width, height = map(float, root.get("viewBox").split())
    assert (x, y) == (0, 0)
    return width, height


def texts_outside(svg: str) -> list[str]:
    """The texts whose estimated box leaves the viewBox, by anchor, font size and length."""
    root = ET.fromstring(svg)
    width, height = view_box(root)
    outside = []
    for text in root.iter(f"{SVG}text"):
        size = float(text.get("font-size"))
        x, y, content = float(text.get("x")), float(text.get("y")), text.text or ""
        extent = len(content) * size * AVERAGE_ADVANCE
        left = {"start": x, "middle": x - extent / 2, "end": x - extent}[text.get("text-anchor", "start")]
        if left < 0 or left + extent > width or y - size < 0 or y + 0.3 * size > height:
            outside.append(content)
    return outside


def cells(row) -> list[str]:
    return [
        re.sub(r"\s+", " ", cell.get_text(" ").replace("\u202f", " ").replace("\u00a0", " ")).strip()
        for cell in row.find_all(["th", "td"])
    ]


# The built page


def test_every_text_of_every_chart_lies_inside_its_view_box(build):
    for path in chart_files(build):
        assert texts_outside(path.read_text(encoding="utf-8")) == [], path.name


def test_charts_take_the_width_of_the_screen(build, page):
    for path in chart_files(build):
        root = ET.parse(path).getroot()
        assert root.get("width") == "100%" and root.get("height") is None, path.name
        assert root.get("role") == "img" and root.find(f"{SVG}title").text, path.name
    for figure in page.select("figure.chart"):
        sources = figure.select("picture source")
        assert [s["media"] for s in sources] == ["(max-width: 30em)", "(max-width: 48em)"]
        # Each layout's real width, for the browser to reserve the right height.
        for source in sources:
            root = ET.parse(build.output / source["srcset"].lstrip("/")).getroot()
            assert source["width"] == root.get("viewBox").split()[2]


def test_charts_follow_the_colour_scheme_with_no_white_box(build):
    for path in chart_files(build):
        svg = path.read_text(encoding="utf-8")
        root = ET.fromstring(svg)
        style = root.find(f"{SVG}style").text
        assert "@media (prefers-color-scheme: dark)" in style, path.name
        assert "--text:#ececf1" in style.split("prefers-color-scheme: dark")[1], path.name
        width, height = view_box(root)
        for element in root.iter():
            assert element.get("fill") is None and element.get("style") is None, (path.name, element.attrib)
            if element.tag == f"{SVG}rect":
                covers = float(element.get("width")) >= width - 10 and float(element.get("height")) >= height - 10
                assert not covers, path.name  # no background: the page's shows through


def test_chart_colours_are_the_themes_in_both_schemes():
    css = (ROOT / "themes" / "portail" / "static" / "css" / "portail.css").read_text(encoding="utf-8")
    light, dark = css.split("@media (prefers-color-scheme: dark)")[:2]
    # The first :root block of each: the theme's palette (later ones, for print, are not).
    for palette, block in ((LIGHT, light.split(":root")[1].split("}")[0]), (DARK, dark.split("}")[0])):
        theme = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{3,6})", block))
        assert {name: theme.get(name) for name in palette} == palette


def test_the_map_has_a_shape_per_country_with_decisions(build, page):
    table = page.find("h2", string="Par pays").find_parent("section").select_one("table")
    countries = [row["data-key"] for row in table.select("tbody tr")]
    assert sorted(countries) == ["FR", "GB", "GR", "IT"]
    for suffix in ("", "-moyen", "-etroit"):
        root = ET.parse(build.output / f"sanctions/statistiques/carte-decisions-par-pays{suffix}.svg").getroot()
        shaded = {path.get("id"): path for path in root.iter(f"{SVG}path") if path.get("id")}
        assert sorted(shaded) == [f"pays-{code.lower()}" for code in sorted(countries)]
        france = shaded["pays-fr"]
        assert france.find(f"{SVG}title").text == "France : 4 décisions"
        assert "c2" in france.get("class").split()  # 2 to 4 decisions
        assert len(france.get("d")) > 500  # a real outline, not a placeholder
        assert len(list(root.iter(f"{SVG}path"))) > 40  # the other countries of Europe, unshaded


def test_a_group_with_no_euro_amount_shows_a_dash_and_its_own_currency(page):
    for heading in ("Par autorité", "Par année", "Par pays", "Par secteur"):
        table = page.find("h2", string=heading).find_parent("section").select_one("table")
        shown = [cells(row) for row in table.select("tbody tr")]
        assert all("0 €" not in row for row in shown), heading
        uk = next(row for row in shown if row[2] == "0")  # the British Airways fine, in pounds
        assert uk[3] == "— 20 000 000 £GB" and uk[4:] == ["—", "—", "—"], heading
    breaches = page.find("h2", string="Par type de manquement").find_parent("section").select_one("table")
    security = next(cells(row) for row in breaches.select("tbody tr") if row["data-key"] == "securite")
    assert security[3] == "150 000 € et 20 000 000 £GB"  # never added together


def test_year_table_and_year_chart_run_in_the_order_of_time(build, page):
    section = page.find("h2", string="Par année").find_parent("section")
    years = [row["data-key"] for row in section.select("table tbody tr")]
    assert years == ["2020", "2021", "2022", "2023"]
    root = ET.parse(build.output / "sanctions/statistiques/decisions-par-annee.svg").getroot()
    labels = [t.text for t in root.iter(f"{SVG}text") if re.fullmatch(r"\d{4}", t.text or "")]
    assert labels == years * 2  # one axis of years under each panel
    assert "2020, 1 décision, aucun montant en euros" in section.figure.img["alt"]


def test_every_chart_sits_with_its_table_and_a_text_alternative(build, page):
    figures = page.select("figure.chart")
    assert len(figures) == 5
    for figure in figures:
        section = figure.find_parent("section")
        assert section.select_one("table.figures-table"), figure.img["src"]
        assert figure.find_next_sibling("div", class_="table-scroll"), figure.img["src"]
        title = ET.parse(build.output / figure.img["src"].lstrip("/")).getroot().find(f"{SVG}title").text
        assert figure.img["alt"].startswith(title + " : ")
    authority = page.find("h2", string="Par autorité").find_parent("section").figure
    alt = authority.img["alt"].replace("\u202f", " ").replace("\u00a0", " ")
    assert "CNIL, 110 150 000 €" in alt
    assert "ICO" not in alt  # no euro amount: no bar, the table says why


# The chart functions, with what the fixture lacks


@pytest.mark.parametrize("width", [NARROW, 540, WIDE])
def test_long_labels_wrap_instead_of_being_cut(width):
    bars = [Bar(LONG, 3, "3 décisions"), Bar("Anticonstitutionnellement-disproportionné", 1, "1 décision")]
    svg = bar_chart(
        "Nombre de décisions par type de manquement, avec un titre très long qui passe à la ligne", bars, width
    )
    assert texts_outside(svg) == []
    words = " ".join(t.text for t in ET.fromstring(svg).iter(f"{SVG}text"))
    assert LONG in words or all(word in words for word in LONG.split())
    assert "…" not in words


@pytest.mark.parametrize("width", [NARROW, WIDE])
def test_log_scale_keeps_small_fines_visible_and_labels_its_ticks(width):
    bars = [Bar("DPC", 2_847_000_000, "2 847 000 000 €"), Bar("Petite autorité", 1_000, "1 000 €")]
    svg = bar_chart("Montant total par autorité", bars, width, log=True)
    root = ET.fromstring(svg)
    lengths = [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")]
    assert len(lengths) == 2 and min(lengths) >= 5 and max(lengths) > 10 * min(lengths)
    ticks = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "muted"]
    assert ticks[0] == "1\u00a0k€" and ticks[-1] == "10\u00a0Md€" if width == WIDE else len(ticks) >= 3
    assert texts_outside(svg) == []


def test_a_year_without_decisions_stays_on_the_axis():
    svg = year_chart("Par année", [Year(2018, 2, 1000), Year(2021, 5, 9_000_000)], NARROW)
    years = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text") if re.fullmatch(r"\d{4}", t.text or "")]
    assert years == ["2018", "2019", "2020", "2021"] * 2
    assert texts_outside(svg) == []


def test_small_and_outside_countries_are_still_shown():
    countries = [Country("LU", "Luxembourg", 1, "1 décision"), Country("US", "États-Unis", 2, "2 décisions")]
    svg = europe_map("Nombre de décisions par pays", countries, WIDE)
    root = ET.fromstring(svg)
    assert root.find(f".//{SVG}circle").find(f"{SVG}title").text == "Luxembourg : 1 décision"
    assert any("Hors carte : États-Unis (2)" in (t.text or "") for t in root.iter(f"{SVG}text"))
    assert texts_outside(svg) == []
    assert svg == europe_map("Nombre de décisions par pays", countries, WIDE)  # byte-stable
