# Kubernetes targets: local kind cluster, skaffold, staging deploy, and the offline proof (lint-k8s).
# Included by the top-level Makefile (include mk/*.mk); tools and their pins come from mk/tools.mk.

# Versions the charts are rendered for and strictly validated against: the two the project supports,
# plus the kind node's (k8s/kind-config.yaml). kubernetes-validate (mk/tools.mk) ships all three.
export K8S_VERSIONS := 1.34.0 1.36.0 1.37.0
KIND_CLUSTER      := bookstore
KUBE_CONTEXT      := kind-$(KIND_CLUSTER)
# Namespace of the kind install (port-forward, test-cluster); k8s/rendered is rendered for it too.
NAMESPACE         ?= default
STAGING_NAMESPACE := staging
RELEASE           := bookstore
# The charts' appVersion: the tag kind-load gives the images, and what the charts default to.
APP_VERSION        = $(shell sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}/\1/p' helm/bookstore/Chart.yaml)
K8S_LINT          := $(CURDIR)/scripts/k8s-lint.sh
# Tool paths for the scripts (they fall back to scripts/tools.sh when run by hand), and the news
# that helm-deps already ran (a prerequisite), so parallel steps never rebuild charts/ under each other.
K8S_TOOL_ENV       = HELM="$(HELM)" HELM_DEPS_DONE=1

.PHONY: helm-deps k8s-render kind-up kind-down kind-load deploy-kind e2e-kind skaffold-dev skaffold-verify port-forward \
	deploy-staging test-cluster lint-k8s lint-helm lint-k8s-schemas lint-kube-linter lint-kube-score lint-promtool \
	lint-skaffold lint-k8s-rendered test-helm values-schema lint-values-schema

##@ 6 Offline Kubernetes checks
helm-deps: tool-helm ## Build the charts' file:// dependencies (bookstore-lib, subcharts) into helm/*/charts
	@HELM="$(HELM)" $(K8S_LINT) deps

k8s-render: helm-deps ## Regenerate k8s/rendered/bookstore.yaml and k8s/integration-tests-job.yaml from the charts
	@$(K8S_TOOL_ENV) scripts/k8s-render.sh

# ---- local cluster ------------------------------------------------------------------------------

##@ 3 kind and Skaffold

# Your own kind, skaffold or node image (kind create cluster --image) where the defaults do not suit, e.g.
#   make kind-up KIND=/usr/local/bin/kind KIND_NODE_IMAGE=kindest/node:v1.37.2-local
SKAFFOLD          ?= skaffold
KIND_NODE_IMAGE   ?=
# The pinned kind is installed only when KIND was not given.
KIND_TOOL          = $(if $(filter command line environment,$(origin KIND)),,tool-kind)
# The content tags scripts/kind-load.sh gave the images last, as a values file for deploy-kind.
KIND_IMAGE_VALUES := .cache/kind-image-tags.yaml

kind-up: $(KIND_TOOL) ## Create the local kind cluster "bookstore" (k8s/kind-config.yaml; KIND_NODE_IMAGE overrides its node image)
	@if $(KIND) get clusters 2>/dev/null | grep -qx '$(KIND_CLUSTER)'; then \
		echo "kind cluster $(KIND_CLUSTER) already exists"; \
	else $(KIND) create cluster --name $(KIND_CLUSTER) --config k8s/kind-config.yaml \
		$(if $(KIND_NODE_IMAGE),--image $(KIND_NODE_IMAGE)) --wait 180s; fi

kind-down: $(KIND_TOOL) ## Delete the local kind cluster
	$(KIND) delete cluster --name $(KIND_CLUSTER)

kind-load: $(KIND_TOOL) base-image ## Build the three images, tag them by content and appVersion, load them into kind (scripts/kind-load.sh)
	@KIND="$(KIND)" KIND_CLUSTER=$(KIND_CLUSTER) APP_VERSION=$(APP_VERSION) scripts/kind-load.sh $(KIND_IMAGE_VALUES)

deploy-kind: helm-deps kind-load ## helm upgrade --install the umbrella release into kind with the images just built (without skaffold)
	$(HELM) upgrade --install $(RELEASE) helm/bookstore --kube-context $(KUBE_CONTEXT) \
		--namespace $(NAMESPACE) -f $(KIND_IMAGE_VALUES) --wait --timeout 5m

