#!/usr/bin/env bash
# Makes sure Debian's headless-capable `chromium` is at /usr/bin/chromium for the e2e browser test
# (playwright-core drives it; it downloads no browser of its own). Installs it with apt-get when missing.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
if [[ -x "$CHROMIUM" ]]; then
  echo "e2e-chromium: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
  exit 0
fi
command -v apt-get >/dev/null || { echo "e2e-chromium: $CHROMIUM missing and no apt-get: install Chromium there" >&2; exit 1; }
sudo=""
[[ "$(id -u)" == 0 ]] || sudo="sudo"
echo "e2e-chromium: apt-get install chromium" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
echo "e2e-chromium: $("$CHROMIUM" --version)"
