#!/usr/bin/env python3
"""Benchmarks: WebInfra side by side with HAProxy 2.6 and nginx 1.22, configured equivalently, on loopback.

Cases (--case, default all):
  balancer    WebInfra's balancer vs HAProxy, round robin over the same two trivial backends (one nginx answering
              a fixed 200 "ok" on 127.0.10.1:20081 and 127.0.10.2:20081), 1 and 64 connections; and the floor:
              YARP's forwarder alone (bench/Forwarder) in the same run, vs HAProxy and vs WebInfra.
  balancer-logged
              the balancer case with access logs on: WebInfra's balancer with its default access log (combined, to
              its file, 127.0.10.13) vs HAProxy with `option httplog` to a file (`log stdout`, 127.0.10.14), 64
              connections; and each against itself with no log in the same runs (127.0.10.10, 127.0.10.11), for
              the CPU per request its log costs.
  https       the balancer case over HTTPS: WebInfra's balancer with an https_port (127.0.10.15:20443) vs HAProxy
              terminating TLS (127.0.10.16:20443) with the same certificate (made by the bench: ECDSA P-256), suites
              and ALPN; wrk (HTTP/1.1 over TLS) and h2load (HTTP/2, -m1), 64 connections.
  cold-start  the balancer case's two sides, each started afresh for every run: requests/s in each of its first 10 s
              from its first 200 (wrk -c64, 1 s runs in a row), the same ten runs once it is steady, and the first
              ten's mean as a share of the steady ten's.
  static      WebInfra's web server vs nginx serving the same 1 KiB and 1 MiB files, 64 connections.
  compression WebInfra's web server vs nginx compressing the same 1 KiB and 100 KiB text files on the fly with gzip
              at the same level (WebInfra `level: fastest`, nginx `gzip_comp_level 1`, nothing precompressed),
              `Accept-Encoding: gzip`, 64 connections.
  whole-path  GET /api/posts/{id} through balancer -> web -> app -> replica (bench/whole-path.yaml, `webinfra up`)
              vs HAProxy -> nginx -> the same application servers (64 connections); and the cost of the layers:
              the whole path vs wrk straight at one application server.
  whole-path-hosts
              the same whole path with every server a network namespace on a virtual switch
              (bench/whole-path-hosts.yaml, `hosts: namespaces`, subnet 10.81.0.0/24), loaded from the operator
              namespace (`webinfra exec operator -- wrk`), beside the loopback whole path of the same run (which
              runs first, also when this case is asked for alone): what the veth hops cost.

For every run and side: requests/s, p50/p99 latency, CPU seconds per 10,000 requests (utime+stime of every
server process of the side, from /proc/PID/stat, over the measured run), peak RSS (VmHWM summed over the side's
processes, reset with /proc/PID/clear_refs before the warm-up, so it is the peak under this load), and the
ratio WebInfra/peer. Each measured run follows an unmeasured warm-up (JIT) of --warmup seconds with the same
connections, or 32 when fewer.

Run as root (it installs wrk, nghttp2-client, haproxy and nginx with apt-get when missing; the whole-path cases
install MariaDB through `webinfra up` when missing). Loopback (127.0.10.x), and the namespaces of the
whole-path-hosts site (10.81.0.x, reached only through `webinfra exec operator`, never from this process), one bench
at a time (flock), every run bounded in time; everything it starts is stopped on exit, Ctrl-C included:
  bench/run.py [--case balancer|balancer-logged|https|cold-start|static|compression|whole-path|whole-path-hosts|all] [--duration 10] [--warmup 3] [--quick]
               [--repeat 1]
               [--connections 1,64] [--json FILE] [--keep DIR]
--quick: 3 s runs after 1 s warm-ups (a smoke test of the bench itself, not numbers to quote).
--repeat N measures each side N times, alternating which goes first, and reports each side's median run (by
requests/s). --connections overrides every case's connection counts. --keep DIR keeps wrk's reports, the
generated configs and the logs. Exit code: 0 the bench ran, 1 it could not run or more than 1% of a run's
requests failed, 2 bad arguments.
"""
import argparse
import fcntl
import gzip
import http.client
import ipaddress
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WEBINFRA = os.path.join(ROOT, "webinfra")
BENCH = os.path.join(ROOT, "bench")
LOCK_FILE = "/tmp/webinfra-bench.lock"
CORES = os.cpu_count() or 1
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

# Addresses: 127.0.10.x only (the site uses 127.0.1.x, the tests 127.0.2-5.x, the chaos checks 127.0.6.x/9.x).
# Kept in step with bench/balancer.yaml, bench/static.yaml, bench/compression.yaml and bench/whole-path.yaml.
BALANCER_BACKENDS = [("127.0.10.1", 20081), ("127.0.10.2", 20081)]
BALANCER_WEBINFRA = ("127.0.10.10", 20080)
BALANCER_HAPROXY = ("127.0.10.11", 20080)
BALANCER_FORWARDER = ("127.0.10.12", 20080)
BALANCER_LOGGED_WEBINFRA = ("127.0.10.13", 20080)
BALANCER_LOGGED_HAPROXY = ("127.0.10.14", 20080)
# The https case: the same balancer and HAProxy terminating TLS, on addresses of their own (the plain port redirects).
HTTPS_WEBINFRA = ("127.0.10.15", 20443)
HTTPS_HAPROXY = ("127.0.10.16", 20443)
FORWARDER_PROJECT = os.path.join(BENCH, "Forwarder", "Forwarder.csproj")
FORWARDER = os.path.join(ROOT, "artifacts", "bin", "Forwarder", "release", "bench-forwarder")
STATIC_WEBINFRA = ("127.0.10.21", 20081)
STATIC_NGINX = ("127.0.10.22", 20081)
COMPRESSION_WEBINFRA = ("127.0.10.23", 20081)
COMPRESSION_NGINX = ("127.0.10.24", 20081)
# The same web server with compression as a site has it by default: held files sent from compressed copies made once.
COMPRESSION_COPIES = ("127.0.10.25", 20081)
# nginx's gzip_comp_level for bench/compression.yaml's `level: fastest` (zlib level 1 in .NET's GZipStream).
COMPRESSION_GZIP_LEVEL = 1
WHOLE_WEBINFRA = ("127.0.10.30", 20080)
WHOLE_APPS = [("127.0.10.31", 20082), ("127.0.10.32", 20082)]
WHOLE_HAPROXY = ("127.0.10.33", 20080)
WHOLE_NGINX = [("127.0.10.34", 20081), ("127.0.10.35", 20081)]
# The whole-path-hosts case (bench/whole-path-hosts.yaml): servers in network namespaces on a switch of their own.
# This machine's own namespace has no route there but its default one, to a real network: nothing is ever sent to
# HOSTS_SUBNET from this process (request() and listening() refuse it); only through `webinfra exec operator`.
HOSTS_SUBNET = ipaddress.ip_network("10.81.0.0/24")
HOSTS_WEBINFRA = ("10.81.0.30", 20080)

# The same health, retry and timeout settings as the bench topologies' `web` backend.
HEALTH = {"path": "/healthz", "inter": "1s", "timeout": "500ms", "rise": 2, "fall": 2}

# What a balancer with an https_port offers (src/WebInfra.Hosting/Tls/SiteTls.cs), in OpenSSL's names, for HAProxy.
TLS_SUITES_13 = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"]
TLS_CIPHERS_12 = ["ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
                  "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305"]

# Warm-ups run with at least this many connections (see Bench.measure).
WARMUP_CONNECTIONS = 32

# Bench.settle: a freshly started side is loaded in windows of this many seconds, for at least SETTLE_MINIMUM
# seconds (.NET's rates stay flat for several seconds before its JIT's recompiled code arrives) and then until its
# requests/s stop rising (two windows in a row no more than SETTLE_RISE above the best before them), for at most
# SETTLE_LIMIT seconds.
SETTLE_WINDOW = 2
SETTLE_MINIMUM = 16
SETTLE_RISE = 1.05
SETTLE_LIMIT = 40

# The cold-start case: seconds of load, one wrk run of 1 s each, from a side's first answer.
COLD_SECONDS = 10

TOOLS = [("wrk", "wrk"), ("h2load", "nghttp2-client"), ("haproxy", "haproxy"), ("nginx", "nginx")]

WRK_SCRIPT = r"""
-- bench/run.py: wrk's own figures as one JSON line (latency in microseconds, exact percentiles).
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "errors": {"connect": %d, "read": %d, ' ..
    '"write": %d, "status": %d, "timeout": %d}, "latency_us": {"p50": %d, "p90": %d, "p99": %d, "mean": %.1f, ' ..
    '"max": %d}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max))
end
"""


class BenchError(Exception):
    """The bench could not run; the message says what and where to look."""


