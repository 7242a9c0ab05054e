"""The output folder: one build at a time, swapped in whole or not at all, nothing written outside it.

Real builds of small content folders (the build command in a subprocess), failures made by real
means: a lock held by another process, a Pagefind binary that fails, a full file system, a
damaged cache file.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from filelock import FileLock

from portail.plumbing.output import OutputError, OutputFolder, swap_in, write_if_changed, writing_into
from portail.site.search import bundle_problems

from sitebuild import ROOT, fixture_content, settings_with

BUILD = [sys.executable, str(ROOT / "scripts" / "build.py")]
SETTINGS = str(ROOT / "pelicanconf.py")


def build(
    tmp: Path, *options: str, env: dict | None = None, content: str = "content", settings: str = SETTINGS
) -> subprocess.CompletedProcess:
    """`make html` on tmp/content into tmp/output, run from tmp: paths in messages are relative to it."""
    return subprocess.run(
        [*BUILD, content, "-o", "output", "-s", settings, *options],
        capture_output=True,
        text=True,
        cwd=tmp,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def inline_search(folder: Path) -> str:
    """The development settings, the search index made by the build itself (as published)."""
    return str(settings_with(folder, PORTAIL_SEARCH_IN_BACKGROUND=False))


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def article(folder: Path, name: str, body: str, **fields: str) -> Path:
    front = {
        "title": f"Article {name}",
        "date": "2024-03-01",
        "category": "Cybersécurité",
        "summary": "Un résumé.",
        **fields,
    }
    path = folder / f"{name}.md"
    header = "".join(f'{key}: "{value}"\n' if key != "date" else f"{key}: {value}\n" for key, value in front.items())
    path.write_text(f"---\n{header}tags: [essai]\n---\n\n{body}\n", encoding="utf-8")
    return path


def page(content: Path, name: str, **fields: str) -> Path:
    folder = content / "pages"
    folder.mkdir(exist_ok=True)
    header = "".join(f'{key}: "{value}"\n' for key, value in {"title": name, "summary": "Une page.", **fields}.items())
    path = folder / f"{name}.md"
    path.write_text(f"---\n{header}---\n\nTexte.\n", encoding="utf-8")
    return path


@pytest.fixture
def built(tmp_path) -> Path:
    """tmp_path with the fixture site in content/ and a first build in output/."""
    fixture_content("site", tmp_path)
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path


def line_of(report: str, fragment: str) -> str:
    found = [line for line in report.splitlines() if fragment in line]
    assert found, report
    return found[0]


# --- One build at a time -------------------------------------------------------------------


def pages(folder: Path) -> dict[str, str]:
    """The files of a built site but its search bundle (Pagefind's output varies between runs)."""
    return {name: digest for name, digest in snapshot(folder).items() if not name.startswith("pagefind/")}


def test_two_builds_at_once_both_end_with_the_whole_site(built):
    expected = set(pages(built / "output"))
    (built / "content" / "articles" / "guide.md").write_text(
        (built / "content" / "articles" / "guide.md").read_text(encoding="utf-8") + "\nUne ligne de plus.\n",
        encoding="utf-8",
    )
    command = [*BUILD, "content", "-o", "output", "-s", SETTINGS]
    builds = [subprocess.Popen(command, cwd=built, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outcomes = [(process.wait(timeout=300), process.stderr.read().decode()) for process in builds]
    assert [code for code, _ in outcomes] == [0, 0], outcomes
    assert set(pages(built / "output")) == expected
    assert bundle_problems(str(built / "output")) == []
    assert "Une ligne de plus." in (built / "output" / "articles" / "guide" / "index.html").read_text(encoding="utf-8")


def test_a_build_gives_up_after_waiting_for_the_lock_with_exit_code_2(built):
    before = snapshot(built / "output")
    lock = built / ".output.lock"
    with FileLock(lock):
        result = build(built, "--wait", "0.2")
    assert result.returncode == 2
    assert "Une autre construction est en cours (verrou .output.lock) : celle-ci attend" in result.stderr
    assert "toujours en cours après 0.2 s d'attente" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(built / "output") == before
    assert not lock.is_relative_to(built / "output") and not lock.is_relative_to(built / "content")


def test_a_build_waits_for_the_one_running_then_builds(built):
    (built / "output").rename(built / "ancienne")
    with FileLock(built / ".output.lock"):
        process = subprocess.Popen(
            [*BUILD, "content", "-o", "output", "-s", SETTINGS],
            cwd=built,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        said = process.stderr.readline()  # printed before it blocks on the lock
        assert not (built / "output").exists()
    assert "Une autre construction est en cours" in said and "attend" in said
    assert process.wait(timeout=300) == 0, process.stderr.read()
    assert pages(built / "output") == pages(built / "ancienne")
    assert bundle_problems(str(built / "output")) == []


# --- The swap --------------------------------------------------------------------------------


def test_the_swap_exchanges_the_folders_and_keeps_the_old_site(tmp_path):
    output, staging, previous = tmp_path / "output", tmp_path / ".output.staging", tmp_path / ".output.previous"
    staging.mkdir()
    (staging / "premier.html").write_text("1", encoding="utf-8")
    swap_in(staging, output, previous)  # first build: a rename
    assert os.listdir(output) == ["premier.html"] and not staging.exists()
    staging.mkdir()
    (staging / "second.html").write_text("2", encoding="utf-8")
    previous.mkdir()  # left over by an interrupted build
    swap_in(staging, output, previous)
    assert os.listdir(output) == ["second.html"]
    assert os.listdir(previous) == ["premier.html"]
    assert not staging.exists()


def test_a_rebuild_keeps_the_site_before_last_beside_the_output(built):
    first = snapshot(built / "output")
    guide = built / "content" / "articles" / "guide.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\nModifié.\n", encoding="utf-8")
    assert build(built).returncode == 0
    # Its pages; its search bundle stays online until the new one is made (portail.site.search).
    assert snapshot(built / ".output.previous") == {k: v for k, v in first.items() if not k.startswith("pagefind/")}
    assert "Modifié." in (built / "output" / "articles" / "guide" / "index.html").read_text(encoding="utf-8")


# --- Only a complete, verified site replaces output/ --------------------------------------------


@pytest.mark.parametrize(
    ("binary", "said"),
    [
        ("/bin/false", "Pagefind s'est arrêté avec le code 1"),
        # Exits 0 and writes nothing: what Pagefind does on a full disk.
        ("/bin/true", "l'index est incomplet (disque plein ?) : pagefind/pagefind.js manquant ou vide"),
    ],
)
def test_a_failed_search_index_fails_the_build_and_leaves_the_output(built, binary, said):
    before = snapshot(built / "output")
    guide = built / "content" / "articles" / "guide.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\nModifié.\n", encoding="utf-8")
    # The published build indexes inline (a rebuild of the development settings, in the background).
    result = build(built, env={"PAGEFIND_BINARY_PATH": binary}, settings=inline_search(built))
    assert result.returncode == 1, result.stderr
    assert "l'index de recherche (Pagefind) n'a pas pu être construit" in result.stderr
    assert said in result.stderr
    assert "Le dossier output n'a pas été modifié." in result.stderr
    assert "Erreur interne" not in result.stderr and "Traceback" not in result.stderr
    assert snapshot(built / "output") == before


def _mounted_tmpfs(folder: Path, size: str) -> bool:
    folder.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    return result.returncode == 0


def _blocks(folder: Path) -> int:
    return sum(p.lstat().st_blocks * 512 for p in folder.rglob("*") if p.is_file())


def test_a_full_disk_while_indexing_fails_the_build_and_leaves_the_output(tmp_path):
    disk = tmp_path / "disque"
    if not _mounted_tmpfs(disk, "64m"):
        # A real full disk needs a small file system of its own; CI runs as root, so it runs there.
        pytest.skip("monter un tmpfs demande les droits de root")
    try:
        fixture_content("site", disk)
        assert build(disk).returncode == 0
        before = snapshot(disk / "output")
        site = _blocks(disk / "output")
        bundle = _blocks(disk / "output" / "pagefind")
        # Room for every page of the next build, and for half of its search bundle.
        status = os.statvfs(disk)
        room = site - bundle // 2
        filler = status.f_bavail * status.f_frsize - room
        with open(disk / "remplissage", "wb") as handle:
            handle.truncate(0)
            os.posix_fallocate(handle.fileno(), 0, filler)
        guide = disk / "content" / "articles" / "guide.md"
        guide.write_text(guide.read_text(encoding="utf-8") + "\nModifié.\n", encoding="utf-8")
        result = build(disk, settings=inline_search(tmp_path))
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Le dossier output n'a pas été modifié." in result.stderr
        assert "plus de place sur le disque" in result.stderr or "l'index est incomplet" in result.stderr
        assert "Erreur interne" not in result.stderr and "Traceback" not in result.stderr
        assert snapshot(disk / "output") == before
    finally:
        subprocess.run(["umount", str(disk)], check=True)


# --- A damaged content cache ------------------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short: a full disk, an interrupted write
        lambda data: b"n'importe quoi\n" * 10,
        lambda data: b"",
        lambda data: data[:2] + b"\xff" + data[3:],  # Pelican warns itself about this one
    ],
    ids=["tronqué", "illisible", "vide", "corrompu"],
)
def test_a_damaged_content_cache_is_dropped_with_a_warning(built, damage):
    expected = pages(built / "output")
    cache = built / ".output.cache" / "ArticlesGenerator-Readers"
    cache.write_bytes(damage(cache.read_bytes()))
    result = build(built)
    assert result.returncode == 0, result.stderr
    assert "Attention : cache de contenu illisible (.output.cache" in result.stderr
    assert "il est ignoré et les fichiers sont relus" in result.stderr
    assert pages(built / "output") == expected
    assert bundle_problems(str(built / "output")) == []
    assert pickle.loads(cache.read_bytes())  # written again whole


