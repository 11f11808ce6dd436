# The two commands a newcomer needs: `make html` and `make test`.
# The first run creates .venv and installs the project and its dependencies.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORTAL := $(BIN)/portal
STAMP := $(VENV)/.installed

.PHONY: html publish serve status test extract update check clean

NODE_STAMP := node_modules/.installed

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# lunr.js (search), axe-core and the Nu Html Checker (tests), pinned in package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

html: $(STAMP) $(NODE_STAMP)  ## build every language edition into output/
	$(PORTAL) build

publish: $(STAMP) $(NODE_STAMP)  ## build with publishconf.py (absolute URLs) into output/
	$(PORTAL) --settings publishconf.py build

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

test: $(STAMP) $(NODE_STAMP)  ## the whole test suite
	$(BIN)/python -m pytest

clean:
	rm -rf output .output.* .output-cache .pytest_cache artifacts
