"""The live preview: rebuilds on save, shows the error page while content is broken, then recovers."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from sitebuild import ROOT, fixture_content


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


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


@pytest.fixture
def preview(tmp_path):
    content = fixture_content("site", tmp_path)
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "scripts" / "devserver.py"),
            str(content),
            "-o",
            str(tmp_path / "output"),
            "-s",
            str(ROOT / "pelicanconf.py"),
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: json.loads(get(base + "/__apercu/etat")[1])["ok"])
        yield base, content, process
    finally:
        process.terminate()
        process.wait(timeout=10)


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
