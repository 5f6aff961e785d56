#!/usr/bin/env bash
# Chaos check: kill a server under load, behind WebInfra's balancer and behind HAProxy, and count failed requests.
#
# Runs the same experiment on two topologies, one site at a time, each in a state dir of its own and on chaos
# addresses of its own (never a running site's 127.0.1.x nor the test suite's 127.0.2.x-127.0.5.x and 127.0.7.x-8.x):
#   monitored    chaos/balancer-kill-monitored.yaml: topologies/distributed.yaml, the default preset (database
#                monitor on lb-01, semi-synchronous replication, failover), on 127.0.20.x
#   unmonitored  chaos/balancer-kill.yaml: the same design without a monitor (asynchronous replication, no
#                failover: server-1/db stays the primary), on 127.0.6.x
# both on ports 28080-28082 and 23306 (the monitor 28090; admin listeners on port + 1000). On each, two rounds
# against the same two web servers:
#   1. WebInfra: wrk (2 threads, 32 connections, 10 s, timeout 2 s) -> lb-01/balancer .10:28080
#   2. HAProxy (Debian's, with its own health checks, retries 3 and option redispatch) -> .11:28080
# In each round `./webinfra kill server-1` (web, app and primary database of server-1, SIGKILL) runs 3 s into the
# load. Between the rounds `./webinfra start server-1` brings it back; with the monitor, which promoted server-2/db,
# server-1/db comes back as a replica of server-2/db and is handed the primary role again (`./webinfra db switchover
# --to server-1/db`), so that both rounds kill the primary; HAProxy's round starts once every node is up, the
# database has its first roles and every web and application server serves. It prints a side-by-side table per
# topology of the requests sent and failed (non-2xx responses plus socket errors); the goal is 0 failed.
#
# Run (as root, or with sudo available; loopback only; about 2-3 minutes, plus the first build of WebInfra):
#   chaos/balancer-kill.sh [--topology both|monitored|unmonitored] [--duration 10] [--connections 32]
#                          [--kill-at 3] [--path /] [--json FILE] [--keep DIR]
#   chaos/balancer-kill.sh --path /static/css/site.css     # static files only: web tier, no application servers
# --topology runs one of the two only (default both, monitored first). --keep DIR keeps wrk's reports, the
# haproxy.cfg files and the nodes' logs (DIR/TOPOLOGY-logs). The same settings as environment variables:
# CHAOS_TOPOLOGY, CHAOS_DURATION, CHAOS_CONNECTIONS, CHAOS_KILL_AT, CHAOS_PATH, CHAOS_JSON, CHAOS_KEEP.
# Exit code: 0 every WebInfra round failed 0 requests; 3 a WebInfra round failed one or more (the last line says
# which rounds and how many); 1 the check could not run; 2 bad arguments. HAProxy's failures are reported but do
# not change the exit code: HAProxy is the reference.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

which_topologies="${CHAOS_TOPOLOGY:-both}"
duration="${CHAOS_DURATION:-10}"
connections="${CHAOS_CONNECTIONS:-32}"
kill_at="${CHAOS_KILL_AT:-3}"
path="${CHAOS_PATH:-/}"
json_file="${CHAOS_JSON:-}"
keep_dir="${CHAOS_KEEP:-}"
threads=2
wrk_timeout=2s
warmup=2
health_path=/healthz; health_inter=1s; health_timeout=500ms; health_rise=2; health_fall=2

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }
die() { echo "balancer-kill: $*" >&2; exit 1; }
bad() { echo "balancer-kill: $*" >&2; echo "try: $0 --help" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --topology) which_topologies="${2:?}"; shift 2 ;;
    --duration) duration="${2:?}"; shift 2 ;;
    --connections|-c) connections="${2:?}"; shift 2 ;;
    --kill-at) kill_at="${2:?}"; shift 2 ;;
    --path) path="${2:?}"; shift 2 ;;
    --json) json_file="${2:?}"; shift 2 ;;
    --keep) keep_dir="${2:?}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) bad "unknown argument '$1'" ;;
  esac
done
case "$which_topologies" in
  both) topologies=(monitored unmonitored) ;;
  monitored|unmonitored) topologies=("$which_topologies") ;;
  *) bad "--topology: both, monitored or unmonitored" ;;
esac
duration="${duration%s}"; kill_at="${kill_at%s}"
{ [[ "$duration" =~ ^[0-9]+$ ]] && [ "$duration" -ge 2 ] && [ "$duration" -le 60 ]; } || bad "--duration: whole seconds, 2 to 60"
{ [[ "$connections" =~ ^[0-9]+$ ]] && [ "$connections" -ge "$threads" ] && [ "$connections" -le 1000 ]; } \
  || bad "--connections: $threads to 1000"
