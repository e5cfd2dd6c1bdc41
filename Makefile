# hep-repro: every target creates .venv on first use (scripts/bootstrap.sh), then runs.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export MPLBACKEND := Agg

.PHONY: env demo test lint unit ui bench clean

env:
	@bash scripts/bootstrap.sh

demo: env
	$(BIN)/python -m assistant.demo

test: env lint unit

lint: env
	$(BIN)/ruff check assistant index corpus ui tests benchmarks
	$(BIN)/mypy assistant index corpus ui

unit: env
	$(BIN)/python -m pytest

ui: env
	$(BIN)/hep-repro ui

bench: env
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
