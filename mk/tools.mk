# Pinned tool chain for the Kubernetes bundle. Included by the top-level Makefile (include mk/*.mk).
# Versions live ONLY here; scripts/tools.sh gets them from the environment (exported below) or,
# when run by hand, reads them from this file.
#
# A tool already on PATH wins (CI images, developer installs); otherwise `go install module@version`
# puts it into $(BIN). Python tools always come from a pinned virtualenv in $(BIN)/py.

BIN ?= $(CURDIR)/bin
TOOLS_SH := $(CURDIR)/scripts/tools.sh

# Go tools (go install <module>@<version>); all build with Go >= 1.26.
export HELM_VERSION              := v3.22.0
export KUBE_LINTER_VERSION       := v0.8.2
# kube-score: lints instead of kube-linter with `make lint-k8s K8S_LINTER=kube-score` (mk/k8s.mk).
export KUBE_SCORE_VERSION        := v1.20.0
export GRPC_HEALTH_PROBE_VERSION := v0.4.61
export GRPCURL_VERSION           := v1.9.4
export GHZ_VERSION               := v0.120.0
export KIND_VERSION              := v0.33.0
# Go modules that are not tools: the CustomResourceDefinitions of the kinds the charts can render beyond core
# Kubernetes (HTTPRoute; ServiceMonitor, PrometheusRule), for scripts/k8s-crds.sh (`go mod download`). Gateway API
# v1.7 needs Go >= 1.27 to download, hence v1.6.
export GATEWAY_API_VERSION         := v1.6.3
export PROMETHEUS_OPERATOR_VERSION := v0.85.0
# PyPI package: offline Kubernetes OpenAPI schemas (its virtualenv's Python, with PyYAML, runs the scripts' helpers).
export KUBERNETES_VALIDATE_VERSION := 1.37.0
export BIN

GO_TOOLS := helm kube-linter kube-score grpc-health-probe grpcurl ghz kind
PY_TOOLS := kubernetes-validate

# Commands to run: PATH copy when present, else the pinned bin/ copy (deferred `=`: evaluated after
# the tool-* prerequisite installed it).
HELM                = $(shell $(TOOLS_SH) path helm)
KUBE_LINTER         = $(shell $(TOOLS_SH) path kube-linter)
KUBE_SCORE          = $(shell $(TOOLS_SH) path kube-score)
# kind may be your own (make kind-up KIND=/path/to/kind): a kind that can start nodes where the pinned one cannot.
KIND               ?= $(shell $(TOOLS_SH) path kind)
GRPCURL             = $(shell $(TOOLS_SH) path grpcurl)
GHZ                 = $(shell $(TOOLS_SH) path ghz)
GRPC_HEALTH_PROBE   = $(shell $(TOOLS_SH) path grpc-health-probe)
KUBERNETES_VALIDATE = $(shell $(TOOLS_SH) path kubernetes-validate)
PROMTOOL            = $(shell $(TOOLS_SH) path promtool)

.PHONY: tools $(addprefix tool-,$(GO_TOOLS) $(PY_TOOLS) promtool)

##@ 7 Tools and CI
# kube-linter is attempted last and may fail: its module host is refused by some Go proxies (then lint
# with `make lint-k8s K8S_LINTER=kube-score`). `make tool-kube-linter` is strict.
tools: $(addprefix tool-,$(filter-out kube-linter,$(GO_TOOLS)) $(PY_TOOLS) promtool) ## Install every pinned tool (helm, kube-linter if installable, kube-score, kind, grpcurl, ghz, grpc-health-probe, kubernetes-validate, promtool) into bin/
	@$(TOOLS_SH) install kube-linter || \
		echo "*** WARNING: kube-linter could NOT be installed (see above): lint with make lint-k8s K8S_LINTER=kube-score ***" >&2

# One target per tool, so other targets depend on just what they use.
$(addprefix tool-,$(GO_TOOLS) $(PY_TOOLS) promtool): tool-%:
	@$(TOOLS_SH) install $*
