# Two commands a person needs: `make site` and `make test`. Each sets up what it needs first.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
SITE_GEN := $(VENV)/bin/site-gen
CLAUDE := node_modules/.bin/claude
CHROMIUM := /usr/bin/chromium
GH := /usr/bin/gh

.PHONY: site serve test check lint bench clean setup properties

site: $(VENV)/.installed ## Regenerate the marketplace, then build the site into site/
	$(SITE_GEN) marketplace
	$(SITE_GEN) build

serve: $(VENV)/.installed ## Rebuild on change and serve with live reload
	$(SITE_GEN) serve

check: $(VENV)/.installed ## Validate every plugin, strictly (what PRs run)
	$(SITE_GEN) check --strict

CLIENT = $(wildcard plugins/tooling/skills-registry/scripts/*.py)

test: setup ## Set everything up, then run every test
	$(VENV)/bin/ruff check site_gen tests benchmarks
	$(VENV)/bin/ruff format --check site_gen tests benchmarks
	$(VENV)/bin/ruff check $(CLIENT) && $(VENV)/bin/ruff format --check $(CLIENT)
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest

bench: $(VENV)/.installed $(CHROMIUM) ## Measure build, check, search and lookup at 100, 1,000 (and BENCH_LARGE=1: 5,000) skills
	$(PY) -m benchmarks.run

properties: $(VENV)/.installed ## Long run of the property tests (parser, and whole builds through MkDocs), then time the parser
	HYPOTHESIS_PROFILE=long $(VENV)/bin/pytest tests/test_markdown_properties.py tests/test_render_properties.py -q
	$(PY) -m benchmarks.generate --n 1000 --seed 0 benchmarks/out/registry-1000 > /dev/null
	$(PY) -m benchmarks.parse_speed plugins benchmarks/out/registry-1000

setup: $(VENV)/.installed $(CLAUDE) $(CHROMIUM) $(GH)

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

$(CLAUDE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(CHROMIUM):
	# Debian's chromium: Playwright drives it; its own browser download cannot work offline.
	if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; fi

$(GH):
	# Debian's gh: the /retrospective pull request flow is tested with the real binary.
	if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gh; \
	else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gh; fi

clean:
	rm -rf site build .cache
