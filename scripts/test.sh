#!/usr/bin/env bash
# Runs every test project against the built binary and ends with one "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."
export BERTH_BINARY=${BERTH_BINARY:-$PWD/artifacts/bin/berth}
log=$(mktemp)
dotnet test Berth.slnx -c Release --nologo "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
# Name each failed test and the first lines of its message last, where a log's tail shows them.
if [ "$failed" -gt 0 ]; then
  echo "failed tests:"
  awk '/^ +Failed [A-Za-z_]/ {print; want=4; next}
       /^ +Error Message:/ && want {grab=want; want=0; next}
       /^ +Stack Trace:/ {grab=0}
       grab > 0 {print "      " $0; grab--}' "$log" | cut -c1-400
fi
rm -f "$log"
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$rc" -eq 0 ] && [ "$passed" -eq 0 ]; then echo "Error: no test ran" >&2; exit 1; fi
exit "$rc"
