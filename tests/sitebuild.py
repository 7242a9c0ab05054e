"""Build real sites with the real build command into temporary folders, and read them back."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from portail.site.search import BUNDLE, STAMP
from portail.site.unchanged import pages_stamp

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_CONTENT = ROOT / "content"


@dataclass
class Build:
    returncode: int
    stdout: str
    stderr: str
    output: Path

    def page(self, relative: str) -> BeautifulSoup:
        path = self.output / relative
        if path.is_dir():
            path = path / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def run_build(content: Path, output: Path, settings: Path = ROOT / "pelicanconf.py") -> Build:
    """The same command as `make html`, in a subprocess: exit code and messages as editors see them."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build.py"), str(content), "-o", str(output), "-s", str(settings)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    return Build(result.returncode, result.stdout, result.stderr, output)


def fixture_content(name: str, destination: Path) -> Path:
    """Copy fixture ``name`` into ``destination``; it gets the shipped reference data unless it has its own."""
    content = destination / "content"
    shutil.copytree(FIXTURES / name, content)
    if not (content / "data").exists():
        shutil.copytree(SEED_CONTENT / "data", content / "data")
    return content


def settings_with(folder: Path, **changes) -> Path:
    """The site's settings with some of them changed, in a settings file of its own."""
    lines = [
        "import runpy",
        f"globals().update((k, v) for k, v in runpy.run_path({str(ROOT / 'pelicanconf.py')!r}).items() if k.isupper())",
        f"THEME = {str(ROOT / 'themes' / 'portail')!r}",
        *(f"{name} = {value!r}" for name, value in changes.items()),
    ]
    path = folder / "reglages.py"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def text(node) -> str:
    """Visible text with French non-breaking spaces made plain, whitespace collapsed."""
    return re.sub(r"\s+", " ", node.get_text(" ").replace("\u202f", " ").replace("\u00a0", " ")).strip()


def run_script(script: str, *arguments) -> subprocess.CompletedProcess:
    """One of scripts/ (make check, the statistics…) as editors run it: exit code and messages."""
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / script), *map(str, arguments)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def search_stamp(output: Path) -> str | None:
    """The stamp of the pages the search bundle online was made from."""
    try:
        return (output / BUNDLE / STAMP).read_text(encoding="utf-8")
    except OSError:
        return None


def wait_for_search(output: Path, seconds: float = 120) -> None:
    """Until the search bundle of ``output`` is that of its pages: a rebuild of the development
    settings indexes them in the background (portail.site.search)."""
    cache = output.with_name(f".{output.name}.cache")
    deadline = time.monotonic() + seconds
    while search_stamp(output) != pages_stamp(cache):
        assert time.monotonic() < deadline, f"l'index de recherche de {output} n'a pas fini en {seconds:g} s"
        time.sleep(0.1)
