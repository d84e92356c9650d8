"""`python -m declform`: the same command line as `declform`."""

import sys

try:
    from declform.extract.cli import main
except KeyboardInterrupt:  # Ctrl-C while the modules load: nothing started, nothing to say
    sys.exit(130)

sys.exit(main())
