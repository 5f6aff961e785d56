#!/usr/bin/env bash
# Chaos check: the floating address (VIP) of a balancer pair under load, when the master's balancer or its whole
# server dies; WebInfra's pair (balancer + vrrp components) beside HAProxy 2.6 + keepalived 2.2.7 on the same servers.
#
# Brings up chaos/vip-takeover.yaml (hosts: namespaces, 10.84.0.0/24, firewall on) in a state dir of its own:
# lb-01 (priority 150) and lb-02 (100) share the VIP 10.84.0.100, in front of web-01 and web-02 (plain HTTP, 8080).
# Four rounds, each with the VIP held by lb-01 and lb-02 standing by, all traffic from the operator namespace:
#   1. WebInfra, balancer killed      ./webinfra kill lb-01/balancer
#   2. WebInfra, whole server killed  ./webinfra kill lb-01 (every process SIGKILLed, then its link down)
#   3. HAProxy + keepalived, haproxy killed   (SIGKILL of lb-01's haproxy)
#   4. HAProxy + keepalived, whole server     (SIGKILL of lb-01's haproxy and keepalived, then its link down)
# For rounds 3-4, WebInfra's balancer and vrrp components of lb-01 and lb-02 are killed and HAProxy (same port, same
# health settings) and keepalived (same VRRP timing as WebInfra's: vrrp_version 3 in global_defs, advert_int 0.1,
# nopreempt, same priorities and VIP; the haproxy check as keepalived's documentation recommends, a vrrp_script,
# interval 1 fall 1 rise 1) run in their place, in front of the same web servers.
# In each round, from the operator namespace, for 10 s: wrk -t2 -c20 --timeout 2s against
# http://VIP:8080/static/css/site.css; a poller (curl -m 0.2 every 10 ms, a new connection each); the kill at 3 s.
# wrk counts its 2xx answers per tenth of a second (a Lua script), so the same load gives the requests/s in the
# second after the takeover (from the poller's first answer past the gap) and before the kill (the 1.8 s before the
# gap). After a round, lb-01 is started again and the VIP handed back to it (no preempt: it stays on lb-02 otherwise).
#
# Printed per round: requests sent (the 10 s wrk), failed (its non-2xx + socket errors), the takeover gap (the longest
# time between two answers of the poller), wrk's requests/s in the second after the takeover and before the kill,
# and their ratio.
#
# Run (as root; namespaces only; about 2 minutes; takes /tmp/webinfra-functional.lock for the whole run):
#   chaos/vip-takeover.sh [--state-dir /tmp/webinfra-vip-chaos] [--keep DIR] [--max-lost 20]
# --keep DIR keeps the poller's records, wrk's reports, the generated configurations and the logs. WEBINFRA=PATH
# runs another build of the command line (e.g. a copy of HEAD) in place of ./webinfra.
# "failed" splits in two: requests lost (non-2xx, read errors and timeouts: a request was sent and got no good
# answer) and connection attempts refused (wrk's connect and write errors: lb-01's kernel answered RST because it
# still held the VIP with nothing listening; no request was sent, and wrk retries at once, in a tight loop, so their
# number is that time multiplied by how fast this machine can fail a connect).
# Exit code: 0 every WebInfra round answered again within 1000 ms and lost at most --max-lost requests (default 20:
# one request in flight on each of wrk's 20 connections when the balancer dies); 3 a WebInfra round did not (the
# last line says which); 1 the check could not run (setup error); 2 bad arguments. HAProxy's figures never change
# the exit code.
set -euo pipefail
export LC_ALL=C

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
webinfra_bin="${WEBINFRA:-$root/webinfra}"
topology_file="$root/chaos/vip-takeover.yaml"
state="/tmp/webinfra-vip-chaos"
keep_dir=""
max_lost=20

# Kept in step with chaos/vip-takeover.yaml.
vip=10.84.0.100
port=8080
web_servers=("web-01 10.84.0.21:8081" "web-02 10.84.0.22:8081")
priorities=([1]=150 [2]=100)
vrid=51                               # keepalived's own instance (WebInfra's vrrp components use 1; never both at once)
path=/static/css/site.css
url="http://$vip:$port$path"
duration=10; kill_at=3
threads=2; connections=20; wrk_timeout=2s
poll_timeout=0.2; poll_sleep=0.01
gap_limit_ms=1000

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }
die() { echo "vip-takeover: $*" >&2; exit 1; }
bad() { echo "vip-takeover: $*" >&2; echo "try: $0 --help" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --state-dir) state="${2:?}"; shift 2 ;;
    --keep) keep_dir="${2:?}"; shift 2 ;;
    --max-lost) max_lost="${2:?}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) bad "unknown argument '$1'" ;;
  esac
