#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need, builds the solution once,
# then runs every test project against that build, one project at a time (the machine has two cores).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-test-deps.sh
scripts/start-postgres.sh

dotnet build Orleans.Analytics.sln -c Debug -nologo -clp:ErrorsOnly

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test --solution Orleans.Analytics.sln --no-build -c Debug --max-parallel-test-modules 1 "$@" 2>&1 | tee "$log" || status=$?

# One closing line for any reader: the totals over every test project.
passed=$(grep -E '^\s+succeeded: [0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -E '^\s+failed: [0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -E '^\s+skipped: [0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
# The names of the tests that failed come last too, where a reader of the log's tail finds them.
if [ "$failed" -gt 0 ]; then
  echo "Failed tests:"
  grep -E '^\s*failed [^ ]' "$log" | sed -E 's/^\s*failed /  /' | cut -c1-300 || true
fi
echo "Tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "No test ran." >&2
  exit 1
fi
exit "$status"
