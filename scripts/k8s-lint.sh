#!/usr/bin/env bash
# Offline checks of the Kubernetes bundle; each step is a make target in mk/k8s.mk.
#
#   scripts/k8s-lint.sh deps             helm dependency build, in dependency order
#   scripts/k8s-lint.sh render <dir>     render every chart x values file x Kubernetes version into <dir>
#   scripts/k8s-lint.sh helm-lint        helm lint --strict, every chart x values file x version
#   scripts/k8s-lint.sh schemas          strict OpenAPI validation (kubernetes-validate --strict), and the custom
#                                        resources strictly against their CRDs' schemas (scripts/k8s-crds.sh)
#   scripts/k8s-lint.sh kube-linter      kube-linter with .kube-linter.yaml, zero findings
#   scripts/k8s-lint.sh kube-score       kube-score, zero CRITICAL/WARNING findings beyond the exemptions below
#   scripts/k8s-lint.sh promtool         promtool check rules + test rules on the charts' PrometheusRules
#   scripts/k8s-lint.sh skaffold         skaffold.yaml and each profile, parsed by skaffold (diagnose --yaml-only)
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
# Kinds without an upstream OpenAPI schema (Prometheus Operator and Gateway API CRDs). They are the ONLY
# kinds kubernetes-validate may skip; they are validated against their CRDs' own schemas instead.
CRD_KINDS="ServiceMonitor PrometheusRule HTTPRoute"
CRD_API_VERSIONS=(--api-versions monitoring.coreos.com/v1/ServiceMonitor --api-versions monitoring.coreos.com/v1/PrometheusRule)

# Each chart renders as a release of its own name: the service charts as the "separate releases"
# install, the umbrella as "bookstore" (what skaffold and k8s/rendered use).
CHARTS=(recommendations marketplace bookstore)
# marketplace installed on its own must be told where recommendations is (see its values.yaml).
target_args_of() { if [[ "$1" == marketplace ]]; then echo "--set recommendations.releaseName=recommendations"; fi; }
# Staging refuses images without a registry host: its renders get the layout make deploy-staging uses.
LINT_REGISTRY=registry.example.com/team
registry_args_of() {
  if [[ "$1" != bookstore ]]; then echo "--set image.repository=$LINT_REGISTRY/bookstore_$1"; return; fi
  echo "--set recommendations.image.repository=$LINT_REGISTRY/bookstore_recommendations" \
    "--set marketplace.image.repository=$LINT_REGISTRY/bookstore_marketplace" \
    "--set integrationTests.image.repository=$LINT_REGISTRY/bookstore_integration-tests"
}

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

# The installs every check renders, one a line: "<chart> <name> <helm values flags...>". Each chart with each
# of its values files, and the umbrella with each helm/bookstore/examples/*.yaml on top of values-staging.yaml
# (the examples name their own registry images).
installs() {
  local c v
  for c in "${CHARTS[@]}"; do
    for v in $(values_files_of "$c"); do
      echo "$c ${v%.yaml} -f helm/$c/$v $(target_args_of "$c") $([[ "$v" == values-staging.yaml ]] && registry_args_of "$c")"
    done
  done
  for v in $(cd helm/bookstore/examples && ls -- *.yaml); do
    echo "bookstore ${v%.yaml} -f helm/bookstore/values-staging.yaml -f helm/bookstore/examples/$v"
  done
}

# render <dir> [monitoring]: <dir>/<k8s version>/<chart>--<name>.yaml for each install. With "monitoring" the
# Prometheus Operator API versions are announced, so ServiceMonitor/PrometheusRule render too.
render() {
  local out="$1" monitoring="${2:-}" c name flags kv
  local -a api=()
  [[ "$monitoring" == monitoring ]] && api=("${CRD_API_VERSIONS[@]}")
  for kv in $K8S_VERSIONS; do
    mkdir -p "$out/$kv"
    while read -r c name flags; do
      # shellcheck disable=SC2086 # word splitting of the flags is intended
      "$HELM" template "$c" "helm/$c" --namespace bookstore --kube-version "$kv" $flags ${api[@]+"${api[@]}"} \
        >"$out/$kv/$c--$name.yaml" || die "helm template helm/$c $flags (kube $kv) failed"
    done < <(installs)
  done
}

helm_lint() {
  local c name flags kv
  for kv in $K8S_VERSIONS; do
    "$HELM" lint --strict --quiet helm/bookstore-lib --kube-version "$kv" >/dev/null || die "helm lint helm/bookstore-lib"
    while read -r c name flags; do
      step "helm lint --strict helm/$c ($name, kube $kv)"
      # shellcheck disable=SC2086
      "$HELM" lint --strict --quiet "helm/$c" $flags --kube-version "$kv" \
        || die "helm lint --strict helm/$c $flags failed"
    done < <(installs)
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
  crd_schemas "$tmp"
}

