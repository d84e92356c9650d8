"""Where the tests find the repository's files: one definition instead of parents[N] counts
that break whenever a test file moves."""

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TESTS = REPO / "tests"
GOLDEN = TESTS / "golden"
EXTRACT_FIXTURES = TESTS / "extract" / "fixtures"
SHARED = REPO.parent / "shared"
