"""Images made at build time: sizes, the cache, body images, og:image and the social cards.

Real builds of the seed content and of small content folders written here, by the build command."""

from __future__ import annotations

import io
import re
import shutil
import struct
from pathlib import Path

import pytest
from PIL import Image

from portail.media import cards

from sitebuild import ROOT, SEED_CONTENT, Build, run_build

_MADE = re.compile(r"Images : (\d+) taille\(s\) faite\(s\), (\d+) reprise\(s\) du cache\.")


def _made(build: Build) -> tuple[int, int]:
    found = _MADE.search(build.stdout)
    assert found, build.stdout + build.stderr
    return int(found.group(1)), int(found.group(2))


def _articles(output: Path) -> list[Path]:
    return sorted((output / "articles").glob("*/index.html"))


def _srcset_files(srcset: str, site_url: str = "") -> list[str]:
    """The output paths of a srcset, each entry « URL WIDTHw »."""
    entries = [entry.strip().rsplit(" ", 1) for entry in srcset.split(",")]
    assert all(len(e) == 2 and re.fullmatch(r"\d+w", e[1]) for e in entries), srcset
    return [url.removeprefix(site_url).lstrip("/") for url, _width in entries]


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> dict[str, Build]:
    """The seed site built twice into one folder (second build: from the cache), and once with
    the publication settings and a cache of its own (every card drawn anew)."""
    folder = tmp_path_factory.mktemp("seed")
    first = run_build(SEED_CONTENT, folder / "out")
    cache = folder / ".out.cache" / "images"
    times = {path.name: path.stat().st_mtime_ns for path in cache.iterdir()}
    second = run_build(SEED_CONTENT, folder / "out")
    published = run_build(SEED_CONTENT, folder / "publie", ROOT / "publishconf.py")
    for build in (first, second, published):
        assert build.returncode == 0, build.stdout + build.stderr
    return {"first": first, "second": second, "published": published, "times": times, "cache": cache}


def test_seed_images_have_alt_size_and_srcset(seed):
    output = seed["second"].output
    pages = [output / "index.html", *_articles(output)]
    featured = 0
    for page in pages:
        soup = seed["second"].page(str(page.relative_to(output)))
        for img in soup.find_all("img"):
            if img.get("src", "").endswith(".svg"):
                continue  # a drawing in SVG has no sizes to choose from
            for attribute in ("alt", "width", "height", "srcset"):
                assert img.get(attribute) is not None, f"{page}: {img} sans {attribute}"
            assert img["alt"].strip(), f"{page}: {img}"
            for path in _srcset_files(img["srcset"]):
                assert (output / path).is_file(), f"{page}: {path} absent"
            featured += 1
        for source in soup.find_all("source"):
            assert source.get("sizes") and source.get("type") == "image/webp"
            for path in _srcset_files(source["srcset"]):
                assert (output / path).is_file(), f"{page}: {path} absent"
                assert Image.open(output / path).format == "WEBP"
    assert featured >= 10  # the ten main analyses at least


def test_main_analyses_have_a_featured_image_under_150_kb(seed):
    articles = [*SEED_CONTENT.glob("articles/amendes-cnil/*.md"), *SEED_CONTENT.glob("articles/sanctions-europe/*.md")]
    with_image = [a for a in articles if re.search(r"^image:\n  file: images/", a.read_text("utf-8"), re.M)]
    assert len(with_image) >= 10
    for image in (SEED_CONTENT / "images").iterdir():
        assert image.stat().st_size < 150_000, image


def test_a_second_build_encodes_nothing(seed):
    made, _reused = _made(seed["first"])
    assert made > 0 or seed["times"]  # an earlier run may have left the cache: then it was reused
    assert _made(seed["second"])[0] == 0
    after = {path.name: path.stat().st_mtime_ns for path in seed["cache"].iterdir()}
    assert after == seed["times"]  # not one cache file written again


