"""Pelican adapter: the images of the site, made at build time (portail.media does the work).

- Every featured image (front matter ``image:``) and every image a body shows from the content
  folder (``![texte]({static}/images/x.png)``) gets its sizes (portail.media.renditions), read
  from the cache folder (CACHE_PATH/images/) when the original's bytes did not change.
- Body images: an HTML pass over each article's body, before Pelican resolves its links, gives
  every such ``<img>`` its width, height, srcset, sizes and lazy loading, inside a ``<picture>``
  with a WebP source.
- Every article and page gets a social image (og:image): its featured image, else the generated
  card of its first decision, else the site's card.
- Templates get two functions: ``portail_image(image)`` (the sizes of a featured image, for
  _picture.html) and ``portail_social(content)`` (the og:image, for _seo.html).
- Every file is written through portail.plumbing.output (claimed, written only if changed).
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pelican.generators import Generator

from portail.formats import amount_fr, date_fr
from portail.media import cards
from portail.media.renditions import EXPECTED, Cache, ImageError, ImageSet, plan
from portail.model.problems import Problem
from portail.plumbing.bulk import on_every_core
from portail.plumbing.output import Origin, write_if_changed
from portail.site.reading import report, state_of

SIZES_FOLDER = "images/tailles"
CARDS_FOLDER = "images/cartes"
BODY_SIZES = "(min-width: 48rem) 46rem, 100vw"  # the width of the text column
_CONTENT_LISTS = ("articles", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages")
# An <img> whose src the author wrote as {static}/… (Pelican resolves it later).
_BODY_IMAGE = re.compile(r"<img\b(?P<attributes>[^>]*?)\s*/?>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r'([a-zA-Z-]+)="([^"]*)"')


@dataclass(frozen=True)
class Social:
    path: str  # in the output folder
    width: int
    height: int
    alt: str
    media_type: str


@dataclass
class Gallery:
    """What this build made: sizes by content file, social images by source, files to write."""

    content: Path
    cache: Cache
    shown: Callable[[str], str]  # a path as the editor sees it
    sets: dict[str, ImageSet] = field(default_factory=dict)
    social: dict[str, Social] = field(default_factory=dict)
    files: dict[str, tuple[bytes, Origin]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def sizes(self, file: str, shown: str, line: int | None, field_name: str) -> ImageSet | None:
        """The sizes of content file ``file`` (relative to the content folder), made once."""
        key = os.path.normpath(file).replace(os.sep, "/")
        if key in self.sets:
            return self.sets[key]
        path = self.content / key
        try:
            data = path.read_bytes()
            made = plan(data, key, SIZES_FOLDER)
            files = self.cache.bytes_of(made, data)
        except (FileNotFoundError, IsADirectoryError):
            return None  # the reader's check of the field, or Pelican's of the link, says it
        except ImageError as error:
            self.problems.append(
                Problem(
                    shown,
                    line,
                    field_name,
                    f"attendu : {EXPECTED} ; trouvé : « {file} », {error.found}",
                    error.suggestion,
                )
            )
            return None
        origin = Origin("une taille d'image", self.shown(str(path)))
        for output_path, payload in files.items():
            self.files[output_path] = (payload, origin)
        self.sets[key] = made
        return made


# A card takes some 25 ms to draw: forty of them pay for forking a process per core.
CARDS_FOR_WORKERS = 40


class _Current:
    """The images of the build running in this process (forked writers inherit them)."""

    gallery: Gallery | None = None


def add_template_functions(generator) -> None:
    """Every generator's templates can call them (each generator has its own environment)."""
    generator.env.globals.update(portail_image=image_sizes, portail_social=social_image)


def image_sizes(image) -> ImageSet | None:
    gallery = _Current.gallery
    if gallery is None or image is None:
        return None
    return gallery.sets.get(os.path.normpath(_file_of(image)).replace(os.sep, "/"))


