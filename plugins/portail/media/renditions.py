"""The sizes of one image that browsers choose from: WebP plus a JPEG (or PNG, for an image with
transparency) fallback, at a few widths, never wider than the original.

Pillow directly rather than pelican-image-process: that plugin rewrites the HTML of articles
with its own cache keyed by file path and time, writes into the output folder behind the build's
back and knows nothing of our front matter. Here every size is named after the hash of the
original's bytes and of the recipe, encoded once into the cache folder, and reused by every
later build as long as neither changes. AVIF is left out: Pillow 13 encodes it, but about five
times slower than WebP for a gain every current browser can do without (measured on the seed
images: 0.1 to 0.26 s a size against 0.01 to 0.1 s), and every build from an empty cache (a
test, CI) would pay it.

Metadata of the original (EXIF, GPS position, camera) is not copied into the sizes.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from portail.media import cards

# Change it when an encoding setting below changes: every cached size is then made again.
RECIPE = "webp80-jpeg82-png-3"
WIDTHS = (480, 800, 1200)
# Only these decoders ever see a file: others (EPS through Ghostscript…) are not for a web page.
FORMATS = ("PNG", "JPEG", "WEBP", "GIF")
MAX_PIXELS = 40_000_000  # a larger image is refused: it would take the build's memory
_ENCODERS = {
    "webp": ("WEBP", "image/webp", {"quality": 80, "method": 4}),
    "jpg": ("JPEG", "image/jpeg", {"quality": 82, "optimize": True, "progressive": True}),
    "png": ("PNG", "image/png", {}),  # optimize=True: 2 % smaller, 60 % slower
}


class ImageError(Exception):
    """An image the build cannot use: what was found, and what to do, in French."""

    def __init__(self, found: str, suggestion: str):
        super().__init__(found)
        self.found, self.suggestion = found, suggestion


EXPECTED = f"une image PNG, JPEG, WebP ou GIF d'au plus {MAX_PIXELS // 1_000_000} mégapixels"
_RESAVE = "ouvrez-la dans un logiciel d'image et enregistrez-la en PNG (dessin) ou en JPEG (photo)"


def problem_of(data: bytes) -> ImageError | None:
    """Why ``data`` cannot be a picture of the site, or None: its header read, and it decoded."""
    try:
        _open(data)
        _decode(data)
    except ImageError as error:
        return error
    return None


@dataclass(frozen=True)
class Candidate:
    path: str  # in the output folder, "/"-separated
    width: int
    height: int
    media_type: str
    cache_name: str  # the file in the cache folder


@dataclass(frozen=True)
class Source:
    type: str
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True)
class ImageSet:
    """What a template needs: the sources by format, the fallback sizes, the intrinsic size."""

    width: int
    height: int
    sources: tuple[Source, ...]
    candidates: tuple[Candidate, ...]  # the fallback format, narrowest first

    @property
    def fallback(self) -> Candidate:
        return self.candidates[-1]

    def all_candidates(self) -> tuple[Candidate, ...]:
        return tuple(c for s in self.sources for c in s.candidates) + self.candidates


def digest(data: bytes) -> str:
    return hashlib.sha256(RECIPE.encode() + b"\0" + data).hexdigest()[:20]


def plan(data: bytes, name: str, folder: str = "images/tailles") -> ImageSet:
    """The sizes of the image ``data`` (its file name ``name``), from its header only."""
    image = _open(data)
    try:
        width, height = _oriented_size(image)  # may read past the header, to the EXIF chunk
    except (OSError, SyntaxError, ValueError) as error:
        raise _damaged(error) from None
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    fallback = "png" if has_alpha or image.format in ("PNG", "GIF") else "jpg"
    key, stem = digest(data), _stem(name)
    widths = sorted({w for w in WIDTHS if w < width} | {min(width, WIDTHS[-1])})

    def sizes(extension: str) -> tuple[Candidate, ...]:
        media_type = _ENCODERS[extension][1]
        return tuple(
            Candidate(
                f"{folder}/{stem}-{key[:10]}-{w}.{extension}",
                w,
                max(1, round(height * w / width)),
                media_type,
                f"{key}-{w}.{extension}",
            )
            for w in widths
        )

    largest = sizes(fallback)[-1]
    return ImageSet(largest.width, largest.height, (Source("image/webp", sizes("webp")),), sizes(fallback))


def _open(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data), formats=FORMATS)
    except Image.DecompressionBombError:
        raise ImageError("une image trop grande pour être décodée sans risque", _SMALLER) from None
    except UnidentifiedImageError:
        raise ImageError("un fichier qui n'est pas une image lisible", _RESAVE) from None
    except (OSError, SyntaxError, ValueError) as error:
        raise _damaged(error) from None
    if image.width * image.height > MAX_PIXELS:
        raise ImageError(f"une image de {image.width} × {image.height} pixels", _SMALLER)
    return image


_SMALLER = "réduisez-la : 1600 pixels de large suffisent pour le site"


def _oriented_size(image: Image.Image) -> tuple[int, int]:
    """The size as shown: a photo taken upright is stored sideways with an EXIF orientation."""
    orientation = image.getexif().get(0x0112, 1)
    return (image.height, image.width) if orientation in (5, 6, 7, 8) else image.size


def _stem(name: str) -> str:
    stem = Path(name).stem.lower()
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in stem) or "image"


class Cache:
    """Encoded sizes in one folder, named by the hash of the original and the recipe; counts
    what this build made and reused (a second build of unchanged images makes none)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.made = 0
        self.reused = 0
        self.used: set[str] = set()
        self.drawn_ahead: dict[str, bytes] = {}  # cards of this build drawn before it asks for them

    def bytes_of(self, images: ImageSet, data: bytes) -> dict[str, bytes]:
        """Every file of ``images`` by its output path, encoding the ones the cache lacks."""
        files, decoded, resized = {}, None, {}
        for candidate in images.all_candidates():
            cached = self.folder / candidate.cache_name
            self.used.add(candidate.cache_name)
            try:
                files[candidate.path] = cached.read_bytes()
                self.reused += 1
                continue
            except FileNotFoundError:
                pass
            if decoded is None:
                decoded = _decode(data)
            encoded = encode(decoded, candidate, resized)
            self._store(cached, encoded)
            files[candidate.path] = encoded
            self.made += 1
        return files

    def card(self, facts, draw) -> tuple[str, bytes]:
        """A social card by its facts: drawn only when these facts, or the drawing code and its
        font, changed. Returns its file name (the hash of what it shows) and its bytes."""
        name = _card_name(facts)
        self.used.add(name)
        if name in self.drawn_ahead:  # drawn on another core for this build, counted as made
            return name, self.drawn_ahead[name]
        cached = self.folder / name
        try:
            data = cached.read_bytes()
            self.reused += 1
        except FileNotFoundError:
            data = draw()
            self._store(cached, data)
            self.made += 1
        return name, data

    def lacks_card(self, facts) -> bool:
        return not (self.folder / _card_name(facts)).is_file()

    def keep_card(self, facts, data: bytes) -> None:
        """A card drawn elsewhere (on another core), for ``card`` to find."""
        name = _card_name(facts)
        self._store(self.folder / name, data)
        self.drawn_ahead[name] = data
        self.made += 1

    def _store(self, path: Path, data: bytes) -> None:
        """Written whole or not at all: an interrupted build leaves no half file to reuse."""
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partiel")
        partial.write_bytes(data)
        os.replace(partial, path)

    def prune(self) -> int:
        """Forget the sizes no image of this build uses (a replaced or deleted image)."""
        removed = 0
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                if path.is_file() and path.name not in self.used:
                    path.unlink()
                    removed += 1
        return removed