def test_every_article_has_an_og_image_absolute_when_published(seed):
    published = seed["published"]
    site_url = "https://portail-rgpd.example"
    pages = _articles(published.output)
    assert len(pages) >= 30
    for page in pages:
        soup = published.page(str(page.relative_to(published.output)))
        image = soup.find("meta", property="og:image")
        assert image is not None, page
        assert image["content"].startswith(site_url + "/images/"), image
        assert (published.output / image["content"].removeprefix(site_url + "/")).is_file()
        assert soup.find("meta", property="og:image:alt")["content"].strip()
        assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
        news = soup.find("script", string=re.compile('"NewsArticle"'))
        assert f'"url": "{image["content"]}"' in news.string


def test_decision_cards_are_the_same_bytes_in_every_build(seed):
    dev, published = seed["first"].output / "images" / "cartes", seed["published"].output / "images" / "cartes"
    names = sorted(p.name for p in dev.iterdir())
    assert len(names) > 5 and names == sorted(p.name for p in published.iterdir())
    for name in names:
        assert (dev / name).read_bytes() == (published / name).read_bytes(), name
        card = Image.open(dev / name)
        assert card.size == (1200, 630) and card.format == "PNG"


def test_an_article_or_page_on_a_decision_without_image_gets_its_card(seed):
    soup = seed["second"].page("articles/discord-800000-euros-securite")
    og = soup.find("meta", property="og:image")["content"]
    assert "/images/cartes/carte-" in og
    alt = soup.find("meta", property="og:image:alt")["content"]
    assert "Discord" in alt and "800" in alt
    decision = seed["second"].page("sanctions/cnil-san-2024-013")  # Cegedim Santé
    assert "/images/cartes/carte-" in decision.find("meta", property="og:image")["content"]
    assert "Cegedim" in decision.find("meta", property="og:image:alt")["content"]


def _png_chunks(data: bytes) -> list[bytes]:
    chunks, position = [], 8
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        chunks.append(kind)
        position += 12 + length
    return chunks


def test_card_bytes_depend_on_the_facts_only():
    facts = cards.DecisionFacts(
        "Portail RGPD", "Sanction de la CNIL", "Société Éxample", "800 000 €", "5 septembre 2024"
    )
    other = cards.DecisionFacts(
        "Portail RGPD", "Sanction de la CNIL", "Société Éxample", "900 000 €", "5 septembre 2024"
    )
    card = cards.decision_card(facts)
    assert card == cards.decision_card(facts)
    assert card != cards.decision_card(other)
    assert set(_png_chunks(card)) <= {b"IHDR", b"PLTE", b"IDAT", b"IEND"}  # no time, no text, no software


def _image(mode: str, size: tuple[int, int], colour, format_: str, exif_orientation: int | None = None) -> bytes:
    image = Image.new(mode, size, colour)
    out = io.BytesIO()
    if exif_orientation:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        image.save(out, format_, exif=exif)
    else:
        image.save(out, format_)
    return out.getvalue()


_ARTICLE = """---
title: "{title}"
date: 2024-03-01
category: Conformité RGPD
tags: [sécurité]
summary: "Un article illustré."
{image}---

Un paragraphe.

![Un schéma des flux]({{static}}/images/schema.png)

Un autre paragraphe.
"""


def _content(tmp_path: Path, image_block: str = "") -> Path:
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "images").mkdir()
    shutil.copytree(SEED_CONTENT / "data", content / "data")
    (content / "images" / "schema.png").write_bytes(_image("RGBA", (1000, 500), (10, 20, 200, 128), "PNG"))
    # A photo taken upright, stored sideways with its EXIF orientation.
    (content / "images" / "photo.jpg").write_bytes(_image("RGB", (1600, 1200), (200, 30, 30), "JPEG", 6))
    (content / "articles" / "illustre.md").write_text(
        _ARTICLE.format(title="Un article illustré", image=image_block), encoding="utf-8"
    )
    return content