def social_image(content) -> Social | None:
    """The og:image of ``content`` (an article, a page or a decision), or of any other page (None)."""
    gallery = _Current.gallery
    if gallery is None:
        return None
    key = ("décision", content.identity) if hasattr(content, "identity") else getattr(content, "source_path", None)
    return gallery.social.get(key) or gallery.social.get(None)


def _file_of(image) -> str:
    return image["file"] if isinstance(image, dict) else image.file


def _alt_of(image) -> str:
    return image["alt"] if isinstance(image, dict) else image.alt


class ImagesGenerator(Generator):
    """Runs after the articles and pages are read: makes every size, then writes them."""

    def generate_context(self):
        state = state_of(self.settings)
        cache = Cache(Path(self.settings["CACHE_PATH"]) / "images")
        gallery = Gallery(Path(self.settings["PATH"]), cache, state.shown)
        _Current.gallery = gallery
        gallery.social[None] = self._card(gallery, None, None, state)
        self._draw_missing_cards(gallery, state)
        self._photos(gallery, state)
        for content in self._contents():
            shown = state.shown(content.source_path)
            self._featured(gallery, content, shown)
            content._content = self._sized_body(gallery, content, shown)
            sanctions = content.metadata.get("sanctions")
            if content.source_path not in gallery.social and sanctions:
                gallery.social[content.source_path] = self._card(gallery, sanctions[0], shown, state)
        # A decision's page (portail.site.sanction_pages, whose generator runs before this one).
        for decision in self.context.get("decisions", ()):
            gallery.social[("décision", decision.identity)] = self._card(gallery, decision.sanction, None, state)
        report(self.settings, gallery.problems)

    def _photos(self, gallery: Gallery, state) -> None:
        """Authors' photos (data/authors.yaml): for portail_image({"file": photo, "alt": name})."""
        authors = Path(self.settings["PATH"], self.settings["PORTAIL_DATA_PATH"], "authors.yaml")
        for key, person in getattr(state.context.reference, "authors", {}).items():
            if getattr(person, "photo", None):
                gallery.sizes(person.photo, state.shown(str(authors)), None, f"{key}.photo")

    def _contents(self):
        seen = set()
        for name in _CONTENT_LISTS:
            for content in self.context.get(name, []):
                for one in (content, *getattr(content, "translations", ())):
                    if id(one) not in seen:
                        seen.add(id(one))
                        yield one

    def _featured(self, gallery: Gallery, content, shown: str) -> None:
        image = content.metadata.get("image")
        if not image:
            return
        line = content.metadata.get("field_lines", {}).get(("image", "file"))
        made = gallery.sizes(_file_of(image), shown, line, "image.file")
        if made is not None:
            largest = made.fallback
            gallery.social[content.source_path] = Social(
                largest.path, largest.width, largest.height, _alt_of(image), largest.media_type
            )

    def _sized_body(self, gallery: Gallery, content, shown: str) -> str:
        body = content._content or ""
        if "<img" not in body:
            return body

        def sized(match: re.Match) -> str:
            attributes = dict(_ATTRIBUTE.findall(match.group("attributes")))
            file = _content_file(attributes.get("src", ""), content, self.settings["PATH"])
            if file is None or "srcset" in attributes:
                return match.group(0)
            made = gallery.sizes(file, shown, _line_in(content.source_path, attributes["src"]), "corps")
            if made is None:
                return match.group(0)
            return _picture(match.group("attributes"), made, self.settings["SITEURL"])

        return _BODY_IMAGE.sub(sized, body)

    def _draw_missing_cards(self, gallery: Gallery, state) -> None:
        """The decision cards this build needs and the cache lacks, drawn on every core first
        (a cold build of thousands of decisions): the loop below then finds them all cached."""
        # As the loop below: an article's card when it has no image of its own.
        listed = [c.metadata.get("sanctions") for c in self._contents() if not c.metadata.get("image")]
        sanctions = [sanctions[0] for sanctions in listed if sanctions]
        sanctions += [decision.sanction for decision in self.context.get("decisions", ())]
        facts = {self._facts(sanction, state) for sanction in sanctions}
        missing = sorted((f for f in facts if gallery.cache.lacks_card(f)), key=repr)
        workers = self.settings.get("PARALLEL_BUILD_PROCESSES")
        drawn = on_every_core(_draw_cards, missing, workers, minimum=CARDS_FOR_WORKERS)
        for one, data in zip(missing, drawn):
            gallery.cache.keep_card(one, data)

    def _facts(self, sanction, state) -> cards.DecisionFacts:
        authority = state.context.reference.authorities.get(sanction.authority)
        short = getattr(authority, "short", sanction.authority)
        amount = amount_fr(sanction.amount, sanction.currency) if sanction.amount is not None else None
        return cards.DecisionFacts(
            self.settings["SITENAME"],
            f"Sanction de la {short}" if short == "CNIL" else f"Sanction — {short}",
            sanction.organisation,
            amount or "Montant non communiqué",
            date_fr(sanction.decision_date),
        )

    def _card(self, gallery: Gallery, sanction, source: str | None, state) -> Social:
        """The card of one decision; without ``sanction``, the site's card."""
        site = self.settings["SITENAME"]
        if sanction is not None:
            facts = self._facts(sanction, state)
            name, data = gallery.cache.card(facts, lambda: cards.decision_card(facts))
            alt = f"{facts.authority} : {facts.organisation}, {facts.amount}, décision du {facts.date}"
        else:
            tagline = self.settings.get(
                "PORTAIL_TAGLINE", "Actualité, sanctions et conseils sur la protection des données"
            )
            name, data = gallery.cache.card((site, tagline), lambda: cards.site_card(site, tagline))
            alt = f"{site} : {tagline}"
        name = f"{CARDS_FOLDER}/{name}"
        gallery.files.setdefault(name, (data, Origin("une carte de partage", source)))
        return Social(name, cards.WIDTH, cards.HEIGHT, alt, "image/png")

    def generate_output(self, writer):
        gallery = _Current.gallery
        if gallery is None:
            return
        for path, (data, origin) in sorted(gallery.files.items()):
            target = os.path.join(self.output_path, path)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            write_if_changed(target, data, origin)
        gallery.cache.prune()
        print(f"Images : {gallery.cache.made} taille(s) faite(s), {gallery.cache.reused} reprise(s) du cache.")


