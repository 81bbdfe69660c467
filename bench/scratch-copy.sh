#!/usr/bin/env bash
# Makes a scratch copy of the services under bench/tmp/scratch/<name>, to try a performance fix without
# touching services/: edit the copy, then `bench/scratch-copy.sh <name> --build` and benchmark it with
#   BENCH_SERVICES_ROOT=bench/tmp/scratch/<name> make bench
# The copy resolves @bookstore/shared to its own shared package and every other package to the repository's
# node_modules (Node and tsc look upwards), so nothing is installed twice.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name="${1:?usage: bench/scratch-copy.sh <name> [--build]}"
dir="$ROOT/bench/tmp/scratch/$name"

if [[ "${2:-}" != --build ]]; then
  rm -rf "$dir"
  mkdir -p "$dir/services" "$dir/node_modules/@bookstore"
  cp "$ROOT/tsconfig.base.json" "$dir/"
  cp -r "$ROOT/protobufs" "$dir/"
  for svc in shared recommendations marketplace; do
    (cd "$ROOT/services" && tar --exclude=dist --exclude=node_modules --exclude='*.tsbuildinfo' -cf - "$svc") | tar -xf - -C "$dir/services"
  done
  ln -s ../../services/shared "$dir/node_modules/@bookstore/shared"
  echo "scratch copy in ${dir#"$ROOT"/}: edit it, then run: bench/scratch-copy.sh $name --build"
  exit 0
fi

cd "$dir"
"$ROOT/node_modules/.bin/tsc" -b services/shared/tsconfig.build.json services/recommendations/tsconfig.build.json \
  services/marketplace/tsconfig.build.json
echo "built; benchmark it with: BENCH_SERVICES_ROOT=${dir#"$ROOT"/} make bench"
