#!/usr/bin/env bash
# Makes sure Debian's headless-capable `chromium` is at /usr/bin/chromium for the e2e browser test
# (playwright-core drives it; it downloads no browser of its own). Installs it with apt-get when missing.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
if [[ -x "$CHROMIUM" ]]; then
  echo "e2e-chromium: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
  exit 0
fi
"$(dirname "$0")/apt-install.sh" chromium
echo "e2e-chromium: $("$CHROMIUM" --version)"
