# Two commands on a fresh machine:  make a11y   (check the replica portal)   make test
# make a11y PROVINCE=hue            live, where Hue's citizens apply: the national portal, choosing
#                                   Hue's police as receiving agency (needs internet)
# make a11y PROVINCE=hue LEGACY=1   live, Hue's own 2024-review portal, for comparison
# make probe-live PROVINCE=hue      read-only drift check before a run (GET only; LEGACY=1, or
#                                   URL=... PROFILE=...); exit 1 when something drifted
# make a11y PROVINCE=hue REPLICA=1  the replica portal branded Hue
# make a11y VARIANT=accessible      the accessible twin of the replica
# make a11y REPLICA=1 FAMILY=national   the replica of the national portal (FAMILY=igate2 is the
#                                   provincial iGate 2.0 replica, the default; also for serve, scenarios)
# make a11y PLAIN=1                 screen-reader friendly output, no colour
# make a11y GATE=1 BASELINE=FILE    the CI gate, locally: fails on findings not in the baseline;
#                                   make says 2 for any failure, so CI calls pesp-a11y (docs/ci.md)
# make a11y ASSIST=1                do blocked steps by pointer and carry on (marked assisted)
# make a11y URL=https://... PROFILE=my-portal.json   any portal or deployment, by its profile
# make scenarios PROVINCE=hue       the scenarios as a pytest gate (add PYTEST_ARGS=--junitxml=x)
# make bench                        where replay time goes, audit against bare goto + axe (target
#                                   1.3), the accessible replay (target 15 s), a 10,000-link page,
#                                   findings-heavy pages of 2,000 and 10,000 links (target 1.5),
#                                   all 34 current portals on the replicas, 2 jobs (target 180 s)
# make a11y PROVINCE=all REPLICA=1 JOBS=2   every portal on the replicas, then the national table

PROVINCE ?= demo
VARIANT ?= defective
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SYSTEM_PACKAGES := chromium chromium-l10n espeak-ng nodejs npm
APT_GET := $(shell if [ "$$(id -u)" = 0 ]; then echo apt-get; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then echo "sudo apt-get"; fi)

.PHONY: a11y probe-live test scenarios bench setup system-deps lint serve clean

a11y: setup
	$(BIN)/pesp-a11y run --province $(PROVINCE) --variant $(VARIANT) $(if $(FAMILY),--family $(FAMILY)) \
		$(if $(REPLICA),--replica) $(if $(LEGACY),--legacy) $(if $(PLAIN),--plain) $(if $(GATE),--gate) $(if $(BASELINE),--baseline $(BASELINE)) \
		$(if $(ASSIST),--assist) $(if $(URL),--base-url $(URL)) $(if $(PROFILE),--profile $(PROFILE)) \
		$(if $(JOBS),--jobs $(JOBS)) $(if $(BROWSER_ENDPOINT),--browser-endpoint $(BROWSER_ENDPOINT))

probe-live: setup
	$(BIN)/pesp-a11y probe-live $(if $(URL),--base-url $(URL) --profile $(PROFILE),--province \
		$(PROVINCE) $(if $(LEGACY),--legacy) $(if $(REPLICA),--replica --variant $(VARIANT)))

# The suite in two worker processes (pytest-xdist), one per core: most of its time is
# browsers replaying the replicas. Each test file stays in one worker, so a file's shared
# replays run once. TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= 2

test: setup
	$(BIN)/pytest $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadfile)

scenarios: setup
	$(BIN)/pytest scenarios --province $(PROVINCE) --variant $(VARIANT) $(if $(FAMILY),--family $(FAMILY)) \
		$(if $(REPLICA),--replica) $(if $(ASSIST),--assist) $(PYTEST_ARGS)

bench: setup
	$(BIN)/pesp-a11y bench --rounds 3 --national

lint: setup
	$(BIN)/ruff check .

serve: setup
	$(BIN)/pesp-a11y serve --province $(if $(filter demo,$(PROVINCE)),hue,$(PROVINCE)) --variant $(VARIANT) $(if $(FAMILY),--family $(FAMILY))

setup: system-deps $(VENV)/.installed harness/replica/node_modules/.installed \
	tests/corpus/node_modules/.installed tests/gallery/node_modules/.installed

# Debian's Chromium (with chromium-l10n, so its own controls speak Vietnamese) and espeak-ng:
# the harness never downloads a browser of its own.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || [ -n "$$PESP_CHROMIUM" ] || missing="$$missing chromium"; \
	[ -f /usr/lib/chromium/locales/vi.pak ] || [ -n "$$PESP_CHROMIUM" ] || missing="$$missing chromium-l10n"; \
	command -v espeak-ng >/dev/null || missing="$$missing espeak-ng"; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
		if [ -z "$(APT_GET)" ]; then \
			echo "Missing system packages:$$missing. Install them with: sudo apt-get install$$missing"; exit 1; \
		fi; \
		echo "Installing system packages:$$missing"; \
		$(APT_GET) update -q && DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y -q $$missing; \
	fi

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -e '.[test]'
	touch $@

harness/replica/node_modules/.installed: harness/replica/package.json harness/replica/package-lock.json
	cd harness/replica && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Public design systems' component examples (GOV.UK, NHS.UK, The National Archives): the corpus
# that no check may fail.
tests/corpus/node_modules/.installed: tests/corpus/package.json tests/corpus/package-lock.json
	cd tests/corpus && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The widget gallery: real component libraries the keyboard driver is tested on.
tests/gallery/node_modules/.installed: tests/gallery/package.json tests/gallery/package-lock.json
	cd tests/gallery && npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf $(VENV) harness/replica/node_modules tests/corpus/node_modules tests/gallery/node_modules
