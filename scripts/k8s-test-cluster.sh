#!/usr/bin/env bash
# Runs the integration tests as a Job in the cluster and reports like a test command:
# (re)creates the Job, waits for Complete or Failed, prints its logs, exits 0 only on success (and then
# deletes the Job).
#   KUBE_CONTEXT=kind-bookstore NAMESPACE=default scripts/k8s-test-cluster.sh k8s/integration-tests-job.yaml
set -euo pipefail

JOB_FILE="${1:?usage: $0 <job manifest>}"
TIMEOUT_SECONDS="${TIMEOUT_SECONDS:-360}"
kc=(kubectl)
[[ -n "${KUBE_CONTEXT:-}" ]] && kc+=(--context "$KUBE_CONTEXT")
[[ -n "${NAMESPACE:-}" ]] && kc+=(--namespace "$NAMESPACE")

job="$("${kc[@]}" create --dry-run=client -f "$JOB_FILE" -o name)"   # job.batch/<name>
# A Job's pod template is immutable and a finished Job never reruns: start from a fresh one.
"${kc[@]}" delete -f "$JOB_FILE" --ignore-not-found --wait=true >/dev/null
"${kc[@]}" apply -f "$JOB_FILE"

echo "waiting up to ${TIMEOUT_SECONDS}s for $job ..." >&2
state=""
for ((waited = 0; waited < TIMEOUT_SECONDS; waited += 3)); do
  state="$("${kc[@]}" get "$job" -o jsonpath='{range .status.conditions[?(@.status=="True")]}{.type}{" "}{end}')"
  case " $state " in
    *" Complete "* | *" Failed "*) break ;;
  esac
  sleep 3
done

echo "----- logs of $job -----" >&2
"${kc[@]}" logs "$job" --all-containers --tail=-1 || true
echo "------------------------" >&2

# A passed run leaves nothing behind (its logs are above); a failed one keeps the Job for inspection.
case " $state " in
  *" Complete "*) "${kc[@]}" delete "$job" --wait=false >/dev/null; echo "integration tests PASSED in the cluster" >&2 ;;
  *" Failed "*)   "${kc[@]}" describe "$job" | tail -n 20 >&2
                  echo "integration tests FAILED in the cluster (inspect it, then: kubectl delete $job)" >&2; exit 1 ;;
  *)              echo "integration tests did not finish within ${TIMEOUT_SECONDS}s (kubectl delete $job removes it)" >&2; exit 1 ;;
esac
