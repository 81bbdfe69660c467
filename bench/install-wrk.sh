#!/usr/bin/env bash
# Installs wrk, the HTTP load generator of `make bench`, from Debian's package unless it is already on PATH.
set -euo pipefail

if command -v wrk >/dev/null 2>&1; then exit 0; fi
command -v apt-get >/dev/null || { echo "install-wrk.sh: wrk is missing and there is no apt-get; put wrk on PATH" >&2; exit 1; }
sudo=""
[[ "$(id -u)" == 0 ]] || sudo="sudo"
echo "install-wrk.sh: apt-get install wrk" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends wrk >/dev/null
command -v wrk >/dev/null || { echo "install-wrk.sh: wrk was installed but is not on PATH" >&2; exit 1; }
