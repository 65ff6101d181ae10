#!/usr/bin/env bash
# The whole test suite from a fresh clone (what `npm test` and CI run): install, typecheck, lint,
# build, package the .vsix, unit, integration, end to end in code-server. Every stage runs even when
# an earlier one failed, so one run shows everything that is wrong; the exit code is non-zero if any
# stage failed. Each stage's time is printed, then a summary and the total test count.
#
#   SKIP_E2E=1 npm test     # everything but the code-server suite (e.g. on a machine without Chromium)
set -uo pipefail
cd "$(dirname "$0")/.."

logdir="$(mktemp -d "${TMPDIR:-/tmp}/lwb-test-all.XXXXXX")"
trap 'rm -rf "$logdir"' EXIT
declare -a names=() results=() seconds=()
failed=0
start_all=$SECONDS

# stage NAME COMMAND...: runs it, tees its output (the test counts are read from it), records the result.
stage() {
  local name="$1"; shift
  local t0=$SECONDS rc
  echo
  echo "==== $name: $*"
  "$@" 2>&1 | tee "$logdir/$name.log"
  rc=${PIPESTATUS[0]}
  local dt=$((SECONDS - t0))
  names+=("$name"); seconds+=("$dt")
  if [ "$rc" -eq 0 ]; then results+=("ok"); else results+=("FAILED ($rc)"); failed=1; fi
  echo "==== $name: ${results[-1]} in ${dt}s"
}

stage setup       bash scripts/setup.sh
stage typecheck   npx tsc --noEmit -p .
stage typecheck-tests npx tsc --noEmit -p tsconfig.tests.json
stage lint        npm run --silent lint
stage build       node scripts/build.mjs
stage package     npm run --silent package
stage unit        bash scripts/run-tests.sh test/unit
stage integration bash scripts/run-tests.sh --test-concurrency=1 test/integration
if [ "${SKIP_E2E:-}" = "1" ]; then
  echo; echo "==== e2e: skipped (SKIP_E2E=1)"
else
  stage e2e-tools node scripts/e2e-env.mjs
  # The harness installs the .vsix the package stage made instead of packaging again per test file.
  stage e2e       env LWB_E2E_VSIX=dist/lambda-workbench.vsix bash scripts/run-e2e.sh
fi

# node's test runner closes each run with "ℹ pass N", "ℹ fail N", "ℹ cancelled N": add them up over the test stages.
count() { cat "$logdir"/unit.log "$logdir"/integration.log "$logdir"/e2e.log 2>/dev/null | sed -n "s/^ℹ $1 \([0-9]*\)$/\1/p" | awk '{s+=$1} END {print s+0}'; }
# A test cancelled because its suite's setup failed did not pass either.
passed=$(count pass); failed_tests=$(( $(count fail) + $(count cancelled) ))

echo
echo "==== summary"
printf '%-14s %-14s %6s\n' stage result seconds
for i in "${!names[@]}"; do printf '%-14s %-14s %6s\n' "${names[$i]}" "${results[$i]}" "${seconds[$i]}"; done
printf '%-14s %-14s %6s\n' total "" "$((SECONDS - start_all))"
echo
# A skipped test is not a pass: its count shows (the SAM corpus tests skip where ../shared is absent).
echo "tests: $passed passed, $failed_tests failed, $(count skipped) skipped"
# Name the failed tests. unit and integration are one runner each, whose spec reporter lists its
# failed tests at the end under "✖ failing tests:"; run-e2e.sh lists the end-to-end ones itself. No
# stage re-runs a test, so there is no "passed only on retry" to report.
for s in unit integration; do
  [ -f "$logdir/$s.log" ] && sed -n '/^✖ failing tests:/,$p' "$logdir/$s.log" | sed -n "s/^✖ \(.*\) ([0-9.]*m\?s)$/  $s: \1/p"
done
[ -f "$logdir/e2e.log" ] && sed -n '/^e2e: failed tests:/,$p' "$logdir/e2e.log" | sed -n 's/^  /  e2e: /p'
exit $failed