done
[[ "$max_lost" =~ ^[0-9]+$ ]] || bad "--max-lost: a whole number"
[[ "$state" == /* ]] || bad "--state-dir: an absolute path"
[ "$(id -u)" -eq 0 ] || die "run it as root: the site's servers are network namespaces"

for tool in wrk haproxy keepalived curl; do
  if ! command -v "$tool" >/dev/null; then
    echo "vip-takeover: installing wrk, haproxy, keepalived and curl with apt-get" >&2
    apt-get install -y wrk haproxy keepalived curl >/dev/null \
      || { apt-get update >/dev/null && apt-get install -y wrk haproxy keepalived curl >/dev/null; } \
      || die "apt-get install -y wrk haproxy keepalived curl failed"
    break
  fi
done

# One load on this machine at a time: the functional tests and the other chaos checks take the same lock.
exec 9>/tmp/webinfra-functional.lock
if ! flock -n 9; then
  echo "vip-takeover: waiting for /tmp/webinfra-functional.lock (a functional test or another load is running)" >&2
  flock -w 600 9 || die "waited 10 minutes for /tmp/webinfra-functional.lock"
fi

tmp="$(mktemp -d /tmp/webinfra-vip-chaos.XXXXXX)"
pair="$state/haproxy-keepalived"      # HAProxy's and keepalived's files, in the site's state dir
site_up=""; started_pids=()

# Every command with this site's state dir, without the lock's descriptor (nothing it starts may hold the lock).
wi() { timeout 90 "$webinfra_bin" "$@" --state-dir "$state" 9>&-; }
# A command on a server (or the operator), in its namespace.
wx() { local server="$1"; shift; timeout 60 "$webinfra_bin" exec "$server" --state-dir "$state" -- "$@" 9>&-; }
# The same for a process that runs until it is killed (HAProxy, keepalived).
wx_daemon() { local server="$1"; shift; "$webinfra_bin" exec "$server" --state-dir "$state" -- "$@" 9>&-; }
now() { date +%s.%N; }

# SIGKILLs the processes whose pid files are given (HAProxy's and keepalived's).
kill_pidfiles() {
  local f pid
  for f in "$@"; do
    [ -s "$f" ] || continue
    pid="$(cat "$f")"; [[ "$pid" =~ ^[0-9]+$ ]] && kill -9 "$pid" 2>/dev/null || true
    rm -f "$f"
  done
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  set +e
  local pid
  kill_pidfiles "$pair"/*.pid 2>/dev/null
  for pid in "${started_pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${started_pids[@]}"; do wait "$pid" 2>/dev/null; done
  if [ -n "$keep_dir" ] && mkdir -p "$keep_dir"; then
    cp -r "$tmp"/. "$keep_dir"/ 2>/dev/null
    [ -d "$state/logs" ] && cp -r "$state/logs" "$keep_dir/site-logs" 2>/dev/null
    [ -d "$pair" ] && cp -r "$pair" "$keep_dir/haproxy-keepalived" 2>/dev/null
  fi
  if [ -n "$site_up" ]; then
    timeout 90 "$webinfra_bin" down --purge --state-dir "$state" 9>&- >"$tmp/down.log" 2>&1 \
      || { echo "vip-takeover: 'webinfra down --purge --state-dir $state' failed:" >&2; cat "$tmp/down.log" >&2; }
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------------------------
# Waits, each bounded.

# Every node of the site "up" in `status --json`, within $1 seconds; nodes named in $2 (a regex) may be down.
wait_all_up() {
  local deadline=$((SECONDS + $1)) except="${2:-^$}" states
  while [ $SECONDS -lt $deadline ]; do
    if states="$(wi status --json 2>/dev/null | awk -F'"' '$2 == "backends" { exit } $2 == "name" { n = $4 } $2 == "state" { print n, $4 }')" \
       && [ -n "$states" ] && ! awk -v x="$except" '$1 !~ x && $2 != "up"' <<<"$states" | grep -q .; then
      return 0
    fi
    sleep 0.5
  done
  wi status >&2 || true
  die "the site was not up within $1 s"
}

# Who answers the VIP from the operator namespace: the balancer named first in X-Served-By (lb-01 or lb-02).
holder() {
  wx operator curl -s -m 1 -o /dev/null -w '%header{x-served-by}' "$url" 2>/dev/null | grep -oE '^lb-0[12]' || true
}

# The VIP answered by $1 (lb-01 or lb-02) and held by no other server, within $2 seconds.
wait_holder() {
  local want="$1" deadline=$((SECONDS + $2)) other=lb-01 got=""
  [ "$want" = lb-01 ] && other=lb-02
  while [ $SECONDS -lt $deadline ]; do
    got="$(holder)"
    if [ "$got" = "$want" ] && ! wx "$other" ip -4 -o addr show dev eth0 | grep -q " $vip/"; then return 0; fi
    sleep 0.3
  done
  die "the VIP was not answered by $want alone within $2 s (last answer from: ${got:-nobody})"
}

# keepalived's log $1 has a line matching $2 after line $3, within $4 seconds.
wait_log() {
  local log="$1" pattern="$2" from="$3" deadline=$((SECONDS + $4))
  while [ $SECONDS -lt $deadline ]; do
    tail -n +"$((from + 1))" "$log" 2>/dev/null | grep -qE "$pattern" && return 0
    sleep 0.2
  done
  tail -n 20 "$log" >&2 || true
  die "no '$pattern' in $log within $4 s"
}
lines() { wc -l <"$1" 2>/dev/null || echo 0; }

# ---------------------------------------------------------------------------------------------------------------
# One round. The measurement runs inside the operator namespace (one `webinfra exec`, so nothing waits for a CLI to
# start between the takeover and the second wrk): measure.sh below. The kill runs here, at kill_at s into the load.

write_measure_script() {
  cat >"$tmp/measure.sh" <<'MEASURE'
#!/usr/bin/env bash
# Runs in the operator namespace: DIR URL DURATION TIMELINE-LUA THREADS CONNECTIONS WRK_TIMEOUT POLL_TIMEOUT
# POLL_SLEEP. Writes DIR/started, DIR/poll (one line per try: time curl-exit-code status X-Served-By) and
# DIR/main.wrk (wrk's report, then "answered DECISECOND COUNT" lines: the 2xx answers per tenth of a second).
set -u
export LC_ALL=C
dir="$1" url="$2" duration="$3" timeline="$4" threads="$5" connections="$6" wrk_timeout="$7" poll_timeout="$8"
poll_sleep="$9"
start="$EPOCHREALTIME"; echo "$start" >"$dir/started"
end=$(( ${start%.*} + duration + 1 ))
(
  while [ "${EPOCHREALTIME%.*}" -lt "$end" ]; do
    t="$EPOCHREALTIME"
    r="$(curl -s -m "$poll_timeout" -o /dev/null -w '%{http_code} %header{x-served-by}' "$url")"
    echo "$t $? $r"
    sleep "$poll_sleep"
  done
) >"$dir/poll" 2>/dev/null &
poller=$!
wrk -t"$threads" -c"$connections" -d"${duration}s" --timeout "$wrk_timeout" --latency -s "$timeline" "$url" >"$dir/main.wrk" 2>&1 &
main=$!
wait "$main"; echo "$?" >"$dir/main.rc"
wait "$poller"
MEASURE
}

# wrk's script: the 2xx answers counted per tenth of a second of this machine's clock (LuaJIT's ffi, clock_gettime),
# printed after wrk's report; the same clock as the poller's, so the two line up.
write_timeline_script() {
  cat >"$tmp/timeline.lua" <<'LUA'
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } wi_timespec;
int clock_gettime(int clk, wi_timespec *ts);
]]
local ts = ffi.new("wi_timespec")
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) counts = {} end
function response(status, headers, body)
  if status >= 200 and status < 300 then
    ffi.C.clock_gettime(0, ts)
    local k = tonumber(ts.tv_sec) * 10 + math.floor(tonumber(ts.tv_nsec) / 100000000)
    counts[k] = (counts[k] or 0) + 1
  end
end
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for k, n in pairs(thread:get("counts") or {}) do total[k] = (total[k] or 0) + n end
  end
  for k, n in pairs(total) do io.write(string.format("answered %d %d\n", k, n)) end
end
LUA
}

# round NAME KILL-FUNCTION: the load, the kill at kill_at s, and the figures into $tmp/NAME/.
round() {
  local name="$1" kill_fn="$2" dir="$tmp/$1" started deadline pause
  mkdir -p "$dir"
  wx operator bash "$tmp/measure.sh" "$dir" "$url" "$duration" "$tmp/timeline.lua" "$threads" "$connections" \
    "$wrk_timeout" "$poll_timeout" "$poll_sleep" </dev/null >"$dir/measure.log" 2>&1 &
  local measure=$!
  started_pids+=("$measure")
  deadline=$((SECONDS + 20))
  while [ ! -s "$dir/started" ]; do
    [ $SECONDS -lt $deadline ] || die "the load did not start within 20 s: $(cat "$dir/measure.log")"
    kill -0 "$measure" 2>/dev/null || die "the load could not start: $(cat "$dir/measure.log")"
    sleep 0.05
  done
  started="$(cat "$dir/started")"
  pause="$(awk -v s="$started" -v k="$kill_at" -v n="$(now)" 'BEGIN { p = s + k - n; printf "%.3f", (p > 0 ? p : 0) }')"
  sleep "$pause"
  now >"$dir/kill-sent.tmp"; mv "$dir/kill-sent.tmp" "$dir/kill-sent"
  "$kill_fn" >"$dir/kill.log" 2>&1 || die "$name: the kill failed: $(cat "$dir/kill.log")"
  now >"$dir/kill-done"
  timeout $((duration + 30)) tail --pid="$measure" -f /dev/null || die "$name: the load did not end in time"
  wait "$measure" || die "$name: the load failed: $(cat "$dir/measure.log")"
  [ -s "$dir/main.wrk" ] && [ "$(cat "$dir/main.rc" 2>/dev/null)" = 0 ] || die "$name: wrk failed: $(cat "$dir/main.wrk")"
}

# ---------------------------------------------------------------------------------------------------------------
# Figures of a round.

wrk_requests() { awk '/ requests in /{print $1; exit}' "$1"; }
wrk_rate() { awk '/^Requests\/sec:/{printf "%.0f", $2; exit}' "$1" 2>/dev/null; }
# non-2xx, connect, read, write, timeout
wrk_errors() {
  awk '/Non-2xx or 3xx responses/{n = $NF} /Socket errors:/{gsub(",", ""); c = $4; r = $6; w = $8; t = $10}
       END { print n + 0, c + 0, r + 0, w + 0, t + 0 }' "$1"
}

# The poller's record: the longest time between two answers (ms), where it ended relative to the kill, the tries
# that failed by cause, and the mean time between tries.
poll_figures() {
  local dir="$1"
  awk -v sent="$(cat "$dir/kill-sent")" '
    NR == 1 { first = $1 }
    { tries++; final = $1 }
    $2 == 0 && $3 == 200 {
      if (last != "" && $1 - last > gap) { gap = $1 - last; gap_from = last; gap_to = $1 }
      last = $1; ok++; next
    }
    $2 == 7 { refused++; next }
    $2 == 28 { timedout++; next }
    { other++ }
    END {
      printf "%d %.0f %.0f %d %d %d %d %d %.0f %.6f %.6f\n", gap * 1000 + 0.5, (gap_from - sent) * 1000,
        (gap_to - sent) * 1000, tries, ok, refused + 0, timedout + 0, other + 0,
        (tries > 1 ? (final - first) / (tries - 1) * 1000 : 0), gap_from, gap_to
    }' "$dir/poll"
}

# One table row and its detail lines, into the report; sets row_lost and row_gap.
report_round() {
  local name="$1" label="$2" dir="$tmp/$1" requests non2xx c r w t failed gap from to tries ok refused timedout \
        other step gap_from gap_to steady after ratio
  requests="$(wrk_requests "$dir/main.wrk")"
  read -r non2xx c r w t < <(wrk_errors "$dir/main.wrk")
  failed=$((non2xx + c + r + w + t))
  read -r gap from to tries ok refused timedout other step gap_from gap_to < <(poll_figures "$dir")
  # wrk's 2xx answers per second: steady over [kill - 2 s, kill - 0.2 s) and in the first second after the takeover,
  # [the poller's first answer after the gap, + 1 s), in whole tenths of a second.
  read -r steady after < <(awk -v f="$gap_from" -v t="$gap_to" '
    $1 == "answered" { n[$2] = $3 }
    END {
      s0 = int((f - 2) * 10); s1 = int((f - 0.2) * 10); a0 = int(t * 10) + 1; a1 = a0 + 10
      for (k = s0; k < s1; k++) steady += n[k]
      for (k = a0; k < a1; k++) after += n[k]
      printf "%.0f %.0f\n", steady / ((s1 - s0) / 10), after
    }' "$dir/main.wrk")
  ratio="-"
  [ -n "$gap_to" ] && [ "${steady:-0}" -gt 0 ] && ratio="$(awk -v a="$after" -v s="$steady" 'BEGIN { printf "%.2f", a / s }')"
  printf '%-40s %9s %7s %8s %9s %10s %10s %6s\n' "$label" "$requests" "$failed" "$((non2xx + r + t))" "$gap" "${after:--}" \
    "${steady:--}" "$ratio" >>"$tmp/table"
  {
    echo "$label:"
    echo "  wrk: $requests requests, $(awk '/^Requests\/sec:/{print $2}' "$dir/main.wrk") req/s; failed $failed = non-2xx $non2xx + socket errors connect $c, read $r, write $w, timeout $t"
    echo "  kill sent at ${kill_at}s into the load, returned after $(awk -v a="$(cat "$dir/kill-sent")" -v b="$(cat "$dir/kill-done")" 'BEGIN { printf "%.0f", (b - a) * 1000 }') ms;" \
         "longest gap between answers ${gap} ms, from ${from} ms to ${to} ms after the kill was sent"
    echo "  poller: $tries tries every ~${step} ms, $ok answered 200; failed: $refused refused, $timedout timed out (${poll_timeout}s), $other other"
    [ -s "$dir/orphan" ] && echo "  $(cat "$dir/orphan")"
    echo "  wrk's answers: $after in the second after the takeover, $steady/s in the 1.8 s before the kill"
  } >>"$tmp/details"
  row_lost="$((non2xx + r + t))"; row_gap="$gap"
}

# ---------------------------------------------------------------------------------------------------------------
# WebInfra's pair.

# The keepalived that lb-0N/vrrp started ($1 = lb-0N), stopped with SIGTERM ($2 = KILL for SIGKILL) and waited for.
stop_webinfra_keepalived() {
  local f="$state/vrrp/$1/keepalived.pid" pid
  [ -s "$f" ] || return 0
  pid="$(cat "$f")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -"${2:-TERM}" "$pid" 2>/dev/null || true
  timeout 10 tail --pid="$pid" -f /dev/null || die "keepalived of $1 (pid $pid) did not stop within 10 s"
}
# Whether lb-01's keepalived outlived the kill of its vrrp component, for the report.
note_orphan() {
  local f="$state/vrrp/lb-01/keepalived.pid"
  sleep 0.5
  if [ -s "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null; then
    echo "lb-01's keepalived (pid $(cat "$f")) still running 0.5 s after the kill" >>"$1/orphan"
  fi
}

webinfra_kill_balancer() { wi kill lb-01/balancer; }
webinfra_kill_server() { wi kill lb-01 && note_orphan "$tmp/webinfra-server"; }

# lb-01 back (its balancer, or the whole server), then the VIP handed back to it: lb-02's keepalived killed (lb-01, the
# higher priority, takes over), the VIP it leaves on its interface deleted, and lb-02's vrrp started again (BACKUP).
webinfra_restore() {
  stop_webinfra_keepalived lb-01 KILL             # one that outlived a whole-server kill would refuse the new one
  wi start lb-01 >"$tmp/start-lb-01.log" 2>&1 || die "'webinfra start lb-01' failed: $(cat "$tmp/start-lb-01.log")"
  wait_all_up 60
  wait_holder lb-02 10
  sleep 2                                         # lb-01's vrrp sees its balancer healthy (rise 2) and is BACKUP
  webinfra_hand_back
}

# The VIP from lb-02 to lb-01: lb-02's keepalived killed, the VIP it leaves deleted, its vrrp component started again.
# keepalived is stopped first, with SIGTERM (it gives the VIP up with a priority-0 advert): `webinfra kill lb-02/vrrp`
# kills the vrrp agent only, and the keepalived it started lives on (until it next writes a log line to the dead
# agent's pipe), so that the next one exits at once with "daemon is already running".
webinfra_hand_back() {
  stop_webinfra_keepalived lb-02
  wi kill lb-02/vrrp >/dev/null 2>&1 || true
  wx lb-02 ip addr del "$vip/32" dev eth0 >/dev/null 2>&1 || true
  wait_holder lb-01 10
  wi start lb-02/vrrp >"$tmp/start-lb-02.log" 2>&1 || die "'webinfra start lb-02/vrrp' failed: $(cat "$tmp/start-lb-02.log")"
  wait_all_up 30
  wait_holder lb-01 10
  sleep 1
}

# ---------------------------------------------------------------------------------------------------------------
# HAProxy + keepalived on lb-01 and lb-02, in place of WebInfra's balancer and vrrp components.

ns_of() { ip netns identify "$1" 2>/dev/null; }

write_pair_configs() {
  local n entry
  mkdir -p "$pair"
  for n in 1 2; do
    {
      cat <<EOF
# chaos/vip-takeover.sh: HAProxy on lb-0$n in place of lb-0$n/balancer, in front of the same web servers with the same
# health settings as the topology's backend 'web' (GET /healthz, interval 1s, timeout 500ms, rise 2, fall 2).
global
    maxconn 4096

defaults
    mode http
    option http-keep-alive
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    timeout check 500ms
    retries 3
    option redispatch

frontend www
    bind :$port
    default_backend web
    http-response set-header X-Served-By "lb-0$n/haproxy, %[res.hdr(X-Served-By)]"

backend web
    balance roundrobin
    option httpchk GET /healthz
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
EOF
      for entry in "${web_servers[@]}"; do echo "    server ${entry%% *} ${entry#* } check"; done
    } >"$pair/haproxy-lb-0$n.cfg"
    haproxy -c -q -f "$pair/haproxy-lb-0$n.cfg" || die "HAProxy rejected $pair/haproxy-lb-0$n.cfg"

    # As keepalived's documentation recommends for HAProxy: a vrrp_script checking the process (its example is
    # 'killall -0 haproxy'; here kill -0 of this server's haproxy, since every namespace of this machine sees every
    # haproxy of it), at keepalived's shortest script interval, 1 s, failing at the first miss. vrrp_track_process
    # cannot be used in a network namespace (the kernel refuses its process events connector there). The VRRP timing
    # is WebInfra's (src/WebInfra.Balancer/Vrrp/KeepalivedConfiguration.cs).
    cat >"$pair/check-haproxy-lb-0$n.sh" <<EOF
#!/bin/sh
exec kill -0 "\$(cat $pair/haproxy-lb-0$n.pid)"
EOF
    chmod 755 "$pair/check-haproxy-lb-0$n.sh"
    cat >"$pair/keepalived-lb-0$n.conf" <<EOF
# chaos/vip-takeover.sh: keepalived on lb-0$n for HAProxy, with WebInfra's VRRP timing.
global_defs {
    router_id lb-0$n
    vrrp_version 3
    script_user root
    enable_script_security
}

vrrp_script chk_haproxy {
    script "$pair/check-haproxy-lb-0$n.sh"
    interval 1
    timeout 1
    fall 1
    rise 1
}

vrrp_instance www {
    state BACKUP
    interface eth0
    virtual_router_id $vrid
    priority ${priorities[$n]}
    advert_int 0.1
    nopreempt
    virtual_ipaddress {
        $vip/32 dev eth0
    }
    track_script {
        chk_haproxy
    }
}
EOF
  done
}

# haproxy on lb-0$1, in its namespace, in the background; its pid in $pair/haproxy-lb-0$1.pid.
start_haproxy() {
  local n="$1" deadline
  rm -f "$pair/haproxy-lb-0$n.pid"
  wx_daemon "lb-0$n" sh -c "echo \$\$ > $pair/haproxy-lb-0$n.pid; exec haproxy -f $pair/haproxy-lb-0$n.cfg -db" \
    </dev/null >>"$pair/haproxy-lb-0$n.log" 2>&1 &
  started_pids+=("$!")
  deadline=$((SECONDS + 15))
  until [ -s "$pair/haproxy-lb-0$n.pid" ] && wx "lb-0$n" curl -s -m 1 -o /dev/null "http://127.0.0.1:$port$path"; do
    [ $SECONDS -lt $deadline ] || die "haproxy on lb-0$n did not answer within 15 s: $(tail -5 "$pair/haproxy-lb-0$n.log")"
    sleep 0.3
  done
}

# keepalived on lb-0$1 (main process and VRRP child), in its namespace, in the background; waits for it to be BACKUP
# or MASTER.
start_keepalived() {
  local n="$1" from
  from="$(lines "$pair/keepalived-lb-0$n.log")"
  wx_daemon "lb-0$n" keepalived -f "$pair/keepalived-lb-0$n.conf" -n -l -D -G -P \
    -p "$pair/keepalived-lb-0$n.pid" -r "$pair/keepalived-vrrp-lb-0$n.pid" </dev/null >>"$pair/keepalived-lb-0$n.log" 2>&1 &
  started_pids+=("$!")
  wait_log "$pair/keepalived-lb-0$n.log" 'Entering (BACKUP|MASTER) STATE' "$from" 15
}

# WebInfra's balancers and vrrp components out, HAProxy and keepalived in; lb-01 the master.
switch_to_pair() {
  local n
  for n in 2 1; do
    stop_webinfra_keepalived "lb-0$n"
    wi kill "lb-0$n/vrrp" >/dev/null 2>&1 || true
    wi kill "lb-0$n/balancer" >/dev/null 2>&1 || die "'webinfra kill lb-0$n/balancer' failed"
    wx "lb-0$n" ip addr del "$vip/32" dev eth0 >/dev/null 2>&1 || true   # a killed keepalived leaves it there
  done
  write_pair_configs
  start_haproxy 1; start_haproxy 2
  lb01_ns="$(ns_of "$(cat "$pair/haproxy-lb-01.pid")")"
  [ -n "$lb01_ns" ] || die "could not find lb-01's namespace"
  start_keepalived 1
  wait_holder lb-01 10
  start_keepalived 2
  sleep 1
}

pair_kill_haproxy() { kill_pidfiles "$pair/haproxy-lb-01.pid"; }
# As `webinfra kill lb-01`: every process of the server SIGKILLed, then its link down.
pair_kill_server() {
  kill_pidfiles "$pair/haproxy-lb-01.pid" "$pair/keepalived-lb-01.pid" "$pair/keepalived-vrrp-lb-01.pid"
  ip -n "$lb01_ns" link set eth0 down
}

# lb-01 back (link up, the VIP a killed keepalived left deleted, haproxy and keepalived started), then the VIP handed
# back to it: lb-02's keepalived stopped (SIGTERM: it gives the VIP up with a priority-0 advert) and started again.
pair_restore() {
  local pid from
  from="$(lines "$pair/keepalived-lb-01.log")"
  if ! ip -n "$lb01_ns" link show eth0 | grep -q 'state UP'; then
    ip -n "$lb01_ns" link set eth0 up
    ip -n "$lb01_ns" addr del "$vip/32" dev eth0 2>/dev/null || true
  fi
  start_haproxy 1
  [ -s "$pair/keepalived-vrrp-lb-01.pid" ] && kill -0 "$(cat "$pair/keepalived-vrrp-lb-01.pid")" 2>/dev/null \
    || start_keepalived 1
  wait_log "$pair/keepalived-lb-01.log" 'Entering BACKUP STATE' "$from" 10
  sleep 1.5                                       # lb-01's check passes again (interval 1, rise 1)
  pid="$(cat "$pair/keepalived-lb-02.pid")"
  kill -TERM "$pid"
  timeout 10 tail --pid="$pid" -f /dev/null || die "keepalived on lb-02 did not stop within 10 s"
  wait_holder lb-01 10
  start_keepalived 2
  sleep 1
}

# ---------------------------------------------------------------------------------------------------------------
"$webinfra_bin" --version >/dev/null 2>"$tmp/build.log" 9>&- || die "building WebInfra failed: $(cat "$tmp/build.log")"
haproxy_version="$(haproxy -v | awk 'NR == 1 {print $3}')"
keepalived_version="$(keepalived --version 2>&1 | awk 'NR == 1 {print $2}')"
write_measure_script
write_timeline_script

echo "vip-takeover: $url from the operator namespace; wrk -t$threads -c$connections -d${duration}s --timeout $wrk_timeout," \
     "a poller (curl -m $poll_timeout every ${poll_sleep}s), lb-01 killed at ${kill_at}s; state in $state"
# A run that crashed may have left its site: down cleans up whatever a run made.
if [ -e "$state" ]; then
  timeout 90 "$webinfra_bin" down --purge --state-dir "$state" 9>&- >"$tmp/down-before.log" 2>&1 \
    || die "'webinfra down --purge --state-dir $state' failed: $(cat "$tmp/down-before.log")"
fi
site_up=1
wi up "$topology_file" >"$tmp/up.log" 2>&1 || die "'webinfra up chaos/vip-takeover.yaml' failed: $(cat "$tmp/up.log")"
wait_all_up 60
sleep 2
# Both vrrp components start as BACKUP; the first whose balancer is healthy may win the first election, and without
# preempt lb-01 does not take the VIP back from lb-02 then.
if [ "$(holder)" = lb-02 ]; then
  echo "vip-takeover: lb-02 won the first election; handing the VIP to lb-01"
  webinfra_hand_back
fi
wait_holder lb-01 15
sleep 2                                           # lb-02's vrrp BACKUP, both balancers' web members up

printf '%-40s %9s %7s %8s %9s %10s %10s %6s\n' "balancer, failure" requests failed "of them lost" "gap (ms)" "rps after" \
  "rps steady" ratio >"$tmp/table"
: >"$tmp/details"
verdicts=()
check_webinfra() {
  if [ -z "$row_gap" ] || [ "$row_gap" -ge "$gap_limit_ms" ]; then
    verdicts+=("$1: takeover gap ${row_gap:-?} ms (limit $gap_limit_ms)")
  fi
  if [ "$row_lost" -gt "$max_lost" ]; then verdicts+=("$1: $row_lost requests lost (limit $max_lost)"); fi
}

echo "round 1: WebInfra, 'webinfra kill lb-01/balancer'"
round webinfra-balancer webinfra_kill_balancer
report_round webinfra-balancer "WebInfra, balancer killed"; check_webinfra "WebInfra, balancer killed"
webinfra_restore

echo "round 2: WebInfra, 'webinfra kill lb-01' (whole server)"
round webinfra-server webinfra_kill_server
report_round webinfra-server "WebInfra, whole server killed"; check_webinfra "WebInfra, whole server killed"
stop_webinfra_keepalived lb-01 KILL
wi start lb-01 >"$tmp/start-lb-01.log" 2>&1 || die "'webinfra start lb-01' failed: $(cat "$tmp/start-lb-01.log")"
wait_all_up 60

echo "switching lb-01 and lb-02 to HAProxy $haproxy_version + keepalived $keepalived_version"
switch_to_pair

echo "round 3: HAProxy + keepalived, lb-01's haproxy SIGKILLed"
round haproxy-balancer pair_kill_haproxy
report_round haproxy-balancer "HAProxy+keepalived, haproxy killed"
pair_restore

echo "round 4: HAProxy + keepalived, lb-01 SIGKILLed and its link down (whole server)"
round haproxy-server pair_kill_server
report_round haproxy-server "HAProxy+keepalived, whole server killed"

echo
cat "$tmp/table"
echo
cat "$tmp/details"
echo
echo "failed = wrk's non-2xx + socket errors of the 10 s load (lost: non-2xx, read errors and timeouts; the rest are connections refused); gap = the longest time between two answers of the poller" \
     "(curl -m $poll_timeout every ${poll_sleep}s, a new connection each); rps after = the 10 s wrk's 2xx answers in the" \
     "second after the poller's first answer past the gap; rps steady = its answers per second in the 1.8 s before the gap"

if [ ${#verdicts[@]} -gt 0 ]; then
  echo "vip-takeover: FAILED (exit code 3): $(printf '%s; ' "${verdicts[@]}" | sed 's/; $//')"
  exit 3
fi
echo "vip-takeover: OK: every WebInfra round answered again within $gap_limit_ms ms and lost at most $max_lost requests"