def test_body_and_featured_images_get_their_sizes(tmp_path):
    block = 'image:\n  file: images/photo.jpg\n  alt: "Un carré rouge"\n  caption: "Légende"\n'
    build = run_build(_content(tmp_path, block), tmp_path / "out")
    assert build.returncode == 0, build.stdout + build.stderr
    soup = build.page("articles/illustre")
    body = soup.find("img", alt="Un schéma des flux")
    assert body.parent.name == "picture"
    assert (body["width"], body["height"], body["loading"]) == ("1000", "500", "lazy")
    files = _srcset_files(body["srcset"])
    assert [Image.open(build.output / f).size for f in files] == [(480, 240), (800, 400), (1000, 500)]
    assert all(Image.open(build.output / f).mode == "RGBA" for f in files)  # transparency kept: PNG
    og = soup.find("meta", property="og:image")["content"]
    photo = Image.open(build.output / og.lstrip("/"))
    assert photo.format == "JPEG" and photo.size == (1200, 1600)  # upright (stored 1600 × 1200, turned by its EXIF)
    assert not photo.getexif()  # the original's metadata (position, camera) is not published


def test_a_changed_image_is_made_again_and_the_old_sizes_forgotten(tmp_path):
    content = _content(tmp_path)
    first = run_build(content, tmp_path / "out")
    assert _made(first)[0] > 0, first.stdout + first.stderr
    (content / "images" / "schema.png").write_bytes(_image("RGB", (700, 700), (0, 120, 0), "PNG"))
    second = run_build(content, tmp_path / "out")
    assert second.returncode == 0, second.stdout + second.stderr
    body = second.page("articles/illustre").find("img", alt="Un schéma des flux")
    assert (body["width"], body["height"]) == ("700", "700")
    sizes = list((tmp_path / "out" / "images" / "tailles").iterdir())
    assert all(Image.open(p).size[0] in (480, 700) for p in sizes), sizes  # the 1000 px ones are gone


def test_a_featured_image_that_is_not_an_image_is_refused(tmp_path):
    content = _content(tmp_path, 'image:\n  file: images/faux.png\n  alt: "Rien"\n')
    (content / "images" / "faux.png").write_bytes(b"<html>pas une image</html>")
    build = run_build(content, tmp_path / "out")
    assert build.returncode != 0
    report = build.stdout + build.stderr
    assert "illustre.md:8" in report and "image.file" in report, report
    assert "pas une image lisible" in report and "Traceback" not in report


def test_a_damaged_body_image_is_told_at_its_line(tmp_path):
    content = _content(tmp_path)
    whole = (content / "images" / "schema.png").read_bytes()
    (content / "images" / "schema.png").write_bytes(whole[: len(whole) // 2])  # an interrupted copy
    build = run_build(content, tmp_path / "out")
    assert build.returncode != 0
    report = build.stdout + build.stderr
    assert "illustre.md:11: corps" in report and "images/schema.png" in report, report
    assert "endommagée" in report and "Traceback" not in report


def test_an_authors_photo_gets_its_sizes(tmp_path):
    content = _content(tmp_path)
    (content / "images" / "auteurs").mkdir()
    (content / "images" / "auteurs" / "claire.jpg").write_bytes(_image("RGB", (600, 600), (90, 90, 200), "JPEG"))
    authors = content / "data" / "authors.yaml"
    text = authors.read_text(encoding="utf-8")
    authors.write_text(
        text.replace("  name: Claire Martin\n", "  name: Claire Martin\n  photo: images/auteurs/claire.jpg\n"),
        encoding="utf-8",
    )
    build = run_build(content, tmp_path / "out")
    assert build.returncode == 0, build.stdout + build.stderr
    made = sorted(p.name for p in (tmp_path / "out" / "images" / "tailles").glob("claire-*"))
    assert [name.rsplit("-", 1)[1] for name in made] == ["480.jpg", "480.webp", "600.jpg", "600.webp"]
