"""`python -m declform`: the same command line as `declform`."""

import sys

from declform.extract.cli import main

sys.exit(main())
