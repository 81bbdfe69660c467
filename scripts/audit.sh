#!/usr/bin/env bash
# npm audit of the production dependencies: fails on any high or critical advisory.
#
# Where the registry's advisory endpoint cannot be reached (this project's CI machine only reaches the
# registry through a proxy that refuses the audit POST with 405), no advisory data exists to judge by.
# Then the script does not pass quietly: it prints a boxed warning naming the reason and exits 0, or
# exits 1 with AUDIT_STRICT=1. Any answer that carries advisories is always judged.
set -euo pipefail
cd "$(dirname "$0")/.."

report=$(mktemp)
trap 'rm -f "$report"' EXIT
if npm audit --omit=dev --audit-level=high --json >"$report" 2>/dev/null; then
  echo "audit: no high or critical advisories in production dependencies"
  exit 0
fi

# An answer with a vulnerability summary is a real audit result: show it and fail.
if node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); process.exit(r.metadata && r.metadata.vulnerabilities ? 0 : 1)' "$report"; then
  npm audit --omit=dev --audit-level=high || true
  echo "audit: FAILED: high or critical advisories in production dependencies (above)" >&2
  exit 1
fi

reason=$(node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(r.message || (r.error && r.error.summary) || "no advisory data in the answer")' "$report" 2>/dev/null || echo "unreadable answer")
cat >&2 <<WARN
**********************************************************************************************
*** WARNING: npm audit did NOT run: the advisory endpoint is unavailable from this machine.
***   ${reason}
*** No advisory data was checked. Run \`make audit\` where the registry's audit API answers.
**********************************************************************************************
WARN
[[ "${AUDIT_STRICT:-0}" == 1 ]] && exit 1
exit 0
