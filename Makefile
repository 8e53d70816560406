# ScamScape: `make run` runs a small policy comparison and writes its report; `make test` runs the
# test suite; `make app` serves the interactive explorer on http://127.0.0.1:8765.
# Both create .venv with a Python >= 3.12 found by scripts/find_python.sh and install the project.

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run baseline sweep test test-slow lint bench gallery app calibrate reproduce sensitivity clean

$(STAMP): pyproject.toml
	@set -e; python=$$(scripts/find_python.sh); \
	echo "Using $$python"; \
	[ -x $(BIN)/python ] || $$python -m venv $(VENV); \
	$(BIN)/python -m pip install --quiet --upgrade pip; \
	$(BIN)/python -m pip install --quiet -e ".[test,viz]"
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m experiments.sweep experiment=quick_comparison
	$(BIN)/python -m experiments.compare results/sweeps/quick_comparison

baseline: $(STAMP)
	$(BIN)/python -m experiments.run

# A named sweep and its report: make sweep EXPERIMENT=policy_comparison
EXPERIMENT ?= smoke
sweep: $(STAMP)
	$(BIN)/python -m experiments.sweep experiment=$(EXPERIMENT)
	$(BIN)/python -m experiments.compare results/sweeps/$(EXPERIMENT)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# Ray (hydra-ray-launcher) for the slow suite's local-cluster sweep (tests/sweeps/test_ray_launcher.py).
RAY_STAMP := $(VENV)/.ray-installed
$(RAY_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[ray]"
	@touch $(RAY_STAMP)

# Long stylized-fact tests and the Ray sweep; exit code 5 (none collected) is not a failure here.
test-slow: $(STAMP) $(RAY_STAMP)
	$(BIN)/python -m pytest -m slow; status=$$?; [ $$status -eq 5 ] && echo "no slow tests" && exit 0; exit $$status

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python -m experiments.benchmark

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

gallery: $(STAMP)
	$(BIN)/python -m experiments.gallery

app: $(STAMP)
	$(BIN)/python -m experiments.app

# Published figures (docs/calibration.md): fit seven parameters to FACTS F1-F8 (about 20 minutes on
# 2 cores, at f7cc8ea), the reproduction table (1.5 minutes), Morris and Sobol' sensitivity (16 minutes).
calibrate: $(STAMP)
	$(BIN)/python -m experiments.calibrate

reproduce: $(STAMP)
	$(BIN)/python -m experiments.reproduce

sensitivity: $(STAMP)
	$(BIN)/python -m experiments.sensitivity
