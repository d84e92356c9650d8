"""`python -m scripts.bench`: the accuracy/speed benchmark (scripts/bench/run.py)."""

import sys

from scripts.bench.run import main

sys.exit(main())