def log(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------------------------------------------
# Processes and /proc

class Processes:
    """Every process this bench starts, each in a session of its own so that its whole group (nginx's master and
    workers) is stopped by the group's id; stop_all() runs in a finally."""

    def __init__(self):
        self.running = []

    def start(self, name, arguments, log_path, env=None):
        log_file = open(log_path, "ab")
        process = subprocess.Popen(arguments, stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True, env=env)
        log_file.close()
        process.bench_name = name
        process.bench_log = log_path
        self.running.append(process)
        return process

    def stop(self, process, grace=10):
        if process not in self.running:
            return
        self.running.remove(process)
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                process.wait(grace)
            except subprocess.TimeoutExpired:
                log(f"{process.bench_name} (pid {process.pid}) did not stop within {grace} s; SIGKILL")
        # Whatever is left of the group (a worker that outlived its master): SIGKILL by the group's id.
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            pass

    def stop_all(self):
        for process in reversed(list(self.running)):
            self.stop(process)


def run_bounded(arguments, timeout):
    """subprocess.run for a command that starts others (`webinfra exec` runs its command as its child): in a session
    of its own, and on a timeout or an interrupt its whole group is killed, so no wrk or curl outlives the bench.
    Raises subprocess.TimeoutExpired on a timeout."""
    process = subprocess.Popen(arguments, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                               text=True, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except BaseException:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        process.communicate()
        raise
    return subprocess.CompletedProcess(arguments, process.returncode, stdout, stderr)


def read_stat(pid):
    """(ppid, utime + stime in ticks) of a process, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            text = f.read()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    return int(fields[1]), int(fields[11]) + int(fields[12])


def process_tree(roots):
    """The roots and all their descendants that are alive now."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = read_stat(int(entry))
            if stat:
                children.setdefault(stat[0], []).append(int(entry))
    found, queue = [], [pid for pid in roots if pid and os.path.exists(f"/proc/{pid}")]
    while queue:
        pid = queue.pop()
        if pid not in found:
            found.append(pid)
            queue.extend(children.get(pid, []))
    return sorted(found)


def cpu_ticks(pids):
    ticks = {}
    for pid in pids:
        stat = read_stat(pid)
        if stat:
            ticks[pid] = stat[1]
    return ticks


def machine_busy_ticks():
    """CPU ticks the whole machine spent busy (every core: all but idle and iowait), from /proc/stat."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    return sum(fields) - fields[3] - fields[4]


def children_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def peak_rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def reset_peak_rss(pids):
    """VmHWM back to the current RSS (Linux >= 4.0, root); False when the kernel refuses."""
    ok = True
    for pid in pids:
        try:
            with open(f"/proc/{pid}/clear_refs", "w") as f:
                f.write("5")
        except OSError:
            ok = False
    return ok


def process_name(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return "?"


# ------------------------------------------------------------------------------------------------------------------
# HTTP helpers (client side checks; the load itself is wrk's)

def local_only(address):
    """The bench's own process talks to loopback addresses only: the namespaces' subnet is not reachable from here, and
    a packet sent to any address off this machine would leave by the default route."""
    try:
        loopback = address[0] == "localhost" or ipaddress.ip_address(address[0]).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise BenchError(f"bench bug: {address[0]} is not a loopback address; the bench's own process talks to "
                         "127.0.0.0/8 only (the namespaces site only through `webinfra exec operator`)")


def request(address, method, path, body=None, headers=None, timeout=5, tls=None):
    """tls: an ssl.SSLContext to speak HTTPS with, or None for plain HTTP."""
    local_only(address)
    connection = (http.client.HTTPSConnection(address[0], address[1], timeout=timeout, context=tls) if tls
                  else http.client.HTTPConnection(address[0], address[1], timeout=timeout))
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def wait_until(description, check, timeout, interval=0.25):
    """Polls check() (True when ready; an exception counts as not ready) until it holds, within timeout seconds."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception as error:  # not up yet: refused, reset, timeout...
            last = error
        time.sleep(interval)
    raise BenchError(f"{description} within {timeout} s" + (f" (last error: {last})" if last else ""))


def serves(address, path, expect_status=200, expect_body=None, expect_length=None, times=1, tls=None):
    for _ in range(times):
        status, _, body = request(address, "GET", path, tls=tls)
        if status != expect_status:
            return False
        if expect_body is not None and body != expect_body:
            return False
        if expect_length is not None and len(body) != expect_length:
            return False
    return True


def serves_gzip(address, path, content):
    """GET path with Accept-Encoding: gzip: 200, gzip, Vary, and the file's bytes once decompressed?"""
    status, headers, body = request(address, "GET", path, headers={"Accept-Encoding": "gzip"})
    headers = {key.lower(): value for key, value in headers.items()}
    return (status == 200 and headers.get("content-encoding") == "gzip"
            and "accept-encoding" in headers.get("vary", "").lower() and gzip.decompress(body) == content)


def css_like(size):
    """`size` bytes of deterministic CSS-like text: rules that repeat in shape with varying numbers, which gzip packs
    about as it packs a real stylesheet."""
    rules, length, i = [], 0, 0
    while length < size:
        rule = (f".block-{i} > .item-{i % 37} {{ margin: {i % 7}px {i % 11}px; padding: {i % 5}em; "
                f"color: #{(i * 2654435761) % 0xFFFFFF:06x}; }}\n")
        rules.append(rule)
        length += len(rule)
        i += 1
    return "".join(rules).encode()[:size]


def listening(address):
    local_only(address)
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(address) == 0


def url(address, path, scheme="http"):
    return f"{scheme}://{address[0]}:{address[1]}{path}"


def requests_per_second(figures):
    """A load run's requests/s from its figures (wrk's or h2load's)."""
    return figures["requests"] / (figures["duration_us"] / 1e6)


# ------------------------------------------------------------------------------------------------------------------
# Tools and machine

def run_text(arguments, timeout=30):
    try:
        result = subprocess.run(arguments, capture_output=True, text=True, timeout=timeout)
        return (result.stdout + result.stderr).strip()
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"unavailable ({error})"


def install_tools():
    """apt-get install the Debian packages of the missing tools. While it runs, a temporary policy-rc.d keeps the
    nginx and haproxy packages from starting their system services (on 0.0.0.0:80), when no policy-rc.d exists."""
    missing = sorted({package for tool, package in TOOLS if shutil.which(tool) is None})
    if not missing:
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    log(f"installing {' '.join(missing)} with apt-get")
    policy = "/usr/sbin/policy-rc.d"
    made_policy = False
    if os.geteuid() == 0 and not os.path.exists(policy):
        with open(policy, "w") as f:
            f.write("#!/bin/sh\n# bench/run.py: no service starts while it installs its tools\nexit 101\n")
        os.chmod(policy, 0o755)
        made_policy = True
    try:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        install = [*sudo, "apt-get", "install", "-y", "--no-install-recommends", *missing]
        if subprocess.run(install, env=env, capture_output=True, timeout=600).returncode != 0:
            subprocess.run([*sudo, "apt-get", "update"], env=env, capture_output=True, timeout=600)
            result = subprocess.run(install, env=env, capture_output=True, text=True, timeout=600)
            if result.returncode != 0:
                raise BenchError(f"{' '.join(install)} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    finally:
        if made_policy:
            os.remove(policy)
    still = [tool for tool, _ in TOOLS if shutil.which(tool) is None]
    if still:
        raise BenchError(f"still missing after apt-get: {', '.join(still)}")


def namespaces_on(subnet):
    """The network namespaces that have an address in subnet (read with `ip -n NAME addr`: nothing is sent)."""
    found = []
    for line in run_text(["ip", "netns", "list"]).splitlines():
        name = line.split()[0] if line.split() else ""
        if not name or name.startswith("unavailable"):
            continue
        for address in re.findall(r"\binet (\S+)/", run_text(["ip", "-n", name, "-4", "-o", "addr"])):
            try:
                if ipaddress.ip_address(address) in subnet:
                    found.append(name)
                    break
            except ValueError:
                pass
    return found


def first_line(text):
    return text.splitlines()[0] if text else ""


def component_environment():
    """The runtime settings ./webinfra exports to every process it starts (`export DOTNET_X="${DOTNET_X:-VALUE}"`), for the
    floor (bench/Forwarder), which runs with the components' runtime settings but is not started through ./webinfra."""
    with open(WEBINFRA) as f:
        found = re.findall(r'(?m)^export (DOTNET_\w+)="\$\{\1:-([^}]*)\}"$', f.read())
    if not found:
        raise BenchError(f"{WEBINFRA} exports no DOTNET_ setting (bench/run.py reads them for bench/Forwarder)")
    return {name: os.environ.get(name, value) for name, value in found}


def machine_info():
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = ""
    try:
        with open("/proc/meminfo") as f:
            memory = f"{int(f.readline().split()[1]) // 1024} MiB"
    except OSError:
        pass
    haproxy = first_line(run_text(["haproxy", "-v"]))
    nginx = first_line(run_text(["nginx", "-v"]))
    return {
        "cores": CORES,
        "cpu_model": model,
        "memory": memory,
        "kernel": platform.release(),
        "os": first_line(run_text(["sh", "-c", ". /etc/os-release && echo \"$PRETTY_NAME\""])),
        "dotnet": run_text(["dotnet", "--version"]),
        "webinfra": first_line(run_text([WEBINFRA, "--version"], timeout=600)),
        "haproxy": haproxy,
        "nginx": nginx,
        "wrk": first_line(run_text(["wrk", "-v"])).split(" Copyright")[0],
        "h2load": first_line(run_text(["h2load", "--version"])),
        "mariadb": first_line(run_text(["mariadbd", "--version"])) if shutil.which("mariadbd") else "not installed",
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def short_version(text, pattern):
    match = re.search(pattern, text)
    return match.group(1) if match else "?"


# ------------------------------------------------------------------------------------------------------------------
# Peer configurations

def nginx_config(tmp, name, servers_block, workers=CORES):
    """An nginx.conf of the bench's: foreground, no access log, sendfile, an open-file cache, keep-alive without a
    request limit, every path under tmp. `workers` = cores, as the issue asks."""
    base = os.path.join(tmp, f"nginx-{name}")
    os.makedirs(base, exist_ok=True)
    os.chmod(base, 0o755)
    path = os.path.join(tmp, f"nginx-{name}.conf")
    with open(path, "w") as f:
        f.write(f"""# bench/run.py: nginx '{name}'
daemon off;
master_process on;
worker_processes {workers};
pid {base}/nginx.pid;
error_log {base}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    server_tokens off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65s;
    keepalive_requests 1000000;
    # What a WebInfra web server keeps in memory (SiteFileCache: up to 10,000 paths, found or not, trusted 1 s).
    open_file_cache max=10000 inactive=60s;
    open_file_cache_valid 1s;
    open_file_cache_min_uses 1;
    open_file_cache_errors on;
    client_body_temp_path {base}/client_body;
    proxy_temp_path {base}/proxy;
    fastcgi_temp_path {base}/fastcgi;
    uwsgi_temp_path {base}/uwsgi;
    scgi_temp_path {base}/scgi;
{servers_block}
}}
""")
    return path


def static_server(address, files, extra=""):
    """An nginx server block serving `files` as a WebInfra web server serves the site's files (ETag, Last-Modified, the
    topology's Cache-Control), with /healthz; `extra` directives go inside it."""
    host, port = address
    return f"""    server {{
        listen {host}:{port};
        root {files};
        etag on;
        add_header Cache-Control "public, max-age=300";{extra}
        location = /healthz {{ default_type text/plain; return 200 "ok\\n"; }}
    }}"""


def start_nginx(processes, tmp, name, servers_block):
    config = nginx_config(tmp, name, servers_block)
    check = subprocess.run(["nginx", "-t", "-q", "-c", config], capture_output=True, text=True, timeout=30)
    if check.returncode != 0:
        raise BenchError(f"nginx rejected {config}:\n{check.stderr}")
    return processes.start(f"nginx {name}", ["nginx", "-c", config], os.path.join(tmp, f"nginx-{name}.log"))


def start_haproxy(processes, tmp, name, bind, servers, logged=False, certificate=None):
    """HAProxy as the bench's balancer: http mode, keep-alive both ways, nbthread = cores, no logging, the same
    health checks, retries and timeouts as WebInfra's `web` backend, X-Forwarded-For as YARP adds it. logged: one
    `option httplog` line per request written to HAProxy's stdout, which the bench sends to a file (HAProxy has no
    log file of its own: `log stdout` is its way to one without a syslog daemon, whose CPU would not be counted).
    certificate: a PEM file (certificate, then key) to terminate TLS with on `bind`, with a WebInfra balancer's
    protocols, suites and ALPN (TLS 1.2 and 1.3, TLS_SUITES_13 and TLS_CIPHERS_12, h2 and http/1.1)."""
    path = os.path.join(tmp, f"haproxy-{name}.cfg")
    lines = [
        f"# bench/run.py: HAProxy '{name}', equivalent to lb-01/balancer's settings",
        "global",
        f"    nbthread {CORES}",
        "    maxconn 8192",
        *(["    log stdout format raw local0 info"] if logged else []),
        *([f"    ssl-default-bind-ciphersuites {':'.join(TLS_SUITES_13)}",
           f"    ssl-default-bind-ciphers {':'.join(TLS_CIPHERS_12)}",
           "    ssl-default-bind-options ssl-min-ver TLSv1.2"] if certificate else []),
        "",
        "defaults",
        "    mode http",
        *(["    log global", "    option httplog"] if logged else []),
        "    option http-keep-alive",
        "    option forwardfor",
        "    timeout connect 5s",
        "    timeout client 30s",
        "    timeout server 30s",
        "    timeout http-keep-alive 30s",
        f"    timeout check {HEALTH['timeout']}",
        "    retries 3",
        "    option redispatch",
        "",
        f"frontend {name}",
        f"    bind {bind[0]}:{bind[1]}" + (f" ssl crt {certificate} alpn h2,http/1.1" if certificate else ""),
        "    default_backend web",
        "",
        "backend web",
        "    balance roundrobin",
        f"    option httpchk GET {HEALTH['path']}",
        "    http-check expect status 200",
        f"    default-server inter {HEALTH['inter']} fall {HEALTH['fall']} rise {HEALTH['rise']}",
    ]
    lines += [f"    server web{i + 1} {host}:{port} check" for i, (host, port) in enumerate(servers)]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    check = subprocess.run(["haproxy", "-c", "-q", "-f", path], capture_output=True, text=True, timeout=30)
    if check.returncode != 0:
        raise BenchError(f"HAProxy rejected {path}:\n{check.stdout}{check.stderr}")
    return processes.start(f"haproxy {name}", ["haproxy", "-db", "-f", path], os.path.join(tmp, f"haproxy-{name}.log"))


# ------------------------------------------------------------------------------------------------------------------
# Load and measurement

class Bench:
    def __init__(self, arguments, tmp):
        self.arguments = arguments
        self.tmp = tmp
        self.processes = Processes()
        self.script = os.path.join(tmp, "stats.lua")
        with open(self.script, "w") as f:
            f.write(WRK_SCRIPT)
        self.results = []
        self.starts = []
        self.sites = {}         # name -> run-state folder of a site brought up with `webinfra up`, until it is down
        self.hwm_reset = True
        self.run_count = 0
        self.site_pids = []

    def webinfra(self, *arguments, timeout=120, check=True):
        result = subprocess.run([WEBINFRA, *arguments], capture_output=True, text=True, timeout=timeout)
        if check and result.returncode != 0:
            raise BenchError(f"webinfra {' '.join(arguments)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
        return result

    def start_component(self, name, topology, state):
        log_path = os.path.join(self.tmp, f"{name.replace('/', '-')}.log")
        return self.processes.start(f"webinfra {name}", [WEBINFRA, "component", name, "--topology", topology,
                                                         "--state-dir", state], log_path)

    def run_load(self, arguments, seconds, label, via):
        """Runs the load generator's command line (`arguments`, under `via`), bounded in time, and keeps its report as
        NN-LABEL.TOOL; (the command, the finished process)."""
        command = [*via, *arguments]
        limit = seconds + (60 if via else 30)
        try:
            result = run_bounded(command, limit)
        except subprocess.TimeoutExpired:
            raise BenchError(f"{arguments[0]} did not finish within {limit} s: {' '.join(command)}")
        self.run_count += 1
        with open(os.path.join(self.tmp, f"{self.run_count:02d}-{label}.{arguments[0]}"), "w") as f:
            f.write(" ".join(command) + "\n" + result.stdout + result.stderr)
        return command, result

    def wrk(self, target, connections, seconds, label, via=(), headers=()):
        """via: the command wrk runs under (`webinfra exec operator --state-dir STATE --`), or none; headers: request
        headers every request carries ("Accept-Encoding: gzip")."""
        threads = min(connections, 2)
        arguments = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s",
                     *(argument for header in headers for argument in ("-H", header)), "-s", self.script, target]
        command, result = self.run_load(arguments, seconds, label, via)
        match = re.search(r"^BENCH_JSON (.*)$", result.stdout, re.M)
        if result.returncode != 0 or not match:
            raise BenchError(f"wrk failed ({result.returncode}): {' '.join(command)}\n{result.stdout}{result.stderr}")
        figures = json.loads(match.group(1))
        figures["command"] = " ".join([*via, *arguments[:-3], target])
        return figures

    def h2load(self, target, connections, seconds, label, via=(), headers=()):
        """h2load (HTTP/2 over TLS, ALPN h2) with wrk's threads and connections, one stream at a time per connection,
        so that as many requests are under way as with wrk; its figures in wrk's shape. h2load gives no latency
        percentiles (min, mean and max only): p50, p90 and p99 are None."""
        threads = min(connections, 2)
        arguments = ["h2load", f"-t{threads}", f"-c{connections}", "-m1", f"-D{seconds}",
                     *(argument for header in headers for argument in ("-H", header)), target]
        command, result = self.run_load(arguments, seconds, label, via)
        finished = re.search(r"^finished in ([\d.]+)(m?s)", result.stdout, re.M)
        counts = re.search(r"^requests: \d+ total, \d+ started, \d+ done, (\d+) succeeded, (\d+) failed, (\d+) errored, "
                           r"(\d+) timeout", result.stdout, re.M)
        statuses = re.search(r"^status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx", result.stdout, re.M)
        traffic = re.search(r"^traffic: \S+ \((\d+)\) total", result.stdout, re.M)
        latency = re.search(r"^time for request:\s+(\S+)\s+(\S+)\s+(\S+)", result.stdout, re.M)
        if result.returncode != 0 or not (finished and counts and statuses and traffic and latency):
            raise BenchError(f"h2load failed ({result.returncode}): {' '.join(command)}\n{result.stdout}{result.stderr}")

        def microseconds(text):
            number, unit = re.match(r"([\d.]+)(us|ms|s)$", text).groups()
            return float(number) * {"us": 1, "ms": 1e3, "s": 1e6}[unit]

        seconds_taken = float(finished.group(1)) * (1e-3 if finished.group(2) == "ms" else 1)
        _, failed, errored, timeout = (int(x) for x in counts.groups())
        ok, redirected, client_errors, server_errors = (int(x) for x in statuses.groups())
        return {"requests": ok + redirected, "duration_us": int(seconds_taken * 1e6), "bytes": int(traffic.group(1)),
                "errors": {"connect": 0, "read": errored, "write": failed, "status": client_errors + server_errors,
                           "timeout": timeout},
                "latency_us": {"p50": None, "p90": None, "p99": None, "mean": microseconds(latency.group(3)),
                               "max": microseconds(latency.group(2))},
                "command": " ".join(command)}

    def operator_via(self, state):
        """The prefix that runs a command in the operator namespace of the namespaces site brought up from state."""
        return [WEBINFRA, "exec", "operator", "--state-dir", state, "--"]

    def operator_curl(self, via, *arguments, timeout=15):
        """curl in the operator namespace (the only way to the namespaces site); its stdout, or BenchError."""
        command = [*via, "curl", "-sS", "--max-time", "5", *arguments]
        try:
            result = run_bounded(command, timeout)
        except subprocess.TimeoutExpired:
            raise BenchError(f"curl did not finish within {timeout} s: {' '.join(command)}")
        if result.returncode != 0:
            raise BenchError(f"{' '.join(command)} failed ({result.returncode}): {result.stderr.strip()[-500:]}")
        return result.stdout

    def operator_serves(self, via, target, times=10):
        """GET target `times` times through the operator's curl (one curl, one connection): all 200?"""
        arguments = []
        for _ in range(times):
            arguments += ["-o", "/dev/null", target]
        codes = self.operator_curl(via, "-w", "%{http_code}\\n", *arguments, timeout=15 + times * 6).split()
        return len(codes) == times and all(code == "200" for code in codes)

    def measure(self, label, target, connections, groups, via=(), headers=(), tool="wrk"):
        """Warm-up, then the measured run, with `tool` (wrk, or h2load for HTTP/2). groups: {group name: [root pids]};
        CPU and peak RSS are reported for each group and for all of them together ("total")."""
        arguments = self.arguments
        load = self.h2load if tool == "h2load" else self.wrk
        all_roots = [pid for pids in groups.values() for pid in pids]
        if not reset_peak_rss(process_tree(all_roots)):
            self.hwm_reset = False
        if arguments.warmup > 0:
            # At least WARMUP_CONNECTIONS: a 1-connection warm-up sends too few requests for .NET's tiered JIT to
            # reach its optimized code in a few seconds (HAProxy and nginx get the same warm-up).
            load(target, max(connections, WARMUP_CONNECTIONS), arguments.warmup, label + "-warmup", via, headers)
        trees = {group: process_tree(pids) for group, pids in groups.items()}
        # Everything this bench runs (both sides, the backends, the site), to tell the other users of the machine.
        known = process_tree([p.pid for p in self.processes.running] + self.site_pids + all_roots)
        before = {group: cpu_ticks(pids) for group, pids in trees.items()}
        known_before, busy_before, wrk_before = cpu_ticks(known), machine_busy_ticks(), children_cpu_seconds()
        figures = load(target, connections, arguments.duration, label, via, headers)
        known_after, busy_after, wrk_after = cpu_ticks(known), machine_busy_ticks(), children_cpu_seconds()
        after = {group: cpu_ticks(pids) for group, pids in trees.items()}
        requests = figures["requests"]
        seconds = figures["duration_us"] / 1e6
        errors = figures["errors"]
        failed = sum(errors.values())
        side = {
            "target": target,
            "measured_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "wrk": figures["command"],
            "requests": requests,
            "seconds": round(seconds, 3),
            "requests_per_second": round(requests / seconds, 1) if seconds else 0,
            **{f"latency_{key}_ms": (figures["latency_us"][key] / 1000 if figures["latency_us"][key] is not None else None)
               for key in ("p50", "p90", "p99", "mean", "max")},
            "errors": errors,
            "failed": failed,
            "mib_per_second": round(figures["bytes"] / seconds / 2**20, 1) if seconds else 0,
            "groups": {},
        }
        total_ticks, total_rss = 0, 0
        for group, pids in trees.items():
            ticks = sum(after[group].get(pid, 0) - before[group].get(pid, 0) for pid in pids if pid in before[group])
            rss = sum(peak_rss_kib(pid) for pid in pids)
            total_ticks += ticks
            total_rss += rss
            side["groups"][group] = {
                "processes": [f"{pid} {process_name(pid)}" for pid in pids],
                "cpu_seconds": round(ticks / CLOCK_TICKS, 2),
                "cpu_seconds_per_10k_requests": round(ticks / CLOCK_TICKS / requests * 10000, 4) if requests else None,
                "peak_rss_mib": round(rss / 1024, 1),
            }
        side["cpu_seconds"] = round(total_ticks / CLOCK_TICKS, 2)
        known_seconds = sum(known_after.get(pid, 0) - ticks for pid, ticks in known_before.items()) / CLOCK_TICKS
        busy_seconds = (busy_after - busy_before) / CLOCK_TICKS
        side["machine"] = {
            "cpu_seconds_available": round(CORES * seconds, 2),
            "busy_cpu_seconds": round(busy_seconds, 2),
            "wrk_cpu_seconds": round(wrk_after - wrk_before, 2),
            "bench_processes_cpu_seconds": round(known_seconds, 2),
            # The noise: CPU the rest of the machine took during the run (other users' tests and builds, the kernel's
            # softirq work is in busy too), never negative.
            "others_cpu_seconds": round(max(0.0, busy_seconds - known_seconds - (wrk_after - wrk_before)), 2),
        }
        side["cpu_seconds_per_10k_requests"] = round(total_ticks / CLOCK_TICKS / requests * 10000, 4) if requests else None
        side["peak_rss_mib"] = round(total_rss / 1024, 1)
        if failed:
            log(f"{label}: {failed} failed requests {errors} (see the .wrk report)")
        log(f"{label}: {side['requests_per_second']:,.0f} req/s, p50 {fmt('{:.2f}', side['latency_p50_ms'])} ms, "
            f"p99 {fmt('{:.2f}', side['latency_p99_ms'])} ms, mean {side['latency_mean_ms']:.2f} ms, "
            f"{side['cpu_seconds_per_10k_requests']} CPU s/10k, "
            f"{side['peak_rss_mib']} MiB")
        return side

    def settle(self, case, sides, headers=()):
        """Loads each freshly started side (name, url[, via]) until its requests/s stop rising, so that every measured run
        sees it at its steady state: .NET's tiered JIT recompiles the hot paths with profile data during the first
        seconds under load, which HAProxy and nginx do not need. What that costs is reported, not hidden: the first
        window's rate and how long the side took to reach its steady rate."""
        minimum, limit = (SETTLE_MINIMUM, SETTLE_LIMIT) if not self.arguments.quick else (SETTLE_WINDOW, 3 * SETTLE_WINDOW)
        start = {}
        for name, target, *via in sides:
            rates = self.load_until_steady(target, WARMUP_CONNECTIONS, f"{case}-{name}-settle".replace(" ", "-"), [], 0,
                                           minimum, limit, *via, headers=headers)
            steady = max(rates)
            seconds = SETTLE_WINDOW * next(i + 1 for i, rate in enumerate(rates) if rate * SETTLE_RISE >= steady)
            start[name] = {"first_window_requests_per_second": round(rates[0], 1),
                           "steady_requests_per_second": round(steady, 1),
                           "seconds_to_steady": seconds,
                           "windows_requests_per_second": [round(rate, 1) for rate in rates]}
            log(f"{case} {name}: from start {rates[0]:,.0f} req/s, steady {steady:,.0f} after {seconds} s")
        self.starts.append({"case": case, "window_seconds": SETTLE_WINDOW, "connections": WARMUP_CONNECTIONS,
                            "sides": start})
        print(f"\nFrom a fresh start ({case}): wrk -c{WARMUP_CONNECTIONS} in {SETTLE_WINDOW} s windows until "
              f"requests/s stop rising")
        for name, figures in start.items():
            print(f"  {name:<34} first {SETTLE_WINDOW} s {figures['first_window_requests_per_second']:>9,.0f} req/s, "
                  f"steady {figures['steady_requests_per_second']:>9,.0f} req/s after {figures['seconds_to_steady']} s")
        sys.stdout.flush()

    def load_until_steady(self, target, connections, label, rates, elapsed, minimum, limit, via=(), headers=()):
        """Loads target with wrk in SETTLE_WINDOW s runs, each one's requests/s appended to rates (which holds those
        measured over the `elapsed` seconds before), until at least `minimum` seconds have passed and the last two rates
        are no more than SETTLE_RISE above every rate before them, or `limit` seconds have; returns rates."""
        while elapsed < limit:
            rates.append(requests_per_second(self.wrk(target, connections, SETTLE_WINDOW, label, via, headers)))
            elapsed += SETTLE_WINDOW
            rising = [rates[i] > SETTLE_RISE * max(rates[:i]) for i in range(1, len(rates))]
            if elapsed >= minimum and not any(rising[-2:]):
                break
        return rates

    def compare(self, connections, sides, headers=(), tool="wrk"):
        """Measures each side (label, url, groups[, via]) --repeat times, in turn, reversing the order every other round so
        that neither side always runs first; with repeats, each side's figures are those of its median run by
        requests/s (so CPU, latency and memory come from one run), and every run is kept under "runs"."""
        runs = [[] for _ in sides]
        for round_number in range(self.arguments.repeat):
            order = list(range(len(sides)))
            if round_number % 2:
                order.reverse()
            for i in order:
                label, target, groups, *via = sides[i]
                suffix = f"-r{round_number + 1}" if self.arguments.repeat > 1 else ""
                runs[i].append(self.measure(label + suffix, target, connections, groups, *via, headers=headers, tool=tool))
        chosen = []
        for side_runs in runs:
            ranked = sorted(side_runs, key=lambda run: run["requests_per_second"])
            median = dict(ranked[(len(ranked) - 1) // 2])
            if len(side_runs) > 1:
                median["runs"] = [{key: run[key] for key in ["requests_per_second", "latency_p50_ms", "latency_p99_ms", "latency_mean_ms",
                                                             "cpu_seconds_per_10k_requests", "peak_rss_mib", "failed"]}
                                  | {"others_cpu_seconds": run["machine"]["others_cpu_seconds"]} for run in side_runs]
                median["failed"] = max(run["failed"] for run in side_runs)
            chosen.append(median)
        return chosen

    def record(self, case, title, connections, sides, names, extra_rows=()):
        """sides: [(key, side), (key, side)]: the first is WebInfra's (or the whole path), the second the peer."""
        (left_key, left), (right_key, right) = sides
        ratio = {}
        for metric in ["requests_per_second", "latency_p50_ms", "latency_p99_ms", "latency_mean_ms", "cpu_seconds_per_10k_requests",
                       "peak_rss_mib"]:
            ratio[metric] = round(left[metric] / right[metric], 3) if left[metric] and right[metric] else None
        for group_metric, (group_left, group_right) in extra_rows:
            a = left["groups"].get(group_left, {}).get(group_metric[0])
            b = right["groups"].get(group_right, {}).get(group_metric[0])
            ratio[group_metric[1]] = round(a / b, 3) if a and b else None
        entry = {"case": case, "title": title, "connections": connections, "threads": min(connections, 2),
                 "duration_seconds": self.arguments.duration, "warmup_seconds": self.arguments.warmup,
                 "columns": {left_key: names[0], right_key: names[1]},
                 left_key: left, right_key: right, "ratio": ratio,
                 "ratio_is": f"{left_key}/{right_key}"}
        self.results.append(entry)
        print_table(entry, left_key, right_key, extra_rows)
        return entry

    # --------------------------------------------------------------------------------------------------------------
    def start_balancer_backends(self):
        """The balancer cases' two backends: one nginx with two listen blocks answering every path 200 "ok"."""
        servers = "\n".join(f"""    server {{
        listen {host}:{port};
        location / {{ default_type text/plain; return 200 "ok\\n"; }}
    }}""" for host, port in BALANCER_BACKENDS)
        backends = start_nginx(self.processes, self.tmp, "backends", servers)
        wait_until("the nginx backends did not answer",
                   lambda: all(serves(b, "/", expect_body=b"ok\n") for b in BALANCER_BACKENDS), 15)
        return backends

    def wait_balancers(self, balancers, tls=None):
        """balancers: [(address, name, process)]: each answers 200 "ok" through both backends (over HTTPS with tls, an
        ssl.SSLContext), and none exited."""
        for address, name, _ in balancers:
            wait_until(f"{name} ({url(address, '/', 'https' if tls else 'http')}) did not answer 200 'ok' through both backends",
                       lambda: serves(address, "/", expect_body=b"ok\n", times=10, tls=tls), 40)
        for _, _, process in balancers:
            if process.poll() is not None:
                raise BenchError(f"{process.bench_name} exited; see {process.bench_log}")

    def balancer_topology(self, name, address, edits, extra=""):
        """A copy of bench/balancer.yaml in the bench's folder (balancer-NAME.yaml, its path): lb-01 at `address`, the
        site's files by their absolute path, each of `edits` (pattern, replacement, what it is) made once, `extra` added
        at the end. BenchError when the file does not hold exactly one of each."""
        with open(os.path.join(BENCH, "balancer.yaml")) as f:
            text = f.read()
        for pattern, replacement, what in [(r"^    address: 127\.0\.10\.10$", f"    address: {address}", "lb-01 address"),
                                           (r"^  files: \.\./site(.*)$", f"  files: {os.path.join(ROOT, 'site')}\\1",
                                            "'files:' line"), *edits]:
            text, count = re.subn("(?m)" + pattern, replacement, text)
            if count != 1:
                raise BenchError(f"bench/balancer.yaml: expected one {what}, found {count}")
        path = os.path.join(self.tmp, f"balancer-{name}.yaml")
        with open(path, "w") as f:
            f.write(text + extra)
        return path

    def case_balancer(self, connection_counts):
        tmp = self.tmp
        backends = self.start_balancer_backends()

        state = os.path.join(tmp, "state-balancer")
        balancer = self.start_component("lb-01/balancer", os.path.join(BENCH, "balancer.yaml"), state)
        haproxy = start_haproxy(self.processes, tmp, "balancer", BALANCER_HAPROXY, BALANCER_BACKENDS)
        forwarder = self.processes.start(
            "bench-forwarder", [FORWARDER, f"{BALANCER_FORWARDER[0]}:{BALANCER_FORWARDER[1]}",
                                *(url(backend, "/") for backend in BALANCER_BACKENDS)],
            os.path.join(tmp, "bench-forwarder.log"), env=dict(os.environ, **component_environment()))
        try:
            self.wait_balancers([(BALANCER_WEBINFRA, "lb-01/balancer", balancer), (BALANCER_HAPROXY, "HAProxy", haproxy),
                                 (BALANCER_FORWARDER, "bench-forwarder", forwarder)])
            haproxy_name = f"HAProxy {self.versions['haproxy']}"
            self.settle("balancer", [("WebInfra", url(BALANCER_WEBINFRA, "/")),
                                     (haproxy_name, url(BALANCER_HAPROXY, "/")),
                                     ("YARP's forwarder alone", url(BALANCER_FORWARDER, "/"))])
            for connections in connection_counts:
                plural = "s" if connections > 1 else ""
                webinfra, peer, floor = self.compare(connections, [
                    (f"balancer-c{connections}-webinfra", url(BALANCER_WEBINFRA, "/"), {"balancer": [balancer.pid]}),
                    (f"balancer-c{connections}-haproxy", url(BALANCER_HAPROXY, "/"), {"balancer": [haproxy.pid]}),
                    (f"balancer-c{connections}-forwarder", url(BALANCER_FORWARDER, "/"), {"balancer": [forwarder.pid]})])
                self.record("balancer", f"Balancer: GET / round robin over 2 nginx backends answering a fixed "
                            f"200 \"ok\", {connections} connection{plural}",
                            connections, [("webinfra", webinfra), ("haproxy", peer)], ["WebInfra", haproxy_name])
                self.record("balancer-floor", f"The floor: YARP's forwarder alone (bench/Forwarder: Kestrel, "
                            f"IHttpForwarder, SocketsHttpHandler, no WebInfra code per request) vs HAProxy, {connections} "
                            f"connection{plural}", connections, [("forwarder", floor), ("haproxy", peer)],
                            ["YARP forwarder", haproxy_name])
                self.record("balancer-features", f"What WebInfra's balancer adds to YARP's forwarder (routing, "
                            f"health checks, retries, limits, metrics), {connections} connection{plural}",
                            connections, [("webinfra", webinfra), ("forwarder", floor)], ["WebInfra", "YARP forwarder"])
        finally:
            for process in (forwarder, haproxy, balancer, backends):
                self.processes.stop(process)

    def case_https(self, connection_counts):
        """The balancer case over HTTPS: WebInfra's balancer with an https_port and HAProxy terminating TLS with the same
        certificate (ECDSA P-256, as `webinfra cert` makes), protocols and suites, over the same two backends; loaded
        with wrk (HTTP/1.1 over TLS 1.3, keep-alive) and h2load (HTTP/2 by ALPN)."""
        tmp = self.tmp
        certificate, key = os.path.join(tmp, "https-cert.pem"), os.path.join(tmp, "https-key.pem")
        names = f"DNS:bench.local,IP:{HTTPS_WEBINFRA[0]},IP:{HTTPS_HAPROXY[0]}"
        made = subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                               "-nodes", "-days", "2", "-subj", "/CN=bench.local", "-addext", f"subjectAltName={names}",
                               "-keyout", key, "-out", certificate], capture_output=True, text=True, timeout=60)
        if made.returncode != 0:
            raise BenchError(f"openssl could not make the bench's certificate: {made.stderr.strip()}")
        pem = os.path.join(tmp, "https-haproxy.pem")
        with open(pem, "w") as f:
            f.write(open(certificate).read() + open(key).read())
        topology = self.balancer_topology("https", HTTPS_WEBINFRA[0], [
            (r"^      balancer: \{ port: 20080, backend: web \}$",
             f"      balancer: {{ port: 20080, https_port: {HTTPS_WEBINFRA[1]}, backend: web }}",
             "'balancer: { port: 20080, backend: web }'")],
            f"tls: {{ certificate: {certificate}, key: {key}, hsts: 0 }}\n")

        backends = self.start_balancer_backends()
        balancer = self.start_component("lb-01/balancer", topology, os.path.join(tmp, "state-https"))
        haproxy = start_haproxy(self.processes, tmp, "https", HTTPS_HAPROXY, BALANCER_BACKENDS, certificate=pem)
        try:
            self.wait_balancers([(HTTPS_WEBINFRA, "lb-01/balancer", balancer), (HTTPS_HAPROXY, "HAProxy", haproxy)],
                                tls=ssl.create_default_context(cafile=certificate))
            webinfra_url, haproxy_url = (url(a, "/", "https") for a in (HTTPS_WEBINFRA, HTTPS_HAPROXY))
            haproxy_name = f"HAProxy {self.versions['haproxy']}"
            self.settle("https", [("WebInfra", webinfra_url), (haproxy_name, haproxy_url)])
            for connections in connection_counts:
                plural = "s" if connections > 1 else ""
                for tool, protocol in [("wrk", "HTTP/1.1 over TLS"), ("h2load", "HTTP/2 over TLS (h2load -m1)")]:
                    webinfra, peer = self.compare(connections, [
                        (f"https-{tool}-c{connections}-webinfra", webinfra_url, {"balancer": [balancer.pid]}),
                        (f"https-{tool}-c{connections}-haproxy", haproxy_url, {"balancer": [haproxy.pid]})], tool=tool)
                    self.record("https" if tool == "wrk" else "https-h2",
                                f"Balancer over HTTPS, {protocol}: GET / round robin over the balancer case's 2 backends, "
                                f"TLS ended at the balancer (ECDSA P-256, the same suites), {connections} connection{plural}",
                                connections, [("webinfra", webinfra), ("haproxy", peer)], ["WebInfra", haproxy_name])
        finally:
            for process in (haproxy, balancer, backends):
                self.processes.stop(process)

    def from_cold(self, name, start, target, connections):
        """Starts one side fresh with start() (which returns its process), waits for its first 200 (polled every 20 ms,
        at most 60 s), then loads it with wrk for COLD_SECONDS windows of 1 s in a row, then until steady (as settle()),
        then again for COLD_SECONDS windows of 1 s, then one measured run of --duration seconds. The share is the mean of
        the first windows over the mean of the steady ones, measured the same way: each 1 s run opens its connections
        afresh, which costs a side more or less than a long run does. The process is stopped before returning."""
        started = time.monotonic()
        process = start()
        try:
            deadline = started + 60
            while True:
                try:
                    if serves(target, "/", expect_body=b"ok\n"):
                        break
                except OSError:
                    pass
                if process.poll() is not None:
                    raise BenchError(f"{process.bench_name} exited during its start; see {process.bench_log}")
                if time.monotonic() > deadline:
                    raise BenchError(f"{name} ({url(target, '/')}) did not answer 200 'ok' within 60 s of its start")
                time.sleep(0.02)
            first_answer = time.monotonic() - started
            windows = self.one_second_windows(name, "first", target, connections)
            # Then until steady, two windows at least after the first seconds.
            self.load_until_steady(url(target, "/"), connections, f"cold-{name}-settle".replace(" ", "-"), list(windows),
                                   COLD_SECONDS, COLD_SECONDS + 2 * SETTLE_WINDOW,
                                   SETTLE_LIMIT if not self.arguments.quick else COLD_SECONDS + 2 * SETTLE_WINDOW)
            steady_windows = self.one_second_windows(name, "steady", target, connections)
            steady = self.measure(f"cold-{name}-steady".replace(" ", "-"), url(target, "/"), connections,
                                  {"balancer": [process.pid]})
            mean, steady_mean = sum(windows) / len(windows), sum(steady_windows) / len(steady_windows)
            log(f"cold start {name}: first answer after {first_answer:.2f} s; first {COLD_SECONDS} s "
                f"{', '.join(f'{rate:,.0f}' for rate in windows)} req/s (mean {mean:,.0f}); steady, the same way, "
                f"{', '.join(f'{rate:,.0f}' for rate in steady_windows)} (mean {steady_mean:,.0f}): "
                f"{mean / steady_mean:.2f}; steady in one run {steady['requests_per_second']:,.0f}")
            return {"first_answer_seconds": round(first_answer, 3),
                    "first_seconds_requests_per_second": [round(rate, 1) for rate in windows],
                    "first_seconds_mean_requests_per_second": round(mean, 1),
                    "steady_seconds_requests_per_second": [round(rate, 1) for rate in steady_windows],
                    "steady_seconds_mean_requests_per_second": round(steady_mean, 1),
                    "steady": steady,
                    "first_seconds_of_steady": round(mean / steady_mean, 3)}
        finally:
            self.processes.stop(process)

    def one_second_windows(self, name, which, target, connections):
        """requests/s of COLD_SECONDS wrk runs of 1 s each, in a row."""
        rates = []
        for second in range(COLD_SECONDS):
            rates.append(requests_per_second(
                self.wrk(url(target, "/"), connections, 1, f"cold-{name}-{which}-{second + 1}".replace(" ", "-"))))
        return rates

    def case_cold_start(self, connection_counts):
        """The balancer from a fresh start: WebInfra's balancer and HAProxy, each started again for every run (--repeat
        times, alternating which goes first), over the balancer case's backends. Reported: when it first answered, its
        requests/s in each of its first COLD_SECONDS seconds under load, their mean as a share of its steady rate, and
        that share side by side (the issue's goal: WebInfra's first 10 s at 0.8 of its steady state or better)."""
        backends = self.start_balancer_backends()
        topology = os.path.join(BENCH, "balancer.yaml")
        haproxy_name = f"HAProxy {self.versions['haproxy']}"
        try:
            for connections in connection_counts:
                sides = [("WebInfra", lambda n: self.start_component(
                              "lb-01/balancer", topology, os.path.join(self.tmp, f"state-cold-{connections}-{n}")),
                          BALANCER_WEBINFRA),
                         (haproxy_name, lambda n: start_haproxy(self.processes, self.tmp, f"cold-{connections}-{n}",
                                                                BALANCER_HAPROXY, BALANCER_BACKENDS),
                          BALANCER_HAPROXY)]
                runs = [[], []]
                for round_number in range(self.arguments.repeat):
                    order = [1, 0] if round_number % 2 else [0, 1]
                    for i in order:
                        name, start, target = sides[i]
                        runs[i].append(self.from_cold(name, lambda: start(round_number + 1), target, connections))
                chosen = [sorted(side, key=lambda run: run["first_seconds_of_steady"])[(len(side) - 1) // 2]
                          for side in runs]
                for side, side_runs in zip(chosen, runs):
                    side["runs"] = [{key: run[key] for key in ["first_answer_seconds", "first_seconds_mean_requests_per_second",
                                                               "steady_seconds_mean_requests_per_second",
                                                               "first_seconds_of_steady"]}
                                    | {"steady_requests_per_second": run["steady"]["requests_per_second"]}
                                    for run in side_runs]
                self.starts.append({"case": "cold-start", "connections": connections, "window_seconds": 1,
                                    "columns": {"webinfra": "WebInfra", "haproxy": haproxy_name},
                                    "webinfra": chosen[0], "haproxy": chosen[1],
                                    "ratio": {"first_seconds_of_steady": round(chosen[0]["first_seconds_of_steady"]
                                                                               / chosen[1]["first_seconds_of_steady"], 3),
                                              "first_seconds_mean_requests_per_second": round(
                                                  chosen[0]["first_seconds_mean_requests_per_second"]
                                                  / chosen[1]["first_seconds_mean_requests_per_second"], 3)}})
                print_cold_start(self.starts[-1], self.arguments.repeat)
                self.record("cold-start-steady", f"Balancer at its steady state after the cold start above, "
                            f"{connections} connections", connections,
                            [("webinfra", chosen[0]["steady"]), ("haproxy", chosen[1]["steady"])],
                            ["WebInfra", haproxy_name])
        finally:
            self.processes.stop(backends)

    def case_balancer_logged(self, connection_counts):
        """The balancer case with access logs on both sides: WebInfra's balancer with its default access log (combined,
        10 MiB files, 5 kept) against HAProxy with `option httplog` to a file; and each against itself with no log,
        in the same runs, for what logging costs each in CPU per request."""
        tmp = self.tmp
        backends = self.start_balancer_backends()
        logged_topology = self.balancer_topology("logged", BALANCER_LOGGED_WEBINFRA[0],
                                                 [(r"^  access_log: off.*\n", "", "'access_log: off'")])

        logged = self.start_component("lb-01/balancer", logged_topology, os.path.join(tmp, "state-balancer-logged"))
        unlogged = self.start_component("lb-01/balancer", os.path.join(BENCH, "balancer.yaml"),
                                        os.path.join(tmp, "state-balancer"))
        haproxy_logged = start_haproxy(self.processes, tmp, "balancer-logged", BALANCER_LOGGED_HAPROXY,
                                       BALANCER_BACKENDS, logged=True)
        haproxy = start_haproxy(self.processes, tmp, "balancer", BALANCER_HAPROXY, BALANCER_BACKENDS)
        access_log = os.path.join(tmp, "state-balancer-logged", "logs", "lb-01-balancer.access.log")
        try:
            self.wait_balancers([(BALANCER_LOGGED_WEBINFRA, "lb-01/balancer (logged)", logged),
                                 (BALANCER_WEBINFRA, "lb-01/balancer", unlogged),
                                 (BALANCER_LOGGED_HAPROXY, "HAProxy (logged)", haproxy_logged),
                                 (BALANCER_HAPROXY, "HAProxy", haproxy)])
            wait_until(f"lb-01/balancer (logged) wrote no access log at {access_log}",
                       lambda: os.path.exists(access_log) and os.path.getsize(access_log) > 0, 10)
            haproxy_name = f"HAProxy {self.versions['haproxy']}"
            self.settle("balancer-logged", [("WebInfra, access log", url(BALANCER_LOGGED_WEBINFRA, "/")),
                                            ("WebInfra, no log", url(BALANCER_WEBINFRA, "/")),
                                            (f"{haproxy_name}, httplog", url(BALANCER_LOGGED_HAPROXY, "/")),
                                            (f"{haproxy_name}, no log", url(BALANCER_HAPROXY, "/"))])
            for connections in connection_counts:
                plural = "s" if connections > 1 else ""
                webinfra, webinfra_unlogged, peer, peer_unlogged = self.compare(connections, [
                    (f"balancer-logged-c{connections}-webinfra", url(BALANCER_LOGGED_WEBINFRA, "/"), {"balancer": [logged.pid]}),
                    (f"balancer-logged-c{connections}-webinfra-nolog", url(BALANCER_WEBINFRA, "/"), {"balancer": [unlogged.pid]}),
                    (f"balancer-logged-c{connections}-haproxy", url(BALANCER_LOGGED_HAPROXY, "/"), {"balancer": [haproxy_logged.pid]}),
                    (f"balancer-logged-c{connections}-haproxy-nolog", url(BALANCER_HAPROXY, "/"), {"balancer": [haproxy.pid]})])
                self.record("balancer-logged", f"Balancer with access logs: WebInfra's (combined, to its file) vs "
                            f"HAProxy's option httplog (log stdout, to a file), GET / over 2 nginx backends, "
                            f"{connections} connection{plural}", connections, [("webinfra", webinfra), ("haproxy", peer)],
                            ["WebInfra, access log", f"{haproxy_name}, httplog"])
                self.record("balancer-logging-cost", f"What WebInfra's access log costs its balancer, {connections} "
                            f"connection{plural}", connections, [("logged", webinfra), ("unlogged", webinfra_unlogged)],
                            ["WebInfra, access log", "WebInfra, no log"])
                self.record("balancer-logging-cost-haproxy", f"What option httplog costs HAProxy, {connections} "
                            f"connection{plural}", connections, [("logged", peer), ("unlogged", peer_unlogged)],
                            [f"{haproxy_name}, httplog", f"{haproxy_name}, no log"])
        finally:
            for process in (haproxy, haproxy_logged, unlogged, logged, backends):
                self.processes.stop(process)

    def case_static(self, connection_counts):
        tmp = self.tmp
        sizes = {"1k.bin": 1024, "1m.bin": 1024 * 1024}
        files = self.folder_of("files", {name: os.urandom(size) for name, size in sizes.items()})
        topology = self.topology_serving("static.yaml", files)

        nginx = start_nginx(self.processes, tmp, "static", static_server(STATIC_NGINX, files))
        web = self.start_component("server-1/web", topology, os.path.join(tmp, "state-static"))
        try:
            for address, name in [(STATIC_WEBINFRA, "server-1/web"), (STATIC_NGINX, "nginx")]:
                wait_until(f"{name} ({url(address, '/1k.bin')}) did not serve the files",
                           lambda: all(serves(address, f"/{n}", expect_length=s) for n, s in sizes.items()), 40)
            self.settle("static", [("WebInfra web", url(STATIC_WEBINFRA, "/1k.bin")),
                                   (f"nginx {self.versions['nginx']}", url(STATIC_NGINX, "/1k.bin"))])
            for file_name in sizes:
                for connections in connection_counts:
                    label = f"static-{file_name.split('.')[0]}-c{connections}"
                    webinfra, peer = self.compare(connections, [
                        (label + "-webinfra", url(STATIC_WEBINFRA, f"/{file_name}"), {"web": [web.pid]}),
                        (label + "-nginx", url(STATIC_NGINX, f"/{file_name}"), {"web": [nginx.pid]})])
                    self.record("static", f"Static file: GET /{file_name} ({'1 KiB' if '1k' in file_name else '1 MiB'}),"
                                f" {connections} connection{'s' if connections > 1 else ''}",
                                connections, [("webinfra", webinfra), ("nginx", peer)],
                                ["WebInfra web", f"nginx {self.versions['nginx']}"])
        finally:
            for process in (web, nginx):
                self.processes.stop(process)

    def folder_of(self, name, contents):
        """A folder of the temporary folder holding contents ({file name: bytes}), readable by nginx's workers; its path."""
        folder = os.path.join(self.tmp, name)
        os.makedirs(folder)
        os.chmod(folder, 0o755)
        for file_name, content in contents.items():
            with open(os.path.join(folder, file_name), "wb") as f:
                f.write(content)
            os.chmod(os.path.join(folder, file_name), 0o644)
        return folder

    def topology_serving(self, name, files):
        """A copy of bench/NAME in the temporary folder whose site serves `files`; its path."""
        with open(os.path.join(BENCH, name)) as f:
            topology_text = f.read()
        topology_text, replaced = re.subn(r"(?m)^  files: .*$", f"  files: {files}", topology_text)
        if replaced != 1:
            raise BenchError(f"bench/{name}: expected one 'files:' line under site")
        topology = os.path.join(self.tmp, name)
        with open(topology, "w") as f:
            f.write(topology_text)
        return topology

    def case_compression(self, connection_counts):
        tmp = self.tmp
        sizes = {"1k.css": 1024, "100k.css": 100 * 1024}
        contents = {name: css_like(size) for name, size in sizes.items()}
        files = self.folder_of("compressed-files", contents)
        topology = self.topology_serving("compression.yaml", files)

        # The same compression on both sides: gzip at level 1 on the fly, from 1 KiB, Vary, nothing precompressed; neither
        # keeps compressed output (WebInfra's file cache holds the files, not their gzip), so each response is
        # compressed again on both.
        nginx = start_nginx(self.processes, tmp, "compression", static_server(COMPRESSION_NGINX, files, f"""
        gzip on;
        gzip_comp_level {COMPRESSION_GZIP_LEVEL};
        gzip_min_length 1024;
        gzip_types text/css;
        gzip_vary on;
        gzip_static off;"""))
        web = self.start_component("server-1/web", topology, os.path.join(tmp, "state-compression"))

        # The default a site runs with: the same web server, holding a gzip copy of each file it holds, made once.
        with open(topology) as f:
            copies_text = f.read()
        copies_text, moved = re.subn(rf"(?m)^    address: {re.escape(COMPRESSION_WEBINFRA[0])}$", f"    address: {COMPRESSION_COPIES[0]}", copies_text)
        copies_text, held = re.subn(r"precompressed: false", "precompressed: true", copies_text)
        if (moved, held) != (1, 1):
            raise BenchError("bench/compression.yaml: expected one server-1 address line and one 'precompressed: false'")
        copies_topology = os.path.join(tmp, "compression-copies.yaml")
        with open(copies_topology, "w") as f:
            f.write(copies_text)
        copies = self.start_component("server-1/web", copies_topology, os.path.join(tmp, "state-compression-copies"))
        accept_gzip = ["Accept-Encoding: gzip"]
        try:
            for address, name in [(COMPRESSION_WEBINFRA, "server-1/web"), (COMPRESSION_NGINX, "nginx"), (COMPRESSION_COPIES, "server-1/web (copies)")]:
                wait_until(f"{name} ({url(address, '/1k.css')}) did not serve the files gzipped",
                           lambda: all(serves_gzip(address, f"/{n}", c) for n, c in contents.items()), 40)
            self.settle("compression", [("WebInfra web", url(COMPRESSION_WEBINFRA, "/1k.css")),
                                        (f"nginx {self.versions['nginx']}", url(COMPRESSION_NGINX, "/1k.css"))], accept_gzip)
            # On the fly against nginx on the fly, then WebInfra's default (its copies) against the same nginx.
            sides = [("compression", COMPRESSION_WEBINFRA, web, "WebInfra web", "Compressed on the fly"),
                     ("compression-copies", COMPRESSION_COPIES, copies, "WebInfra web, copies",
                      "WebInfra's default (a gzip copy of each held file, made once) against nginx compressing on the fly")]
            for file_name, size in sizes.items():
                for connections in connection_counts:
                    for prefix, address, process, column, what in sides:
                        label = f"{prefix}-{file_name.split('.')[0]}-c{connections}"
                        webinfra, peer = self.compare(connections, [
                            (label + "-webinfra", url(address, f"/{file_name}"), {"web": [process.pid]}),
                            (label + "-nginx", url(COMPRESSION_NGINX, f"/{file_name}"), {"web": [nginx.pid]})], accept_gzip)
                        self.record("compression", f"{what}: GET /{file_name} ({size // 1024} KiB of CSS), "
                                    f"Accept-Encoding: gzip, level {COMPRESSION_GZIP_LEVEL}, "
                                    f"{connections} connection{'s' if connections > 1 else ''}",
                                    connections, [("webinfra", webinfra), ("nginx", peer)],
                                    [column, f"nginx {self.versions['nginx']}"])
        finally:
            for process in (web, copies, nginx):
                self.processes.stop(process)

    def case_whole_path(self, connection_counts):
        tmp = self.tmp
        state = os.path.join(tmp, "state-whole-path")
        self.sites["whole-path"] = state
        log("whole-path: webinfra up bench/whole-path.yaml (MariaDB primary + replica, 2 app, 2 web, balancer)")
        self.webinfra("up", os.path.join(BENCH, "whole-path.yaml"), "--state-dir", state, timeout=600)
        status = json.loads(self.webinfra("status", "--json", "--state-dir", state, timeout=60).stdout)
        pids = {node["name"]: node["pid"] for node in status["nodes"]}
        roles = {node["name"]: node["role"] for node in status["nodes"]}
        if any(pid is None for pid in pids.values()):
            raise BenchError(f"a node of the whole-path site has no pid: {pids}")
        of_role = lambda *wanted: [pids[n] for n in sorted(pids) if roles[n] in wanted]
        self.site_pids = list(pids.values())

        # One post to read, written through the balancer.
        body = json.dumps({"author": "bench", "body": "bench/run.py: the post every GET of the bench reads"})
        status_code, headers, answer = request(WHOLE_WEBINFRA, "POST", "/api/posts", body=body,
                                               headers={"Content-Type": "application/json"}, timeout=10)
        location = {k.lower(): v for k, v in headers.items()}.get("location", "")
        if status_code != 201 or not re.fullmatch(r"/api/posts/\d+", location):
            raise BenchError(f"POST /api/posts answered {status_code} {location!r}: {answer[:300]!r}")
        path = location

        servers = []
        for (host, port) in WHOLE_NGINX:
            servers.append(start_nginx(self.processes, tmp, f"web-{host}", f"""    upstream app {{
        server {WHOLE_APPS[0][0]}:{WHOLE_APPS[0][1]};
        server {WHOLE_APPS[1][0]}:{WHOLE_APPS[1][1]};
        keepalive 128;
    }}
    server {{
        listen {host}:{port};
        root {os.path.join(ROOT, 'site')};
        location = /healthz {{ default_type text/plain; return 200 "ok\\n"; }}
        location / {{ try_files $uri @app; }}
        location @app {{
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
    }}"""))
        haproxy = start_haproxy(self.processes, tmp, "whole-path", WHOLE_HAPROXY, WHOLE_NGINX)
        try:
            for address, name in [(WHOLE_WEBINFRA, "lb-01/balancer"), (WHOLE_HAPROXY, "HAProxy -> nginx"),
                                  (WHOLE_APPS[0], "server-1/app")]:
                wait_until(f"{name} ({url(address, path)}) did not answer 200",
                           lambda: serves(address, path, times=10), 40)
            # WebInfra's path first: its app servers then start warm for the other path, which shares them.
            self.settle("whole-path", [("WebInfra", url(WHOLE_WEBINFRA, path)),
                                       ("HAProxy + nginx (apps warm)", url(WHOLE_HAPROXY, path))])
            shared = {"app": of_role("app"), "db": of_role("db-primary", "db-replica")}
            front = of_role("balancer", "web")
            if len(shared["app"]) != 2 or len(shared["db"]) != 2 or len(front) != 3:
                raise BenchError(f"unexpected nodes in `webinfra status --json`: {roles}")
            for connections in connection_counts:
                label = f"whole-path-c{connections}"
                webinfra, peer, direct = self.compare(connections, [
                    (label + "-webinfra", url(WHOLE_WEBINFRA, path), {"front": front, **shared}),
                    (label + "-haproxy-nginx", url(WHOLE_HAPROXY, path),
                     {"front": [haproxy.pid] + [s.pid for s in servers], **shared}),
                    (label + "-app-direct", url(WHOLE_APPS[0], path), {"app": [pids["server-1/app"]], "db": shared["db"]})])
                plural = "s" if connections > 1 else ""
                front_rows = [(("cpu_seconds_per_10k_requests", "front_cpu_seconds_per_10k_requests"), ("front", "front")),
                              (("peak_rss_mib", "front_peak_rss_mib"), ("front", "front"))]
                self.record("whole-path", f"Whole path: GET {path} (balancer -> web -> app -> replica), "
                            f"{connections} connection{plural}", connections,
                            [("webinfra", webinfra), ("haproxy_nginx", peer)],
                            ["WebInfra", f"HAProxy {self.versions['haproxy']} + nginx {self.versions['nginx']}"],
                            extra_rows=front_rows)
                self.record("layers", f"Cost of the layers: GET {path} through WebInfra's balancer and web tier vs "
                            f"straight to server-1/app, {connections} connection{plural}", connections,
                            [("whole_path", webinfra), ("app_direct", direct)], ["whole path", "app direct"])
                # The same question for the peer's path, for scale: how much of app direct's rate each stack keeps.
                layers = self.results[-1]
                layers["peer_path_vs_app_direct"] = {
                    "requests_per_second": round(peer["requests_per_second"] / direct["requests_per_second"], 3),
                    "latency_p50_ms": round(peer["latency_p50_ms"] / direct["latency_p50_ms"], 3),
                    "latency_p99_ms": round(peer["latency_p99_ms"] / direct["latency_p99_ms"], 3),
                    "cpu_seconds_per_10k_requests": round(peer["cpu_seconds_per_10k_requests"] / direct["cpu_seconds_per_10k_requests"], 3),
                }
                r = layers["peer_path_vs_app_direct"]
                print(f"  for scale, HAProxy + nginx path / app direct: requests/s {r['requests_per_second']:.2f}, "
                      f"p50 {r['latency_p50_ms']:.2f}, p99 {r['latency_p99_ms']:.2f}, "
                      f"CPU s/10k {r['cpu_seconds_per_10k_requests']:.2f}", flush=True)
        finally:
            for process in [haproxy, *servers]:
                self.processes.stop(process)
            self.site_down("whole-path")

    def case_whole_path_hosts(self, connection_counts):
        """The whole path again with every server a network namespace (bench/whole-path-hosts.yaml), loaded from the
        operator namespace, against the loopback whole path measured by case_whole_path earlier in the same run.
        Everything that goes to the site (the post, the checks, wrk) goes through `webinfra exec operator`."""
        loopback = {entry["connections"]: entry["webinfra"] for entry in self.results if entry["case"] == "whole-path"}
        missing = [c for c in connection_counts if c not in loopback]
        if missing:
            raise BenchError(f"whole-path-hosts: no loopback whole path measured at {missing} connections in this run")
        state = os.path.join(self.tmp, "state-whole-path-hosts")
        self.sites["whole-path-hosts"] = state
        log("whole-path-hosts: webinfra up bench/whole-path-hosts.yaml (the same site, every server a namespace)")
        self.webinfra("up", os.path.join(BENCH, "whole-path-hosts.yaml"), "--state-dir", state, timeout=600)
        try:
            status = json.loads(self.webinfra("status", "--json", "--state-dir", state, timeout=60).stdout)
            pids = {node["name"]: node["pid"] for node in status["nodes"]}
            roles = {node["name"]: node["role"] for node in status["nodes"]}
            if any(pid is None for pid in pids.values()):
                raise BenchError(f"a node of the whole-path-hosts site has no pid: {pids}")
            of_role = lambda *wanted: [pids[n] for n in sorted(pids) if roles[n] in wanted]
            self.site_pids = list(pids.values())
            # The same groups as the loopback whole path's WebInfra side, so "all" sums the same kinds of process.
            groups = {"front": of_role("balancer", "web"), "app": of_role("app"), "db": of_role("db-primary", "db-replica")}
            if len(groups["front"]) != 3 or len(groups["app"]) != 2 or len(groups["db"]) != 2:
                raise BenchError(f"unexpected nodes in `webinfra status --json`: {roles}")
            via = self.operator_via(state)

            # One post to read, written through the balancer, from the operator namespace.
            body = json.dumps({"author": "bench", "body": "bench/run.py: the post every GET of the bench reads"})
            answer = self.operator_curl(via, "-i", "-X", "POST", "-H", "Content-Type: application/json",
                                        "--data-binary", body, url(HOSTS_WEBINFRA, "/api/posts"), timeout=30)
            head = answer.replace("\r\n", "\n").split("\n\n", 1)[0]   # (text mode makes \r\n \n already)
            status_line = head.split("\n", 1)[0]
            location = next((line.split(":", 1)[1].strip() for line in head.split("\n")[1:]
                             if line.lower().startswith("location:")), "")
            if not re.match(r"HTTP/\S+ 201\b", status_line) or not re.fullmatch(r"/api/posts/\d+", location):
                raise BenchError(f"POST /api/posts (through the operator) answered {status_line!r} {location!r}: "
                                 f"{answer[:300]!r}")
            path = location
            target = url(HOSTS_WEBINFRA, path)
            wait_until(f"lb-01/balancer ({target}, from the operator namespace) did not answer 200",
                       lambda: self.operator_serves(via, target, times=10), 60, interval=1)

            self.settle("whole-path-hosts", [("WebInfra in namespaces", target, via)])
            for connections in connection_counts:
                label = f"whole-path-hosts-c{connections}"
                (hosts,) = self.compare(connections, [(label + "-webinfra", target, groups, via)])
                plural = "s" if connections > 1 else ""
                front_rows = [(("cpu_seconds_per_10k_requests", "front_cpu_seconds_per_10k_requests"), ("front", "front")),
                              (("peak_rss_mib", "front_peak_rss_mib"), ("front", "front"))]
                entry = self.record("whole-path-hosts", f"Whole path in namespaces vs loopback: GET {path} (balancer -> "
                                    f"web -> app -> replica, every server a namespace on a switch vs all on loopback), "
                                    f"{connections} connection{plural}", connections,
                                    [("namespaces", hosts), ("loopback", loopback[connections])],
                                    ["namespaces", "loopback"], extra_rows=front_rows)
                r = entry["ratio"]
                print(f"  whole path in namespaces vs loopback: requests/s {fmt('{:.2f}', r['requests_per_second'])}, "
                      f"p99 {fmt('{:.2f}', r['latency_p99_ms'])}, CPU s/10k {fmt('{:.2f}', r['cpu_seconds_per_10k_requests'])}"
                      f" (loopback measured at {loopback[connections]['measured_utc']}, namespaces at "
                      f"{hosts['measured_utc']}; wrk runs under `webinfra exec operator`)", flush=True)
        finally:
            self.site_down("whole-path-hosts")

    def site_down(self, name=None):
        """`webinfra down --purge` of one site brought up by a case, or of every one still up (on exit). For a site in
        namespaces that also removes its namespaces, links and rules."""
        for site in [name] if name else list(self.sites):
            state = self.sites.pop(site, None)
            if not state:
                continue
            self.site_pids = []
            if self.arguments.keep and os.path.isdir(os.path.join(state, "logs")):
                shutil.copytree(os.path.join(state, "logs"), os.path.join(self.arguments.keep, f"{site}-logs"),
                                dirs_exist_ok=True)
            try:
                result = self.webinfra("down", "--purge", "--state-dir", state, timeout=180, check=False)
                if result.returncode != 0:
                    log(f"webinfra down ({site}) failed: {result.stdout}{result.stderr}")
            except subprocess.TimeoutExpired:
                log(f"webinfra down ({site}) did not finish within 180 s; see {state}")


# ------------------------------------------------------------------------------------------------------------------
# Output

ROWS = [
    ("requests_per_second", "requests/s", "higher", "{:,.0f}"),
    ("latency_p50_ms", "latency p50 (ms)", "lower", "{:.3f}"),
    ("latency_p99_ms", "latency p99 (ms)", "lower", "{:.3f}"),
    ("latency_mean_ms", "latency mean (ms)", "lower", "{:.3f}"),
    ("cpu_seconds_per_10k_requests", "CPU s / 10k requests", "lower", "{:.3f}"),
    ("peak_rss_mib", "peak RSS (MiB)", "lower", "{:.1f}"),
]


def print_cold_start(entry, repeats):
    names = entry["columns"]
    print()
    print(f"Balancer from a fresh start, {entry['connections']} connections: requests/s in each of its first "
          f"{COLD_SECONDS} s under load (wrk -d1s in a row from its first 200), and the same once steady"
          + (f"; median of {repeats} starts by the share" if repeats > 1 else ""))
    for key in ("webinfra", "haproxy"):
        side = entry[key]
        print(f"  {names[key]:<16} first answer {side['first_answer_seconds']:.2f} s; "
              + " ".join(f"{rate / 1000:.1f}k" for rate in side["first_seconds_requests_per_second"]))
        print(f"  {'':<16} first {COLD_SECONDS} s mean {side['first_seconds_mean_requests_per_second']:>9,.0f} req/s, "
              f"steady (the same 1 s runs) {side['steady_seconds_mean_requests_per_second']:>9,.0f} req/s: "
              f"{side['first_seconds_of_steady']:.2f} of steady")
    print(f"  ratio WebInfra / {names['haproxy']}: first {COLD_SECONDS} s {entry['ratio']['first_seconds_mean_requests_per_second']:.2f}, "
          f"share of steady {entry['ratio']['first_seconds_of_steady']:.2f} (goal: WebInfra's share 0.80 or better)")
    sys.stdout.flush()


def fmt(template, value):
    return "-" if value is None else template.format(value)


def print_table(entry, left_key, right_key, extra_rows):
    left, right = entry[left_key], entry[right_key]
    names = entry["columns"]
    rows = list(ROWS)
    print()
    print(entry["title"])
    repeats = len(left.get("runs", [])) or 1
    tool = "h2load" if " h2load " in f" {left['wrk']} " else "wrk"
    print(f"  {tool} -t{entry['threads']} -c{entry['connections']} -d{entry['duration_seconds']}s "
          f"(after a {entry['warmup_seconds']} s warm-up)"
          + (f", median of {repeats} alternating runs" if repeats > 1 else "")
          + f"; ratio = {names[left_key]} / {names[right_key]}")
    header = f"  {'metric':<34} {names[left_key]:>16} {names[right_key]:>30} {'ratio':>8}  better"
    print(header)
    print("  " + "-" * (len(header) - 2))
    for key, label, better, template in rows:
        if key in ("cpu_seconds_per_10k_requests", "peak_rss_mib") and extra_rows:
            label += " (all)"
        print(f"  {label:<34} {fmt(template, left[key]):>16} {fmt(template, right[key]):>30} "
              f"{fmt('{:.2f}', entry['ratio'][key]):>8}  {better}")
    for (metric, ratio_key), (group_left, group_right) in extra_rows:
        label = ("CPU s / 10k requests" if metric.startswith("cpu") else "peak RSS (MiB)") + f" ({group_left} tiers)"
        template = "{:.3f}" if metric.startswith("cpu") else "{:.1f}"
        print(f"  {label:<34} {fmt(template, left['groups'][group_left][metric]):>16} "
              f"{fmt(template, right['groups'][group_right][metric]):>30} {fmt('{:.2f}', entry['ratio'][ratio_key]):>8}  lower")
    print(f"  {'failed requests (non-2xx + socket)':<34} {left['failed']:>16} {right['failed']:>30}")
    print(f"  {tool + ' CPU s':<34} {left['machine']['wrk_cpu_seconds']:>16.2f} {right['machine']['wrk_cpu_seconds']:>30.2f}")
    noise = "  CPU s taken by others (of {:.0f})".format(left["machine"]["cpu_seconds_available"])
    print(f"{noise:<36} {left['machine']['others_cpu_seconds']:>16.2f} {right['machine']['others_cpu_seconds']:>30.2f}"
          "  (noise: lower is cleaner)")
    if entry["case"] in ("static", "compression"):
        print(f"  {'MiB/s':<34} {left['mib_per_second']:>16,.1f} {right['mib_per_second']:>30,.1f}")
    sys.stdout.flush()


# ------------------------------------------------------------------------------------------------------------------

def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n".join(__doc__.splitlines()[2:]))
    parser.add_argument("--case", default="all", choices=["balancer", "balancer-logged", "https", "cold-start", "static", "compression", "whole-path", "whole-path-hosts", "all"])
    parser.add_argument("--duration", type=int, help="seconds per measured run (default 10; 2 to 60)")
    parser.add_argument("--warmup", type=int, help="seconds of unmeasured warm-up before each run (default 3)")
    parser.add_argument("--quick", action="store_true", help="3 s runs after 1 s warm-ups")
    parser.add_argument("--repeat", type=int, default=1,
                        help="measure each side this many times, alternating, and report the median run (1 to 9)")
    parser.add_argument("--connections", help="comma-separated connection counts for every case (1 to 1000)")
    parser.add_argument("--json", help="write the machine-readable summary here")
    parser.add_argument("--keep", help="keep wrk's reports, the generated configs and the logs in this folder")
    arguments = parser.parse_args()
    if arguments.duration is None:
        arguments.duration = 3 if arguments.quick else 10
    if arguments.warmup is None:
        arguments.warmup = 1 if arguments.quick else 3
    if not 2 <= arguments.duration <= 60:
        parser.error("--duration must be from 2 to 60 seconds")
    if not 0 <= arguments.warmup <= 30:
        parser.error("--warmup must be from 0 to 30 seconds")
    if not 1 <= arguments.repeat <= 9:
        parser.error("--repeat must be from 1 to 9")
    if arguments.connections:
        try:
            arguments.connections = [int(c) for c in arguments.connections.split(",")]
        except ValueError:
            parser.error("--connections: comma-separated whole numbers, e.g. 1,64")
        if not all(1 <= c <= 1000 for c in arguments.connections):
            parser.error("--connections: 1 to 1000 each")
    return arguments


def main():
    arguments = parse_arguments()
    signal.signal(signal.SIGTERM, lambda signum, frame: (_ for _ in ()).throw(KeyboardInterrupt()))
    if os.geteuid() != 0:
        print("bench: run as root (it starts nginx and HAProxy, resets /proc/PID/clear_refs, and `webinfra up`"
              " provisions MariaDB)", file=sys.stderr)
        return 1
    install_tools()

    lock = open(LOCK_FILE, "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        print(f"bench: another bench is running (lock {LOCK_FILE})", file=sys.stderr)
        return 1

    cases = (["balancer", "balancer-logged", "https", "cold-start", "static", "compression", "whole-path", "whole-path-hosts"] if arguments.case == "all"
             else [arguments.case])
    if cases == ["whole-path-hosts"]:
        cases = ["whole-path", "whole-path-hosts"]   # its ratio is to the loopback whole path of the same run
    addresses = {"balancer": BALANCER_BACKENDS + [BALANCER_WEBINFRA, BALANCER_HAPROXY, BALANCER_FORWARDER],
                 "balancer-logged": BALANCER_BACKENDS + [BALANCER_WEBINFRA, BALANCER_HAPROXY, BALANCER_LOGGED_WEBINFRA,
                                                         BALANCER_LOGGED_HAPROXY],
                 "https": BALANCER_BACKENDS + [HTTPS_WEBINFRA, HTTPS_HAPROXY, (HTTPS_WEBINFRA[0], 20080)],
                 "cold-start": BALANCER_BACKENDS + [BALANCER_WEBINFRA, BALANCER_HAPROXY],
                 "static": [STATIC_WEBINFRA, STATIC_NGINX],
                 "compression": [COMPRESSION_WEBINFRA, COMPRESSION_NGINX, COMPRESSION_COPIES],
                 "whole-path": [WHOLE_WEBINFRA, WHOLE_HAPROXY] + WHOLE_APPS + WHOLE_NGINX,
                 "whole-path-hosts": []}   # in namespaces of its own: nothing to probe here (and nothing may be)
    busy = [f"{h}:{p}" for case in cases for h, p in addresses[case] if listening((h, p))]
    if busy:
        print(f"bench: already in use: {', '.join(busy)} (a bench left running?)", file=sys.stderr)
        return 1
    if "whole-path-hosts" in cases:
        left = namespaces_on(HOSTS_SUBNET)
        if left:
            print(f"bench: network namespaces with addresses in {HOSTS_SUBNET} exist: {', '.join(left)} (a bench "
                  f"left running? `ip netns pids NAME` shows what runs there, `ip netns delete NAME` removes one)",
                  file=sys.stderr)
            return 1

    if arguments.keep:
        os.makedirs(arguments.keep, exist_ok=True)
    started = time.time()
    log("building WebInfra when needed and reading versions")
    machine = machine_info()
    if not re.match(r"\d", machine["webinfra"]):
        print(f"bench: ./webinfra --version failed: {machine['webinfra']}", file=sys.stderr)
        return 1
    if "balancer" in cases:
        log("building bench/Forwarder (the balancer case's floor)")
        result = subprocess.run(["dotnet", "build", FORWARDER_PROJECT, "-c", "Release", "--nologo"],
                                capture_output=True, text=True, timeout=600)
        if result.returncode != 0 or not os.access(FORWARDER, os.X_OK):
            print(f"bench: building {FORWARDER_PROJECT} failed:\n{result.stdout[-4000:]}{result.stderr[-2000:]}",
                  file=sys.stderr)
            return 1
    for tool, wanted in [("haproxy", "2.6"), ("nginx", "1.22")]:
        if wanted not in machine[tool]:
            log(f"warning: the issue compares with {tool} {wanted}; this machine has {machine[tool]}")

    tmp = tempfile.mkdtemp(prefix="webinfra-bench.")
    os.chmod(tmp, 0o755)   # nginx's workers (user nobody) read the files and write their temp paths under it
    bench = Bench(arguments, tmp)
    bench.versions = {"haproxy": short_version(machine["haproxy"], r"version (\d+(?:\.\d+)*)"),
                      "nginx": short_version(machine["nginx"], r"nginx/(\d+(?:\.\d+)*)")}
    print(f"WebInfra bench {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: {machine['cores']} cores "
          f"({machine['cpu_model']}), {machine['memory']}, Linux {machine['kernel']}, {machine['os']}")
    print(f"  .NET SDK {machine['dotnet']}, WebInfra {machine['webinfra']}, HAProxy {bench.versions['haproxy']}, "
          f"nginx {bench.versions['nginx']}, {machine['wrk']}, {machine['mariadb']}")
    print(f"  load average at start {' '.join(f'{x:.2f}' for x in machine['load_average_at_start'])}; wrk runs on "
          f"the same cores as the servers, so every figure includes that contention")
    exit_code = 0
    try:
        defaults = {"balancer": [1, 64], "balancer-logged": [64], "https": [64], "cold-start": [64], "static": [64], "compression": [64], "whole-path": [64], "whole-path-hosts": [64]}
        for case in cases:
            counts = arguments.connections or defaults[case]
            log(f"case {case}: connections {counts}, {arguments.duration} s runs after {arguments.warmup} s warm-ups")
            getattr(bench, "case_" + case.replace("-", "_"))(counts)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        exit_code = 1
    except KeyboardInterrupt:
        print("bench: interrupted", file=sys.stderr)
        exit_code = 130
    finally:
        bench.processes.stop_all()
        bench.site_down()
        if arguments.keep:
            for entry in os.listdir(tmp):
                source = os.path.join(tmp, entry)
                if entry.startswith("state-") and os.path.isdir(os.path.join(source, "logs")):
                    shutil.copytree(os.path.join(source, "logs"), os.path.join(arguments.keep, entry + "-logs"),
                                    dirs_exist_ok=True)
                elif os.path.isfile(source) and not entry.endswith(".bin"):
                    shutil.copy(source, arguments.keep)
                elif entry.startswith("nginx-") and os.path.isfile(os.path.join(source, "error.log")):
                    shutil.copy(os.path.join(source, "error.log"), os.path.join(arguments.keep, entry + ".error.log"))
        shutil.rmtree(tmp, ignore_errors=True)

    failed_runs = [r["title"] for r in bench.results
                   for key in r["columns"] if r[key]["failed"] > 0.01 * max(r[key]["requests"], 1)]
    summary = {
        "bench": "webinfra bench/run.py",
        "started_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "elapsed_seconds": round(time.time() - started, 1),
        "machine": machine,
        "settings": {"cases": cases, "duration_seconds": arguments.duration, "warmup_seconds": arguments.warmup,
                     "repeat": arguments.repeat,
                     "quick": arguments.quick, "peak_rss_reset_before_warmup": bench.hwm_reset,
                     "clock_ticks_per_second": CLOCK_TICKS},
        "how_to_read": {
            "ratio": "first column / second column (WebInfra / peer; whole path / app direct; namespaces / loopback)",
            "better": {"requests_per_second": "higher", "latency_p50_ms": "lower", "latency_p99_ms": "lower",
                       "latency_mean_ms": "lower",
                       "cpu_seconds_per_10k_requests": "lower", "peak_rss_mib": "lower"},
        },
        "results": bench.results,
        "from_start": bench.starts,
        "complete": exit_code == 0,
        "runs_with_over_1_percent_failed": failed_runs,
    }
    if arguments.json:
        with open(arguments.json, "w") as f:
            json.dump(summary, f, indent=2)
            f.write("\n")
        log(f"summary written to {arguments.json}")
    print(f"\nelapsed {summary['elapsed_seconds']} s")
    if failed_runs:
        print(f"bench: more than 1% of the requests failed in: {'; '.join(failed_runs)}", file=sys.stderr)
        exit_code = exit_code or 1
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
