# The README's two commands: `make demo` and `make test`. Both set themselves up first.
.PHONY: bootstrap demo test lint bench bench-quick bench-born-digital bench-variants

VENV := .venv/bin

bootstrap:
	@bash scripts/bootstrap.sh

demo: bootstrap
	$(VENV)/declform extract samples/ --out out/

lint: bootstrap
	$(VENV)/ruff check declform extract layouts normalize output scripts tests
	$(VENV)/mypy

test: lint
	$(VENV)/pytest -q

bench-born-digital: bootstrap
	$(VENV)/python -m scripts.bench.born_digital

# The accuracy/speed benchmark against the peers (corpus/ built when missing): ~30 min, and
# a quick run of a few forms and profiles (< 3 min). Both write bench/report.md.
bench: bootstrap
	$(VENV)/python -m scripts.bench

bench-quick: bootstrap
	$(VENV)/python -m scripts.bench --quick --out /tmp/declform-bench-quick

# Known layouts beside drawn variant layouts (tuned set and a held-out set, seeds fixed in
# scripts/bench/variants.py), born-digital, own and augraphy scans: ~15 min on 2 cores.
bench-variants: bootstrap
	$(VENV)/python -m scripts.bench.variants --forms 10 --profiles clean,photocopy,aug_photocopy,aug_fax
