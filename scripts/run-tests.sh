#!/usr/bin/env bash
# Runs node's test runner over the TypeScript test files under the given folders (through tsx).
# Node 20's runner does not search for .ts files itself, so the list is made here.
set -euo pipefail
cd "$(dirname "$0")/.."
extra=()
while [ $# -gt 0 ] && [[ "$1" == --* ]]; do extra+=("$1"); shift; done
files=()
for dir in "$@"; do
  [ -d "$dir" ] || continue
  while IFS= read -r f; do files+=("$f"); done < <(find "$dir" -name '*.test.ts' -not -path '*/fixtures/*' | sort)
done
if [ ${#files[@]} -eq 0 ]; then echo "no test files under $*"; exit 0; fi
exec node --import tsx --test --test-reporter=spec "${extra[@]}" "${files[@]}"
