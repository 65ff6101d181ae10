#!/usr/bin/env bash
# The end-to-end suite: each test file in its own code-server, one after the other. No file is run a
# second time: a test that fails once is a failure, and a flaky one is a defect to fix. The names of
# the failed tests are printed at the end (and again in `npm test`'s summary).
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
rc_all=0
failed=()
while IFS= read -r f; do
  log="test-results/e2e-$(basename "$f" .ts).log"
  node --import tsx --test --test-reporter=spec --test-concurrency=1 "$f" >"$log" 2>&1
  rc=$?
  cat "$log"
  if [ "$rc" -ne 0 ]; then
    rc_all=1
    # The spec reporter repeats each failed test under "✖ failing tests:"; keep the test lines only.
    while IFS= read -r name; do failed+=("$f: $name"); done < <(sed -n '/^✖ failing tests:/,$p' "$log" | sed -n 's/^✖ \(.*\) ([0-9.]*m\?s)$/\1/p')
    [ ${#failed[@]} -eq 0 ] && failed+=("$f: exited with $rc")
  fi
done < <(find test/e2e -name '*.test.ts' | sort)
if [ ${#failed[@]} -gt 0 ]; then
  echo
  echo "e2e: failed tests:"
  printf '  %s\n' "${failed[@]}"
fi
exit $rc_all