def _content_file(src: str, content, root: str) -> str | None:
    """The content-relative file an author's ``{static}`` link names, or None (an outside image)."""
    for prefix in ("{static}", "|static|"):
        if src.startswith(prefix):
            path = html.unescape(src[len(prefix) :]).split("?")[0].split("#")[0]
            if path.startswith("/"):
                return path.lstrip("/")
            folder = os.path.relpath(os.path.dirname(content.source_path), root)
            return os.path.normpath(os.path.join(folder, path))
    return None


def _line_in(source_path: str, src: str) -> int | None:
    """The line of the source file where the body names this image (Markdown keeps it as written)."""
    try:
        lines = Path(source_path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((number for number, text in enumerate(lines, 1) if html.unescape(src) in text), None)


def _picture(attributes: str, made: ImageSet, site_url: str) -> str:
    """A body image as the picture macro renders one (lazy: a body image is below the fold)."""

    def srcset(candidates) -> str:
        return ", ".join(f"{site_url}/{c.path} {c.width}w" for c in candidates)

    sources = "".join(
        f'<source type="{source.type}" srcset="{srcset(source.candidates)}" sizes="{BODY_SIZES}">'
        for source in made.sources
    )
    kept = re.sub(r'\s(?:width|height|loading|decoding|sizes)="[^"]*"', "", attributes)
    return (
        f'<picture>{sources}<img{kept} srcset="{srcset(made.candidates)}" sizes="{BODY_SIZES}" '
        f'width="{made.width}" height="{made.height}" loading="lazy" decoding="async"></picture>'
    )


def get_generators(_pelican):
    return ImagesGenerator


def _draw_cards(facts: list) -> list[bytes]:
    return [cards.decision_card(one) for one in facts]
