#!/usr/bin/env bash
# bench/run.sh - every performance figure of the project in one run, written to bench/results/latest.json and
# bench/results/latest.md. Root only (network namespaces, TUN devices). Stops by itself within BENCH_TIME_LIMIT
# seconds (default 540) and removes every namespace, device and process it created. See bench/README.md.
#
#   sudo bench/run.sh                 # on a shared machine, under the lock its namespace tests use: flock LOCKFILE ...
#
# Environment: BENCH_TIME_LIMIT (s, default 540), BENCH_HOLD_SESSIONS (default 10000), BENCH_SETUP_SESSIONS (2000),
# BENCH_IPERF_SECONDS (10), BENCH_OUT (default bench/results), BENCH_SKIP_BUILD=DIR (use an existing publish folder),
# BENCH_SOFTETHER_DIR (default ../shared/interop/softether beside the repository).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${BENCH_OUT:-$REPO/bench/results}
TIME_LIMIT=${BENCH_TIME_LIMIT:-540}
HOLD_SESSIONS=${BENCH_HOLD_SESSIONS:-10000}
SETUP_SESSIONS=${BENCH_SETUP_SESSIONS:-2000}
IPERF_SECONDS=${BENCH_IPERF_SECONDS:-10}
SE_DIR=${BENCH_SOFTETHER_DIR:-$REPO/../shared/interop/softether}

NS_S=sstpb-s NS_C=sstpb-c NS_E=sstpb-e          # our server, our client/bench, SoftEther's bridge end
VETH_S=sstpb-vs VETH_C=sstpb-vc
SERVER_IP=192.0.2.1 CLIENT_IP=192.0.2.2
POOL4=10.89.0.0/16 TUN_IP=10.89.0.1                # the server's end of the tunnel is the pool's first host
SE_BRIDGE=sstpb                                    # SoftEther local bridge; its TAP device is tap_sstpb
PASSWORD=bench-pw-$RANDOM$RANDOM

exec 3>&2                                          # progress always reaches the caller's stderr, even inside a redirect
say() { printf '[bench %3ds] %s\n' "$SECONDS" "$*" >&3; }
die() { printf '[bench %3ds] ERROR: %s\n' "$SECONDS" "$*" >&3; exit 1; }

[ "$(id -u)" = 0 ] || { echo "bench/run.sh: run as root (network namespaces and TUN devices)" >&2; exit 2; }

