"""Build benchmark: this project against stock Pelican 4.12 on the same generated corpus.

    python scripts/bench.py [-n 2000] [--runs 3] [--scaling 10000]

Stock Pelican runs with its default theme and pelican-yaml-metadata, related_posts and sitemap.
Runs alternate (stock, ours, stock, ours…) so that a busy machine hurts both alike. Printed:
medians of the cold build (fresh output, no cache), of the rebuild after editing one article
(in an output folder built before, as an editor's is), peak memory (the largest sum of the
proportional memory of the build's processes, search indexer included), pages written, the
search indexing part of our build, how long after our rebuild its search index, made again in
the background, is that of its pages, and the related-articles computation against stock
related_posts. Then the editor's loop: `make devserver` on the same corpus, and the median
time from the write of a saved article to the first answer of the preview, polled over HTTP
as a browser does, whose body holds the new text (10 saves of different articles, a second
apart: the full build of the previous save runs in the background meanwhile, as when an editor
works). With --scaling N, our cold build, stock Pelican's (once) and the preview at N articles too.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from portail.bench.corpus import generate
from portail.commands.settings import ROOT
from portail.site.search import BUNDLE, bundle_stamp
from portail.site.unchanged import pages_stamp

PYTHON = sys.executable
STOCK_SETTINGS = """
AUTHOR = "Rédaction"
SITENAME = "Pelican de base"
SITEURL = ""
ARTICLE_PATHS = ["articles"]
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
DEFAULT_PAGINATION = 10
PLUGINS = ["yaml_metadata", "related_posts", "sitemap"]
SITEMAP = {"format": "xml"}
"""


def run(command: list[str]) -> tuple[float, int]:
    """Wall time and peak memory (KiB) of a command: the largest sum, over time, of the
    proportional memory (PSS) of the command and all its child processes (forked workers and
    the search indexer count, each shared page once)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_memory(process.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    stderr = process.stderr.read().decode()
    process.stderr.close()
    if process.returncode != 0:
        raise SystemExit(f"échec de {' '.join(command)} :\n{stderr}")
    return seconds, peak


def _tree_memory(root: int) -> int:
    """PSS (KiB) of ``root`` and its descendants, now."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                    parents[int(entry)] = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as handle:
                total += next(int(line.split()[1]) for line in handle if line.startswith("Pss:"))
        except (OSError, StopIteration):
            continue
    return total


def ours(content: Path, output: Path, cache: Path) -> list[str]:
    return [
        PYTHON,
        "-m",
        "portail.commands.build",
        str(content),
        "-o",
        str(output),
        "-s",
        str(ROOT / "pelicanconf.py"),
        "--cache",
        str(cache),
    ]


def stock(content: Path, output: Path, settings: Path) -> list[str]:
    return [PYTHON, "-m", "pelican", str(content), "-o", str(output), "-s", str(settings), "-q"]


def command_for(name: str, content: Path, output: Path, cache: Path, settings: Path) -> list[str]:
    return stock(content, output, settings) if name == "stock" else ours(content, output, cache)


def siblings(output: Path) -> list[Path]:
    """What scripts/build.py keeps beside the output folder (the site before last, a staging folder)."""
    return [output.with_name(f".{output.name}.previous"), output.with_name(f".{output.name}.staging")]


def pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


def edit_one_article(content: Path) -> None:
    articles = sorted((content / "articles").rglob("*.md"))
    with open(articles[len(articles) // 2], "a", encoding="utf-8") as handle:
        handle.write("\nUne phrase ajoutée pour la mesure.\n")


def search_ready(output: Path, cache: Path) -> float:
    """Seconds from now until the search bundle online is that of the pages online."""
    started = time.perf_counter()
    _until(lambda: bundle_stamp(output / BUNDLE) == pages_stamp(cache), 600, step=0.05)
    return time.perf_counter() - started


def median(values: list[float]) -> float:
    return statistics.median(values)


def measure(n: int, runs: int, work: Path) -> dict:
    content = work / f"content-{n}"
    generate(content, n)
    settings = work / "stock_settings.py"
    settings.write_text(STOCK_SETTINGS, encoding="utf-8")
    results = {
        key: []
        for key in (
            "stock_cold",
            "ours_cold",
            "stock_rebuild",
            "ours_rebuild",
            "stock_memory",
            "ours_memory",
            "search",
            "search_later",
        )
    }
    for _run in range(runs):
        for name in ("stock", "ours"):
            output, cache = work / f"out-{name}", work / f"cache-{name}"
            for folder in (output, cache, *siblings(output)):
                shutil.rmtree(folder, ignore_errors=True)
            seconds, memory = run(command_for(name, content, output, cache, settings))
            results[f"{name}_cold"].append(seconds)
            results[f"{name}_memory"].append(memory)
        # The search index is part of our build; its own share, timed alone on the same pages:
        results["search"].append(run([PYTHON, "-m", "pagefind", "--quiet", "--site", str(work / "out-ours")])[0])
        # An editor's output folder has been built before: one build without change, untimed,
        # then the measured rebuild after editing one article.
        for name in ("stock", "ours"):
            run(command_for(name, content, work / f"out-{name}", work / f"cache-{name}", settings))
        edit_one_article(content)
        for name in ("stock", "ours"):
            seconds, _ = run(command_for(name, content, work / f"out-{name}", work / f"cache-{name}", settings))
            results[f"{name}_rebuild"].append(seconds)
            if name == "ours":  # its search index, made again in the background after the build
                results["search_later"].append(search_ready(work / "out-ours", work / "cache-ours"))
    results["stock_pages"] = pages(work / "out-stock")
    results["ours_pages"] = pages(work / "out-ours")
    return results


SAVES = 10
PREVIEW_STATE = "/__apercu/etat"


def preview_saves(content: Path, work: Path, saves: int = SAVES) -> list[float]:
    """Seconds from each save to the first answer of the preview that shows it."""
    output, log = work / f"out-preview-{content.name}", work / f"preview-{content.name}.log"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    settings = ROOT / "pelicanconf.py"
    command = [PYTHON, "-m", "portail.commands.devserver", str(content), "-o", str(output), "-s", str(settings)]
    with open(log, "w", encoding="utf-8") as journal:
        process = subprocess.Popen([*command, "--port", str(port)], stdout=journal, stderr=subprocess.STDOUT)
    try:
        _until(lambda: _ready(base, process, log), 3600)
        articles = sorted((content / "articles").rglob("*.md"))
        timings = []
        for number in range(saves):
            article = articles[(2 * number + 1) * len(articles) // (2 * saves)]
            timings.append(_save_and_poll(article, f"{base}/articles/{article.stem}/", number))
            time.sleep(1)
        return timings
    finally:
        process.terminate()
        process.wait(timeout=60)


def _save_and_poll(article: Path, url: str, number: int) -> float:
    # One word of letters and digits: the French typography of the body leaves it as it is.
    text = f"mesure{number}x{secrets.token_hex(6)}"
    started = time.perf_counter()
    with open(article, "a", encoding="utf-8") as handle:
        handle.write(f"\n{text}\n")
    _until(lambda: text in _body(url), 600, step=0.005)
    return time.perf_counter() - started


def _ready(base: str, process: subprocess.Popen, log: Path) -> bool:
    if process.poll() is not None:
        raise SystemExit(f"l'aperçu s'est arrêté :\n{log.read_text(encoding='utf-8')}")
    try:
        state = json.loads(_body(base + PREVIEW_STATE))
    except (OSError, ValueError):
        return False
    if state["build"] and not state["ok"]:
        raise SystemExit(f"échec de la construction de l'aperçu :\n{log.read_text(encoding='utf-8')}")
    return state["ok"] and state["fast"]["ready"] and not state["building"]


def _body(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8")


def _until(condition, seconds: float, step: float = 0.2) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"l'aperçu n'a pas répondu en {seconds:g} s")
        time.sleep(step)


def preview_line(label: str, timings: list[float], stock_cold: float, goal: str) -> str:
    served = median(timings)
    return f"{label:40} {'':16} {served:10.2f} s {served / stock_cold:8.2f}x  {goal}"


def related(n: int) -> dict | None:
    result = subprocess.run(
        [PYTHON, "-m", "portail.bench.related", "--sizes", str(n), "--json", "--repeat", "1"],
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout) if result.returncode == 0 else None


def report(n: int, r: dict, runs: int) -> list[str]:
    stock_cold = median(r["stock_cold"])
    lines = [f"Corpus de {n} articles, médianes de {runs} mesures alternées :", ""]
    rows = [
        ("Construction à froid", median(r["stock_cold"]), median(r["ours_cold"]), "≤ 0,5"),
        (
            "Reconstruction après une modification",
            median(r["stock_rebuild"]),
            median(r["ours_rebuild"]),
            "≤ 0,25 × froid de base",
        ),
    ]
    lines.append(f"{'':40} {'Pelican de base':>16} {'ce projet':>12} {'rapport':>9}  objectif")
    for label, theirs, mine, goal in rows:
        base = stock_cold if "Reconstruction" in label else theirs
        lines.append(f"{label:40} {theirs:14.2f} s {mine:10.2f} s {mine / base:8.2f}x  {goal}")
    stock_memory, our_memory = median(r["stock_memory"]) / 1024, median(r["ours_memory"]) / 1024
    lines.append(
        f"{'Mémoire maximale (tous processus)':40} {stock_memory:12.0f} Mio {our_memory:8.0f} Mio {our_memory / stock_memory:8.2f}x  ≤ 4"
    )
    lines.append(f"{'Pages HTML écrites':40} {r['stock_pages']:16} {r['ours_pages']:12}")
    if r["search"]:
        lines.append(f"{'dont index de recherche (Pagefind)':40} {'':16} {median(r['search']):10.2f} s")
    if r["search_later"]:
        lines.append(
            f"{'Reconstruction : recherche à jour après':40} {'':16} {median(r['search_later']):10.2f} s  "
            "(en arrière-plan, l'ancien index servi d'ici là)"
        )
    return lines


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="articles du corpus (défaut : 2000)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scaling", type=int, default=0, help="mesure aussi notre construction à N articles")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        results = measure(args.n, args.runs, work)
        lines = report(args.n, results, args.runs)
        print("\n".join(lines), flush=True)
        saved = preview_saves(work / f"content-{args.n}", work)
        label = f"Aperçu : enregistrement → page (méd. {SAVES})"
        print(preview_line(label, saved, median(results["stock_cold"]), "≤ 0,05 × froid de base"), flush=True)
        if args.scaling:
            content = work / f"content-{args.scaling}"
            generate(content, args.scaling)
            big, big_memory = run(ours(content, work / "out-big", work / "cache-big"))
            cold = median(results["ours_cold"])
            print(
                f"\nCroissance : {args.scaling} articles en {big:.2f} s, soit {big / cold:.2f} fois le temps "
                f"à {args.n} (objectif ≤ {5 * args.scaling / 10000 * 2000 / args.n:.1f} pour 10 000 / 2 000) ; "
                f"mémoire maximale {big_memory / 1024:.0f} Mio (objectif ≤ 1 536 Mio à 10 000)."
            )
            stock_big = run(stock(content, work / "out-stock-big", work / "stock_settings.py"))[0]
            saved = preview_saves(content, work)
            label = f"Aperçu à {args.scaling} articles (méd. {SAVES})"
            print(
                f"Pelican de base à froid à {args.scaling} articles : {stock_big:.2f} s (une mesure).\n"
                + preview_line(label, saved, stock_big, "≤ 0,02 × froid de base"),
                flush=True,
            )
        comparison = related(args.n)
        if comparison:
            print("\nArticles liés :", json.dumps(comparison, ensure_ascii=False))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