[[ "$kill_at" =~ ^[0-9]+([.][0-9]+)?$ ]] || bad "--kill-at: seconds"
awk -v k="$kill_at" -v d="$duration" 'BEGIN { exit !(k < d) }' || bad "--kill-at must be less than --duration"
[[ "$path" == /* ]] || bad "--path must start with /"

# The topologies (their addresses kept in step with their files) and HAProxy's frontend on each.
use_topology() {
  topology="$1"
  case "$1" in
    monitored)
      topology_file="chaos/balancer-kill-monitored.yaml"; net=127.0.20; monitored=1
      topology_label="monitor on, semisync" ;;
    unmonitored)
      topology_file="chaos/balancer-kill.yaml"; net=127.0.6; monitored=""
      topology_label="no monitor, async" ;;
  esac
  webinfra_url_base="http://$net.10:28080"
  haproxy_bind="$net.11:28080"
  web_servers=("server-1/web $net.1:28081" "server-2/web $net.2:28081")
  state="$tmp/state-$topology"
}

# wrk and HAProxy from Debian, when missing.
if ! command -v wrk >/dev/null || ! command -v haproxy >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "balancer-kill: installing wrk and haproxy with apt-get" >&2
  $sudo apt-get install -y wrk haproxy >/dev/null \
    || { $sudo apt-get update >/dev/null && $sudo apt-get install -y wrk haproxy >/dev/null; } \
    || die "apt-get install -y wrk haproxy failed"
fi

# One run at a time: every run uses the same addresses.
exec 8>/tmp/webinfra-chaos-balancer-kill.lock
flock -n 8 || die "another chaos/balancer-kill.sh is running (lock /tmp/webinfra-chaos-balancer-kill.lock)"

tmp="$(mktemp -d /tmp/webinfra-chaos.XXXXXX)"
state=""; topology=""
wrk_pid=""; haproxy_pid=""; site_up=""

# Stops the site that is up (keeping its logs first with --keep) and deletes its state.
site_down() {
  [ -n "$site_up" ] || return 0
  if [ -n "$keep_dir" ] && [ -d "$state/logs" ] && mkdir -p "$keep_dir"; then
    rm -rf "${keep_dir:?}/$topology-logs"; cp -r "$state/logs" "$keep_dir/$topology-logs" 2>/dev/null || true
  fi
  timeout 60 "$root/webinfra" down --purge --state-dir "$state" >"$tmp/$topology.down.log" 2>&1 \
    || { echo "balancer-kill: 'webinfra down' of the $topology site failed:" >&2; cat "$tmp/$topology.down.log" >&2; }
  site_up=""
}

stop_haproxy() {
  [ -n "$haproxy_pid" ] || return 0
  kill "$haproxy_pid" 2>/dev/null || true
  wait "$haproxy_pid" 2>/dev/null || true
  haproxy_pid=""
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  set +e
  [ -n "$wrk_pid" ] && kill "$wrk_pid" 2>/dev/null && wait "$wrk_pid" 2>/dev/null
  stop_haproxy
  site_down
  if [ -n "$keep_dir" ] && mkdir -p "$keep_dir"; then
    cp "$tmp"/*.wrk "$tmp"/*.log "$tmp"/*.haproxy.cfg "$keep_dir"/ 2>/dev/null
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

webinfra() { "$root/webinfra" "$@" --state-dir "$state"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# Every node of the site "up" in `status --json`, within $1 seconds.
wait_all_up() {
  local deadline=$((SECONDS + $1)) states
  while [ $SECONDS -lt $deadline ]; do
    if states="$(timeout 10 "$root/webinfra" status --json --state-dir "$state" 2>/dev/null \
                 | grep -o '"state": *"[a-z]*"')" \
       && [ -n "$states" ] && ! grep -qv '"up"' <<<"$states"; then
      return 0
    fi
    sleep 0.5
  done
  webinfra status >&2 || true
  die "the $topology site was not healthy again within $1 s"
}

# The database nodes' roles from `db status --json`, e.g. "server-1/db=primary server-2/db=replica "; a replica
# whose replication threads are not both running shows as "replica-stopped".
db_roles() {
  timeout 10 "$root/webinfra" db status --json --state-dir "$state" 2>/dev/null \
    | awk -F'"' '$2 == "name" { name = $4 } $2 == "role" { role = $4 }
                 $2 == "io_running" { io = $3 } $2 == "sql_running" { sql = $3 }
                 $2 == "reason" { if (role == "replica" && !(io ~ /true/ && sql ~ /true/)) role = "replica-stopped"
                                  printf "%s=%s ", name, role }' || true
}

# The database nodes have the roles $1 within $2 seconds.
wait_db_roles() {
  local deadline=$((SECONDS + $2)) roles=""
  while [ $SECONDS -lt $deadline ]; do
    roles="$(db_roles)"
    [ "$roles" = "$1" ] && return 0
    sleep 0.5
  done
  timeout 10 "$root/webinfra" db status --state-dir "$state" >&2 || true
  die "the $topology site's database did not reach '$1' within $2 s (roles: ${roles:-unknown})"
}

# The entry point at $1 serves through every web server and every application server, within $2 seconds: the
# balancer's (or HAProxy's) health checks and the web servers' have let server-1 back in (X-Served-By).
wait_all_serving() {
  local url="$1" deadline=$((SECONDS + $2)) seen
  while [ $SECONDS -lt $deadline ]; do
    seen="$(for _ in $(seq 24); do curl -s -m 2 -o /dev/null -D - "$url/" || true; done \
            | tr -d '\r' | grep -i '^x-served-by:' | grep -oE 'server-[0-9]+/(web|app)' | sort -u | tr '\n' ' ')"
    [ "$seen" = "server-1/app server-1/web server-2/app server-2/web " ] && return 0
    sleep 0.5
  done
  die "$url did not serve through every web and app server within $2 s (saw: ${seen:-nothing})"
}

# A wrk script that counts the failed responses by status and X-Served-By (who answered: the balancer, a web
# server...); wrk prints the counts after its own report as "failure: STATUS via HOPS: N".
write_failure_counter() {
  cat >"$tmp/failures.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) failures = {} end
function response(status, headers, body)
  if status < 200 or status > 299 then
    local key = status .. " via " .. (headers["X-Served-By"] or headers["x-served-by"] or "-")
    failures[key] = (failures[key] or 0) + 1
  end
end
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get("failures") or {}) do total[key] = (total[key] or 0) + n end
  end
  for key, n in pairs(total) do io.write(string.format("failure: %s: %d\n", key, n)) end
end
LUA
}

# One round: warm-up, then the measured load with server-1 killed at $kill_at s. Writes $tmp/$1.wrk, $1.kill.
round() {
  local name="$1" url="$2" start
  timeout $((warmup + 10)) wrk -t"$threads" -c"$connections" -d"${warmup}s" --timeout "$wrk_timeout" "$url$path" \
    >"$tmp/$name.warmup" 2>&1 || die "the warm-up load on $url$path failed: $(cat "$tmp/$name.warmup")"
  start="$(now)"
  timeout $((duration + 15)) wrk -t"$threads" -c"$connections" -d"${duration}s" --latency --timeout "$wrk_timeout" \
    -s "$tmp/failures.lua" "$url$path" >"$tmp/$name.wrk" 2>&1 &
  wrk_pid=$!
  sleep "$kill_at"
  local issued; issued="$(elapsed "$start")"
  timeout 30 "$root/webinfra" kill server-1 --state-dir "$state" >"$tmp/$name.kill.log" 2>&1 \
    || die "'webinfra kill server-1' failed: $(cat "$tmp/$name.kill.log")"
  echo "$issued $(elapsed "$start")" >"$tmp/$name.kill"
  wait "$wrk_pid" || die "wrk failed: $(cat "$tmp/$name.wrk")"
  wrk_pid=""
}

# server-1 back, and the site as it was before the first round: every node up, server-1/db the primary again
# (with the monitor: once it has rejoined as a replica of server-2/db, by a switchover), server-2/db replicating.
restore_server_1() {
  timeout 60 "$root/webinfra" start server-1 --state-dir "$state" >"$tmp/$topology.start.log" 2>&1 \
    || die "'webinfra start server-1' failed: $(cat "$tmp/$topology.start.log")"
  wait_all_up 30
  if [ -n "$monitored" ]; then
    wait_db_roles "server-1/db=replica server-2/db=primary " 30
    timeout 30 "$root/webinfra" db switchover --to server-1/db --state-dir "$state" >"$tmp/$topology.switchover.log" 2>&1 \
      || die "'webinfra db switchover --to server-1/db' failed: $(cat "$tmp/$topology.switchover.log")"
  fi
  wait_db_roles "server-1/db=primary server-2/db=replica " 30
}

start_haproxy() {
  local cfg="$tmp/$topology.haproxy.cfg" entry name
  {
    cat <<EOF
# chaos/balancer-kill.sh: HAProxy in front of the same web servers as lb-01/balancer of $topology_file, with the
# same health settings (interval $health_inter, timeout $health_timeout, rise $health_rise, fall $health_fall).
global
    nbthread $(nproc)
    maxconn 4096

defaults
    mode http
    option http-keep-alive
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    timeout check $health_timeout
    retries 3
    option redispatch

frontend chaos
    bind $haproxy_bind
    default_backend web

backend web
    balance roundrobin
    option httpchk GET $health_path
    http-check expect status 200
    default-server inter $health_inter fall $health_fall rise $health_rise
EOF
    for entry in "${web_servers[@]}"; do
      name="${entry%% *}"
      echo "    server ${name//\//-} ${entry#* } check"
    done
  } >"$cfg"
  haproxy -c -q -f "$cfg" || die "HAProxy rejected $cfg"
  haproxy -db -f "$cfg" >"$tmp/$topology.haproxy.log" 2>&1 &
  haproxy_pid=$!
}

# wrk's figures: requests, non-2xx (wrk counts status >= 400: "Non-2xx or 3xx responses"), socket errors, rate.
parse() {
  local f="$1"
  requests="$(awk '/ requests in /{print $1; exit}' "$f")"
  non2xx="$(awk -F': *' '/Non-2xx or 3xx responses/{print $2; exit}' "$f")"; non2xx="${non2xx:-0}"
  read -r s_connect s_read s_write s_timeout < <(
    awk '/Socket errors:/{gsub(",", ""); print $4, $6, $8, $10; found=1} END { if (!found) print 0, 0, 0, 0 }' "$f")
  rate="$(awk '/^Requests\/sec:/{print $2; exit}' "$f")"
  p50="$(awk '$1 == "50%" {print $2; exit}' "$f")"; p99="$(awk '$1 == "99%" {print $2; exit}' "$f")"
  { [ -n "$requests" ] && [ -n "$rate" ]; } || die "could not read wrk's output: $(cat "$f")"
  socket=$((s_connect + s_read + s_write + s_timeout))
  failed=$((non2xx + socket))
}

# The side-by-side table of the current topology's two rounds, and its failed responses by status and hops.
report_topology() {
  local w h w_kill w_kill_done h_kill h_kill_done i name label labels
  parse "$tmp/$topology.webinfra.wrk"
  w=("$requests" "$non2xx" "$s_connect/$s_read/$s_write/$s_timeout" "$failed" "$rate" "$p50" "$p99")
  read -r w_kill w_kill_done <"$tmp/$topology.webinfra.kill"
  parse "$tmp/$topology.haproxy.wrk"
  h=("$requests" "$non2xx" "$s_connect/$s_read/$s_write/$s_timeout" "$failed" "$rate" "$p50" "$p99")
  read -r h_kill h_kill_done <"$tmp/$topology.haproxy.kill"

  labels=("requests sent" "non-2xx responses" "socket errors (c/r/w/t)" "failed total" "requests/s"
          "latency p50" "latency p99")
  echo
  echo "$topology: $topology_file ($topology_label)"
  printf '%-26s %26s %26s\n' "GET $path" "WebInfra" "HAProxy $haproxy_version"
  printf '%-26s %26s %26s\n' "--------------------------" "--------------------------" "--------------------------"
  for i in "${!labels[@]}"; do
    printf '%-26s %26s %26s\n' "${labels[$i]}" "${w[$i]}" "${h[$i]}"
  done
  printf '%-26s %26s %26s\n' "kill server-1 (sent-done)" "${w_kill}-${w_kill_done}s" "${h_kill}-${h_kill_done}s"
  for name in webinfra haproxy; do
    label="WebInfra"; [ "$name" = haproxy ] && label="HAProxy"
    if grep -q '^failure: ' "$tmp/$topology.$name.wrk"; then
      echo "$label failed responses by status and X-Served-By:"
      sed -n 's/^failure: \(.*\): \([0-9]*\)$/\2  \1/p' "$tmp/$topology.$name.wrk" | sort -rn | sed 's/^/  /'
    fi
  done
  echo
}

# One topology's JSON object: its two rounds.
json_topology() {
  local wj hj
  side() { # requests non2xx c r w t failed rate p50 p99 kill_at
    printf '{"requests": %s, "non_2xx": %s, "socket_errors": {"connect": %s, "read": %s, "write": %s, "timeout": %s}, "failed": %s, "requests_per_second": %s, "latency_p50": "%s", "latency_p99": "%s", "killed_at_seconds": %s}' "$@"
  }
  parse "$tmp/$topology.webinfra.wrk"
  wj="$(side "$requests" "$non2xx" "$s_connect" "$s_read" "$s_write" "$s_timeout" "$failed" "$rate" "$p50" "$p99" \
        "$(awk '{print $1}' "$tmp/$topology.webinfra.kill")")"
  parse "$tmp/$topology.haproxy.wrk"
  hj="$(side "$requests" "$non2xx" "$s_connect" "$s_read" "$s_write" "$s_timeout" "$failed" "$rate" "$p50" "$p99" \
        "$(awk '{print $1}' "$tmp/$topology.haproxy.kill")")"
  printf '{"name": "%s", "file": "%s", "monitor": %s, "replication": "%s", "webinfra": %s, "haproxy": %s}' \
    "$topology" "$topology_file" "$([ -n "$monitored" ] && echo true || echo false)" \
    "$([ -n "$monitored" ] && echo semisync || echo async)" "$wj" "$hj"
}

# One topology: its site up, WebInfra's round, server-1 back, HAProxy's round, its site down.
run_topology() {
  use_topology "$1"
  local addr
  for addr in "${webinfra_url_base#http://}" "$haproxy_bind"; do
    if (exec 3<>"/dev/tcp/${addr%:*}/${addr#*:}") 2>/dev/null; then die "$addr is already in use"; fi
  done
  echo "$topology: bringing up $topology_file ($topology_label)"
  site_up=1
  timeout 120 "$root/webinfra" up "$root/$topology_file" --state-dir "$state" >"$tmp/$topology.up.log" 2>&1 \
    || die "'webinfra up $topology_file' failed: $(cat "$tmp/$topology.up.log")"
  wait_db_roles "server-1/db=primary server-2/db=replica " 30
  wait_all_serving "$webinfra_url_base" 20

  echo "$topology: round 1, WebInfra balancer $webinfra_url_base"
  round "$topology.webinfra" "$webinfra_url_base"
  echo "$topology: server-1 back$([ -n "$monitored" ] && echo ", server-1/db the primary again by a switchover")"
  restore_server_1
  wait_all_serving "$webinfra_url_base" 20

  start_haproxy
  wait_all_serving "http://$haproxy_bind" 20
  echo "$topology: round 2, HAProxy $haproxy_version http://$haproxy_bind"
  round "$topology.haproxy" "http://$haproxy_bind"
  stop_haproxy
  site_down
}

# ---------------------------------------------------------------------------------------------------------------
"$root/webinfra" --version >/dev/null 2>"$tmp/build.log" || die "building WebInfra failed: $(cat "$tmp/build.log")"
haproxy_version="$(haproxy -v | awk 'NR == 1 {print $3}')"   # no early exit: SIGPIPE under pipefail
write_failure_counter

echo "chaos: GET $path, wrk -t$threads -c$connections -d${duration}s --timeout $wrk_timeout;" \
     "'webinfra kill server-1' at ${kill_at}s; topologies: ${topologies[*]}; state in $tmp"
for t in "${topologies[@]}"; do
  run_topology "$t"
done

failed_rounds=(); json_objects=()
for t in "${topologies[@]}"; do
  use_topology "$t"
  report_topology
  parse "$tmp/$t.webinfra.wrk"
  [ "$failed" -eq 0 ] || failed_rounds+=("$t WebInfra round: $failed of $requests requests failed")
  [ -z "$json_file" ] || json_objects+=("$(json_topology)")
done
echo "wrk -t$threads -c$connections -d${duration}s --timeout $wrk_timeout; failed = non-2xx + socket errors;" \
     "the goal is 0 failed on both sides"

if [ -n "$json_file" ]; then
  {
    printf '{\n  "path": "%s",\n  "duration_seconds": %s,\n  "connections": %s,\n  "threads": %s,\n  "kill_at_seconds": %s,\n  "haproxy_version": "%s",\n  "topologies": [\n' \
      "$path" "$duration" "$connections" "$threads" "$kill_at" "$haproxy_version"
    for i in "${!json_objects[@]}"; do
      printf '    %s%s\n' "${json_objects[$i]}" "$([ "$i" -lt $((${#json_objects[@]} - 1)) ] && echo ,)"
    done
    printf '  ],\n  "webinfra_failed": %s\n}\n' "$([ ${#failed_rounds[@]} -eq 0 ] && echo false || echo true)"
  } >"$json_file"
  echo "summary written to $json_file"
fi

if [ ${#failed_rounds[@]} -gt 0 ]; then
  echo "balancer-kill: FAILED (exit code 3): $(printf '%s; ' "${failed_rounds[@]}" | sed 's/; $//')"
  exit 3
fi
echo "balancer-kill: OK: WebInfra failed 0 requests in every round (${topologies[*]})"