SKAFFOLD_ARTIFACTS := .cache/skaffold-artifacts.json
# skaffold is not installed by `make tools` (no `go install` path): it must be on PATH, or given as SKAFFOLD.
NEED_SKAFFOLD = command -v $(SKAFFOLD) >/dev/null || { echo "skaffold is not on PATH: https://skaffold.dev/docs/install/" >&2; exit 1; }

skaffold-dev: tool-helm $(KIND_TOOL) ## skaffold dev against kind: build, deploy the release, port-forward :8080, rebuild on change
	@$(NEED_SKAFFOLD)
	$(SKAFFOLD) dev --kube-context $(KUBE_CONTEXT) --port-forward

# skaffold runs its verify stage only through `skaffold verify`, which needs the built artifacts and has no
# --kube-context flag: it gets a kubeconfig whose current context is the kind cluster's, so it can never
# run against whatever context happens to be current.
SKAFFOLD_KUBECONFIG := .cache/skaffold-verify.kubeconfig
skaffold-verify: tool-helm $(KIND_TOOL) ## skaffold build + verify: the integration-tests Job in the kind cluster, against the deployed release
	@$(NEED_SKAFFOLD)
	@mkdir -p $(dir $(SKAFFOLD_ARTIFACTS))
	$(SKAFFOLD) build --kube-context $(KUBE_CONTEXT) --file-output $(SKAFFOLD_ARTIFACTS)
	@kubectl config view --minify --flatten --context $(KUBE_CONTEXT) >$(SKAFFOLD_KUBECONFIG)
	KUBECONFIG=$(SKAFFOLD_KUBECONFIG) $(SKAFFOLD) verify --build-artifacts $(SKAFFOLD_ARTIFACTS)

port-forward: ## Forward http://localhost:8080 to marketplace's Service in the kind cluster
	kubectl --context $(KUBE_CONTEXT) --namespace $(NAMESPACE) port-forward service/$(RELEASE)-marketplace 8080:8080

test-cluster: ## Run the integration tests as a Job in the cluster (k8s/integration-tests-job.yaml); fails if they fail
	KUBE_CONTEXT=$(KUBE_CONTEXT) NAMESPACE=$(NAMESPACE) scripts/k8s-test-cluster.sh k8s/integration-tests-job.yaml

# The documented kind, Helm and Skaffold commands, run as written on a real cluster the suite creates and
# deletes (services/integration-tests/e2e-kind). It needs Docker, kind, kubectl and skaffold on PATH; helm
# comes from bin/. KIND, SKAFFOLD and KIND_NODE_IMAGE reach the targets the suite runs.
e2e-kind: deps tool-helm $(KIND_TOOL) ## End-to-end on kind: kind-up, deploy-kind, port-forward, helm test, rollouts, scaling, staging, skaffold, teardown
	HELM="$(HELM)" KIND="$(KIND)" SKAFFOLD="$(SKAFFOLD)" KIND_NODE_IMAGE="$(KIND_NODE_IMAGE)" \
		npx --no-install vitest run --config services/integration-tests/e2e-kind/vitest.config.ts --configLoader runner

# ---- staging ------------------------------------------------------------------------------------

##@ 4 Staging

