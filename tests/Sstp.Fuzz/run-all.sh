#!/usr/bin/env bash
# Fuzz every target in turn, SECONDS each (default 60), one afl-fuzz at a time (docs/FUZZING.md).
#   tests/Sstp.Fuzz/run-all.sh [SECONDS]
# With FUZZ_RESUME=1 each target continues its previous run (see run.sh), so rounds add up.
# Prints one stats line per target; exits 1 when any target found a crash or a hang.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:-60}
status=0
first=1
for target in $(ls "$here/corpus"); do
  if [ $first = 1 ]; then
    FUZZ_NO_BUILD=0 "$here/run.sh" "$target" "$seconds" || status=1
    first=0
  else
    FUZZ_NO_BUILD=1 "$here/run.sh" "$target" "$seconds" || status=1
  fi
done
exit $status
