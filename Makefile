# Two commands: `make run` serves the demo register, `make test` passes the whole suite.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app register
# System packages: Pango/HarfBuzz and fonts for WeasyPrint (every PDF the app makes), and the
# browser for the browser tests.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core
BROWSER_PACKAGES := chromium
HOST ?= 127.0.0.1
PORT ?= 5000
MAIL_PORT ?= 8025

.PHONY: run test install translations pdf-packages browser-packages _apt lint format typecheck lock bench clean

# `make run`: the web server, the job worker and a local SMTP sink that catches every e-mail
# in instance/mail/ (listed at /ontwikkeling/mail/); Ctrl-C stops all three.
run: install pdf-packages
	@export REGISTER_ENV=$${REGISTER_ENV:-development} \
		REGISTER_PUBLIC_BASE_URL=$${REGISTER_PUBLIC_BASE_URL:-http://$(HOST):$(PORT)} \
		REGISTER_MAIL_URL=$${REGISTER_MAIL_URL:-smtp://127.0.0.1:$(MAIL_PORT)}; \
	trap 'kill $$(jobs -p) 2>/dev/null; wait' EXIT; \
	$(FLASK) db upgrade && $(FLASK) demo --if-empty || exit 1; \
	$(FLASK) mail-sink --port $(MAIL_PORT) & \
	until (exec 3<>/dev/tcp/127.0.0.1/$(MAIL_PORT)) 2>/dev/null; do sleep 0.2; done; \
	$(FLASK) worker & \
	$(FLASK) run --host $(HOST) --port $(PORT)

test: install pdf-packages browser-packages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest -n auto

install: $(STAMP) translations

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

translations: $(STAMP)
	@$(BIN)/pybabel compile --use-fuzzy -d register/translations -f >/dev/null 2>&1 || \
		$(BIN)/pybabel compile -d register/translations

pdf-packages:
	@$(MAKE) --no-print-directory _apt PACKAGES="$(PDF_PACKAGES)"

browser-packages:
	@$(MAKE) --no-print-directory _apt PACKAGES="$(BROWSER_PACKAGES)"

# Installs the Debian packages in PACKAGES that are missing (sudo when not root).
_apt:
	@missing=""; for p in $(PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# mypy with the settings in pyproject.toml ([tool.mypy]); `make test` runs it too.
typecheck: install
	$(BIN)/mypy

# Pin every dependency (dev tools included) to exact versions with hashes in requirements.lock;
# run after changing the ranges in pyproject.toml.
lock: install
	$(BIN)/pip-compile --quiet --extra dev --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml

bench: install
	@for script in bench/[!_]*.py; do name=$$(basename $$script .py); echo "== bench.$$name"; \
		$(BIN)/python -m bench.$$name || exit 1; done

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache .hypothesis
