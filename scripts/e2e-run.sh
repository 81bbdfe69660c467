#!/usr/bin/env bash
# Runs the Docker end-to-end suite (services/integration-tests/e2e) once, with a run id of its own. The
# suite removes what it created in its global teardown; this script's trap is the backstop for when vitest
# itself dies or is interrupted: it removes whatever still carries this run's label, and nothing else.
#
#   scripts/e2e-run.sh [vitest args...]     e.g. scripts/e2e-run.sh outage   (only files matching "outage")
#
# Environment (all optional): E2E_IMAGE_TAG (dev), GRPC_HEALTH_PROBE (bin/grpc-health-probe),
# E2E_DEADLINE_MS (300), E2E_MAX_CONNECTION_AGE_MS (30000), E2E_SHUTDOWN_GRACE_MS (10000),
# E2E_KEEP=1 (leave the containers up for debugging; `make e2e-clean` removes them).
set -euo pipefail
cd "$(dirname "$0")/.."

E2E_RUN_ID="${E2E_RUN_ID:-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')}"
export E2E_RUN_ID
LABEL="bookstore-e2e.run=$E2E_RUN_ID"

sweep() {
  [[ "${E2E_KEEP:-}" == 1 ]] && return 0
  local containers networks
  # Bounded retries: a removal the suite's own teardown started may still be in progress.
  for _ in $(seq 1 30); do
    mapfile -t containers < <(docker ps -aq --filter "label=$LABEL")
    ((${#containers[@]} > 0)) || break
    echo "e2e-run: removing ${#containers[@]} leftover container(s) of run $E2E_RUN_ID" >&2
    docker rm --force --volumes "${containers[@]}" >/dev/null 2>&1 || sleep 1
  done
  mapfile -t networks < <(docker network ls -q --filter "label=$LABEL")
  if ((${#networks[@]} > 0)); then
    echo "e2e-run: removing the network of run $E2E_RUN_ID" >&2
    docker network rm "${networks[@]}" >/dev/null
  fi
}
trap sweep EXIT

started=$SECONDS
# The runner loader evaluates the TypeScript config in place: no bundle written next to it, and no warning
# about ESM syntax in this CommonJS workspace (which the default bundling loader prints).
npx --no-install vitest run --config services/integration-tests/e2e/vitest.config.ts --configLoader runner "$@"
echo "e2e-run: suite passed in $((SECONDS - started)) s (run $E2E_RUN_ID)"