# make deploy-staging REGISTRY=registry.example.com/team IMAGE_TAG=<tag>   images pushed under that tag
# make deploy-staging BUILD_ARTIFACTS=<file>   what `skaffold build -p staging --default-repo <registry> --file-output
#                                              <file>` pushed: every image pinned by its digest (repo@sha256:...)
# [STAGING_CONTEXT=<kube context>] (without it: the current kubectl context). Staging refuses images without a
# registry host. REGISTRY uses the layout `skaffold --default-repo` pushes to: <registry>/bookstore_<name> ("/"
# becomes "_", which also suits registries without nested paths), so both ways into staging pull the same images.
# scripts/staging-images.ts writes the image values (STAGING_IMAGE_VALUES) and says what is missing.
STAGING_IMAGE_VALUES ?= .cache/staging-images.yaml
deploy-staging: helm-deps $(NPM_STAMP) ## helm upgrade --install the umbrella with values-staging.yaml into namespace staging (REGISTRY + IMAGE_TAG, or BUILD_ARTIFACTS)
	@mkdir -p $(dir $(STAGING_IMAGE_VALUES))
	npx --no-install tsx scripts/staging-images.ts \
		$(if $(BUILD_ARTIFACTS),--build-artifacts "$(BUILD_ARTIFACTS)",--registry "$(REGISTRY)" --tag "$(IMAGE_TAG)") >$(STAGING_IMAGE_VALUES)
	$(HELM) upgrade --install $(RELEASE) helm/bookstore $(if $(STAGING_CONTEXT),--kube-context $(STAGING_CONTEXT)) \
		--namespace $(STAGING_NAMESPACE) --create-namespace \
		-f helm/bookstore/values-staging.yaml -f $(STAGING_IMAGE_VALUES) \
		--atomic --wait --timeout 10m

# ---- offline proof ------------------------------------------------------------------------------

##@ 6 Offline Kubernetes checks

# The linter of the rendered objects: kube-linter, or kube-score where kube-linter cannot be installed (its
# module host is refused by some Go proxies; this project's CI sets K8S_LINTER=kube-score for that reason).
K8S_LINTER ?= kube-linter
lint-k8s: lint-values-schema lint-helm lint-k8s-schemas lint-$(K8S_LINTER) lint-promtool lint-skaffold lint-k8s-rendered test-helm ## Every offline Kubernetes check (values schemas, charts, schemas, kube-linter, promtool, skaffold, rendered files, chart tests)
	@echo "lint-k8s: all Kubernetes checks passed (linted by $(K8S_LINTER))"

# The three charts' values.schema.json are generated from one source, like the k8s/ files from the charts.
values-schema: $(NPM_STAMP) ## Regenerate helm/*/values.schema.json from their one source, helm/values-schema.yaml
	npx --no-install tsx scripts/values-schema.ts

lint-values-schema: $(NPM_STAMP) ## Fail if a helm/*/values.schema.json is not what helm/values-schema.yaml gives (stale or edited by hand)
	@npx --no-install tsx scripts/values-schema.ts --check

lint-helm: helm-deps ## helm lint --strict of every chart x values file x Kubernetes version
	@$(K8S_TOOL_ENV) $(K8S_LINT) helm-lint

lint-k8s-schemas: helm-deps tool-kubernetes-validate ## Strict OpenAPI validation of every rendered chart x values file and k8s/*.yaml (K8S_VERSIONS)
	@$(K8S_TOOL_ENV) KUBERNETES_VALIDATE="$(KUBERNETES_VALIDATE)" $(K8S_LINT) schemas

lint-kube-linter: helm-deps ## kube-linter over every rendered chart x values file, zero findings (.kube-linter.yaml)
	@$(K8S_TOOL_ENV) $(K8S_LINT) kube-linter

lint-kube-score: helm-deps tool-kube-score ## kube-score over every rendered chart x values file (K8S_LINTER=kube-score; exemptions in scripts/k8s-lint.sh)
	@$(K8S_TOOL_ENV) KUBE_SCORE="$(KUBE_SCORE)" $(K8S_LINT) kube-score

lint-promtool: helm-deps tool-promtool tool-kubernetes-validate ## promtool check rules + alert unit tests (helm/test/promtool) on the charts' PrometheusRules
	@$(K8S_TOOL_ENV) PROMTOOL="$(PROMTOOL)" $(K8S_LINT) promtool

lint-skaffold: ## skaffold.yaml and each profile, parsed by skaffold (diagnose --yaml-only); skipped loudly without skaffold
	@SKAFFOLD="$(SKAFFOLD)" $(K8S_LINT) skaffold

lint-k8s-rendered: helm-deps ## Fail if k8s/rendered and k8s/integration-tests-job.yaml are stale against the charts
	@$(K8S_TOOL_ENV) scripts/k8s-render.sh --check

test-helm: tool-helm helm-deps $(NPM_STAMP) ## The chart tests in helm/test (vitest; helm template + assertions, values.schema.json)
	$(K8S_TOOL_ENV) npx --no-install vitest run --config helm/vitest.config.mjs
