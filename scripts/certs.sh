#!/usr/bin/env bash
# Creates a private CA and the two leaf certificates for the optional mutual TLS between marketplace
# (client) and recommendations (server), with openssl. Nothing here is for a public PKI: the CA only
# ever signs these two services, so a stolen leaf cannot be used anywhere else.
#
# Usage: scripts/certs.sh [OUT_DIR]      (default: certs/, which .gitignore keeps out of git)
#
# Layout, one folder per service in the shape of a kubernetes.io/tls Secret (tls.crt, tls.key, ca.crt):
#   OUT_DIR/ca.crt  OUT_DIR/ca.key                      the CA (keep ca.key offline in real use)
#   OUT_DIR/recommendations/{tls.crt,tls.key,ca.crt}   server certificate (serverAuth)
#   OUT_DIR/marketplace/{tls.crt,tls.key,ca.crt}       client certificate (clientAuth)
#
# Names (space-separated; entries that look like IP addresses become IP SANs):
#   CERTS_NAMESPACE        namespace in the default Service DNS names (default: default)
#   CERTS_RELEASE          Helm release whose Service names (<release>-recommendations, ...) the
#                          defaults also cover (default: bookstore, as in mk/k8s.mk; empty: none)
#   RECOMMENDATIONS_NAMES  SANs of the server certificate; must contain the name marketplace dials
#                          (RECOMMENDATIONS_HOST) or its TLS_SERVER_NAME
#   MARKETPLACE_NAMES      SANs of the client certificate
#   CERTS_DAYS             validity of the leaves (default 365); the CA gets twice that
#   CERTS_CA_NAME          common name of the CA (default: bookstore-internal-ca)
#   CERTS_FORCE=1          replace an existing CA (otherwise the script refuses: certificates already
#                          deployed from it would stop verifying)
set -euo pipefail

out_dir=${1:-certs}
namespace=${CERTS_NAMESPACE:-default}
days=${CERTS_DAYS:-365}
ca_name=${CERTS_CA_NAME:-bookstore-internal-ca}
release=${CERTS_RELEASE-bookstore}

# A Service's DNS names: short, namespaced and fully qualified, plainly and with the release prefix.
service_names() {
  local name names=""
  for name in "$1" ${release:+"$release-$1"}; do
    names+="$name $name.$namespace.svc $name.$namespace.svc.cluster.local "
  done
  echo "${names}localhost"
}

recommendations_names=${RECOMMENDATIONS_NAMES:-$(service_names recommendations)}
marketplace_names=${MARKETPLACE_NAMES:-$(service_names marketplace)}

command -v openssl >/dev/null || { echo "certs.sh: openssl is not on PATH" >&2; exit 1; }
if [[ -e $out_dir/ca.key && ${CERTS_FORCE:-0} != 1 ]]; then
  echo "certs.sh: $out_dir/ca.key exists; set CERTS_FORCE=1 to replace the CA and every certificate" >&2
  exit 1
fi

# subjectAltName value from a list of names: DNS:... for names, IP:... for IPv4/IPv6 literals.
san_list() {
  local entry sans=()
  for entry in $1; do
    if [[ $entry =~ ^[0-9.]+$ || $entry == *:* ]]; then sans+=("IP:$entry"); else sans+=("DNS:$entry"); fi
  done
  (IFS=,; echo "${sans[*]}")
}

# Keys are ECDSA P-256: as strong as RSA-3072 for TLS, and generated in milliseconds (tests make many).
new_key() {
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null
}

# leaf <folder> <common name> <serverAuth|clientAuth> <names>
leaf() {
  local dir="$out_dir/$1" ext
  mkdir -p "$dir"
  new_key "$dir/tls.key"
  ext=$(mktemp)
  cat >"$ext" <<EOF
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = $3
subjectAltName = $(san_list "$4")
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
  openssl req -new -key "$dir/tls.key" -subj "/CN=$2" -out "$dir/tls.csr"
  openssl x509 -req -in "$dir/tls.csr" -CA "$out_dir/ca.crt" -CAkey "$out_dir/ca.key" \
    -CAcreateserial -days "$days" -sha256 -extfile "$ext" -out "$dir/tls.crt" 2>/dev/null
  rm -f "$dir/tls.csr" "$ext"
  cp "$out_dir/ca.crt" "$dir/ca.crt"
  openssl verify -CAfile "$out_dir/ca.crt" "$dir/tls.crt" >/dev/null
  echo "  $dir: CN=$2, $3, $(san_list "$4")"
}

# Private keys must never be readable by other users; the certificates do not mind.
umask 077
mkdir -p "$out_dir"
new_key "$out_dir/ca.key"
openssl req -x509 -new -key "$out_dir/ca.key" -subj "/CN=$ca_name" -days $((days * 2)) -sha256 \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -out "$out_dir/ca.crt"
rm -f "$out_dir/ca.srl"

echo "certs.sh: CA $ca_name in $out_dir"
leaf recommendations recommendations serverAuth "$recommendations_names"
leaf marketplace marketplace clientAuth "$marketplace_names"
rm -f "$out_dir/ca.srl"
