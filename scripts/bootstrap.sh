#!/usr/bin/env bash
# Idempotent set-up used by every entry point (make demo, make test, .ci/run):
# system packages via apt-get when missing, then .venv/ in the repo root with the project and dev extras.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

# libgl1 and libglib2.0-0: the OpenCV wheels that rapidocr and img2table pull in link against them;
# chromium and chromium-driver: the review page's browser test (headless, through selenium)
apt_packages=(tesseract-ocr tesseract-ocr-chi-sim fonts-wqy-zenhei fonts-arphic-uming poppler-utils libgl1 libglib2.0-0
    chromium chromium-driver)
missing=()
for pkg in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    echo "bootstrap: installing system packages: ${missing[*]}"
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python_bin="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    echo "bootstrap: creating .venv"
    "$python_bin" -m venv .venv
fi
stamp=.venv/.declform-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "bootstrap: installing declform with dev extras into .venv"
    log=.venv/install.log
    if ! { .venv/bin/python -m pip install --upgrade pip &&
           .venv/bin/python -m pip install -e ".[dev]"; } >"$log" 2>&1; then
        tail -n 40 "$log"
        echo "bootstrap: pip install failed; full log in $log" >&2
        exit 1
    fi
    touch "$stamp"
fi
