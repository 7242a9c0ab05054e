"""The CMS configuration (admin/config.yml) follows the schema and the reference data, and what
the CMS writes passes `make check` and builds."""

from __future__ import annotations

import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import urllib.request
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from portail.commands import settings as site_settings
from portail.model.reference import load_reference
from portail.model.schema import ArticleMeta, Image, PageMeta, Sanction
from test_devserver import fetch, free_port, wait_for

from sitebuild import ROOT, SEED_CONTENT, run_build

SETTINGS = site_settings.load(site_settings.DEFAULT_SETTINGS, SEED_CONTENT)
REFERENCE = load_reference(SEED_CONTENT / "data", SEED_CONTENT)


def write_config(content: Path, output: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "portail.commands.cms", "--content", str(content), "-o", str(output)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    """The configuration the command writes for the seed site, read back as the CMS reads it."""
    output = tmp_path_factory.mktemp("cms")
    result = write_config(SEED_CONTENT, output)
    assert result.returncode == 0, result.stderr
    return yaml.safe_load((output / "admin" / "config.yml").read_text(encoding="utf-8"))


def collection(config, name):
    return next(c for c in config["collections"] if c["name"] == name)


def by_name(fields):
    return {field["name"]: field for field in fields}


def options(field):
    return {option["value"]: option["label"] for option in field["options"]}


def rubriques(config):
    return [c for c in config["collections"] if c.get("create") and c["name"] != "pages"]


def test_one_collection_per_rubrique_in_its_folder(config):
    folders = {c["label"]: c["folder"] for c in rubriques(config)}
    assert list(folders) == SETTINGS["PORTAIL_CATEGORIES"]
    assert folders["Sanctions en Europe"] == "content/articles/sanctions-europe"
    assert folders["Amendes CNIL"] == "content/articles/amendes-cnil"
    for rubrique in rubriques(config):
        assert rubrique["format"] == "yaml-frontmatter" and rubrique["extension"] == "md"
        assert rubrique["slug"] == "{{slug}}"  # the file name is the slug
        category = by_name(rubrique["fields"])["category"]
        assert category["widget"] == "select" and category["default"] == rubrique["label"]
        assert list(options(category)) == SETTINGS["PORTAIL_CATEGORIES"]
    assert collection(config, "pages")["folder"] == "content/pages"
    assert config["media_folder"] == "content/images" and config["public_folder"] == "images"
    assert config["locale"] == "fr"
    assert config["backend"]["proxy_url"].startswith("http://127.0.0.1:")


def test_every_reference_id_is_a_choice_with_its_french_label(config):
    for rubrique in rubriques(config):
        fields = by_name(rubrique["fields"])
        sanction = by_name(fields["sanctions"]["fields"])
        authorities = options(sanction["authority"])
        assert set(authorities) == set(REFERENCE.authorities)
        for key, authority in REFERENCE.authorities.items():
            assert authority.short in authorities[key] and authority.name in authorities[key]
            assert authority.country_label in authorities[key]
        assert authorities["cnil"].startswith("CNIL — ")
        assert options(sanction["breaches"]) == {key: b.label for key, b in REFERENCE.breaches.items()}
        assert sanction["breaches"]["multiple"] is True
        assert options(sanction["sector"]) == {key: s.label for key, s in REFERENCE.sectors.items()}
        assert options(fields["sectors"]) == {key: s.label for key, s in REFERENCE.sectors.items()}
        assert options(fields["authors"]) == {key: p.name for key, p in REFERENCE.authors.items()}
        assert fields["authors"]["default"] == SETTINGS["PORTAIL_DEFAULT_AUTHORS"]
        articles = options(sanction["articles"])
        assert articles["32"] == "article 32 : Sécurité des données insuffisante"
        assert articles["99"] == "article 99"
        cited = {article for breach in REFERENCE.breaches.values() for article in breach.articles}
        assert cited <= set(articles)
        assert fields["status"]["default"] == "draft" and set(options(fields["status"])) == {"published", "draft"}


def test_widgets_of_the_content_model(config):
    fields = by_name(collection(config, "amendes-cnil")["fields"])
    assert fields["sanctions"]["widget"] == "list" and fields["sanctions"]["fields"]
    assert fields["date"]["widget"] == "datetime" and fields["date"]["format"] == "YYYY-MM-DD HH:mm"
    sanction = by_name(fields["sanctions"]["fields"])
    assert sanction["decision_date"]["widget"] == "datetime" and sanction["decision_date"]["format"] == "YYYY-MM-DD"
    assert sanction["amount"] == {**sanction["amount"], "widget": "number", "value_type": "int", "min": 0}
    # The featured image: an object widget validated only once filled in (cms/widgets.js).
    assert fields["image"]["widget"] == "image_principale" and fields["image"]["required"] is False
    image = by_name(fields["image"]["fields"])
    assert image["file"]["widget"] == "image" and image["alt"]["required"] is True
    assert fields["sanctions"]["default"] == []  # a new article starts without a decision
    assert fields["tags"]["widget"] == "list" and fields["tags"]["min"] == 1
    related = fields["related"]
    assert related["widget"] == "relation" and related["multiple"] is True
    target = collection(config, related["collection"])
    assert target["folder"] == "content/articles" and target["nested"]["depth"] >= 1
    assert list(fields)[-1] == "body" and fields["body"]["widget"] == "markdown"


@pytest.mark.parametrize(
    ("model", "required"),
    [
        (ArticleMeta, {"title", "summary", "date", "category", "tags"}),
        (Sanction, {"authority", "organisation", "decision_date", "amount", "breaches", "sector"}),
        (Image, {"file", "alt"}),
        (PageMeta, {"title", "summary"}),
    ],
)
def test_required_in_the_schema_is_required_in_the_form(config, model, required):
    assert set(model.model_json_schema()["required"]) == required  # the schema this test was written for
    article = by_name(collection(config, "amendes-cnil")["fields"])
    forms = {
        ArticleMeta: article,
        Sanction: by_name(article["sanctions"]["fields"]),
        Image: by_name(article["image"]["fields"]),
        PageMeta: by_name(collection(config, "pages")["fields"]),
    }
    form = forms[model]
    # Every field of the model is in the form (the slug is the file name), required as in the schema.
    assert set(model.model_fields) - {"slug"} <= set(form)
    for name in set(model.model_fields) - {"slug"}:
        assert form[name]["required"] is (name in required), name


def patterns(node):
    """Every [regex, message] pattern of the configuration, with its field's name."""
    if isinstance(node, dict):
        if "pattern" in node and "widget" in node:
            yield node["name"], node["pattern"]
        for value in node.values():
            yield from patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from patterns(value)


def test_patterns_of_the_schema_are_in_the_form(config):
    found = dict(patterns(collection(config, "amendes-cnil")))
    page = dict(patterns(collection(config, "pages")))

    def accepts(pattern, text):
        return re.search(pattern[0], text) is not None

    assert accepts(found["id"], "cnil-2024-acme") and not accepts(found["id"], "CNIL 2024")
    # Decap tests a file's pattern on its name alone (its media library sets the folder).
    assert accepts(found["file"], "piles-amendes.png") and accepts(found["file"], "Photo_2.JPG")
    assert not accepts(found["file"], "é t é.png") and not accepts(found["file"], "schema.svg")
    assert accepts(found["lang"], "fr") and not accepts(found["lang"], "FR")
    assert accepts(found["source"], "https://www.cnil.fr/fr/sanction") and not accepts(found["source"], "www.cnil.fr")
    assert not accepts(found["title"], "x" * 201) and not accepts(found["title"], "deux\nlignes")
    assert accepts(page["save_as"], "404.html") and not accepts(page["save_as"], "../404.html")
    assert accepts(page["template"], "page") and not accepts(page["template"], "Page.html")
    for name, (_, message) in found.items():
        assert " " in message and "pattern" not in message, (name, message)  # words for the editor


def test_patterns_compile_as_javascript_regexps(config):
    """Decap builds a JavaScript RegExp from each pattern: Node must accept every one."""
    regexes = sorted({regex for _, (regex, _) in patterns(config)})
    script = "const r = JSON.parse(require('fs').readFileSync(0, 'utf8')); for (const p of r) new RegExp(p);"
    result = subprocess.run(["node", "-e", script], input=json.dumps(regexes), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_index_loads_the_cms_from_its_own_folder(tmp_path):
    result = write_config(SEED_CONTENT, tmp_path)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<script src="decap-cms.js"></script>' in html
    assert '<script src="widgets.js"></script>' in html and (tmp_path / "admin" / "widgets.js").is_file()
    assert 'href="config.yml"' in html
    assert "http://" not in html and "https://" not in html  # nothing from a CDN


def test_invalid_reference_data_gives_french_problems_and_no_config(tmp_path):
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    shutil.copytree(SEED_CONTENT / "data", content / "data")
    (content / "data" / "sectors.yaml").write_text("Santé:\n  label: Santé\n", encoding="utf-8")
    result = write_config(content, tmp_path / "out")
    assert result.returncode == 1
    assert "sectors.yaml:1:" in result.stderr and "identifiant invalide" in result.stderr
    assert "configuration du CMS non écrite" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "admin" / "config.yml").exists()


# --- What the CMS writes ------------------------------------------------------------------------

# dayjs tokens of the date pickers, as strftime.
DAYJS = {"YYYY": "%Y", "MM": "%m", "DD": "%d", "HH": "%H", "mm": "%M"}


def picked(field, when):
    """A date as the datetime widget writes it: a string in the field's format."""
    return when.strftime(re.sub("YYYY|MM|DD|HH|mm", lambda m: DAYJS[m.group()], field["format"]))


def choice(field, value):
    assert value in options(field), (field["name"], value)  # the widget offers only its options
    return value


def front_matter(fields, values):
    """The entry as the widgets produce it: one value per field the form has, by the field's name.

    ``values`` gives, by field name, what the editor types or picks; a required field left out
    makes the test fail, as the form would refuse to save.
    """
    entry = {}
    for field in fields:
        name = field["name"]
        if name == "body" or name not in values:
            assert not field["required"] or name == "body", f"champ obligatoire non rempli : {name}"
            continue
        value = values[name]
        widget = field["widget"]
        if widget == "datetime":
            value = picked(field, value)
        elif widget == "select":
            value = [choice(field, v) for v in value] if field.get("multiple") else choice(field, value)
        elif widget == "image":  # Decap tests the pattern on the name, then writes the path
            assert re.search(field["pattern"][0], value), (name, value)
            value = f"{field.get('public_folder', 'images')}/{value}"
        elif widget in ("object", "image_principale"):
            value = front_matter(field["fields"], value)
        elif widget == "list" and "fields" in field:
            value = [front_matter(field["fields"], item) for item in value]
        if "pattern" in field and widget != "image":
            assert re.search(field["pattern"][0], value), (name, value)
        entry[name] = value
    return entry


def cms_file(entry, body):
    """yaml-frontmatter: the YAML between two `---` lines, then the body."""
    return "---\n" + yaml.safe_dump(entry, allow_unicode=True, sort_keys=False) + "---\n\n" + body + "\n"


def test_an_article_saved_by_the_cms_passes_make_check_and_builds(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SEED_CONTENT / "data", content / "data")
    (content / "images").mkdir()
    shutil.copy(SEED_CONTENT / "images" / "piles-amendes.png", content / "images" / "amende-acme.png")
    result = write_config(content, tmp_path / "cms")
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load((tmp_path / "cms" / "admin" / "config.yml").read_text(encoding="utf-8"))
    rubrique = collection(config, "amendes-cnil")
    fields = rubrique["fields"]
    folder = tmp_path / rubrique["folder"]  # relative to the folder decap-server serves
    folder.mkdir(parents=True)

    first = front_matter(
        fields,
        {
            "title": "Acme : 150 000 euros pour des cookies déposés sans consentement",
            "summary": "La CNIL sanctionne Acme pour des cookies publicitaires déposés sans accord.",
            "date": datetime(2024, 5, 2, 10, 30),
            "category": "Amendes CNIL",
            "tags": ["cookies", "consentement"],
            "authors": ["claire-martin"],
            "sectors": ["telecoms-medias"],
            "status": "published",
            "image": {"file": "amende-acme.png", "alt": "Une pile de pièces et un marteau de juge"},
            "sanctions": [
                {
                    "authority": "cnil",
                    "organisation": "Acme SAS",
                    "decision_date": date(2024, 4, 25),
                    "reference": "SAN-2024-099",
                    "amount": 150000,
                    "currency": "EUR",
                    "breaches": ["cookies", "base-legale"],
                    "articles": ["6", "32"],
                    "sector": "telecoms-medias",
                    "status": "final",
                    "source": "https://www.cnil.fr/fr/deliberation-san-2024-099",
                }
            ],
        },
    )
    (folder / "acme-150-000-euros-cookies.md").write_text(
        cms_file(first, "La CNIL a sanctionné **Acme** pour des cookies."), encoding="utf-8"
    )
    second = front_matter(
        fields,
        {
            "title": "Cookies : ce que retenir de la sanction d'Acme",
            "summary": "Les leçons de la décision Acme pour les sites qui déposent des cookies.",
            "date": datetime(2024, 5, 3, 8, 0),
            "category": "Amendes CNIL",
            "tags": ["cookies"],
            "status": "published",
            "related": ["acme-150-000-euros-cookies"],  # the relation stores the other file's name
        },
    )
    (folder / "cookies-lecons-acme.md").write_text(cms_file(second, "Trois leçons."), encoding="utf-8")

    check = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_content.py"), "--content", str(content)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    build = run_build(content, tmp_path / "output")
    assert build.returncode == 0, build.stdout + build.stderr
    page = build.page("articles/acme-150-000-euros-cookies")
    assert "Acme" in page.find("h1").get_text()
    assert page.find("img", alt="Une pile de pièces et un marteau de juge") is not None
    assert "acme-150-000-euros-cookies" in str(build.page("articles/cookies-lecons-acme"))


# --- make cms: the preview, the CMS's local backend and /admin/ together -----------------------

BACKEND = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"


def minimal_content(tmp_path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(SEED_CONTENT / "data", content / "data")
    folder = content / "articles" / "amendes-cnil"
    folder.mkdir(parents=True)
    entry = {
        "title": "Un premier article",
        "date": "2024-05-01",
        "category": "Amendes CNIL",
        "tags": ["cookies"],
        "summary": "Le premier article du site.",
    }
    (folder / "premier-article.md").write_text(cms_file(entry, "Texte."), encoding="utf-8")
    return content


def test_a_publish_build_has_no_admin(tmp_path):
    content = minimal_content(tmp_path)
    published = run_build(content, tmp_path / "publie", ROOT / "publishconf.py")
    assert published.returncode == 0, published.stdout + published.stderr
    assert (tmp_path / "publie" / "articles" / "premier-article" / "index.html").is_file()
    assert not (tmp_path / "publie" / "admin").exists()


def post(url: str, body: dict) -> dict:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read().decode("utf-8"))


def refused(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


# make test installs the npm tools first (make node), so this runs there; make test-fast does not install them.
@pytest.mark.skipif(not BACKEND.is_file(), reason="decap-server absent de node_modules/ : make node")
def test_make_cms_serves_admin_saves_through_the_backend_and_stops_everything_on_ctrl_c(tmp_path):
    content = minimal_content(tmp_path)
    output = tmp_path / "output"
    port, backend_port = free_port(), free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "portail.commands.cms", "serve", "--content", str(content), "-o", str(output)]
        + ["--port", str(port), "--backend-port", str(backend_port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        admin = f"http://127.0.0.1:{port}/admin/"  # on the preview's own address
        status, page, _ = wait_for(lambda: (r := fetch(admin)) and r[0] == 200 and r)
        assert '<script src="decap-cms.js"></script>' in page
        assert fetch(admin + "decap-cms.js")[0] == 200  # copied from node_modules, no CDN
        config = yaml.safe_load(fetch(admin + "config.yml")[1])
        api = config["backend"]["proxy_url"]
        assert api == f"http://127.0.0.1:{backend_port}/api/v1"
        wait_for(lambda: fetch(f"http://127.0.0.1:{port}/articles/premier-article/")[0] == 200)

        # A save, as the CMS sends it to decap-server: the file lands in content/.
        rubrique = collection(config, "amendes-cnil")
        entry = front_matter(
            rubrique["fields"],
            {
                "title": "Enregistré depuis le CMS",
                "summary": "Un article écrit dans le navigateur.",
                "date": datetime(2024, 5, 2, 10, 30),
                "category": "Amendes CNIL",
                "tags": ["cookies"],
                "status": "published",
            },
        )
        path = f"{rubrique['folder']}/enregistre-depuis-le-cms.md"
        post(
            api,
            {
                "action": "persistEntry",
                "params": {
                    "branch": "main",
                    "dataFiles": [{"slug": "enregistre-depuis-le-cms", "path": path, "raw": cms_file(entry, "Texte.")}],
                    "assets": [],
                    # What decap-cms sends in the simple publish mode (its initial workflow status).
                    "options": {
                        "collectionName": "amendes-cnil",
                        "commitMessage": "Création",
                        "useWorkflow": False,
                        "status": "draft",
                    },
                },
            },
        )
        assert (tmp_path / path).is_file()
        article = f"http://127.0.0.1:{port}/articles/enregistre-depuis-le-cms/"
        status, page, _ = wait_for(lambda: (r := fetch(article)) and r[0] == 200 and r)
        assert "Enregistré depuis le CMS" in page
        assert not (output / "admin").exists()  # /admin/ is never in the built site

        # A broken save: every page shows the French report, and /admin/ stays there to fix it.
        (tmp_path / path).write_text("---\ntitle: Sans le reste\n---\n", encoding="utf-8")
        wait_for(lambda: fetch(article)[0] == 500)
        assert fetch(admin)[0] == 200 and fetch(admin + "config.yml")[0] == 200
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl+C
        log, _ = process.communicate(timeout=60)
    assert process.returncode == 0, log
    assert "Traceback" not in log
    assert all(refused(p) for p in (port, backend_port)), log


# make test installs the npm tools first (make node), so this runs there; make test-fast does not install them.
@pytest.mark.skipif(not BACKEND.is_file(), reason="decap-server absent de node_modules/ : make node")
def test_when_the_backend_cannot_start_everything_stops_with_a_french_message(tmp_path):
    content = minimal_content(tmp_path)
    port = free_port()
    with socket.socket() as busy:  # the backend's port is taken: decap-server stops at once
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = subprocess.run(
            [sys.executable, "-m", "portail.commands.cms", "serve", "--content", str(content)]
            + ["-o", str(tmp_path / "output"), "--port", str(port)]
            + ["--backend-port", str(busy.getsockname()[1])],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "decap-server s'est arrêté" in result.stderr and "tout est arrêté" in result.stderr
    assert refused(port)
