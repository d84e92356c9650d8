"""`python -m scripts.corpus`: build the corpus of scanned forms (scripts/corpus/build.py)."""

import sys

from scripts.corpus.build import main

sys.exit(main())
