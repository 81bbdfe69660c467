#!/usr/bin/env bash
# Installs the pinned Kubernetes/gRPC tool chain into the project-local bin/ folder.
#
#   scripts/tools.sh install <tool>...   install each tool unless it is already on PATH or in bin/
#   scripts/tools.sh path <tool>         print the command to run (PATH first, then bin/)
#   scripts/tools.sh version <VAR>       print a pin of mk/tools.mk (e.g. GATEWAY_API_VERSION, for scripts/k8s-crds.sh)
#
# Versions are pinned in ONE place, mk/tools.mk (HELM_VERSION := ...). make exports them; when the
# script is run by hand they are read from that file, so the two can never disagree.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${BIN:-$ROOT/bin}"
TOOLS_MK="$ROOT/mk/tools.mk"

die() { echo "tools.sh: $*" >&2; exit 1; }

# version <VAR>: the exported value, else the `VAR := value` line of mk/tools.mk.
version() {
  local var="$1" val="${!1:-}"
  if [[ -z "$val" ]]; then
    val="$(sed -n -E "s/^(export[[:space:]]+)?${var}[[:space:]]*[:?]?=[[:space:]]*([^[:space:]#]+).*/\2/p" "$TOOLS_MK" | head -n1)"
  fi
  [[ -n "$val" ]] || die "$var is not pinned in mk/tools.mk"
  printf '%s\n' "$val"
}

# go module path and version variable of each Go tool.
go_module() {
  case "$1" in
    helm)              echo "helm.sh/helm/v3/cmd/helm HELM_VERSION" ;;
    kube-linter)       echo "golang.stackrox.io/kube-linter/cmd/kube-linter KUBE_LINTER_VERSION" ;;
    kube-score)        echo "github.com/zegl/kube-score/cmd/kube-score KUBE_SCORE_VERSION" ;;
    grpc-health-probe) echo "github.com/grpc-ecosystem/grpc-health-probe GRPC_HEALTH_PROBE_VERSION" ;;
    grpcurl)           echo "github.com/fullstorydev/grpcurl/cmd/grpcurl GRPCURL_VERSION" ;;
    ghz)               echo "github.com/bojand/ghz/cmd/ghz GHZ_VERSION" ;;
    kind)              echo "sigs.k8s.io/kind KIND_VERSION" ;;
    *) return 1 ;;
  esac
}

# Python tools live in one virtualenv under bin/ so the system Python is never modified.
pip_package() {
  case "$1" in
    kubernetes-validate) echo "kubernetes-validate KUBERNETES_VALIDATE_VERSION" ;;
    *) return 1 ;;
  esac
}

path_of() {
  local tool="$1"
  case "$tool" in
    # Python packages are always the pinned venv copy: schema sets differ between releases.
    kubernetes-validate) echo "$BIN/kubernetes-validate" ;;
    # The virtualenv's Python (PyYAML comes with kubernetes-validate), for the scripts' YAML helpers.
    python)              echo "$BIN/py/bin/python" ;;
    *)
      if command -v "$tool" >/dev/null 2>&1; then command -v "$tool"
      else echo "$BIN/$tool"; fi ;;
  esac
}

# helm's default Kubernetes version (what `helm template` and `helm lint` assume without
# --kube-version, e.g. when skaffold renders) is compiled in. Its Makefile sets it from the client-go
# version in go.mod; without that it is 1.20 and the charts' kubeVersion ">=1.30" refuses to render.
helm_ldflags() {
  local ver="$1" gomod minor
  gomod="$(go mod download -json "helm.sh/helm/v3@$ver" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
  minor="$(sed -n 's#^[[:space:]]*k8s.io/client-go v0\.\([0-9]*\)\..*#\1#p' "$gomod")"
  [[ -n "$minor" ]] || die "cannot find k8s.io/client-go in helm $ver's go.mod"
  local x="-X helm.sh/helm/v3"
  echo "$x/internal/version.version=$ver" \
    "$x/pkg/chartutil.k8sVersionMajor=1 $x/pkg/chartutil.k8sVersionMinor=$minor" \
    "$x/pkg/lint/rules.k8sVersionMajor=1 $x/pkg/lint/rules.k8sVersionMinor=$minor"
}

install_go() {
  local tool="$1" mod var ver
  read -r mod var < <(go_module "$tool")
  ver="$(version "$var")"
  command -v go >/dev/null || die "go is needed to install $tool ($mod@$ver)"
  # Release builds stamp their version through ldflags; `go install` does not, so set the same
  # variables their own Makefiles/goreleaser set.
  local ldflags="-s -w"
  case "$tool" in
    helm)                                     ldflags+=" $(helm_ldflags "$ver")" ;;
    grpcurl | ghz | kube-score)               ldflags+=" -X main.version=$ver" ;;
    grpc-health-probe)                        ldflags+=" -X main.versionTag=$ver" ;;
  esac
  echo "tools.sh: go install $mod@$ver -> $BIN" >&2
  GOBIN="$BIN" CGO_ENABLED=0 go install -trimpath -ldflags "$ldflags" "$mod@$ver" \
    || die "go install $mod@$ver failed: is its module host reachable through GOPROXY? Otherwise put $tool on PATH"
}

install_pip() {
  local tool="$1" pkg var ver
  read -r pkg var < <(pip_package "$tool")
  ver="$(version "$var")"
  if [[ ! -x "$BIN/py/bin/python" ]]; then
    python3 -m venv "$BIN/py" || die "python3 -m venv failed (Debian: apt-get install python3-venv)"
  fi
  local installed
  installed="$("$BIN/py/bin/python" -c 'import importlib.metadata as m, sys; print(m.version(sys.argv[1]))' "$pkg" 2>/dev/null || true)"
  if [[ "$installed" != "${ver#v}" ]]; then
    echo "tools.sh: pip install $pkg==$ver -> $BIN/py" >&2
    "$BIN/py/bin/python" -m pip install --quiet --disable-pip-version-check "$pkg==${ver#v}"
  fi
  if [[ "$tool" == kubernetes-validate ]]; then ln -sf "py/bin/kubernetes-validate" "$BIN/kubernetes-validate"; fi
}

# promtool is only packaged by Debian inside `prometheus`; installing it needs root (or sudo).
install_promtool() {
  "$ROOT/scripts/apt-install.sh" prometheus
}

install_one() {
  local tool="$1"
  mkdir -p "$BIN"
  if pip_package "$tool" >/dev/null; then install_pip "$tool"; return; fi
  if [[ -x "$(path_of "$tool")" ]]; then return; fi
  if go_module "$tool" >/dev/null; then install_go "$tool"
  elif [[ "$tool" == promtool ]]; then install_promtool
  else die "unknown tool: $tool"; fi
  [[ -x "$(path_of "$tool")" ]] || die "$tool was installed but is not runnable at $(path_of "$tool")"
}

cmd="${1:-}"; shift || true
case "$cmd" in
  install) for t in "$@"; do install_one "$t"; done ;;
  path)    path_of "${1:?tool name}" ;;
  version) version "${1:?variable name}" ;;
  *) die "usage: $0 install <tool>... | path <tool> | version <VAR>" ;;
esac
