#!/usr/bin/env bash
# `npm run test:containers`: the base images (real, or stand-ins where the registry does not
# answer), then the Compose scenarios; the stand-ins are removed at the end, as the scenarios
# remove everything else they made. Needs a running Docker engine, Compose v2, and root to build
# stand-ins (.ci/docker.sh installs and starts what is missing).
set -euo pipefail
cd "$(dirname "$0")/../.."

trap "bash test/containers/base-images.sh --remove" EXIT

bash test/containers/base-images.sh
npx jest --config test/containers/jest.config.js --runInBand "$@"
