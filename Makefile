# The two commands of the README: `make start` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: start test install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

# PYTHONWARNINGS: setuptools' "Editable installation" notice is 10 lines of noise on a newcomer's first screen.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	PYTHONWARNINGS="ignore:Editable installation" $(BIN)/python -m pip install --quiet -e ".[all]"
	touch $(STAMP)

install: $(STAMP)

start: install
	$(BIN)/deeproots

test: install
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV)
