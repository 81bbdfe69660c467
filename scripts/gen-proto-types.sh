#!/usr/bin/env bash
# Generates TypeScript types for protobufs/recommendations.proto with proto-loader-gen-types.
#
# Why the copy: the generator names its root file after the proto (recommendations.ts) and the service
# type after the service (Recommendations.ts). Those two names differ only in case, which breaks
# checkouts on case-insensitive file systems (macOS, Windows). Generating from a copy named
# recommendations_grpc.proto gives the root file a distinct name; everything else is unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
out=services/shared/src/generated
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp protobufs/recommendations.proto "$work/recommendations_grpc.proto"
rm -rf "$out"
gen="$PWD/node_modules/.bin/proto-loader-gen-types"
# Run from the copy's folder so the generated "Original file:" comments carry no temporary path.
(cd "$work" && "$gen" --keepCase --longs=String --enums=String --defaults --oneofs \
  --grpcLib=@grpc/grpc-js --outDir="$OLDPWD/$out" recommendations_grpc.proto >/dev/null)
