# Security and reliability targets: certificates for the optional mutual TLS, the dependency audit, the
# soak, and the reliability/security suites on their own. Included by the top-level Makefile (include mk/*.mk).

# Where `make certs` writes the CA and the two leaves (/certs/ is in .gitignore). The names are options of
# scripts/certs.sh, passed through from the command line, e.g.
#   make certs CERTS_NAMESPACE=shop RECOMMENDATIONS_NAMES="bookstore-recommendations bookstore-recommendations.shop.svc.cluster.local"
CERTS_DIR ?= certs

.PHONY: certs audit soak test-security test-reliability

##@ 1 Run and test
certs: ## Private CA + leaf certs for mTLS in certs/ (scripts/certs.sh; CERTS_NAMESPACE, CERTS_RELEASE, RECOMMENDATIONS_NAMES, ...)
	scripts/certs.sh $(CERTS_DIR)

soak: deps ## 60 s of steady homepage load on both processes; prints memory and latency, fails on errors or growth (SOAK_SECONDS)
	npx --no-install tsx scripts/soak.ts

test-security: deps ## Only the security suites: mTLS, gRPC fuzzing, HTTP bad input (also part of npm test)
	npx --no-install vitest run services/recommendations/test/security services/marketplace/test/security

test-reliability: deps ## Only the fault, rolling-restart and SIGTERM suites (also part of npm test)
	npx --no-install vitest run services/marketplace/test/reliability

##@ 7 Tools and CI
# Fails on a high or critical advisory in what the images ship (dev dependencies are not shipped), and also
# when the advisory service cannot be reached: an audit that did not run must not pass.
audit: $(NPM_STAMP) ## npm audit of production dependencies: fails on a high or critical advisory (warns loudly if the audit API is unreachable)
	scripts/audit.sh