# ------------------------------------------------------------------ state and cleanup
WORK=$(mktemp -d /tmp/sstp-bench.XXXXXX)
LOGS=$OUT/logs
mkdir -p "$OUT" "$LOGS"
rm -f "$LOGS"/*
KV=$WORK/results.kv                                # key=value lines, turned into JSON at the end
: >"$KV"
PIDS=()                                            # every background process we started
NETNS_MADE=()
SE_STARTED=0 SE_BRIDGE_MADE=0 SE_NETNS='' SE_PORT='' WATCHDOG='' DOTNET=dotnet
SE_ADMIN=${SOFTETHER_ADMIN_PASSWORD:-interop-admin-pw}

stop_pid() {                                       # TERM, up to 5 s, then KILL; only our own PIDs, each once
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
  if [ "$SE_BRIDGE_MADE" = 1 ]; then
    ip netns exec "$SE_NETNS" vpncmd "127.0.0.1:$SE_PORT" /SERVER "/PASSWORD:$SE_ADMIN" /CMD BridgeDelete \
      "${SOFTETHER_HUB:-DEFAULT}" "/DEVICE:$SE_BRIDGE" >>"$LOGS/softether.log" 2>&1 || say "could not delete SoftEther bridge $SE_BRIDGE"
  fi
  for ns in "${NETNS_MADE[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
  if [ "$SE_STARTED" = 1 ]; then "$SE_DIR/down" >>"$LOGS/softether.log" 2>&1 || say "softether/down failed"; fi
  if [ "$rc" != 0 ] && [ -s "$KV" ] && command -v python3 >/dev/null; then
    # What was measured before the failure, every missing key null, marked incomplete.
    printf 'note.incomplete=the run stopped early (exit %s) after %s s; see the logs\n' "$rc" "$SECONDS" >>"$KV"
    python3 "$REPO/bench/report.py" "$KV" "$OUT/latest.json" "$OUT/latest.md" "$("$DOTNET" --version 2>/dev/null)" 2>/dev/null
  fi
  rm -rf "$WORK"
  [ "$rc" = 0 ] || say "failed (exit $rc); logs in $LOGS"
  exit "$rc"
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT TERM

# The whole run is bounded: every long step runs under `timeout` with at most the time left, and a watchdog
# ends the script if something else hangs.
left() { echo $((TIME_LIMIT - SECONDS)); }
tmo() {                                            # tmo SECONDS COMMAND...: timeout capped by the time left
  local want=$1 l; shift
  l=$(left); [ "$l" -gt 5 ] || die "out of time (BENCH_TIME_LIMIT=$TIME_LIMIT s)"
  [ "$want" -lt "$l" ] || want=$((l - 3))
  timeout --kill-after=5 "$want" "$@"
}
MAIN=$$
( sleep "$TIME_LIMIT" & nap=$!; trap 'kill $nap 2>/dev/null; exit 0' TERM; wait $nap; say "time limit reached"; kill -TERM "$MAIN" ) &
WATCHDOG=$!

put() { printf '%s=%s\n' "$1" "$2" >>"$KV"; }     # put KEY VALUE (a number, "null", or text for notes)
note() { put "note.$1" "$2"; say "$1: $2"; }
skip() { local name=$1 why=$2; shift 2; for k in "$@"; do put "$k" null; done; note "$name" "skipped: $why"; }

put load_average_start "$(cut -d' ' -f1 /proc/loadavg)"

# ------------------------------------------------------------------ tools
need=()
command -v ip >/dev/null || need+=(iproute2)
command -v ss >/dev/null || need+=(iproute2)
command -v ping >/dev/null || need+=(iputils-ping)
command -v iperf3 >/dev/null || need+=(iperf3)
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  tmo 240 apt-get update -qq >>"$LOGS/apt.log" 2>&1
  tmo 240 apt-get install -y -qq "${need[@]}" >>"$LOGS/apt.log" 2>&1 || die "apt-get install ${need[*]} failed (see $LOGS/apt.log)"
fi
DOTNET=$(command -v dotnet || true)
[ -n "$DOTNET" ] || for d in /usr/share/dotnet/dotnet /usr/lib/dotnet/dotnet "$HOME/.dotnet/dotnet"; do [ -x "$d" ] && DOTNET=$d && break; done
[ -n "$DOTNET" ] || die "dotnet (the .NET 10 SDK) is not installed"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
[ -e /dev/net/tun ] || die "/dev/net/tun is missing"
HZ=$(getconf CLK_TCK)

# ------------------------------------------------------------------ build (Release, outside the source tree)
if [ -n "${BENCH_SKIP_BUILD:-}" ]; then
  APP=$BENCH_SKIP_BUILD
else
  say "building Release (dotnet publish into $WORK)"
  tmo 300 "$DOTNET" publish "$REPO/src/Sstp.Cli" -c Release --artifacts-path "$WORK/artifacts" -o "$WORK/app" -v q \
    >"$LOGS/build.log" 2>&1 || die "build failed (see $LOGS/build.log)"
  APP=$WORK/app
fi
[ -f "$APP/sstp.dll" ] || die "no sstp.dll in $APP"
HARD_NOFILE=$(ulimit -Hn)
# $SSTP NS ARGS...: sstp in a namespace, open-file limit raised to the hard limit; a script (not a function) so
# that timeout can run it and $! of a background start is the sstp process itself (every step execs).
SSTP=$WORK/sstp-in
printf '#!/bin/bash\nns=$1; shift\nulimit -n %s\nexec ip netns exec "$ns" %q %q "$@"\n' "$HARD_NOFILE" "$DOTNET" "$APP/sstp.dll" >"$SSTP"
chmod 755 "$SSTP"
cpu_of() { awk -v hz="$HZ" '{ sub(/.*\) /, ""); printf "%.2f", ($12 + $13) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
wait_line() {                                      # wait_line FILE TEXT SECONDS PID
  for _ in $(seq $(($3 * 10))); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    kill -0 "$4" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
json_field() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); v=eval(sys.argv[2], {}, {"d": d}); print("null" if v is None else v)' "$@"; }

# ------------------------------------------------------------------ namespaces
for ns in "$NS_S" "$NS_C" "$NS_E"; do
  if [ -e "/run/netns/$ns" ]; then say "removing netns $ns left by an earlier run"; ip netns del "$ns"; fi
done
ip netns add "$NS_S"; NETNS_MADE+=("$NS_S")
ip netns add "$NS_C"; NETNS_MADE+=("$NS_C")
ip link add "$VETH_S" type veth peer name "$VETH_C"
ip link set "$VETH_S" netns "$NS_S"
ip link set "$VETH_C" netns "$NS_C"
ip -n "$NS_S" addr add "$SERVER_IP/24" dev "$VETH_S"
ip -n "$NS_C" addr add "$CLIENT_IP/24" dev "$VETH_C"
for pair in "$NS_S:$VETH_S" "$NS_C:$VETH_C"; do
  ip -n "${pair%%:*}" link set "${pair#*:}" up
  ip -n "${pair%%:*}" link set lo up
done
say "namespaces $NS_S ($SERVER_IP) and $NS_C ($CLIENT_IP) joined by veth"

# ------------------------------------------------------------------ 1. TLS baseline (loopback inside sstpb-c)
say "1/6 TLS baseline: stream (32 KiB and 1500 B writes), then handshakes"
tmo 60 "$SSTP" "$NS_C" bench tls --mode stream --duration 5s --warmup 1s --json >"$WORK/tls-stream.json" 2>>"$LOGS/bench-tls.log" \
  || die "sstp bench tls --mode stream failed (see $LOGS/bench-tls.log)"
tmo 60 "$SSTP" "$NS_C" bench tls --mode handshakes --duration 5s --warmup 1s --concurrency 32 --json >"$WORK/tls-hs.json" 2>>"$LOGS/bench-tls.log" \
  || die "sstp bench tls --mode handshakes failed (see $LOGS/bench-tls.log)"
# The same stream with packet-sized writes: what one TLS write per SSTP packet (merging off) can carry.
tmo 60 "$SSTP" "$NS_C" bench tls --mode stream --duration 3s --warmup 1s --write-size 1500 --json >"$WORK/tls-stream-1500.json" 2>>"$LOGS/bench-tls.log" \
  || die "sstp bench tls --mode stream --write-size 1500 failed (see $LOGS/bench-tls.log)"
cp "$WORK/tls-stream.json" "$WORK/tls-stream-1500.json" "$WORK/tls-hs.json" "$LOGS/"
put tls_1500b_writes_up_mbps "$(json_field "$WORK/tls-stream-1500.json" 'd["upMbps"]')"
put tls_1500b_writes_down_mbps "$(json_field "$WORK/tls-stream-1500.json" 'd["downMbps"]')"
put tls_baseline_up_mbps "$(json_field "$WORK/tls-stream.json" 'd["upMbps"]')"
put tls_baseline_down_mbps "$(json_field "$WORK/tls-stream.json" 'd["downMbps"]')"
put tls_baseline_mbps "$(json_field "$WORK/tls-stream.json" 'round((d["upMbps"] + d["downMbps"]) / 2, 1)')"
put tls_baseline_write_bytes "$(json_field "$WORK/tls-stream.json" 'd["writeSize"]')"
put tls_handshakes_per_s "$(json_field "$WORK/tls-hs.json" 'd["handshakesPerSecond"]')"

# ------------------------------------------------------------------ our server and client
printf '%s\n' "$PASSWORD" | "$DOTNET" "$APP/sstp.dll" user add bench --password-stdin --users "$WORK/users" >>"$LOGS/server.log" 2>&1 \
  || die "sstp user add failed"
start_server() {                                   # start_server LOGNAME: sets SERVER_PID and PIN
  # Every bench session comes from one client address, so the per-address limits are off.
  "$SSTP" "$NS_S" server --listen "$SERVER_IP:443" --users "$WORK/users" --state-dir "$WORK/state" --tun sstpb0 \
    --control-socket "$WORK/sstp.sock" --pool4 "$POOL4" --pool6 off --auth mschapv2 --max-handshakes 2000 --max-sessions 20000 --log-level warning \
    --source-rate off --max-pre-auth-per-source 0 \
    </dev/null >"$LOGS/$1.log" 2>&1 &
  SERVER_PID=$!; PIDS+=("$SERVER_PID")
  wait_line "$LOGS/$1.log" "SHA-256" 30 "$SERVER_PID" || die "sstp server did not start (see $LOGS/$1.log)"
  PIN=$(grep -o 'SHA-256 [0-9A-F]\{64\}' "$LOGS/$1.log" | head -1 | cut -d' ' -f2)
  for _ in $(seq 100); do ip netns exec "$NS_S" ss -Htln "sport = :443" | grep -q . && return 0; sleep 0.1; done
  die "sstp server is not listening (see $LOGS/$1.log)"
}
start_server server
say "server up in $NS_S (PID $SERVER_PID), certificate SHA-256 $PIN"

printf '%s\n' "$PASSWORD" >"$WORK/pw"
"$SSTP" "$NS_C" client "$SERVER_IP" --user bench --password-stdin --pin-sha256 "$PIN" --tun sstpbc0 --no-dns --no-ipv6 \
  <"$WORK/pw" >"$LOGS/client.log" 2>&1 &
CLIENT_PID=$!; PIDS+=("$CLIENT_PID")
wait_line "$LOGS/client.log" "tunnel up" 30 "$CLIENT_PID" || die "sstp client did not bring the tunnel up (see $LOGS/client.log)"
say "$(grep -m1 'sstp client: tunnel up' "$LOGS/client.log")"

ip netns exec "$NS_S" iperf3 -s -B "$TUN_IP" >"$LOGS/iperf3-server.log" 2>&1 &
IPERF_S=$!; PIDS+=("$IPERF_S")
for _ in $(seq 50); do ip netns exec "$NS_S" ss -Htln "sport = :5201" | grep -q . && break; sleep 0.1; done

iperf() {                                          # iperf NS TARGET NAME [iperf3 options]: Mbit/s received
  local ns=$1 target=$2 name=$3; shift 3
  tmo $((IPERF_SECONDS + 30)) ip netns exec "$ns" iperf3 -c "$target" -t "$IPERF_SECONDS" -O 2 -J "$@" >"$LOGS/$name.json" 2>&1 \
    || { say "iperf3 $name failed (see $LOGS/$name.json)"; echo null; return 0; }
  json_field "$LOGS/$name.json" 'round(d["end"]["sum_received"]["bits_per_second"] / 1e6, 1)'
}
phase_cpu() {                                      # phase_cpu KEY PID START: CPU seconds since START
  put "$1" "$(python3 -c 'import sys; print(round(float(sys.argv[1]) - float(sys.argv[2]), 2))' "$(cpu_of "$2")" "$3")"
}

say "2/6 tunnel throughput: iperf3 ${IPERF_SECONDS} s (+2 s warm-up) up, then down (-R)"
s0=$(cpu_of "$SERVER_PID") c0=$(cpu_of "$CLIENT_PID")
put tunnel_up_mbps "$(iperf "$NS_C" "$TUN_IP" iperf3-tunnel-up)"
phase_cpu cpu_s.tunnel_up.server "$SERVER_PID" "$s0"; phase_cpu cpu_s.tunnel_up.client "$CLIENT_PID" "$c0"
s0=$(cpu_of "$SERVER_PID") c0=$(cpu_of "$CLIENT_PID")
put tunnel_down_mbps "$(iperf "$NS_C" "$TUN_IP" iperf3-tunnel-down -R)"
phase_cpu cpu_s.tunnel_down.server "$SERVER_PID" "$s0"; phase_cpu cpu_s.tunnel_down.client "$CLIENT_PID" "$c0"

# ------------------------------------------------------------------ 3. RTT idle and loaded
ping_ms() {                                        # ping_ms NS TARGET NAME: median RTT in ms of 20 pings
  ip netns exec "$1" ping -n -c 20 -i 0.05 -W 2 "$2" >"$LOGS/$3.log" 2>&1 || true
  python3 - "$LOGS/$3.log" <<'EOF'
import re, statistics, sys
t = [float(x) for x in re.findall(r"time=([\d.]+)", open(sys.argv[1]).read())]
print(round(statistics.median(t), 3) if t else "null")
EOF
}
loaded_ping() {                                    # loaded_ping KEY NAME [iperf3 options]: ping while iperf3 -t 8 runs
  local key=$1 name=$2; shift 2
  ip netns exec "$NS_C" iperf3 -c "$TUN_IP" -t 8 "$@" >"$LOGS/$name-iperf3.log" 2>&1 &
  local load=$!; PIDS+=("$load")
  sleep 3
  put "$key" "$(ping_ms "$NS_C" "$TUN_IP" "$name")"
  for _ in $(seq 100); do kill -0 "$load" 2>/dev/null || break; sleep 0.1; done
  stop_pid "$load"
}
say "3/6 RTT through the tunnel: 20 pings idle, then while iperf3 saturates it (down, then up)"
put rtt_idle_ms "$(ping_ms "$NS_C" "$TUN_IP" ping-idle)"
loaded_ping rtt_loaded_ms ping-loaded-down -R
loaded_ping rtt_loaded_up_ms ping-loaded-up
stop_pid "$CLIENT_PID"; stop_pid "$IPERF_S"

# ------------------------------------------------------------------ 4. SoftEther, same client
se_alive() { local f=${SOFTETHER_STATE_DIR:-/tmp/sstp-interop-softether}/vpnserver.pid; [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null; }
softether() {
  say "4/6 SoftEther: our client -> vpnserver (inner port, no relay), iperf3 to a local-bridge TAP"
  [ -x "$SE_DIR/up" ] || { skip softether "no SoftEther interop scripts at $SE_DIR (shared/interop/softether beside the repository)" softether_up_mbps softether_down_mbps; return 0; }
  local before=0; se_alive && before=1
  # ns mode, but the client connects to vpnserver's own port inside its namespace, so the socat relay is not in the
  # path (the relay is what SOFTETHER_MODE=host avoids); the E2E tests use the same instance.
  if ! tmo 240 env SOFTETHER_MODE=ns "$SE_DIR/up" >"$WORK/se.env" 2>>"$LOGS/softether.log"; then
    [ "$before" = 1 ] || SE_STARTED=1
    skip softether "softether/up failed (see $LOGS/softether.log)" softether_up_mbps softether_down_mbps; return 0
  fi
  [ "$before" = 1 ] || SE_STARTED=1
  eval "$(cat "$WORK/se.env")"
  SE_NETNS=$SOFTETHER_NETNS SE_PORT=$SOFTETHER_INNER_PORT
  local net=${SOFTETHER_GATEWAY%.*} target
  target=$net.250
  ip netns exec "$SE_NETNS" vpncmd "127.0.0.1:$SE_PORT" /SERVER "/PASSWORD:$SE_ADMIN" /CMD BridgeCreate "$SOFTETHER_HUB" \
    "/DEVICE:$SE_BRIDGE" /TAP:yes >>"$LOGS/softether.log" 2>&1 \
    || { skip softether "vpncmd BridgeCreate failed (see $LOGS/softether.log)" softether_up_mbps softether_down_mbps; return 0; }
  SE_BRIDGE_MADE=1
  for _ in $(seq 50); do ip -n "$SE_NETNS" link show "tap_$SE_BRIDGE" >/dev/null 2>&1 && break; sleep 0.1; done
  ip netns add "$NS_E"; NETNS_MADE+=("$NS_E")
  ip -n "$SE_NETNS" link set "tap_$SE_BRIDGE" netns "$NS_E" \
    || { skip softether "no TAP device tap_$SE_BRIDGE from the bridge" softether_up_mbps softether_down_mbps; return 0; }
  ip -n "$NS_E" addr add "$target/24" dev "tap_$SE_BRIDGE"
  ip -n "$NS_E" link set "tap_$SE_BRIDGE" up
  ip -n "$NS_E" link set lo up
  ip netns exec "$NS_E" iperf3 -s -B "$target" >"$LOGS/iperf3-server-se.log" 2>&1 &
  local iperf_se=$!; PIDS+=("$iperf_se")
  printf '%s\n' "$SOFTETHER_PASSWORD" >"$WORK/se-pw"
  "$SSTP" "$SE_NETNS" client "127.0.0.1:$SE_PORT" --user "$SOFTETHER_USER" --password-stdin --pin-sha256 "$SOFTETHER_CERT_SHA256" \
    --tun sstpbse0 --no-dns --no-ipv6 --route "$target/32" <"$WORK/se-pw" >"$LOGS/client-softether.log" 2>&1 &
  local client=$!; PIDS+=("$client")
  if ! wait_line "$LOGS/client-softether.log" "tunnel up" 45 "$client"; then
    skip softether "our client did not get a tunnel from SoftEther (see $LOGS/client-softether.log)" softether_up_mbps softether_down_mbps
    stop_pid "$client"; stop_pid "$iperf_se"; return 0
  fi
  local vpid=${SOFTETHER_PID:-0} v0 c0
  v0=$(cpu_of "$vpid") c0=$(cpu_of "$client")
  put softether_up_mbps "$(iperf "$SE_NETNS" "$target" iperf3-softether-up)"
  phase_cpu cpu_s.softether_up.server "$vpid" "$v0"; phase_cpu cpu_s.softether_up.client "$client" "$c0"
  v0=$(cpu_of "$vpid") c0=$(cpu_of "$client")
  put softether_down_mbps "$(iperf "$SE_NETNS" "$target" iperf3-softether-down -R)"
  phase_cpu cpu_s.softether_down.server "$vpid" "$v0"; phase_cpu cpu_s.softether_down.client "$client" "$c0"
  put softether_rtt_idle_ms "$(ping_ms "$SE_NETNS" "$target" ping-softether-idle)"
  stop_pid "$client"; stop_pid "$iperf_se"
}
softether

# ------------------------------------------------------------------ 5. session setups (warm server)
say "5/6 session setups: sstp bench setup --sessions $SETUP_SESSIONS --concurrency 32 --warmup 200"
s0=$(cpu_of "$SERVER_PID")
tmo 120 "$SSTP" "$NS_C" bench setup --server "$SERVER_IP:443" --user bench --password-stdin --pin-sha256 "$PIN" \
  --sessions "$SETUP_SESSIONS" --concurrency 32 --warmup 200 --json <"$WORK/pw" >"$LOGS/bench-setup.json" 2>"$LOGS/bench-setup.log" \
  || say "bench setup exit $? (see $LOGS/bench-setup.log)"
phase_cpu cpu_s.setup.server "$SERVER_PID" "$s0"
put setups_per_s "$(json_field "$LOGS/bench-setup.json" 'd["setupsPerSecond"]' 2>/dev/null || echo null)"
put setup_p50_ms "$(json_field "$LOGS/bench-setup.json" 'd["setupP50Ms"]' 2>/dev/null || echo null)"
put setup_p99_ms "$(json_field "$LOGS/bench-setup.json" 'd["setupP99Ms"]' 2>/dev/null || echo null)"
put setup_failed "$(json_field "$LOGS/bench-setup.json" 'd["failed"]' 2>/dev/null || echo null)"
put cpu_s.setup.client "$(json_field "$LOGS/bench-setup.json" 'd["clientCpuSeconds"]' 2>/dev/null || echo null)"

# ------------------------------------------------------------------ 6. idle sessions (same warm server)
HOLD=$HOLD_SESSIONS
max_hold=$((HARD_NOFILE - 1000))
[ "$HOLD" -le "$max_hold" ] || { HOLD=$max_hold; note idle_sessions "open-file hard limit $HARD_NOFILE: holding $HOLD, not $HOLD_SESSIONS"; }
say "6/6 idle sessions: sstp bench hold --sessions $HOLD (server warm from the setup run)"
sleep 2
rss0=$(rss_kib "$SERVER_PID") s0=$(cpu_of "$SERVER_PID")
timeout --kill-after=5 "$(($(left) - 10))" "$SSTP" "$NS_C" bench hold --server "$SERVER_IP:443" --user bench --password-stdin --pin-sha256 "$PIN" \
  --sessions "$HOLD" --concurrency 32 --duration 10s --json <"$WORK/pw" >"$LOGS/bench-hold.json" 2>"$LOGS/bench-hold.log" &
HOLD_PID=$!; PIDS+=("$HOLD_PID")
SAMPLES=$LOGS/hold-samples.txt                     # seconds since start, server VmRSS KiB, established TCP on :443
: >"$SAMPLES"
t0=$SECONDS
while kill -0 "$HOLD_PID" 2>/dev/null; do     # sample the server while the sessions come up and are held
  printf '%s %s %s\n' $((SECONDS - t0)) "$(rss_kib "$SERVER_PID")" \
    "$(ip netns exec "$NS_S" ss -Htn state established '( sport = :443 )' | wc -l)" >>"$SAMPLES"
  sleep 0.5
done
wait "$HOLD_PID" || say "bench hold exit $? (see $LOGS/bench-hold.log)"
phase_cpu cpu_s.hold.server "$SERVER_PID" "$s0"
up=$(json_field "$LOGS/bench-hold.json" 'd.get("sessionsUp")' 2>/dev/null || echo null)
put idle_sessions "$up"
put idle_sessions_asked "$HOLD"
put hold_setups_per_s "$(json_field "$LOGS/bench-hold.json" 'd["setupsPerSecond"]' 2>/dev/null || echo null)"
put server_rss_before_mib "$(python3 -c "print(round($rss0 / 1024, 1))")"
# Held = samples taken while (nearly) every session was established, i.e. after the setups and before the closes:
# the median RSS over them is server_rss_mib; the peak over the whole hold (setups included) is kept beside it.
python3 - "$SAMPLES" "$rss0" "$up" >>"$KV" <<'EOF'
import statistics, sys
rows = [tuple(int(x) for x in line.split()) for line in open(sys.argv[1]) if len(line.split()) == 3]
before, up = int(sys.argv[2]), sys.argv[3]
peak_conns = max((c for _, _, c in rows), default=0)
held = [r for _, r, c in rows if peak_conns and c >= 0.99 * peak_conns]
rss = statistics.median(held) if held else None
print("server_rss_mib=%s" % (round(rss / 1024, 1) if rss else "null"))
print("server_rss_peak_mib=%s" % (round(max(r for _, r, _ in rows) / 1024, 1) if rows else "null"))
print("server_rss_held_samples=%d" % len(held))
print("server_tcp_established_peak=%d" % peak_conns)
print("rss_per_session_kib=%s" % (round((rss - before) / int(up), 1) if rss and up not in ("null", "0") else "null"))
EOF
put cpu_s.hold.client "$(json_field "$LOGS/bench-hold.json" 'd["clientCpuSeconds"]' 2>/dev/null || echo null)"
put client_rss_mib_hold "$(json_field "$LOGS/bench-hold.json" 'round(d["clientRssKib"] / 1024, 1)' 2>/dev/null || echo null)"
stop_pid "$SERVER_PID"

# ------------------------------------------------------------------ results
put elapsed_s "$SECONDS"
python3 "$REPO/bench/report.py" "$KV" "$OUT/latest.json" "$OUT/latest.md" "$("$DOTNET" --version)"
say "done in ${SECONDS} s: $OUT/latest.json, $OUT/latest.md"
cat "$OUT/latest.md" >&2
