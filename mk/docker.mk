# Docker targets: the offline base image, the three images, and the cluster-shaped end-to-end suite
# (services/integration-tests/e2e). Included by the top-level Makefile (-include mk/*.mk); the pinned
# grpc-health-probe comes from mk/tools.mk.

# Tag of the images `images` builds and `e2e` runs: bookstore/<name>:$(IMAGE_TAG).
IMAGE_TAG ?= dev
IMAGES    := recommendations marketplace integration-tests
# AIRGAP=1 assembles the base image here, for machines with no container registry (this project's CI sets
# it); by default `docker build` pulls the base image like any other.
AIRGAP    ?= 0

.PHONY: base-image images image-sizes e2e e2e-chromium e2e-clean screenshot

##@ 2 Images and the Docker e2e suite

ifeq ($(AIRGAP),1)
base-image: ## With AIRGAP=1 only: assemble the base image without a registry (scripts/airgap-base-image.sh)
	NODE_VERSION=$(NODE_VERSION) scripts/airgap-base-image.sh
else
base-image:
	@true
endif

images: base-image ## Build the three images (scripts/docker-build.sh) as bookstore/<name>:<IMAGE_TAG> (default dev)
	@for svc in $(IMAGES); do \
		echo "== docker build bookstore/$$svc:$(IMAGE_TAG)"; \
		scripts/docker-build.sh $$svc bookstore/$$svc:$(IMAGE_TAG) || exit 1; \
	done

image-sizes: ## Each image's size and its app layers (size minus the base image the Dockerfiles start from)
	@for svc in $(IMAGES); do \
		base=$(NODE_IMAGE); \
		size=$$(docker image inspect --format '{{.Size}}' bookstore/$$svc:$(IMAGE_TAG)); \
		base_size=$$(docker image inspect --format '{{.Size}}' $$base); \
		awk -v n="bookstore/$$svc:$(IMAGE_TAG)" -v s=$$size -v b=$$base_size -v base=$$base \
			'BEGIN { printf "  %-36s %6.1f MB  (app layers %5.1f MB on %s)\n", n, s/1e6, (s-b)/1e6, base }'; \
	done

e2e-chromium: ## Install Debian's chromium (for the e2e browser test) when /usr/bin/chromium is missing
	@scripts/e2e-chromium.sh

e2e: deps base-image images tool-grpc-health-probe e2e-chromium ## End-to-end on Docker: 3 recommendations replicas + marketplace, probes, metrics, restarts, outage, browser
	E2E_IMAGE_TAG=$(IMAGE_TAG) E2E_SCREENSHOT="$(E2E_SCREENSHOT)" GRPC_HEALTH_PROBE="$(GRPC_HEALTH_PROBE)" scripts/e2e-run.sh

screenshot: ## Run e2e and refresh docs/screenshot.png, the README's picture (e2e alone writes test-results/)
	$(MAKE) e2e E2E_SCREENSHOT=docs/screenshot.png

e2e-clean: ## Remove every bookstore-e2e container and network, including those of runs still in progress (E2E_KEEP=1)
	@containers=$$(docker ps -aq --filter label=bookstore-e2e.run); \
	networks=$$(docker network ls -q --filter label=bookstore-e2e.run); \
	if [[ -n "$$containers" ]]; then docker rm --force --volumes $$containers; fi; \
	if [[ -n "$$networks" ]]; then docker network rm $$networks; fi
