# The README's two commands: `make demo` and `make test`. Both set themselves up first.
.PHONY: bootstrap demo test lint bench bench-quick bench-born-digital bench-variants bench-photocopy

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

# Photocopies as hard as real ones (toner scatter, filled and broken strokes): the set the speck
# check was tuned on (seed 0, photocopy and fax) and one it never saw (seed 16016): ~10 min.
PHOTOCOPY_SETS := tuned:0:photocopy,fax untuned:16016:photocopy
bench-photocopy: bootstrap
	@for set in $(PHOTOCOPY_SETS); do \
	  name=$${set%%:*}; rest=$${set#*:}; seed=$${rest%%:*}; profiles=$${rest#*:}; \
	  dir=/tmp/declform-photocopy-$$name; \
	  [ -f $$dir/manifest.json ] || $(VENV)/python -m scripts.corpus --out $$dir --forms 20 \
	    --profiles $$profiles --seed $$seed || exit 1; \
	  $(VENV)/python -m scripts.bench --corpus $$dir --tools declform --speed-pages 0 \
	    --out $$dir/bench || exit 1; \
	done
