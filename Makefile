# FVO Kiosk — developer and CI entry points. `make run` and `make test` work on a fresh
# Debian 12 machine as root (they install what is missing) and on a developer desktop.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
LOCK   := requirements.lock
LOCK_VENV := build/lock-tools
LOCK_TOOL := $(LOCK_VENV)/bin/uv
# The demo station of `make run` lives in the checkout, never in the user's real data dir.
DEMO_DIR ?= demo-data
PYTEST_ARGS ?=

.PHONY: run test bench lint screenshots system-deps clean-demo lock

system-deps:
	@sh scripts/install-system-deps.sh

# Every dependency, dev tools included, comes from the hashed lock; the project itself is
# installed without resolving anything. `pip check` catches a lock older than pyproject.toml.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q --require-hashes -r $(LOCK)
	$(BIN)/pip install -q --no-deps -e .
	@$(BIN)/pip check >/dev/null || { $(BIN)/pip check; \
		echo "$(LOCK) does not match pyproject.toml: run 'make lock'" >&2; exit 1; }
	@touch $@

# Regenerate $(LOCK) from pyproject.toml (all extras' pins with their hashes, for every
# platform the kiosk ships on). Keeps existing pins where they still fit; UPGRADE=1 lifts
# every pin to the newest allowed release. uv lives in its own small venv under build/.
lock: $(LOCK_TOOL)
	$(LOCK_TOOL) pip compile --quiet --universal --python-version 3.11 --generate-hashes \
		--extra dev --custom-compile-command "make lock" $(if $(UPGRADE),--upgrade) \
		-o $(LOCK) pyproject.toml

$(LOCK_TOOL):
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install -q "uv>=0.5"

venv: system-deps $(STAMP)
venv: i18n-compile  # the compiled translation catalogs (see "Translations" below)

run: venv
	@sh scripts/run-demo.sh "$(BIN)" "$(DEMO_DIR)"

# The suite runs headless (Qt offscreen) in a private D-Bus session with its own throwaway
# gnome-keyring, so the key tests talk to a real Secret Service and never touch yours.
test: venv
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	QT_QPA_PLATFORM=offscreen sh scripts/with-session-keyring.sh "$$tmp/keyring" test -- \
		$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: venv
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	QT_QPA_PLATFORM=offscreen sh scripts/with-session-keyring.sh "$$tmp/keyring" test -- \
		sh -c '$(BIN)/python -m pytest tests/benchmarks -s -q -p no:randomly && \
		       $(BIN)/python -m ui.startup_benchmark --runs 15'

lint: venv
	$(BIN)/ruff check kiosk ui tests
	$(BIN)/mypy
	$(BIN)/lint-imports

screenshots: venv
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	sh scripts/with-session-keyring.sh "$$tmp/keyring" test -- \
		xvfb-run -a -s "-screen 0 1280x800x24" $(BIN)/python -m ui.screenshots docs/screenshots

clean-demo:
	rm -rf $(DEMO_DIR)

# Translations: one gettext catalog per language, resources/locale/<lang>/LC_MESSAGES/kiosk.po
# (msgid = key such as family.sign_button). Extract the keys the code uses into kiosk.pot,
# merge it into every .po (new keys arrive untranslated; the catalog test then fails until
# each language has its text), compile the .mo files the kiosk reads (never committed).
.PHONY: i18n-extract i18n-update i18n-compile
LOCALE_DIR := resources/locale
PO_FILES   := $(wildcard $(LOCALE_DIR)/*/LC_MESSAGES/kiosk.po)
MO_FILES   := $(PO_FILES:.po=.mo)
PYBABEL     = PYTHONPATH=. $(BIN)/pybabel

i18n-extract: | $(STAMP)
	$(PYBABEL) extract -F babel.cfg --no-location --sort-output --project "FVO Kiosk" \
		--copyright-holder "FVO Kiosk" -o $(LOCALE_DIR)/kiosk.pot .

i18n-update: i18n-extract
	$(PYBABEL) update -D kiosk -i $(LOCALE_DIR)/kiosk.pot -d $(LOCALE_DIR) \
		--no-fuzzy-matching --ignore-obsolete

i18n-compile: $(MO_FILES)

$(LOCALE_DIR)/%/LC_MESSAGES/kiosk.mo: $(LOCALE_DIR)/%/LC_MESSAGES/kiosk.po | $(STAMP)
	$(PYBABEL) compile -D kiosk -l $* -i $< -o $@

# Packages (installer/): `make dist` builds the one-folder bundle, the signed .deb, its
# debsig policy and a signed apt repository into $(DIST_DIR) and prints sizes and build time
# (keys: see installer/build-dist). `make test-dist` builds them and runs tests/dist on them
# (install with dpkg and apt into temp roots, signature checks, the MSI); about 2-3 minutes.
.PHONY: dist dist-deps test-dist
DIST_DIR ?= dist

dist-deps:
	@sh scripts/install-dist-deps.sh

dist: venv dist-deps
	@PYTHON=$(BIN)/python DIST_DIR=$(DIST_DIR) sh installer/build-dist

test-dist: dist
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	FVO_DIST_DIR=$(abspath $(DIST_DIR)) QT_QPA_PLATFORM=offscreen \
	sh scripts/with-session-keyring.sh "$$tmp/keyring" test -- \
		$(BIN)/python -m pytest tests/dist -m dist -p no:randomly $(PYTEST_ARGS)
