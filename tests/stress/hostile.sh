#!/usr/bin/env bash
# tests/stress/hostile.sh - thousands of hostile connections (every kind of `sstp bench hostile`, from hundreds of
# source addresses) against one server while a real client keeps a ping running through its tunnel. Root only
# (network namespaces, TUN devices). Stops by itself within HOSTILE_TIME_LIMIT seconds and removes every namespace
# and process it created. Writes tests/stress/results/latest.{json,md}; exits non-zero when a condition fails:
#   the server stays up; the good client's tunnel never drops (no reconnect, ping loss under 5 %); a new client
#   sets up during and after the load; the server's RSS after the load is within 10 % of before it.
#
#   sudo tests/stress/hostile.sh      # on a shared machine, under the lock the namespace tests use: flock LOCKFILE ...
#
# Environment: HOSTILE_TIME_LIMIT (s, default 600), HOSTILE_CONNECTIONS (10000), HOSTILE_CONCURRENCY (200),
# HOSTILE_LOAD_SECONDS (at most this long for the load, default 360), HOSTILE_SETTLE (s after the drain, default 30),
# HOSTILE_OUT (default tests/stress/results), HOSTILE_SKIP_BUILD=DIR (an existing `dotnet publish` folder),
# HOSTILE_SERVER_ARGS (extra `sstp server` options), HOSTILE_GCDUMP=PATH (dotnet-gcdump: after the run, force a full GC
# in the server with a heap dump and record RSS again, to tell uncollected garbage from held memory).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=${HOSTILE_OUT:-$REPO/tests/stress/results}
TIME_LIMIT=${HOSTILE_TIME_LIMIT:-600}
CONNECTIONS=${HOSTILE_CONNECTIONS:-10000}
CONCURRENCY=${HOSTILE_CONCURRENCY:-200}
LOAD_SECONDS=${HOSTILE_LOAD_SECONDS:-360}
SETTLE=${HOSTILE_SETTLE:-30}

NS_S=sstph-s NS_C=sstph-c
VETH_S=sstph-vs VETH_C=sstph-vc
SERVER_IP=10.201.0.1 CLIENT_IP=10.201.0.2 NET_PREFIX=16
SOURCES=10.201.8.0/23                               # 510 hostile source addresses on the client side
POOL4=10.91.0.0/16 TUN_IP=10.91.0.1
PASSWORD=hostile-pw-$RANDOM$RANDOM

exec 3>&2
say() { printf '[hostile %3ds] %s\n' "$SECONDS" "$*" >&3; }
die() { printf '[hostile %3ds] ERROR: %s\n' "$SECONDS" "$*" >&3; exit 1; }
[ "$(id -u)" = 0 ] || { echo "hostile.sh: run as root (network namespaces and TUN devices)" >&2; exit 2; }

