# Portail RGPD. Targets and variables follow Pelican's quickstart Makefile.
PY?=$(VENV)/bin/python
PELICAN?=$(VENV)/bin/pelican
PELICANOPTS=

BASEDIR=$(CURDIR)
INPUTDIR=$(BASEDIR)/content
OUTPUTDIR=$(BASEDIR)/output
CONFFILE=$(BASEDIR)/pelicanconf.py
PUBLISHCONF=$(BASEDIR)/publishconf.py
# make preview-site: drafts and scheduled articles, closed to search engines (deploy/preview.md).
PREVIEWDIR=$(BASEDIR)/preview-site
PREVIEWCONF=$(BASEDIR)/previewconf.py
VENV=$(BASEDIR)/.venv
PYTHON3?=python3

DEBUG ?= 0
ifeq ($(DEBUG), 1)
	PELICANOPTS += -D
endif

RELATIVE ?= 0
ifeq ($(RELATIVE), 1)
	PELICANOPTS += --relative-urls
endif

PORT ?= 8000
BIND ?= 127.0.0.1

# The virtual environment is rebuilt when the locked dependencies change: requirements.lock
# pins every package, transitive ones included (make lock writes it from pyproject.toml).
VENV_STAMP=$(VENV)/.installed
LOCK=$(BASEDIR)/requirements.lock
# Same for the npm tools of the quality gates (axe-core, vnu-jar, lighthouse).
NODE_STAMP=$(BASEDIR)/node_modules/.installed

help:
	@echo 'Makefile du portail RGPD'
	@echo ''
	@echo 'Usage :'
	@echo '   make html        (re)construit le site dans $(OUTPUTDIR) (crée .venv au besoin)'
	@echo '   make test        lance les tests (installe au besoin chromium et Java, en root)'
	@echo '   make test-fast   les tests sans navigateur ; make test-browser : ceux du navigateur'
	@echo '   make lint        vérifie le style du code (ruff)'
	@echo '   make lock        régénère requirements.lock depuis pyproject.toml'
	@echo '   make clean       supprime le site construit'
	@echo '   make regenerate  reconstruit à chaque modification'
	@echo '   make serve [PORT=8000]  sert le site construit'
	@echo '   make devserver [PORT=8000]  sert et reconstruit à chaque modification'
	@echo '   make cms [PORT=8000]  l’aperçu et le CMS : écrire dans le navigateur (http://127.0.0.1:8000/admin/)'
	@echo '   make publish     construit le site avec les réglages de publication'
	@echo '   make preview-site  aperçu partageable (brouillons, articles programmés, noindex) dans $(PREVIEWDIR)'
	@echo '   make check       vérifie le contenu sans construire le site'
	@echo '   make bench [N=2000] [SCALING=10000]  mesure la construction face à Pelican de base'
	@echo '   make new         crée un article à compléter (brouillon), en posant les questions'
	@echo '   make schema      régénère schema/front-matter.schema.json (complétion dans l’éditeur)'
	@echo '   make import FILE=sanctions.csv [DRY_RUN=1]  crée un brouillon par décision nouvelle du CSV'
	@echo '   make audit       mesure le site avec Lighthouse (accueil, article, sanctions)'
	@echo '   make bench-related  mesure « À lire aussi » face à related_posts (qualité et temps)'
	@echo '   make bench-stats    mesure scripts/sanction_stats.py sur 10 000 décisions générées'
	@echo ''
	@echo 'INPUTDIR=dossier et OUTPUTDIR=dossier choisissent les dossiers de contenu et de sortie.'

# Installs Debian packages with apt-get when run as root; otherwise prints the exact command and
# stops, before anything slow has run. $(1): the packages; $(2): what they are for.
define apt_install
	if [ "$$(id -u)" = 0 ]; then \
		export DEBIAN_FRONTEND=noninteractive; apt-get update -q && apt-get install -y -q $(1); \
	else \
		echo "$(2) Lancez :" >&2; \
		echo "    sudo apt-get update && sudo apt-get install -y $(1)" >&2; \
		echo "puis relancez la commande make." >&2; exit 1; \
	fi
endef

# Debian's python3 leaves ensurepip out (package python3-venv): without it `python3 -m venv`
# fails halfway and leaves a .venv without pip.
python-venv:
	@if $(PYTHON3) -c 'import ensurepip' 2>/dev/null; then exit 0; fi; \
	$(call apt_install,python3-venv,Python a besoin du module ensurepip (paquet python3-venv) pour créer .venv.)

$(VENV_STAMP): pyproject.toml $(LOCK) | python-venv
	test -x $(VENV)/bin/python || $(PYTHON3) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --no-deps -r $(LOCK)
	$(VENV)/bin/python -m pip install --quiet --no-deps -e .
	$(VENV)/bin/python -m pip check
	touch $@

venv: $(VENV_STAMP)

# Debian bookworm's npm (9.2) cannot read package.json's override of a dependency asked as
# "latest" (Invalid comparator: latest) and npm ci stops; an npm older than 10 runs npm 10 from
# the registry for this one command.
NPM_PINNED=npm@10.9.4
NPM=$(shell npm --version 2>/dev/null | awk -F. '$$1 < 10 {print "npx --yes $(NPM_PINNED)"}')

# Install scripts are skipped: vnu-jar's only fetches a Java runtime, the system's is used.
$(NODE_STAMP): package.json package-lock.json
	$(or $(NPM),npm) ci --ignore-scripts --no-audit --no-fund
	touch $@

