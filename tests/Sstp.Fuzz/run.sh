#!/usr/bin/env bash
# Fuzz one target of Sstp.Fuzz with AFL++ through SharpFuzz (docs/FUZZING.md).
#   tests/Sstp.Fuzz/run.sh TARGET [SECONDS]      default 60 s
# Builds Release once, copies the output to the work folder, instruments Sstp.Protocol.dll there with the
# sharpfuzz tool (.config/dotnet-tools.json), runs afl-fuzz niced on the committed corpus, then prints the
# executions, speed, edges, crashes and hangs from fuzzer_stats. Exits 1 when this run saved a new crash or hang.
# Environment: FUZZ_WORK (work folder, default a folder under TMPDIR), FUZZ_NO_BUILD=1 (reuse the
# instrumented copy), FUZZ_RESUME=1 (continue the previous run of the target in the work folder: its queue,
# and its counters, which AFL carries over), FUZZ_NICE (default 19).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
target=${1:?usage: run.sh TARGET [SECONDS]}
seconds=${2:-60}
work=${FUZZ_WORK:-${TMPDIR:-/tmp}/sstp-fuzz}
bin="$work/bin"

command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found (apt-get install afl++)" >&2; exit 2; }
[ -d "$here/corpus/$target" ] || { echo "no corpus for '$target' (see: dotnet Sstp.Fuzz.dll list)" >&2; exit 2; }

if [ "${FUZZ_NO_BUILD:-0}" != 1 ] || [ ! -f "$bin/.instrumented" ]; then
  (cd "$root" && dotnet tool restore >/dev/null && dotnet build tests/Sstp.Fuzz -c Release -nologo -v q >/dev/null)
  rm -rf "$bin" && mkdir -p "$bin"
  cp -r "$here/bin/Release/net10.0/." "$bin/"
  (cd "$root" && dotnet tool run sharpfuzz "$bin/Sstp.Protocol.dll" >/dev/null)
  touch "$bin/.instrumented"
fi

out="$work/out/$target"
input=(-i "$here/corpus/$target")
count() { find "$out/default/$1" -name 'id:*' 2>/dev/null | wc -l; }
before_crashes=0; before_hangs=0
if [ "${FUZZ_RESUME:-0}" = 1 ] && [ -d "$out/default/queue" ]; then
  input=(-i -)
  before_crashes=$(count crashes); before_hangs=$(count hangs)
else
  rm -rf "$out" && mkdir -p "$out"
fi
dict=()
[ -f "$here/dict/$target.dict" ] && dict=(-x "$here/dict/$target.dict")

# The .NET host is no AFL-instrumented binary (SharpFuzz reports coverage itself): skip AFL's checks of it.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export DOTNET_TieredPGO=0
nice -n "${FUZZ_NICE:-19}" afl-fuzz "${input[@]}" -o "$out" -t 5000 -m none -V "$seconds" "${dict[@]}" \
  -- dotnet "$bin/Sstp.Fuzz.dll" "$target" >>"$out/afl.log" 2>&1 || true

stats="$out/default/fuzzer_stats"
if [ ! -f "$stats" ]; then
  echo "$target: afl-fuzz did not start; last lines of its log:" >&2
  tail -n 20 "$out/afl.log" >&2
  exit 2
fi
get() { awk -F' *: *' -v k="$1" '$1==k {print $2}' "$stats"; }
# Only what this run found counts: a resumed run keeps the findings of earlier runs in its folders.
crashes=$(( $(count crashes) - before_crashes )); hangs=$(( $(count hangs) - before_hangs ))
# A resumed afl-fuzz moves the earlier findings aside, so the difference can be negative: nothing new.
[ "$crashes" -ge 0 ] || crashes=0
[ "$hangs" -ge 0 ] || hangs=0
printf '%-16s execs=%s exec/s=%s time=%ss edges=%s/%s corpus=%s crashes=%s hangs=%s\n' "$target" \
  "$(get execs_done)" "$(get execs_per_sec)" "$(get run_time)" "$(get edges_found)" "$(get total_edges)" \
  "$(get corpus_count)" "${crashes:-0}" "${hangs:-0}"
if [ "${crashes:-0}" != 0 ] || [ "${hangs:-0}" != 0 ]; then
  echo "$target: findings in $out/default/crashes and $out/default/hangs; replay with" >&2
  echo "  dotnet $here/bin/Release/net10.0/Sstp.Fuzz.dll $target --replay $out/default/crashes" >&2
  echo "(the instrumented copy cannot run outside afl-fuzz)" >&2
  exit 1
fi