def _code_of_cards() -> bytes:
    """The drawing and its font decide the bytes of a card."""
    return hashlib.sha256(Path(cards.__file__).read_bytes() + cards.FONT.read_bytes()).digest()


_CARD_CODE = _code_of_cards()


def _card_name(facts) -> str:
    return f"carte-{hashlib.sha256(repr(facts).encode() + _CARD_CODE).hexdigest()[:20]}.png"


def _decode(data: bytes) -> Image.Image:
    try:
        image = ImageOps.exif_transpose(Image.open(io.BytesIO(data), formats=FORMATS))
        image.load()
    except (OSError, SyntaxError, ValueError) as error:  # a truncated or damaged file
        raise _damaged(error) from None
    return image


def _damaged(error: Exception) -> ImageError:
    return ImageError(f"une image endommagée, que Pillow ne décode pas ({error})", _RESAVE)


def encode(image: Image.Image, candidate: Candidate, resized: dict | None = None) -> bytes:
    """``image`` at the candidate's size and format; ``resized`` keeps each size made, for the
    other formats of the same width (resampling costs as much as encoding)."""
    extension = candidate.cache_name.rsplit(".", 1)[1]
    pillow_format, _type, options = _ENCODERS[extension]
    keep_alpha = extension != "jpg" and (image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info)
    mode = "RGBA" if keep_alpha else "RGB"
    resized = {} if resized is None else resized
    key = (candidate.width, mode)
    if key not in resized:
        converted = image.convert(mode)
        if converted.width != candidate.width:
            converted = converted.resize((candidate.width, candidate.height), Image.Resampling.LANCZOS)
        resized[key] = converted
    out = io.BytesIO()
    resized[key].save(out, pillow_format, **options)
    return out.getvalue()
