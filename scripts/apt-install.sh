#!/usr/bin/env bash
# Installs Debian packages with apt-get (through sudo when not root): the one place the project's scripts
# install a system package that is missing. Fails with a clear message where there is no apt-get.
# Usage: scripts/apt-install.sh PACKAGE...
set -euo pipefail
command -v apt-get >/dev/null || { echo "apt-install: no apt-get here; install $* by hand" >&2; exit 1; }
sudo=""
[[ "$(id -u)" == 0 ]] || sudo="sudo"
# Wait for another apt run (a parallel job, unattended-upgrades) instead of failing on its lock.
lock=(-o DPkg::Lock::Timeout=600)
echo "apt-install: apt-get install $*" >&2
$sudo apt-get "${lock[@]}" update -qq
# RUNLEVEL=1: packages that ship a daemon (prometheus, for promtool) must not start it.
$sudo env RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive apt-get "${lock[@]}" install -y -qq --no-install-recommends "$@" >/dev/null
