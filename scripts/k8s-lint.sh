#!/usr/bin/env bash
# Offline checks of the Kubernetes bundle; each step is a make target in mk/k8s.mk.
#
#   scripts/k8s-lint.sh deps             helm dependency build, in dependency order
#   scripts/k8s-lint.sh render <dir>     render every chart x values file x Kubernetes version into <dir>
#   scripts/k8s-lint.sh helm-lint        helm lint --strict, every chart x values file x version
#   scripts/k8s-lint.sh schemas          strict OpenAPI validation (kubernetes-validate --strict)
#   scripts/k8s-lint.sh kube-linter      kube-linter with .kube-linter.yaml, zero findings; where kube-linter
#                                        cannot be installed: a loud warning, then kube-score instead
#   scripts/k8s-lint.sh kube-score       kube-score, zero CRITICAL/WARNING findings beyond the exemptions below
#   scripts/k8s-lint.sh promtool         promtool check rules + test rules on the charts' PrometheusRules
#   scripts/k8s-lint.sh skaffold         skaffold.yaml against the published v4beta13 JSON schema
#
# Tools come from the environment (make exports them) or scripts/tools.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
tool() { "$ROOT/scripts/tools.sh" path "$1"; }
HELM="${HELM:-$(tool helm)}"
# The Kubernetes versions everything is rendered for and validated against: make exports them,
# by hand they are read from mk/k8s.mk (one place).
K8S_VERSIONS="${K8S_VERSIONS:-$(sed -n 's/^export K8S_VERSIONS := //p' mk/k8s.mk)}"
[[ -n "$K8S_VERSIONS" ]] || { echo "k8s-lint: K8S_VERSIONS not found in mk/k8s.mk" >&2; exit 1; }
# Kinds without an upstream OpenAPI schema (Prometheus Operator CRDs). They are the ONLY kinds allowed
# to skip schema validation; promtool and helm/test cover them instead.
CRD_KINDS="ServiceMonitor PrometheusRule"
CRD_API_VERSIONS=(--api-versions monitoring.coreos.com/v1/ServiceMonitor --api-versions monitoring.coreos.com/v1/PrometheusRule)

# Each chart renders as a release of its own name: the service charts as the "separate releases"
# install, the umbrella as "bookstore" (what skaffold and k8s/rendered use).
CHARTS=(recommendations marketplace bookstore)
# marketplace installed on its own must be told where recommendations is (see its values.yaml).
extra_args_of() { if [[ "$1" == marketplace ]]; then echo "--set recommendations.releaseName=recommendations"; fi; }

die() { echo "k8s-lint: $*" >&2; exit 1; }
step() { echo "==> $*" >&2; }

deps() {
  # make runs this once (helm-deps) and says so: rebuilding here again could rewrite charts/*.tgz
  # under a parallel `helm template` (make -j, vitest workers).
  [[ "${HELM_DEPS_DONE:-}" == 1 ]] && return 0
  # Leaves first: the umbrella packages the service charts together with their built charts/.
  local c
  for c in recommendations marketplace bookstore; do
    "$HELM" dependency build "helm/$c" >/dev/null || die "helm dependency build helm/$c failed"
  done
}

values_files_of() { (cd "helm/$1" && ls values.yaml values-*.yaml 2>/dev/null); }

# render <dir> [monitoring]: <dir>/<k8s version>/<chart>--<values file>.yaml. With "monitoring" the
# Prometheus Operator API versions are announced, so ServiceMonitor/PrometheusRule render too.
render() {
  local out="$1" monitoring="${2:-}" c v kv
  local -a api=()
  [[ "$monitoring" == monitoring ]] && api=("${CRD_API_VERSIONS[@]}")
  for kv in $K8S_VERSIONS; do
    mkdir -p "$out/$kv"
    for c in "${CHARTS[@]}"; do
      for v in $(values_files_of "$c"); do
        # shellcheck disable=SC2046 # word splitting of the extra args is intended
        "$HELM" template "$c" "helm/$c" --namespace bookstore --kube-version "$kv" \
          -f "helm/$c/$v" $(extra_args_of "$c") ${api[@]+"${api[@]}"} \
          >"$out/$kv/$c--${v%.yaml}.yaml" || die "helm template helm/$c -f $v (kube $kv) failed"
      done
    done
  done
}

