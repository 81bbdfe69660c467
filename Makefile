# The bookstore: recommendations (gRPC) and marketplace (web), in TypeScript, for Kubernetes.
# Every target is thin: the work lives in npm scripts, scripts/ and mk/*.mk. `make` alone lists them.

.DEFAULT_GOAL := help
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
BIN := $(CURDIR)/bin
export PATH := $(BIN):$(PATH)
# NODE_VERSION, the Node.js of the images (their Dockerfiles' build argument), is named in skaffold.env only.
include skaffold.env
export NODE_VERSION
# The base image every Dockerfile starts from.
NODE_IMAGE := node:$(NODE_VERSION)-trixie-slim

# npm ci runs again whenever the lockfile or a workspace manifest is newer than the installed tree.
NPM_STAMP := node_modules/.package-lock.json
$(NPM_STAMP): package-lock.json package.json $(wildcard services/*/package.json)
	npm ci --no-audit --no-fund
	@touch $@

# The proto's TypeScript (npm run gen) is generated, never committed; it is regenerated when the proto changes.
GEN_STAMP := services/shared/src/generated/.stamp
$(GEN_STAMP): protobufs/recommendations.proto scripts/gen-proto-types.sh $(NPM_STAMP)
	npm run gen
	@touch $@

.PHONY: help deps build run dev test test-node-images format

##@ 1 Run and test
run: $(NPM_STAMP) ## Build and run both services here: http://localhost:8080, gRPC on :50051 (Ctrl-C stops both)
	npm start

# The tools some tests run (grpcurl, promtool) are installed first and handed to vitest by path, so
# those tests run here and never skip; run alone without them, they fail saying how to install them.
TEST_TOOLS_ENV = GRPCURL="$(GRPCURL)" PROMTOOL="$(PROMTOOL)"
test: $(NPM_STAMP) tool-grpcurl tool-promtool ## The test command: lint, typecheck, unit + integration tests, and the offline Kubernetes proof
	$(TEST_TOOLS_ENV) npm test
	$(MAKE) lint-k8s

# Development runs the host's Node (20.19 or newer); the images run NODE_VERSION. Both must pass.
test-node-images: $(NPM_STAMP) tool-grpcurl tool-promtool ## The unit and integration suites again, on the images' Node (NODE_VERSION from skaffold.env)
	@node="$$(scripts/node-release.sh)"; echo "test-node-images: $$("$$node" --version) ($$node)"; \
		$(TEST_TOOLS_ENV) PATH="$$(dirname "$$node"):$$PATH" npm run test:unit

dev: $(NPM_STAMP) ## Like run, with reload on change (tsx watch)
	npm run dev

build: $(NPM_STAMP) ## Generate proto types and compile every workspace to dist/
	npm run build

format: $(NPM_STAMP) ## Let Prettier lay out the TypeScript, JavaScript and JSON (make test fails on any drift)
	npm run format

deps: $(NPM_STAMP) $(GEN_STAMP) ## Install npm dependencies and generate the proto types (only when missing or stale)

# Each `##@ <n> <title>` line opens a group; help lists the groups by <n>, targets in file order within each.
help: ## List the targets by group, the everyday ones first
	@awk '/^##@ / { group = $$2; sub(/^##@ [0-9]+ /, ""); \
			if (!seen[group]++) printf "%s\t-1\t\n%s\t0\t\033[1m%s\033[0m\n", group, group, $$0; next } \
		/^[a-zA-Z0-9_.-]+:.*## / { n += 1; name = $$0; sub(/:.*/, "", name); doc = $$0; sub(/^[^#]*## /, "", doc); \
			printf "%s\t%d\t  \033[36m%-18s\033[0m %s\n", group, n, name, doc }' $(MAKEFILE_LIST) | \
		sort -t "$$(printf '\t')" -k1,1n -k2,2n | cut -f3- | tail -n +2

-include mk/*.mk
