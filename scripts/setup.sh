#!/usr/bin/env bash
# Set up a fresh machine: a virtualenv in .venv with the package installed.
#   scripts/setup.sh          the package (to validate, build the map)
#   scripts/setup.sh test     plus the test tools, Debian's Chromium (browser tests) and Node.js (the map's JS unit tests)
#   scripts/setup.sh notebook plus Jupyter and matplotlib
set -euo pipefail
cd "$(dirname "$0")/.."
extra="${1:-}"
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
case "$extra" in
  "") .venv/bin/python -m pip install --quiet -e . ;;
  test) .venv/bin/python -m pip install --quiet -e ".[test,notebook]" ;;
  notebook) .venv/bin/python -m pip install --quiet -e ".[notebook]" ;;
  *) echo "usage: scripts/setup.sh [test|notebook]" >&2; exit 2 ;;
esac
if [ "$extra" = "test" ]; then
  # The browser tests drive Debian's Chromium through Playwright (never `playwright install`);
  # the map's JavaScript core is unit-tested with Debian's Node.js (`node --test`).
  missing=""
  command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
  command -v node >/dev/null 2>&1 || command -v nodejs >/dev/null 2>&1 || missing="$missing nodejs"
  # jQuery for the test that opens a plain folium.Popup offline (folium loads it from a CDN online)
  [ -f /usr/share/javascript/jquery/jquery.min.js ] || missing="$missing libjs-jquery"
  if [ -n "$missing" ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
  fi
fi
