#!/usr/bin/env bash
# Installs wrk, the HTTP load generator of `make bench`, from Debian's package unless it is already on PATH.
set -euo pipefail

if command -v wrk >/dev/null 2>&1; then exit 0; fi
"$(dirname "$0")/../scripts/apt-install.sh" wrk
command -v wrk >/dev/null || { echo "install-wrk.sh: wrk was installed but is not on PATH" >&2; exit 1; }
