"""`python -m declform`: the same command line as `declform`."""

import sys

from declform.launch import main

sys.exit(main())
