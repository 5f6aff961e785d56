#!/usr/bin/env bash
# Outside check: points real security tools from Debian's packages at a running WebInfra site and prints what they found.
#
# Brings up security/outside-check.yaml (127.0.16.x, HTTPS on 127.0.16.10:16443 with the development certificate) in
# a state dir of its own, then:
#   1. testssl.sh: protocols, cipher categories, forward secrecy, HSTS and known TLS vulnerabilities of the HTTPS port;
#   2. slowhttptest, slowloris mode (-H): CONNECTIONS connections dribbling headers for DURATION s, while a probe
#      fetches the site once a second and counts how many of its requests were answered;
#   3. slowhttptest, slow body mode (-B): the same with request bodies sent a few bytes at a time;
#   4. curl from other loopback addresses: each inner listener answers (over HTTPS with the internal CA) the servers
#      the firewall lets in, and closes a connection from a stranger (127.0.16.99) unanswered.
# Everything goes to loopback only and every step is bounded in time. The site is taken down at the end.
#
# Run (as root, or with sudo available; about two minutes, plus the first build of WebInfra):
#   security/outside-check.sh [--duration 30] [--connections 500] [--keep DIR]
# --keep DIR keeps testssl's JSON, slowhttptest's CSV and the nodes' logs.
# Exit code: 0 the tools ran and found no TLS finding of severity HIGH or CRITICAL and the site kept answering
# during both slow attacks; 1 otherwise or when a tool could not run; 2 bad arguments.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
topology="$root/security/outside-check.yaml"
duration=30
connections=500
keep_dir=""
https_url="https://127.0.16.10:16443/"

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }
die() { echo "outside-check: $*" >&2; exit 1; }
bad() { echo "outside-check: $*" >&2; echo "try: $0 --help" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="${2:?}"; shift 2 ;;
    --connections|-c) connections="${2:?}"; shift 2 ;;
    --keep) keep_dir="${2:?}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) bad "unknown argument '$1'" ;;
  esac
done
duration="${duration%s}"
[[ "$duration" =~ ^[0-9]+$ ]] && [ "$duration" -ge 5 ] && [ "$duration" -le 120 ] || bad "--duration: whole seconds, 5 to 120"
[[ "$connections" =~ ^[0-9]+$ ]] && [ "$connections" -ge 1 ] && [ "$connections" -le 4000 ] || bad "--connections: 1 to 4000"

sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
missing=()
command -v testssl >/dev/null 2>&1 || missing+=(testssl.sh)
command -v slowhttptest >/dev/null 2>&1 || missing+=(slowhttptest)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  echo "outside-check: installing ${missing[*]} from Debian's packages" >&2
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null \
    || die "could not install ${missing[*]}"
fi

