#!/usr/bin/env bash
# The CustomResourceDefinitions of the kinds the charts render beyond core Kubernetes, taken from the Go modules
# that publish them (versions pinned in mk/tools.mk; `go mod download` fetches each through the Go module proxy
# into the module cache once, and verifies it against the checksum database):
#   sigs.k8s.io/gateway-api                              config/crd/standard: HTTPRoute, Gateway, ... (standard channel)
#   github.com/prometheus-operator/prometheus-operator  example/prometheus-operator-crd: ServiceMonitor, PrometheusRule
#
#   scripts/k8s-crds.sh files                    the CRD files, one path a line
#   scripts/k8s-crds.sh apply [kubectl flags]    kubectl apply --server-side them, then wait until every one is Established
#   scripts/k8s-crds.sh delete [kubectl flags]   kubectl delete them (--ignore-not-found)
# e.g. scripts/k8s-crds.sh apply --context kind-staging-check
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
die() { echo "k8s-crds: $*" >&2; exit 1; }

# module_dir <module> <version variable>: where `go mod download` put the module's files.
module_dir() {
  local module="$1" version json dir
  version="$("$ROOT/scripts/tools.sh" version "$2")"
  command -v go >/dev/null || die "go is needed to download $module@$version"
  json="$(go mod download -json "$module@$version")" || die "go mod download $module@$version failed: is the Go module proxy reachable?${json:+ $json}"
  dir="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p' <<<"$json")"
  [[ -d "$dir" ]] || die "go mod download $module@$version gave no module directory: $json"
  printf '%s\n' "$dir"
}

files() {
  local gateway prom f
  gateway="$(module_dir sigs.k8s.io/gateway-api GATEWAY_API_VERSION)"
  prom="$(module_dir github.com/prometheus-operator/prometheus-operator PROMETHEUS_OPERATOR_VERSION)"
  # Only the CRDs: the standard channel also ships a ValidatingAdmissionPolicy that is no concern of ours.
  for f in "$gateway"/config/crd/standard/gateway.networking.k8s.io_*.yaml; do
    grep -q '^kind: CustomResourceDefinition$' "$f" && printf '%s\n' "$f"
  done
  for f in servicemonitors prometheusrules; do
    f="$prom/example/prometheus-operator-crd/monitoring.coreos.com_$f.yaml"
    [[ -f "$f" ]] || die "$f is missing from the prometheus-operator module"
    printf '%s\n' "$f"
  done
}

apply() {
  local -a list args=()
  mapfile -t list < <(files)
  for f in "${list[@]}"; do args+=(-f "$f"); done
  # Server-side: the CRDs' schemas are too large for the last-applied annotation of a client-side apply.
  kubectl "$@" apply --server-side --field-manager=bookstore-k8s-crds "${args[@]}"
  kubectl "$@" wait --for=condition=Established --timeout=120s "${args[@]}"
}

delete() {
  local -a list args=()
  mapfile -t list < <(files)
  for f in "${list[@]}"; do args+=(-f "$f"); done
  kubectl "$@" delete --ignore-not-found "${args[@]}"
}

cmd="${1:-}"; shift || true
case "$cmd" in
  files)  files ;;
  apply)  apply "$@" ;;
  delete) delete "$@" ;;
  *) die "usage: $0 files | apply [kubectl flags] | delete [kubectl flags]" ;;
esac