# The custom resources (CRD_KINDS) against the openAPIV3Schema of their CRDs (scripts/k8s-crds.sh: the Gateway API
# and Prometheus Operator modules), strictly: an unknown field, which the API server would prune without a word,
# is an error here. What only the API server checks (x-kubernetes-validations rules) is left to the kind check.
crd_schemas() {
  local dir="$1" py="${PYTHON:-$(tool python)}" crds
  [[ -x "$py" ]] || die "the kubernetes-validate virtualenv is missing: make tool-kubernetes-validate"
  crds="$("$ROOT/scripts/k8s-crds.sh" files)" || die "scripts/k8s-crds.sh could not get the CRDs"
  step "custom resources ($CRD_KINDS) against their CRDs' schemas, strictly"
  "$py" - "$CRD_KINDS" "$crds" "$dir" <<'PY'
import glob, os, sys, yaml
from jsonschema import Draft7Validator
kinds, crd_files, root = sys.argv[1].split(), sys.argv[2].split("\n"), sys.argv[3]

def strict(node):
    # Objects with properties accept no other field, unless the CRD keeps unknown fields on purpose.
    if isinstance(node, list):
        return [strict(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: ({p: strict(s) for p, s in v.items()} if k == "properties" else strict(v)) for k, v in node.items()}
    if out.get("type") == "object" and "properties" in out and "additionalProperties" not in out \
            and not out.get("x-kubernetes-preserve-unknown-fields"):
        out["additionalProperties"] = False
    return out

schemas = {}
for f in crd_files:
    crd = yaml.safe_load(open(f))
    for v in crd["spec"]["versions"]:
        key = ("%s/%s" % (crd["spec"]["group"], v["name"]), crd["spec"]["names"]["kind"])
        schemas[key] = Draft7Validator(strict(v["schema"]["openAPIV3Schema"]))
errors, n = [], 0
for path in sorted(glob.glob(os.path.join(root, "*", "*.yaml"))):
    for doc in yaml.safe_load_all(open(path)):
        if not doc or doc.get("kind") not in kinds:
            continue
        validator = schemas.get((doc["apiVersion"], doc["kind"]))
        where = "%s: %s %s/%s" % (os.path.relpath(path, root), doc["apiVersion"], doc["kind"], doc["metadata"]["name"])
        if validator is None:
            errors.append("%s: no CRD of that apiVersion in scripts/k8s-crds.sh" % where)
            continue
        n += 1
        for e in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
            errors.append("%s at /%s: %s" % (where, "/".join(map(str, e.absolute_path)), e.message[:300]))
if errors:
    sys.exit("custom resources do not match their CRDs:\n  " + "\n  ".join(errors))
if n == 0:
    sys.exit("no custom resource rendered: is the Prometheus Operator API announced, and httpRoute on in an example?")
print("%d custom resources valid against %d CRD versions" % (n, len(schemas)), file=sys.stderr)
PY
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

# kube-linter is the linter. Its module host (golang.stackrox.io) is refused by some Go proxies (403,
# as on this project's CI machine): there, `make lint-k8s K8S_LINTER=kube-score` lints the same renders
# with kube-score instead. That is a choice the caller makes and the output says so; a failed install
# here is an error, never a quiet substitution.
kube_linter_install() {
  "$ROOT/scripts/tools.sh" install kube-linter || die "kube-linter could not be installed (above). Where your Go proxy cannot reach golang.stackrox.io, put kube-linter on PATH, or lint with kube-score instead: make lint-k8s K8S_LINTER=kube-score"
}

# kube-score exemptions, one per line: <renders>|<kube-score check id>|<ERE on the finding's message>.
# <renders>: all | kind (values.yaml renders and k8s/*.yaml: the local install) | staging (values-staging.yaml,
# and helm/bookstore/examples/staging-*.yaml on top of it).
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
  # Staging isolates INGRESS of every pod. Egress rules are opt-in (networkPolicy.egress of each service: DNS,
  # plus recommendations for marketplace; on in examples/staging-all.yaml): DNS is answered by pods or an
  # address that differ per cluster (kube-dns labels, NodeLocal DNSCache's link-local IP), and a wrong guess
  # would cut marketplace off from recommendations, so values-staging.yaml leaves them off. The short-lived
  # integration-test pods get none.
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
      scope=kind; [[ "$f" == *--values-staging.yaml || "$f" == */bookstore--staging-*.yaml ]] && scope=staging
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
  local promtool="${PROMTOOL:-$(tool promtool)}" tmp py="${PYTHON:-$(tool python)}"
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

# skaffold.yaml and each of its profiles, parsed by skaffold itself (`diagnose --yaml-only` rejects unknown
# fields and bad profile patches). Without skaffold on PATH the check says loudly that it did not run;
# SKAFFOLD_REQUIRED=1 makes that an error (CI sets it).
skaffold_check() {
  local skaffold="${SKAFFOLD:-skaffold}" profile
  if ! command -v "$skaffold" >/dev/null; then
    [[ "${SKAFFOLD_REQUIRED:-0}" == 1 ]] && die "skaffold is not on PATH (SKAFFOLD_REQUIRED=1): https://skaffold.dev/docs/install/"
    printf '%s\n' "*** WARNING: skaffold.yaml NOT checked: skaffold is not on PATH (https://skaffold.dev/docs/install/) ***" >&2
    return 0
  fi
  for profile in "" $(sed -n '/^profiles:/,$ s/^  - name: //p' skaffold.yaml); do
    step "skaffold diagnose --yaml-only${profile:+ -p $profile}"
    "$skaffold" diagnose --yaml-only ${profile:+-p "$profile"} >/dev/null
  done
}

cmd="${1:-}"; shift || true
case "$cmd" in
  deps)        deps ;;
  render)      deps; render "${1:?output dir}" "${2:-}" ;;
  helm-lint)   deps; helm_lint ;;
  schemas)     deps; schemas ;;
  kube-linter) deps; kube_linter_install; kube_linter ;;
  kube-score)  deps; kube_score ;;
  promtool)    deps; promtool_check ;;
  skaffold)    skaffold_check ;;
  *) die "usage: $0 deps|render <dir> [monitoring]|helm-lint|schemas|kube-linter|kube-score|promtool|skaffold" ;;
esac
