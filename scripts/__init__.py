"""The developers' tools, run as modules from the repository root (`python -m scripts.bench`):
corpus (generated forms and scans), render (records → born-digital PDFs), seeds (the seed text
→ records), bench (accuracy and speed), tools (profiling, review screenshots)."""

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