node: $(NODE_STAMP)

html: $(VENV_STAMP)
	$(PY) scripts/build.py "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS)

# What scripts/build.py keeps beside the output folder: the site before last (rewritten in place
# by the next build), an unfinished staging folder, the content cache, the lock, and the search
# index being made in the background (portail.commands.search_index).
siblings = $(foreach kind,previous staging cache lock recherche recherche-ancienne,$(dir $(abspath $(1))).$(notdir $(abspath $(1))).$(kind))
OUTPUT_SIBLINGS = $(call siblings,$(OUTPUTDIR)) $(call siblings,$(PREVIEWDIR))

clean:
	rm -rf "$(OUTPUTDIR)" "$(PREVIEWDIR)" $(foreach folder,$(OUTPUT_SIBLINGS),"$(folder)")

regenerate: $(VENV_STAMP)
	"$(PELICAN)" -r "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS)

serve: $(VENV_STAMP)
	"$(PELICAN)" -l "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS) -p $(PORT) -b $(BIND)

devserver: $(VENV_STAMP)
	$(PY) scripts/devserver.py "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" --port $(PORT) --bind $(BIND)

# The preview plus Decap CMS (docs/cms.md): its local backend and /admin/, all on 127.0.0.1 only.
cms: $(VENV_STAMP) $(NODE_STAMP)
	$(PY) -m portail.commands.cms serve --content "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" --port $(PORT)

publish: $(VENV_STAMP)
	$(PY) scripts/build.py "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(PUBLISHCONF)" $(PELICANOPTS)

# The shareable preview, at PORTAIL_PREVIEW_SITEURL, to serve behind access control only.
preview-site: $(VENV_STAMP)
	$(PY) scripts/build.py "$(INPUTDIR)" -o "$(PREVIEWDIR)" -s "$(PREVIEWCONF)" $(PELICANOPTS)

# What the browser tests need of the system: Debian's chromium, a Java runtime for the HTML
# validator, and libatomic1 for the Node that Playwright ships (a minimal Debian lacks it).
# Installed with apt-get when run as root; otherwise the exact command is printed.
SYSTEM_PACKAGES=chromium default-jre-headless libatomic1
system:
	@installed=$$(dpkg-query -W -f='$${Status}\n' $(SYSTEM_PACKAGES) 2>/dev/null | grep -c ' installed$$'); \
	if [ "$$installed" = $(words $(SYSTEM_PACKAGES)) ]; then exit 0; fi; \
	$(call apt_install,$(SYSTEM_PACKAGES),Les tests du navigateur ont besoin de paquets Debian (chromium et Java pour le validateur HTML).)

# Style first (seconds), then every test; test-fast leaves the browser out, test-browser runs it alone.
lint: $(VENV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: system $(VENV_STAMP) $(NODE_STAMP) lint
	$(PY) -m pytest

test-fast: $(VENV_STAMP)
	$(PY) -m pytest -m "not browser"

test-browser: system $(VENV_STAMP) $(NODE_STAMP)
	$(PY) -m pytest -m browser

# Writes requirements.lock from pyproject.toml (run after changing a dependency there).
lock: $(VENV_STAMP)
	$(VENV)/bin/python -m pip install --quiet uv==0.13.9
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --python-version 3.11 --no-header \
		--annotation-style line -o $(LOCK)

# Build benchmark against stock Pelican (N articles, default 2000; SCALING=10000 for growth).
bench: $(VENV_STAMP)
	$(PY) scripts/bench.py -n $(or $(N),2000) $(if $(SCALING),--scaling $(SCALING))

# Checks every article, page and reference file without building (FORMAT=json for tools).
check: $(VENV_STAMP)
	$(PY) scripts/check_content.py --content "$(INPUTDIR)" --format $(or $(FORMAT),text)

# Editors' tools: a new article to fill in, the JSON Schema of the front matter (run again
# after changing content/data/), one draft per new decision of a CSV.
new: $(VENV_STAMP)
	$(PY) scripts/new_article.py --content "$(INPUTDIR)"

schema: $(VENV_STAMP)
	$(PY) scripts/front_matter_schema.py

import: $(VENV_STAMP)
	@test -n "$(FILE)" || { echo 'Indiquez le fichier : make import FILE=chemin/sanctions.csv' >&2; exit 2; }
	$(PY) scripts/import_sanctions.py "$(FILE)" --content "$(INPUTDIR)" $(if $(DRY_RUN),--dry-run)

# « À lire aussi »: hit rate on the labelled corpus and time at 1,000, 5,000 and 10,000 generated
# articles, beside stock related_posts (a few minutes; SIZES="1000 2000" for a shorter run).
bench-related: $(VENV_STAMP)
	$(PY) scripts/bench_related.py $(if $(SIZES),--sizes $(SIZES))

bench-stats: $(VENV_STAMP)
	$(PY) scripts/bench_stats.py

# Builds the content with the publication settings in a temporary folder (absolute addresses),
# serves it with the headers of deploy/_headers and prints Lighthouse's four scores.
audit: system $(VENV_STAMP) $(NODE_STAMP)
	$(PY) scripts/audit.py "$(INPUTDIR)"

.PHONY: help python-venv venv node system lint test-fast test-browser lock html clean regenerate serve devserver cms publish preview-site test check new schema import audit bench bench-related bench-stats
