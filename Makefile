# Every target sets up what it needs itself, so each works on a fresh clone.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Debian libraries PySide6's wheels need on a bare machine (xcb plugin, fonts, GL, dbus).
QT_DEBS := libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 \
  libxcb-randr0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libglib2.0-0 libnss3 libasound2
SHOT_DEBS := xvfb poppler-utils libxcb-icccm4 libxcb-keysyms1
DEBSTAMP := $(VENV)/.debs

.PHONY: run test demo bench screenshots bundle lint clean setup stress

$(DEBSTAMP):
	@mkdir -p $(VENV)
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  missing=$$(for p in $(QT_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	  if [ -n "$$missing" ]; then echo "Installerer Debian-pakker til Qt: $$missing"; \
	    (apt-get install -y -q $$missing >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q $$missing >/dev/null)) \
	    || echo "Advarsel: kunne ikke installere $$missing"; fi; \
	fi
	@touch $@

$(STAMP): pyproject.toml $(DEBSTAMP)
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip >/dev/null
	$(BIN)/pip install -q -e '.[test]'
	@touch $@

setup: $(STAMP)

run: $(STAMP)
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ] && [ "$$(uname)" = Linux ]; then \
	  echo "Der er ingen skærm (DISPLAY er ikke sat). Kør 'make demo' for at bygge en demodatabase og udskrive dens dokumenter i demo/."; \
	  exit 0; fi
	$(BIN)/hfdesk

test: $(STAMP)
	$(BIN)/ruff check hfdesk ui tests bench
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

demo: $(STAMP)
	rm -rf demo && mkdir -p demo
	HFDESK_PASSPHRASE=demo-hfdesk $(BIN)/hfdesk demo --db demo/demo.db --size worker
	HFDESK_PASSPHRASE=demo-hfdesk $(BIN)/python -m hfdesk.demo_documents --db demo/demo.db --out demo

# Robusthed: 200 SIGKILLs under saves, 50 under passphrase changes, 1,000 fuzz cases per parser.
stress: $(STAMP)
	$(BIN)/python tools/crash_harness.py --kills 200 --passphrase-kills 50
	HFDESK_FUZZ=stress QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider \
	  tests/test_hardening_fuzz.py tests/test_hardening_hostile.py tests/test_crash_harness.py
	@echo "Fuzz: $$(grep -c '^def test_fuzz_' tests/test_hardening_fuzz.py) egenskaber x 1000 tilfælde hver (HFDESK_FUZZ=stress)"

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.run

screenshots: $(STAMP)
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  for p in $(SHOT_DEBS); do dpkg -s $$p >/dev/null 2>&1 || apt-get install -y -q $$p >/dev/null; done; fi
	$(BIN)/python -m ui.screenshots --out docs/screenshots

bundle: $(STAMP)
	$(BIN)/pip install -q -e '.[bundle]'
	$(BIN)/pyinstaller --noconfirm --log-level WARN build.spec
	dist/hfdesk/hfdesk-cli --self-test

lint: $(STAMP)
	$(BIN)/ruff check hfdesk ui tests bench

clean:
	rm -rf $(VENV) build dist demo .pytest_cache
