# The bookstore: recommendations (gRPC) and marketplace (web), in TypeScript, for Kubernetes.
# Every target is thin: the work lives in npm scripts, scripts/ and mk/*.mk. `make` alone lists them.

.DEFAULT_GOAL := help
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
BIN := $(CURDIR)/bin
export PATH := $(BIN):$(PATH)

# npm ci runs again whenever the lockfile or a workspace manifest is newer than the installed tree.
NPM_STAMP := node_modules/.package-lock.json
$(NPM_STAMP): package-lock.json package.json $(wildcard services/*/package.json)
	npm ci --no-audit --no-fund
	@touch $@

.PHONY: help deps build run dev test
help: ## List the targets
	@grep -hE '^[a-zA-Z0-9_.-]+:.*## ' $(MAKEFILE_LIST) | sort -u | \
		awk 'BEGIN {FS = ":.*## "} {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}'

deps: $(NPM_STAMP) ## Install npm dependencies (only when missing or stale)

build: $(NPM_STAMP) ## Generate proto types and compile every workspace to dist/
	npm run build

run: $(NPM_STAMP) ## Build and run both services here: http://localhost:8080, gRPC on :50051 (Ctrl-C stops both)
	npm start

dev: $(NPM_STAMP) ## Like run, with reload on change (tsx watch)
	npm run dev

# The tools some tests run (grpcurl, promtool) are installed first and handed to vitest by path, so
# those tests run here and never skip; run alone without them, they fail saying how to install them.
test: $(NPM_STAMP) tool-grpcurl tool-promtool ## The test command: lint, typecheck, unit + integration tests, and the offline Kubernetes proof
	GRPCURL="$(GRPCURL)" PROMTOOL="$(PROMTOOL)" npm test
	$(MAKE) lint-k8s

-include mk/*.mk
