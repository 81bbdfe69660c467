#!/usr/bin/env bash
# Builds one of the three images: the one place that knows which stage and arguments each takes
# (skaffold.yaml says the same for skaffold; helm/test/skaffold.test.ts checks they agree).
#   scripts/docker-build.sh <recommendations|marketplace|integration-tests> <name:tag> [docker build options...]
set -euo pipefail
cd "$(dirname "$0")/.."
image="${1:?usage: $0 <recommendations|marketplace|integration-tests> <name:tag> [docker build options...]}"
tag="${2:?usage: $0 <image> <name:tag> [docker build options...]}"
shift 2
# The Node version of the images is named in skaffold.env only (make exports it; read it when run by hand).
NODE_VERSION="${NODE_VERSION:-$(. ./skaffold.env; echo "$NODE_VERSION")}"
case "$image" in
  recommendations | marketplace) set -- --build-arg SERVICE="$image" -f services/Dockerfile "$@" ;;
  integration-tests)             set -- --build-arg SERVICE="$image" --target "$image" -f services/Dockerfile "$@" ;;
  *) echo "docker-build: unknown image $image (recommendations, marketplace or integration-tests)" >&2; exit 2 ;;
esac
docker build --build-arg NODE_VERSION="$NODE_VERSION" -t "$tag" "$@" .
