#!/usr/bin/env bash
# The whole test suite, from a fresh clone: install, check, build, unit, integration, end to end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== typecheck";   npx tsc --noEmit -p .
echo "== lint";        npx eslint src test scripts
echo "== build";       node scripts/build.mjs
echo "== unit";        bash scripts/run-tests.sh test/unit
echo "== integration"; bash scripts/run-tests.sh --test-concurrency=1 test/integration
echo "== e2e";         bash scripts/run-tests.sh --test-concurrency=1 test/e2e