WORK=$(mktemp -d /tmp/sstp-hostile.XXXXXX)
LOGS=$OUT/logs
mkdir -p "$OUT" "$LOGS"
rm -f "$LOGS"/* "$OUT/latest.json" "$OUT/latest.md"
KV=$WORK/results.kv
: >"$KV"
PIDS=() NETNS_MADE=() WATCHDOG='' DOTNET=dotnet

stop_pid() {                                       # TERM, up to 5 s, then KILL; only our own PIDs
  local pid=$1 keep=() p
  for p in "${PIDS[@]}"; do [ "$p" = "$pid" ] || keep+=("$p"); done
  PIDS=("${keep[@]}")
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  [ -n "$WATCHDOG" ] && kill "$WATCHDOG" 2>/dev/null
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  for ns in "${NETNS_MADE[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$WORK"
  [ "$rc" = 0 ] || say "failed (exit $rc); logs in $LOGS"
  exit "$rc"
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT TERM

left() { echo $((TIME_LIMIT - SECONDS)); }
tmo() {                                            # tmo SECONDS COMMAND...: timeout capped by the time left
  local want=$1 l; shift
  l=$(left); [ "$l" -gt 5 ] || die "out of time (HOSTILE_TIME_LIMIT=$TIME_LIMIT s)"
  [ "$want" -lt "$l" ] || want=$((l - 3))
  timeout --kill-after=5 "$want" "$@"
}
MAIN=$$
( sleep "$TIME_LIMIT" & nap=$!; trap 'kill $nap 2>/dev/null; exit 0' TERM; wait $nap; say "time limit reached"; kill -TERM "$MAIN" ) &
WATCHDOG=$!
put() { printf '%s=%s\n' "$1" "$2" >>"$KV"; }

for tool in ip ss ping python3 timeout; do command -v "$tool" >/dev/null || die "$tool is missing"; done
DOTNET=$(command -v dotnet || true)
[ -n "$DOTNET" ] || for d in /usr/share/dotnet/dotnet /usr/lib/dotnet/dotnet "$HOME/.dotnet/dotnet"; do [ -x "$d" ] && DOTNET=$d && break; done
[ -n "$DOTNET" ] || die "dotnet (the .NET 10 SDK) is not installed"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

# ------------------------------------------------------------------ build
if [ -n "${HOSTILE_SKIP_BUILD:-}" ]; then
  APP=$HOSTILE_SKIP_BUILD
else
  say "building Release (dotnet publish)"
  tmo 300 "$DOTNET" publish "$REPO/src/Sstp.Cli" -c Release --artifacts-path "$WORK/artifacts" -o "$WORK/app" -v q \
    >"$LOGS/build.log" 2>&1 || die "build failed (see $LOGS/build.log)"
  APP=$WORK/app
fi
[ -f "$APP/sstp.dll" ] || die "no sstp.dll in $APP"
SSTP=$WORK/sstp-in                                 # SSTP NS ARGS...: sstp in a namespace with the hard open-file limit
printf '#!/bin/bash\nns=$1; shift\nulimit -n %s\nexec ip netns exec "$ns" %q %q "$@"\n' "$(ulimit -Hn)" "$DOTNET" "$APP/sstp.dll" >"$SSTP"
chmod 755 "$SSTP"
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
threads_of() { awk '/^Threads:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
wait_line() {                                      # wait_line FILE TEXT SECONDS PID
  for _ in $(seq $(($3 * 10))); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    kill -0 "$4" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# ------------------------------------------------------------------ namespaces
for ns in "$NS_S" "$NS_C"; do
  if [ -e "/run/netns/$ns" ]; then say "removing netns $ns left by an earlier run"; ip netns del "$ns"; fi
done
ip netns add "$NS_S"; NETNS_MADE+=("$NS_S")
ip netns add "$NS_C"; NETNS_MADE+=("$NS_C")
ip link add "$VETH_S" type veth peer name "$VETH_C"
ip link set "$VETH_S" netns "$NS_S"
ip link set "$VETH_C" netns "$NS_C"
ip -n "$NS_S" addr add "$SERVER_IP/$NET_PREFIX" dev "$VETH_S"
ip -n "$NS_C" addr add "$CLIENT_IP/$NET_PREFIX" dev "$VETH_C"
python3 - "$SOURCES" "$VETH_C" >"$WORK/addrs" <<'PY'
import ipaddress, sys
for h in ipaddress.ip_network(sys.argv[1]).hosts():
    print(f"addr add {h}/32 dev {sys.argv[2]}")
PY
ip -n "$NS_C" -batch "$WORK/addrs"
for pair in "$NS_S:$VETH_S" "$NS_C:$VETH_C"; do
  ip -n "${pair%%:*}" link set "${pair#*:}" up
  ip -n "${pair%%:*}" link set lo up
done
# Thousands of short connections from one namespace: reuse TIME_WAIT ports.
ip netns exec "$NS_C" sysctl -qw net.ipv4.tcp_tw_reuse=1 net.ipv4.ip_local_port_range="10000 65000"
say "namespaces $NS_S ($SERVER_IP) and $NS_C ($CLIENT_IP + $(wc -l <"$WORK/addrs") hostile sources in $SOURCES)"

# ------------------------------------------------------------------ server and the good client
for u in good hostile; do
  printf '%s\n' "$PASSWORD" | "$DOTNET" "$APP/sstp.dll" user add "$u" --password-stdin --users "$WORK/users" >>"$LOGS/server.log" 2>&1 \
    || die "sstp user add $u failed"
done
# shellcheck disable=SC2086 # HOSTILE_SERVER_ARGS is a list of options
"$SSTP" "$NS_S" server --listen "$SERVER_IP:443" --users "$WORK/users" --state-dir "$WORK/state" --tun sstph0 \
  --control-socket "$WORK/sstp.sock" --pool4 "$POOL4" --pool6 off ${HOSTILE_SERVER_ARGS:-} </dev/null >>"$LOGS/server.log" 2>&1 &
SERVER_PID=$!; PIDS+=("$SERVER_PID")
wait_line "$LOGS/server.log" "SHA-256" 30 "$SERVER_PID" || die "sstp server did not start (see $LOGS/server.log)"
PIN=$(grep -o 'SHA-256 [0-9A-F]\{64\}' "$LOGS/server.log" | head -1 | cut -d' ' -f2)
for _ in $(seq 100); do ip netns exec "$NS_S" ss -Htln "sport = :443" | grep -q . && break; sleep 0.1; done
say "server up (PID $SERVER_PID)"

printf '%s\n' "$PASSWORD" >"$WORK/pw"
"$SSTP" "$NS_C" client "$SERVER_IP" --user good --password-stdin --pin-sha256 "$PIN" --tun sstphc0 --no-dns --no-ipv6 --reconnect \
  <"$WORK/pw" >"$LOGS/good-client.log" 2>&1 &
CLIENT_PID=$!; PIDS+=("$CLIENT_PID")
wait_line "$LOGS/good-client.log" "tunnel up" 30 "$CLIENT_PID" || die "the good client did not bring its tunnel up (see $LOGS/good-client.log)"
ip netns exec "$NS_C" ping -n -i 0.2 -W 2 "$TUN_IP" >"$LOGS/ping.log" 2>&1 &
PING_PID=$!; PIDS+=("$PING_PID")

( while kill -0 "$SERVER_PID" 2>/dev/null; do echo "$SECONDS $(rss_kib "$SERVER_PID")"; sleep 2; done ) >"$LOGS/rss.log" &
PIDS+=("$!")
new_client() {                                     # new_client NAME: one fresh session set up and closed; prints 1 or 0
  printf '%s\n' "$PASSWORD" | tmo 90 "$SSTP" "$NS_C" bench setup --server "$SERVER_IP:443" --user good --password-stdin \
    --pin-sha256 "$PIN" --sessions 3 --concurrency 1 --json >"$LOGS/new-client-$1.json" 2>>"$LOGS/new-client.log" && echo 1 || echo 0
}
sleep 5
put rss_cold_kib "$(rss_kib "$SERVER_PID")"
# A warm-up round of every kind (two each; the slow ones cut at 40 s) so that "before" is a server that has run
# every code path once (JIT, TLS, error answers), as one on a public address has within minutes; the cold figure
# is kept in the results as well.
say "warm-up: every kind twice (at most 40 s)"
printf '%s\n' "$PASSWORD" | tmo 70 "$SSTP" "$NS_C" bench hostile --server "$SERVER_IP:443" --connections 26 --concurrency 26 \
  --source-range "$SOURCES" --pin-sha256 "$PIN" --user hostile --password-stdin --duration 40s --json >"$LOGS/warmup.json" 2>"$LOGS/warmup.log" \
  || say "warm-up exited non-zero (see $LOGS/warmup.log)"
sleep 15
RSS_BEFORE=$(rss_kib "$SERVER_PID")
put rss_before_kib "$RSS_BEFORE"
put threads_before "$(threads_of "$SERVER_PID")"
say "RSS cold $(grep rss_cold "$KV" | cut -d= -f2) KiB, before the load (after the warm-up) $RSS_BEFORE KiB"

# ------------------------------------------------------------------ the load
LOAD=$LOAD_SECONDS
[ "$LOAD" -lt $(( $(left) - SETTLE - 150 )) ] || LOAD=$(( $(left) - SETTLE - 150 ))
[ "$LOAD" -gt 30 ] || die "not enough time left for the load"
say "load: $CONNECTIONS hostile connections, $CONCURRENCY at once, at most $LOAD s"
printf '%s\n' "$PASSWORD" | "$SSTP" "$NS_C" bench hostile --server "$SERVER_IP:443" --connections "$CONNECTIONS" \
  --concurrency "$CONCURRENCY" --source-range "$SOURCES" --pin-sha256 "$PIN" --user hostile --password-stdin \
  --duration "${LOAD}s" --hold-timeout 150s --json >"$LOGS/hostile.json" 2>"$LOGS/hostile.log" &
LOAD_PID=$!; PIDS+=("$LOAD_PID")
LOAD_START=$SECONDS
DURING=()
for at in 20 $((LOAD / 2)); do
  while [ "$SECONDS" -lt $((LOAD_START + at)) ] && kill -0 "$LOAD_PID" 2>/dev/null; do sleep 1; done
  kill -0 "$LOAD_PID" 2>/dev/null || break
  DURING+=("$(new_client "during-$at")")
  say "new client during the load (t+$at s): ${DURING[-1]}"
done
for _ in $(seq $((LOAD + 60))); do kill -0 "$LOAD_PID" 2>/dev/null || break; sleep 1; done
kill -0 "$LOAD_PID" 2>/dev/null && say "sstp bench hostile overran its --duration; stopping it"
stop_pid "$LOAD_PID"
RSS_PEAK=$(awk 'BEGIN { m = 0 } $2 > m { m = $2 } END { print m }' "$LOGS/rss.log")

# ------------------------------------------------------------------ drain and settle
say "load done; waiting for the server's connections to drain"
for _ in $(seq 180); do
  n=$(ip netns exec "$NS_S" ss -Htn state established "sport = :443" | wc -l)
  [ "$n" -le 1 ] && break
  sleep 1
done
put connections_left_after_drain "$(ip netns exec "$NS_S" ss -Htn state established "sport = :443" | wc -l)"
NEW_AFTER=$(new_client after)
say "new client after the load: $NEW_AFTER; settling $SETTLE s"
sleep "$SETTLE"
RSS_AFTER=$(rss_kib "$SERVER_PID")
put threads_after "$(threads_of "$SERVER_PID")"
SERVER_ALIVE=0; kill -0 "$SERVER_PID" 2>/dev/null && SERVER_ALIVE=1
if [ -n "${HOSTILE_GCDUMP:-}" ] && [ "$SERVER_ALIVE" = 1 ]; then
  # Diagnosis only: a heap dump forces a full blocking GC, which tells garbage the server merely has not collected
  # yet (RSS falls) from memory it holds (RSS stays). The dump's report gives the live heap.
  tmo 120 "$HOSTILE_GCDUMP" collect -p "$SERVER_PID" -o "$WORK/server.gcdump" >"$LOGS/gcdump.log" 2>&1 || say "gcdump failed (see $LOGS/gcdump.log)"
  sleep 5
  put rss_after_full_gc_kib "$(rss_kib "$SERVER_PID")"
  tmo 60 "$HOSTILE_GCDUMP" report "$WORK/server.gcdump" >"$LOGS/gcdump-report.txt" 2>&1 || true
  say "RSS after a forced full GC: $(grep rss_after_full_gc "$KV" | cut -d= -f2) KiB (heap report in $LOGS/gcdump-report.txt)"
fi
"$DOTNET" "$APP/sstp.dll" ctl --socket "$WORK/sstp.sock" status --json >"$LOGS/ctl-status.json" 2>&1 || true
kill -INT "$PING_PID" 2>/dev/null; sleep 1; stop_pid "$PING_PID"
put rss_peak_kib "$RSS_PEAK"
put rss_after_kib "$RSS_AFTER"
put server_alive "$SERVER_ALIVE"
put new_client_during "$(IFS=,; echo "${DURING[*]:-}")"
put new_client_after "$NEW_AFTER"
put good_client_reconnects "$(grep -c 'reconnecting' "$LOGS/good-client.log" || true)"
put good_client_tunnel_ups "$(grep -c 'tunnel up' "$LOGS/good-client.log" || true)"

python3 - "$KV" "$LOGS" "$OUT" "$CONNECTIONS" "$CONCURRENCY" "$SOURCES" <<'PY'
import json, re, sys, os, platform, datetime
kv, logs, out, conns, conc, sources = sys.argv[1:7]
r = {}
for line in open(kv):
    k, _, v = line.rstrip("\n").partition("=")
    r[k] = v
ping = open(os.path.join(logs, "ping.log")).read()
m = re.search(r"(\d+) packets transmitted, (\d+) received", ping)
sent, got = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
gaps, run, longest = 0, 0, 0
seqs = sorted(int(s) for s in re.findall(r"icmp_seq=(\d+)", ping))
for a, b in zip(seqs, seqs[1:]):
    longest = max(longest, b - a - 1)
try:
    hostile = json.load(open(os.path.join(logs, "hostile.json")))
except Exception:
    hostile = None
during = [int(x) for x in r.get("new_client_during", "").split(",") if x]
before, after, peak, cold = int(r["rss_before_kib"]), int(r["rss_after_kib"]), int(r["rss_peak_kib"]), int(r["rss_cold_kib"])
res = {
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "machine": f"{platform.machine()}, {os.cpu_count()} cores, kernel {platform.release()}",
    "connections": int(conns), "concurrency": int(conc), "sources": sources,
    "serverAlive": r["server_alive"] == "1",
    "goodClient": {"reconnects": int(r["good_client_reconnects"] or 0), "tunnelUps": int(r["good_client_tunnel_ups"] or 0),
                   "pingsSent": sent, "pingsReceived": got,
                   "pingLossPercent": round(100.0 * (sent - got) / sent, 2) if sent else None,
                   "longestGapPings": longest},
    "newClientDuring": during, "newClientAfter": r["new_client_after"] == "1",
    "connectionsLeftAfterDrain": int(r.get("connections_left_after_drain", "0")),
    "rssKib": {"cold": cold, "before": before, "peak": peak, "after": after, "afterFullGc": int(r["rss_after_full_gc_kib"]) if "rss_after_full_gc_kib" in r else None, "afterOverBefore": round(after / before, 3) if before else None},
    "serverThreads": {"before": int(r.get("threads_before", "0")), "after": int(r.get("threads_after", "0"))},
    "hostile": hostile,
}
loss = res["goodClient"]["pingLossPercent"]
checks = {
    "server stays up": res["serverAlive"],
    "good tunnel never drops": res["goodClient"]["reconnects"] == 0 and res["goodClient"]["tunnelUps"] == 1 and loss is not None and loss < 5,
    "new client during the load": len(during) > 0 and all(x == 1 for x in during),
    "new client after the load": res["newClientAfter"],
    "RSS after within 10 % of before": res["rssKib"]["afterOverBefore"] is not None and res["rssKib"]["afterOverBefore"] <= 1.10,
}
res["checks"] = checks
res["passed"] = all(checks.values())
json.dump(res, open(os.path.join(out, "latest.json"), "w"), indent=2)
md = [f"# hostile.sh, {res['date']}", "", f"Machine: {res['machine']}", "",
      f"- server alive: {res['serverAlive']}",
      f"- good client: {res['goodClient']['reconnects']} reconnects, ping loss {loss} % of {sent}, longest gap {longest} pings",
      f"- new client during: {during}, after: {res['newClientAfter']}",
      f"- server threads: before {res['serverThreads']['before']}, after {res['serverThreads']['after']}",
      f"- server RSS KiB: cold {cold}, before (after warm-up) {before}, peak {peak}, after {after} (after/before {res['rssKib']['afterOverBefore']})" + (f"; after a forced full GC {res['rssKib']['afterFullGc']}" if res['rssKib']['afterFullGc'] else ""), ""]
if hostile:
    md += [f"Hostile: {hostile['attempted']} of {hostile['connections']} connections in {hostile['elapsedSeconds']} s, {hostile['concurrency']} at once, {hostile['sources']} sources", "",
           "| kind | tried | ended by server | close p50 ms | close p99 ms | errors | outcomes |", "|---|---|---|---|---|---|---|"]
    for k in hostile["kinds"]:
        oc = ", ".join(f"{a} {b}" for a, b in sorted(k["outcomes"].items(), key=lambda x: -x[1]))
        md.append(f"| {k['kind']} | {k['attempts']} | {k['serverEnded']} | {k['closeP50Ms']} | {k['closeP99Ms']} | {k['errors']} | {oc} |")
md += ["", "Checks:"] + [f"- {'PASS' if v else 'FAIL'}: {k}" for k, v in checks.items()]
open(os.path.join(out, "latest.md"), "w").write("\n".join(md) + "\n")
print("\n".join(md))
sys.exit(0 if res["passed"] else 1)
PY