# --- Nothing written outside the output folder ------------------------------------------------


def test_a_static_link_out_of_the_content_folder_is_refused_and_nothing_is_copied(tmp_path):
    project, published = tmp_path / "projet", tmp_path / "publie"
    published.mkdir()
    content = fixture_content("site", project)
    (project / "victime.html").write_text("attaque", encoding="utf-8")
    (published / "victime.html").write_text("original", encoding="utf-8")
    source = article(
        content / "articles",
        "evasion",
        textwrap.dedent(
            """\
            Un paragraphe.

            [x]({static}/../victime.html)
            [y]({filename}../../victime.md) et <a href="|attach|../../photo.jpg">z</a>
            [w]({static}//etc/passwd) [v]({static}/images/../../../victime.html)
            [bon]({filename}guide.md)
            """
        ),
    )
    result = subprocess.run(
        [*BUILD, str(content), "-o", str(published / "output"), "-s", SETTINGS],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert result.returncode == 1, result.stderr
    assert (published / "victime.html").read_text(encoding="utf-8") == "original"
    assert not (published / "output").exists()
    shown = "content/articles/evasion.md"
    refused = [line for line in result.stderr.splitlines() if "qui en sort" in line]
    assert [line.split(": attendu")[0] for line in refused] == [
        f"{shown}:11",
        f"{shown}:12",
        f"{shown}:12",
        f"{shown}:13",
        f"{shown}:13",
    ], result.stderr
    assert "« {static}/../victime.html »" in refused[0]
    assert "« |attach|../../photo.jpg »" in refused[2]
    assert "guide.md" not in result.stderr
    check = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_content.py"), "--content", str(content)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert check.returncode == 1
    assert [line for line in check.stdout.splitlines() if "qui en sort" in line] == refused
    assert source.exists()


def test_the_writers_refuse_a_path_outside_the_output_folder(tmp_path):
    folder = OutputFolder(tmp_path / "output")
    writing_into(folder)
    try:
        with pytest.raises(OutputError, match="écriture refusée hors du dossier de sortie"):
            write_if_changed(str(tmp_path / "output" / ".." / "victime.txt"), b"x")
        with pytest.raises(OutputError):
            write_if_changed(str(tmp_path / "output-voisin" / "a.txt"), b"x")
        (tmp_path / "output").mkdir()
        write_if_changed(str(tmp_path / "output" / "a.txt"), b"x")
    finally:
        writing_into(None)
    assert not (tmp_path / "victime.txt").exists() and not (tmp_path / "output-voisin").exists()
    assert folder.owners.keys() == {"a.txt"}


# --- No file written twice ----------------------------------------------------------------------


def test_a_page_cannot_replace_a_file_the_build_generates(built):
    before = snapshot(built / "output")
    content = built / "content"
    targets = {
        "accueil": ("index.html", "la page du modèle index.html"),
        "donnees": ("sanctions/sanctions.csv", "un fichier généré par le portail"),
        "flux": ("feeds/all.atom.xml", "un flux de Pelican"),
        "plan": ("sitemap.xml", "le plan du site (pelican-sitemap)"),
        "robots": ("robots.txt", "la page du modèle robots.html"),
        "style": ("theme/css/portail.css", "un fichier du thème"),
        "recherche-bis": ("pagefind/pagefind.js", "l'index de recherche (Pagefind)"),
    }
    for name, (save_as, _by) in targets.items():
        page(content, name, save_as=save_as)
    page(content, "sanctions")  # its slug, from the file name, is the sanction index's address
    result = build(built)
    assert result.returncode == 1, result.stderr
    for name, (save_as, by) in targets.items():
        said = line_of(result.stderr, f"content/pages/{name}.md:")
        assert said.startswith(f"content/pages/{name}.md:4: save_as : attendu : une adresse de sortie libre"), said
        assert f"trouvé : « {save_as} », adresse déjà prise par {by}" in said
    said = line_of(result.stderr, "content/pages/sanctions.md")
    assert "« sanctions/index.html », adresse déjà prise par la page du modèle sanctions.html" in said
    assert "Le dossier output n'a pas été modifié." in result.stderr
    assert snapshot(built / "output") == before


def test_two_pages_with_one_address_are_both_named(built):
    content = built / "content"
    page(content, "contact", save_as="contact.html")
    page(content, "contact-bis", save_as="contact.html")
    result = build(built)
    assert result.returncode == 1
    said = line_of(result.stderr, "« contact.html »")
    assert said.startswith("content/pages/contact")
    assert "adresse déjà prise par la page « contact" in said and "(content/pages/contact" in said


def test_a_collision_is_found_between_pages_written_by_different_processes(built):
    content = built / "content"
    for number in range(210):  # enough pages for the writing to be split between processes
        article(content / "articles", f"serie-{number:03}", "Texte.", date=f"2023-01-{1 + number % 28:02}")
    page(content, "accueil", save_as="index.html")
    result = build(built)
    assert result.returncode == 1, result.stderr
    said = line_of(result.stderr, "content/pages/accueil.md:4: save_as")
    assert "« index.html », adresse déjà prise par la page du modèle index.html" in said
