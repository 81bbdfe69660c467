#!/usr/bin/env bash
# Installs Debian packages with apt-get (through sudo when not root): the one place the project's scripts
# install a system package that is missing. Fails with a clear message where there is no apt-get.
# Usage: scripts/apt-install.sh PACKAGE...
set -euo pipefail
command -v apt-get >/dev/null || { echo "apt-install: no apt-get here; install $* by hand" >&2; exit 1; }
sudo=""
[[ "$(id -u)" == 0 ]] || sudo="sudo"
echo "apt-install: apt-get install $*" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