work="$(mktemp -d)"
state="$work/state"
cleanup() {
  "$root/webinfra" down --state-dir "$state" >/dev/null 2>&1 || true
  if [ -n "$keep_dir" ]; then
    mkdir -p "$keep_dir" && cp -r "$work"/*.json "$work"/*.csv "$state/logs" "$keep_dir"/ 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "outside-check: bringing up $topology"
"$root/webinfra" up "$topology" --state-dir "$state" >/dev/null || die "the site did not come up (see $state/logs)"
ca="$state/tls/ca.pem"

# A probe that fetches the site once a second while an attack runs, and reports answered/sent.
probe() {
  local seconds="$1" sent=0 answered=0
  for _ in $(seq "$seconds"); do
    sent=$((sent + 1))
    if curl -s -o /dev/null --max-time 2 --cacert "$ca" --resolve "www.foobar.com:16443:127.0.16.10" \
      -w '%{http_code}' "https://www.foobar.com:16443/robots.txt" | grep -q '^200$'; then
      answered=$((answered + 1))
    fi
    sleep 1
  done
  echo "$answered/$sent"
}

echo "outside-check: testssl.sh against $https_url"
timeout 300 testssl --quiet --color 0 --warnings off --add-ca "$ca" --ip 127.0.16.10 \
  --protocols --std --fs --headers --vulnerable --jsonfile "$work/testssl.json" \
  "https://www.foobar.com:16443/" > "$work/testssl.txt" 2>&1 || true
[ -s "$work/testssl.json" ] || { cat "$work/testssl.txt" >&2; die "testssl.sh produced no report"; }

slow() {
  local mode="$1" name="$2"
  timeout $((duration + 30)) slowhttptest "$mode" -c "$connections" -r 200 -i 5 -l "$duration" -x 24 -p 3 \
    -u "$https_url" -g -o "$work/slowhttptest-$name" > "$work/slowhttptest-$name.txt" 2>&1 &
  local attack=$!
  sleep 2
  local answered
  answered="$(probe $((duration - 4)))"
  wait "$attack" || true
  echo "$answered"
}

echo "outside-check: slowhttptest slowloris (-H), $connections connections for ${duration}s"
slowloris="$(slow -H slowloris)"
echo "outside-check: slowhttptest slow body (-B), $connections connections for ${duration}s"
slowbody="$(slow -B slowbody)"

# Each inner listener from a source the firewall lets in and from a stranger: "target source expected".
echo "outside-check: firewall and internal TLS, with curl bound to other loopback addresses"
internal_ca="$state/tls/internal/ca.pem"
firewall_report="$work/firewall.txt"
: > "$firewall_report"
while read -r what url source expected; do
  code="$(curl -s -o /dev/null --max-time 3 --interface "$source" --cacert "$internal_ca" -w '%{http_code}' "$url" || true)"
  [ "$code" = "000" ] && code="refused"
  echo "$what|$url|$source|$expected|$code" >> "$firewall_report"
done <<'CHECKS'
web-from-balancer https://127.0.16.1:16081/healthz 127.0.16.10 200
web-from-stranger https://127.0.16.1:16081/healthz 127.0.16.99 refused
app-from-web https://127.0.16.2:16082/healthz 127.0.16.1 200
app-from-balancer https://127.0.16.2:16082/healthz 127.0.16.10 refused
admin-from-operator http://127.0.16.1:17081/healthz 127.0.0.1 200
admin-from-stranger http://127.0.16.1:17081/healthz 127.0.16.99 refused
CHECKS

python3 - "$work/testssl.json" "$work/slowhttptest-slowloris.csv" "$work/slowhttptest-slowbody.csv" "$slowloris" "$slowbody" "$firewall_report" <<'PY'
import csv, json, sys

testssl_json, loris_csv, body_csv, loris_probe, body_probe, firewall_report = sys.argv[1:]
findings = json.load(open(testssl_json))
by_id = {f["id"]: f for f in findings}

def show(ids):
    for i in ids:
        if i in by_id:
            print(f"  {i:<24} {by_id[i]['finding']}")

print("\ntestssl.sh")
show(["SSLv2", "SSLv3", "TLS1", "TLS1_1", "TLS1_2", "TLS1_3", "PFS", "PFS_ECDHE_curves", "HSTS_time", "cipherlist_NULL", "cipherlist_aNULL",
      "cipherlist_EXPORT", "cipherlist_LOW", "cipherlist_3DES_IDEA", "cipherlist_AVERAGE", "cipherlist_STRONG"])
severities = {}
for f in findings:
    severities.setdefault(f.get("severity", "?"), []).append(f)
print("  findings by severity: " + ", ".join(f"{k} {len(v)}" for k, v in sorted(severities.items())))
bad = severities.get("HIGH", []) + severities.get("CRITICAL", [])
for f in bad:
    print(f"  {f['severity']}: {f['id']}: {f['finding']}")

def connected_peak(path):
    try:
        rows = list(csv.DictReader(open(path)))
    except FileNotFoundError:
        return "no report"
    # Columns: Seconds, Closed, Pending, Connected, Service Available (slowhttptest's own check, 0 when it got no answer).
    peak = max((int(r["Connected"]) for r in rows), default=0)
    last = rows[-1] if rows else {"Closed": "?", "Service Available": "0"}
    available = int(last["Service Available"]) > 0
    return f"peak {peak} connections held, {last['Closed']} closed by the server, service {'available' if available else 'UNAVAILABLE'} at the end"

print("\nslowhttptest")
print(f"  slowloris (-H):  {connected_peak(loris_csv)}; the probe was answered {loris_probe}")
print(f"  slow body (-B):  {connected_peak(body_csv)}; the probe was answered {body_probe}")

def all_answered(probe):
    answered, sent = map(int, probe.split("/"))
    return sent > 0 and answered == sent

print("\nfirewall and internal TLS (curl --interface SOURCE --cacert internal CA)")
firewall_ok = True
for line in open(firewall_report):
    what, url, source, expected, got = line.strip().split("|")
    firewall_ok &= got == expected
    print(f"  {what:<20} {source:<12} -> {url:<36} {got:<8} {'ok' if got == expected else 'EXPECTED ' + expected}")

ok = not bad and all_answered(loris_probe) and all_answered(body_probe) and firewall_ok
print("\nresult: " + ("no HIGH or CRITICAL TLS finding, the site answered every probe during both attacks, and every firewall check held" if ok else "FAILED"))
sys.exit(0 if ok else 1)
PY
