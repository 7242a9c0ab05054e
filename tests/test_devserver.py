"""The live preview: serves a saved article at once, rebuilds the whole site behind it, shows the
error page while content is broken, then recovers.

The order (fast page first, full build after) is proved with the build's own lock: while the test
holds it, the preview's full build waits, so whatever the preview serves meanwhile came from its
fast path; the state endpoint says the same (no full build ended, the page listed as fast).
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest

from portail.plumbing.lock import one_build_at_a_time

from sitebuild import ROOT, fixture_content, settings_with


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    status, page, _origin = fetch(url)
    return status, page


def fetch(url: str) -> tuple[int, str, str | None]:
    """Status, body, and where the preview took the page from (X-Apercu: rapide or construit)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8"), response.headers.get("X-Apercu")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8"), error.headers.get("X-Apercu")


def wait_for(condition, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = condition()
        except (OSError, ValueError):
            value = None
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("the preview did not get there in time")


@contextmanager
def running_preview(content, output, settings):
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "scripts" / "devserver.py"),
            str(content),
            "-o",
            str(output),
            "-s",
            str(settings),
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: state(base)["ok"] and state(base)["fast"]["ready"])
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def preview(tmp_path):
    content = fixture_content("site", tmp_path)
    with running_preview(content, tmp_path / "output", ROOT / "pelicanconf.py") as base:
        yield base, content, tmp_path / "output"


@contextmanager
def full_builds_held(output):
    """The build's lock, held by the test: the preview's full build waits for it meanwhile."""
    with one_build_at_a_time(output, 0, lambda _lock: None):
        yield


def state(base) -> dict:
    return json.loads(get(base + "/__apercu/etat")[1])


def test_pages_are_served_with_live_reload(preview):
    base, _, _ = preview
    status, page = get(base + "/articles/cegedim/")
    assert status == 200 and "Cegedim" in page and "/__apercu/etat" in page


def test_a_broken_article_shows_its_error_then_the_fix_shows_the_page(preview):
    base, content, _ = preview
    article = content / "articles" / "cegedim.md"
    good = article.read_text(encoding="utf-8")
    before = state(base)["build"]
    article.write_text(good.replace("authority: cnil", "authority: cnill"), encoding="utf-8")
    wait_for(lambda: state(base)["build"] > before and not state(base)["ok"])
    status, page = get(base + "/articles/cegedim/")
    assert status == 500
    assert "autorité inconnue « cnill » — vouliez-vous dire « cnil » ?" in page
    broken = state(base)["build"]
    article.write_text(good.replace("sanctionne", "sanctionne lourdement"), encoding="utf-8")
    wait_for(lambda: state(base)["build"] > broken and state(base)["ok"])
    status, page = get(base + "/articles/cegedim/")
    assert status == 200 and "sanctionne lourdement" in page
    assert state(base)["seconds"] > 0  # reported with each build; its speed is measured by `make bench`


def test_a_half_written_draft_leaves_the_preview_of_every_other_page(preview):
    base, content, _ = preview
    before = state(base)["build"]
    (content / "articles" / "brouillon.md").write_text(
        '---\ntitle: "À moitié écrit"\ndate: 2024-05-01\nstatus: draft\nsanctions:\n  - authority: cnill\n---\n',
        encoding="utf-8",
    )
    wait_for(lambda: state(base)["build"] > before)
    assert state(base)["ok"]
    status, page = get(base + "/articles/cegedim/")
    assert status == 200 and "Cegedim" in page
    status, drafts = get(base + "/brouillons/")
    assert status == 200 and "À moitié écrit" in drafts and "« cnill »" in drafts


def test_a_saved_article_is_served_before_the_full_build(preview):
    base, content, output = preview
    article = content / "articles" / "cegedim.md"
    before = state(base)
    with full_builds_held(output):
        article.write_text(article.read_text(encoding="utf-8") + "\nUne phrase toute neuve.\n", encoding="utf-8")
        status, page, origin = wait_for(lambda: _served_with(base + "/articles/cegedim/", "Une phrase toute neuve"))
        assert (status, origin) == (200, "rapide") and "/__apercu/etat" in page
        now = state(base)
        assert now["build"] == before["build"] and now["building"]  # the full build waits for the lock
        assert now["fast"]["renders"] == before["fast"]["renders"] + 1 and now["fast"]["ok"]
        # The decision it reports lists it with its page, rendered in the same pass.
        assert "/articles/cegedim/" in now["fast"]["pages"] and len(now["fast"]["pages"]) == 2
        assert now["version"] > before["version"]  # open pages reload
        assert fetch(base + "/")[2] == "construit"  # the listings wait for the full build
    wait_for(lambda: state(base)["build"] > before["build"] and not state(base)["building"])
    status, page, origin = fetch(base + "/articles/cegedim/")
    assert (status, origin) == (200, "construit") and "Une phrase toute neuve" in page
    assert state(base)["ok"] and state(base)["fast"]["pages"] == []
    assert "Une phrase toute neuve" in (output / "articles" / "cegedim" / "index.html").read_text(encoding="utf-8")


def test_a_broken_save_shows_the_error_page_before_the_full_build(preview):
    base, content, output = preview
    article = content / "articles" / "cegedim.md"
    before = state(base)
    with full_builds_held(output):
        article.write_text(
            article.read_text(encoding="utf-8").replace("authority: cnil", "authority: cnill"), encoding="utf-8"
        )
        wait_for(lambda: state(base)["fast"]["ok"] is False)
        for page in ("/articles/cegedim/", "/"):
            status, text = get(base + page)
            assert status == 500 and "autorité inconnue « cnill » — vouliez-vous dire « cnil » ?" in text
            assert "articles/cegedim.md:8" in text
        assert state(base)["build"] == before["build"]
    wait_for(lambda: state(base)["build"] > before["build"] and not state(base)["building"])
    assert not state(base)["ok"] and get(base + "/articles/cegedim/")[0] == 500


def test_a_template_change_falls_back_to_a_full_build(tmp_path):
    content = fixture_content("site", tmp_path)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "themes" / "portail", theme)
    settings = settings_with(tmp_path, THEME=str(theme))
    output = tmp_path / "output"
    with running_preview(content, output, settings) as base:
        before = state(base)
        template = theme / "templates" / "article.html"
        with full_builds_held(output):
            template.write_text(
                template.read_text(encoding="utf-8").replace("</article>", "<p>Gabarit modifié</p></article>", 1),
                encoding="utf-8",
            )
            # The warm site no longer describes the templates: it is dropped, nothing rendered fast.
            wait_for(lambda: not state(base)["fast"]["ready"])
            assert state(base)["fast"]["renders"] == before["fast"]["renders"] and state(base)["building"]
            assert "Gabarit modifié" not in get(base + "/articles/cegedim/")[1]
        wait_for(lambda: state(base)["build"] > before["build"] and state(base)["fast"]["ready"])
        status, page, origin = fetch(base + "/articles/cegedim/")
        assert (status, origin) == (200, "construit") and "Gabarit modifié" in page


def _served_with(url: str, text: str):
    status, page, origin = fetch(url)
    return (status, page, origin) if text in page else None


def test_a_busy_port_is_said_in_french_before_the_first_build(tmp_path):
    content = fixture_content("site", tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "devserver.py"), str(content)]
            + ["-o", str(tmp_path / "output"), "-s", str(ROOT / "pelicanconf.py"), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"le port {port} est indisponible" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "output").exists()  # said before anything was built
