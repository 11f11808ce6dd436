# The two commands a newcomer needs: `make html` and `make test`.
# The first run installs the Debian packages it needs (scripts/system-packages.sh: as root with
# apt-get, or it names the command to run), creates .venv with the exact Python packages of
# constraints.txt, and installs the npm packages of package-lock.json.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORTAL := $(BIN)/portal
STAMP := $(VENV)/.installed
CONSTRAINTS := constraints.txt
SYSTEM_PACKAGES := PYTHON=$(PYTHON) bash scripts/system-packages.sh

.PHONY: html publish merge serve status test test-system extract update check clean lock

# A shard (README, "Building in shards"): make html LANGUAGES=ko,en [OUTPUT=shards/ko-en]
comma := ,
SHARD_ARGS = $(if $(LANGUAGES),--languages $(LANGUAGES) --output $(or $(OUTPUT),shards/$(subst $(comma),-,$(LANGUAGES))),$(if $(OUTPUT),--output $(OUTPUT)))

NODE_STAMP := node_modules/.installed

$(STAMP): pyproject.toml $(CONSTRAINTS)
	@$(SYSTEM_PACKAGES) build
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) --upgrade pip
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e '.[test]'
	touch $(STAMP)

# lunr.js (search), axe-core and the Nu Html Checker (tests), pinned in package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	@$(SYSTEM_PACKAGES) build
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

html: $(STAMP) $(NODE_STAMP)  ## build every language edition into output/
	$(PORTAL) build $(SHARD_ARGS)

publish: $(STAMP) $(NODE_STAMP)  ## build with publishconf.py (absolute URLs) into output/
	$(PORTAL) --settings publishconf.py build $(SHARD_ARGS)

merge: $(STAMP) $(NODE_STAMP)  ## join shards into output/: make merge [SHARDS="shards/a shards/b"] [SETTINGS=publishconf.py]
	$(PORTAL) --settings $(or $(SETTINGS),pelicanconf.py) merge $(or $(SHARDS),$(wildcard shards/*)) $(if $(OUTPUT),--output $(OUTPUT))

serve: $(STAMP) $(NODE_STAMP)  ## live preview on http://localhost:8000, rebuilt on every change
	$(PORTAL) serve

status: $(STAMP)  ## translation status per language
	$(PORTAL) status

extract: $(STAMP)  ## content and theme -> translation templates (POT)
	$(PORTAL) extract

update: extract  ## merge templates into every language's catalogs
	$(PORTAL) update

check: $(STAMP)  ## report every problem in content and catalogs
	$(PORTAL) check

test: test-system $(STAMP) $(NODE_STAMP)  ## the whole test suite
	$(BIN)/python -m pytest

test-system:  # Chromium, fonts, gettext, Java (and what installing needs), before anything else
	@$(SYSTEM_PACKAGES) test

lock:  ## write constraints.txt again from a fresh venv with Debian's Python (after changing pyproject.toml)
	bash scripts/lock-python.sh

clean:
	rm -rf output .output.* .output-cache .output-cache.* .pytest_cache artifacts shards