helm_lint() {
  local c v kv
  for kv in $K8S_VERSIONS; do
    "$HELM" lint --strict --quiet helm/bookstore-lib --kube-version "$kv" >/dev/null || die "helm lint helm/bookstore-lib"
    for c in "${CHARTS[@]}"; do
      for v in $(values_files_of "$c"); do
        step "helm lint --strict helm/$c -f $v (kube $kv)"
        # shellcheck disable=SC2046
        "$HELM" lint --strict --quiet "helm/$c" -f "helm/$c/$v" --kube-version "$kv" $(extra_args_of "$c") \
          || die "helm lint --strict helm/$c -f $v failed"
      done
    done
  done
}

# Strict validation: unknown fields are errors, and so is any kind without a schema, except the CRDs.
schemas() {
  local kv="" tmp out rc
  local kvalidate="${KUBERNETES_VALIDATE:-$(tool kubernetes-validate)}"
  [[ -x "$kvalidate" ]] || die "kubernetes-validate missing: make tool-kubernetes-validate"
  tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' RETURN
  render "$tmp" monitoring
  for kv in $K8S_VERSIONS; do
    step "kubernetes-validate --strict -k $kv: $(find "$tmp/$kv" -name '*.yaml' | wc -l) rendered files + k8s/*.yaml"
    local files=("$tmp/$kv"/*.yaml k8s/rendered/*.yaml k8s/integration-tests-job.yaml)
    rc=0; out="$("$kvalidate" --strict --quiet -k "$kv" "${files[@]}" 2>&1)" || rc=$?
    # Missing schemas are only warnings for kubernetes-validate; here they fail unless the kind is a known CRD.
    local unknown
    unknown="$(grep "Couldn't find schema" <<<"$out" | grep -Ev "for kind ($(tr ' ' '|' <<<"$CRD_KINDS")) " || true)"
    if [[ $rc -ne 0 || -n "$unknown" ]]; then
      echo "$out" >&2
      die "strict schema validation against Kubernetes $kv failed"
    fi
  done
}

kube_linter() {
  local kl="${KUBE_LINTER:-$(tool kube-linter)}" tmp
  [[ -x "$kl" ]] || die "kube-linter missing: make tool-kube-linter"
  tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' RETURN
  # Without the CRD API versions: kube-linter lints core kinds; the CRDs are checked by helm/test.
  render "$tmp"
  cp k8s/rendered/*.yaml k8s/integration-tests-job.yaml "$tmp/"
  step "kube-linter lint ($(find "$tmp" -name '*.yaml' | wc -l) files, config .kube-linter.yaml)"
  "$kl" lint --config .kube-linter.yaml --fail-if-no-objects-found --fail-on-invalid-resource "$tmp"
}

# kube-linter is the primary linter, but its module host (golang.stackrox.io) is refused by some Go
# proxies (403). Then, or with SKIP_KUBE_LINTER=1, kube-score lints the same renders instead, after a
# warning no one can miss, repeated by `make lint-k8s` at the end (it reads $SUBSTITUTED). Only a
# FAILED INSTALL substitutes: an installed kube-linter always runs, and its findings fail the step.
SUBSTITUTED="$ROOT/.cache/kube-linter-substituted"
# Succeeds when kube-linter is runnable; otherwise records why, warns, installs kube-score and fails.
kube_linter_available() {
  local why log="$ROOT/.cache/kube-linter-install.log"
  mkdir -p "$ROOT/.cache"; rm -f "$SUBSTITUTED"
  if [[ "${SKIP_KUBE_LINTER:-}" == 1 ]]; then
    why="SKIP_KUBE_LINTER=1 was set"
  elif "$ROOT/scripts/tools.sh" install kube-linter 2>"$log"; then
    return 0
  else
    # go's own error lines are the news (e.g. "... 403 Forbidden"); tools.sh's wrapper lines are not.
    why="go install failed: $(grep -v '^tools.sh: ' "$log" | grep . | tail -n 2 | tr '\n' ' ')(full log: .cache/kube-linter-install.log)"
  fi
  echo "$why" >"$SUBSTITUTED"
  substitute_banner >&2
  # (set -e is off inside an `if` condition, hence the explicit die.)
  "$ROOT/scripts/tools.sh" install kube-score || die "kube-score, the substitute, could not be installed either"
  return 1
}

substitute_banner() {
  local bar; bar="$(printf '*%.0s' {1..100})"
  printf '%s\n*** WARNING: kube-linter UNAVAILABLE -- its checks (.kube-linter.yaml) did NOT run.\n' "$bar"
  printf '***   why: %s\n' "$(cat "$SUBSTITUTED")"
  printf '***   instead: kube-score gates the same renders (exemptions: KUBE_SCORE_EXEMPTIONS in scripts/k8s-lint.sh).\n'
  printf '***   to restore kube-linter: put it on PATH, or let go install reach golang.stackrox.io.\n%s\n' "$bar"
}

# kube-score exemptions, one per line: <renders>|<kube-score check id>|<ERE on the finding's message>.
# <renders>: all | kind (values.yaml renders and k8s/*.yaml: the local install) | staging (values-staging.yaml).
# Matching the MESSAGE, not just the check id, keeps the rest of a check in force (e.g. staging still
# fails on a pod without any NetworkPolicy). An exemption that matches nothing fails the step: delete it.
KUBE_SCORE_EXEMPTIONS=(
  # kind has no registry: `make kind-load` puts the images into the node, and Always would fail every
  # pod there with ErrImagePull. Tags are immutable (appVersion or a digest, never latest: helm/test).
  "all|container-image-pull-policy|ImagePullPolicy is not set to Always"
  # kube-score wants uid/gid > 10000 (no clash with host users). 1000:1000 is the images' own user, the
  # node base image's `node` (docs/CONTRACT.md, the Dockerfiles' USER), and runAsNonRoot, no privilege
  # escalation, all capabilities dropped, a read-only root and RuntimeDefault seccomp all apply (helm/test).
  "all|container-security-context-user-group-id|running with a low (user|group) ID"
  # The kind install leaves NetworkPolicy off on purpose: the peers it admits (ingress controller and
  # monitoring namespaces) are staging's. Staging turns it on for every pod and is checked without this.
  "kind|pod-networkpolicy|The pod does not have a matching NetworkPolicy$"
  # kind runs 1 replica by design (one node); staging runs >= 2 through the HPA, checked without this.
  "kind|deployment-replicas|Deployment few replicas"
  # Staging isolates INGRESS of every pod; egress stays open. An egress policy must admit DNS, whose
  # pods or address differ per cluster (kube-dns labels, NodeLocal DNSCache's link-local IP), and a wrong
  # guess cuts marketplace off from recommendations; nothing offline can prove it. Follow-up, not a fix.
  "staging|pod-networkpolicy|The pod does not have a matching egress NetworkPolicy$"
)

# Each render is scored ALONE (kube-score matches NetworkPolicies, PDBs and Services across its input),
# for each Kubernetes version; the generated k8s/ files (kind scope) once, with the newest version.
kube_score() {
  local ks="${KUBE_SCORE:-$(tool kube-score)}" tmp kv f scope out rc line row i nfiles=0 exempted=0
  local -a bad=() hits=() generated=()
  # Optional checks the charts pass by construction, turned on so they keep passing.
  local -a optional=(--enable-optional-test container-seccomp-profile --enable-optional-test container-ports-check)
  [[ -x "$ks" ]] || die "kube-score missing: make tool-kube-score"
  tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' RETURN
  # Without the CRD API versions, as for kube-linter: the CRDs are checked by helm/test and promtool.
  render "$tmp"
  for i in "${!KUBE_SCORE_EXEMPTIONS[@]}"; do hits[i]=0; done
  for kv in $K8S_VERSIONS; do
    [[ "$kv" == "${K8S_VERSIONS##* }" ]] && generated=(k8s/rendered/*.yaml k8s/integration-tests-job.yaml)
    step "kube-score score --kubernetes-version v${kv%.*}: $(find "$tmp/$kv" -name '*.yaml' | wc -l) renders${generated[*]:+ + ${generated[*]}}"
    for f in "$tmp/$kv"/*.yaml ${generated[@]+"${generated[@]}"}; do
      scope=kind; [[ "$f" == *--values-staging.yaml ]] && scope=staging
      rc=0; out="$("$ks" score --kubernetes-version "v${kv%.*}" "${optional[@]}" --output-format ci --color never "$f" 2>&1)" || rc=$?
      # Exit 1 only means "a CRITICAL finding"; no graded line at all means kube-score itself failed.
      grep -qE '^\[(OK|WARNING|CRITICAL)\] ' <<<"$out" || die "kube-score failed on $f (exit $rc): $out"
      nfiles=$((nfiles + 1))
      while IFS= read -r line; do
        for i in "${!KUBE_SCORE_EXEMPTIONS[@]}"; do
          IFS='|' read -r row _ _ <<<"${KUBE_SCORE_EXEMPTIONS[i]}"
          if [[ "$row" == all || "$row" == "$scope" ]] && [[ "$line" =~ ${KUBE_SCORE_EXEMPTIONS[i]#*|*|} ]]; then
            hits[i]=$((hits[i] + 1)); exempted=$((exempted + 1)); continue 2
          fi
        done
        bad+=("${f#"$tmp/"}: $line")
      done < <(grep -E '^\[(WARNING|CRITICAL)\] ' <<<"$out" || true)
    done
  done
  for i in "${!KUBE_SCORE_EXEMPTIONS[@]}"; do
    IFS='|' read -r row id _ <<<"${KUBE_SCORE_EXEMPTIONS[i]}"
    echo "    exempted: $id ($row renders) x${hits[i]}" >&2
    [[ ${hits[i]} -gt 0 ]] || bad+=("stale exemption, matches no finding any more: ${KUBE_SCORE_EXEMPTIONS[i]}")
  done
  if [[ ${#bad[@]} -gt 0 ]]; then
    printf '  %s\n' "${bad[@]}" >&2
    die "kube-score: ${#bad[@]} problem(s) in $nfiles files (fix the chart, or add an exemption WITH its reason)"
  fi
  echo "kube-score: 0 findings in $nfiles files ($exempted exempted, reasons in scripts/k8s-lint.sh)" >&2
}

# Extract spec.groups of every PrometheusRule into Prometheus rules files; promtool checks them all,
# then runs the alert unit tests (helm/test/promtool/*.test.yaml) against <chart>.rules.yaml, the
# rules of each service chart rendered alone with values-staging.yaml (first Kubernetes version).
promtool_check() {
  local promtool="${PROMTOOL:-$(tool promtool)}" tmp py="${PYTHON:-$(tool jsonschema)}"
  command -v "$promtool" >/dev/null || die "promtool missing: make tool-promtool"
  tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' RETURN
  render "$tmp/rendered" monitoring
  mkdir -p "$tmp/rules" "$tmp/unit"
  "$py" - "$tmp/rendered" "$tmp/rules" "$tmp/unit" "${K8S_VERSIONS%% *}" <<'PY'
import glob, os, sys, yaml
src, dst, unit, first_kv = sys.argv[1:5]
n = 0
for path in sorted(glob.glob(os.path.join(src, "*", "*.yaml"))):
    kv, base = os.path.basename(os.path.dirname(path)), os.path.basename(path)[:-5]
    for doc in yaml.safe_load_all(open(path)):
        if not doc or doc.get("kind") != "PrometheusRule":
            continue
        n += 1
        rules = {"groups": doc["spec"]["groups"]}
        with open(os.path.join(dst, "%s--%s--%s.yaml" % (kv, base, doc["metadata"]["name"])), "w") as f:
            yaml.safe_dump(rules, f, sort_keys=False)
        chart, values = base.split("--")
        if kv == first_kv and values == "values-staging" and chart != "bookstore":
            with open(os.path.join(unit, chart + ".rules.yaml"), "w") as f:
                yaml.safe_dump(rules, f, sort_keys=False)
if n == 0:
    sys.exit("no PrometheusRule rendered: is prometheusRule.enabled on in a values file?")
print("extracted %d PrometheusRule objects" % n, file=sys.stderr)
PY
  step "promtool check rules ($(find "$tmp/rules" -name '*.yaml' | wc -l) files)"
  "$promtool" check rules "$tmp/rules"/*.yaml >/dev/null || "$promtool" check rules "$tmp/rules"/*.yaml
  step "promtool test rules helm/test/promtool/*.test.yaml"
  cp helm/test/promtool/*.test.yaml "$tmp/unit/"
  (cd "$tmp/unit" && "$promtool" test rules ./*.test.yaml)
}

# The schema lives outside the repository (../shared/schemas/skaffold in CI). A missing file is never a
# silent pass: the check says loudly that it did not run (SKAFFOLD_SCHEMA_REQUIRED=1 makes it an error).
skaffold_schema() {
  local py="${PYTHON:-$(tool jsonschema)}"
  local schema="${SKAFFOLD_SCHEMA:-$ROOT/../shared/schemas/skaffold/v4beta13.json}"
  if [[ ! -f "$schema" ]]; then
    [[ "${SKAFFOLD_SCHEMA_REQUIRED:-0}" == 1 ]] && die "skaffold schema not found at $schema (set SKAFFOLD_SCHEMA=...)"
    printf '%s\n' "*** WARNING: skaffold.yaml NOT validated: no schema at $schema (set SKAFFOLD_SCHEMA=...) ***" >&2
    return 0
  fi
  step "skaffold.yaml against $schema"
  "$py" - "$schema" skaffold.yaml <<'PY'
import copy, json, sys, yaml
from jsonschema import Draft7Validator
from jsonschema.exceptions import best_match
schema = json.load(open(sys.argv[1]))
docs = [d for d in yaml.safe_load_all(open(sys.argv[2])) if d is not None]
errors = []
def leaf(e):
    # anyOf failures only say "not valid under any"; report the most relevant branch error instead.
    while e.context:
        e = best_match(e.context)
    return e
def patched(doc, patches):
    # The schema cannot see inside a profile's JSON patch values, so each profile is also checked
    # as the config it produces (add/replace/remove, the operations skaffold.yaml uses).
    doc = copy.deepcopy(doc)
    for p in patches:
        parts = [x.replace("~1", "/").replace("~0", "~") for x in p["path"].split("/")[1:]]
        parent = doc
        for k in parts[:-1]:
            parent = parent[int(k)] if isinstance(parent, list) else parent[k]
        last = parts[-1]
        if isinstance(parent, list):
            last = len(parent) if last == "-" else int(last)
        if p["op"] == "remove":
            del parent[last]
        elif p["op"] in ("add", "replace"):
            if p["op"] == "replace" and not (isinstance(parent, list) or last in parent):
                raise SystemExit("profile patch replaces missing path %s" % p["path"])
            if isinstance(parent, list) and p["op"] == "add":
                parent.insert(last, p["value"])
            else:
                parent[last] = p["value"]
        else:
            raise SystemExit("unsupported patch op %s" % p["op"])
    return doc
def check(label, doc):
    for e in sorted(Draft7Validator(schema).iter_errors(doc), key=lambda e: list(e.absolute_path)):
        e = leaf(e)
        errors.append("%s at /%s: %s" % (label, "/".join(map(str, e.absolute_path)), e.message[:300]))
for i, doc in enumerate(docs):
    if doc.get("apiVersion") != "skaffold/v4beta13":
        errors.append("document %d: apiVersion %r is not skaffold/v4beta13" % (i, doc.get("apiVersion")))
    check("document %d" % i, doc)
    for prof in doc.get("profiles", []):
        base = {k: v for k, v in doc.items() if k != "profiles"}
        check("document %d, profile %s applied" % (i, prof.get("name")), patched(base, prof.get("patches", [])))
if errors:
    sys.exit("skaffold.yaml does not match the v4beta13 schema:\n  " + "\n  ".join(errors))
print("skaffold.yaml: %d document(s) valid" % len(docs), file=sys.stderr)
PY
}

cmd="${1:-}"; shift || true
case "$cmd" in
  deps)        deps ;;
  render)      deps; render "${1:?output dir}" "${2:-}" ;;
  helm-lint)   deps; helm_lint ;;
  schemas)     deps; schemas ;;
  kube-linter) deps; if kube_linter_available; then kube_linter; else kube_score; fi ;;
  kube-score)  deps; kube_score ;;
  promtool)    deps; promtool_check ;;
  skaffold)    skaffold_schema ;;
  *) die "usage: $0 deps|render <dir> [monitoring]|helm-lint|schemas|kube-linter|kube-score|promtool|skaffold" ;;
esac
