#!/usr/bin/env bash
# The project's test command (README): runs every test project and prints "N passed, N failed[, N skipped]".
# Options are passed to `dotnet test` (e.g. -c Release --no-build). --coverage also reports line
# coverage of Sstp.Protocol.
set -uo pipefail
cd "$(dirname "$0")"

coverage=0
args=()
for a in "$@"; do
  case "$a" in
    --coverage) coverage=1 ;;
    --ci) ;;
    *) args+=("$a") ;;
  esac
done

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

projects=$(find tests -name '*.Tests.csproj' | sort)
passed=0; failed=0; skipped=0; status=0
for p in $projects; do
  name=$(basename "$p" .csproj)
  echo "== $name"
  extra=()
  if [ $coverage = 1 ]; then
    extra=(--collect "XPlat Code Coverage")
  fi
  dotnet test "$p" --nologo "${args[@]}" "${extra[@]}" --logger "trx;LogFileName=$name.trx" \
    --results-directory "$out/$name" 2>&1 | tee "$out/$name.log" | grep -vE '^\s*$' | tail -n 40
  rc=${PIPESTATUS[0]}
  # The tail above can hide failures in long output: list every failed test with its message.
  grep -E '^\s+Failed ' -A8 "$out/$name.log" | grep -vE '^\s+at |Stack Trace' | head -n 80 || true
  trx=$(find "$out/$name" -name '*.trx' | head -n 1)
  if [ -n "$trx" ]; then
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
    get() { echo "$counters" | grep -oE "$1=\"[0-9]+\"" | grep -oE '[0-9]+'; }
    p_=$(get passed); f_=$(get failed); t_=$(get total); e_=$(get executed)
    passed=$((passed + ${p_:-0})); failed=$((failed + ${f_:-0}))
    skipped=$((skipped + ${t_:-0} - ${e_:-0}))
  else
    failed=$((failed + 1))
  fi
  [ "$rc" = 0 ] || status=1
done

if [ $coverage = 1 ]; then
  for f in $(find "$out" -name "coverage.cobertura.xml" | head -n 1); do
    python3 - "$f" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
for pkg in root.iter('package'):
    if pkg.get('name') == 'Sstp.Protocol':
        lines = [l for c in pkg.iter('class') for l in c.iter('line')]
        hit = sum(1 for l in lines if int(l.get('hits', 0)) > 0)
        print(f"coverage Sstp.Protocol: {hit}/{len(lines)} lines = {100.0*hit/max(1,len(lines)):.1f}%")
PY
  done
fi

[ "$failed" = 0 ] || status=1
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit $status
