#!/usr/bin/env python3
"""Chaos check: change a site under load (deploy, reload, scale, restart) and count failed requests, beside HAProxy
and nginx reloading in front of the same web servers.

Brings up chaos/zero-downtime.yaml (examples/python-notes: a balancer, two web servers, two application servers
running the user's Python application, a database monitor, a primary and a replica, on 127.0.56.x, in a state dir
of its own), then runs wrk (2 threads, 64 connections, timeout 5 s, keep-alive) against a balancer during each
change and stops it a second after the change is done:

  steady          WebInfra's balancer, no change (the p99 the other rows are compared with)
  deploy          ./webinfra deploy of a changed stylesheet and a changed app.py, one server at a time
  reload x N      ./webinfra reload of a topology that re-weights server-2/web (1 <-> 2), N times
  scale out/in    ./webinfra reload adding server-3 (a third web server), then removing it
  restart x N     ./webinfra restart lb-01/balancer (the process replaced, its sockets handed over), N times
  haproxy steady  Debian's HAProxy 2.6 in front of the same two web servers (.11), no change
  haproxy x N     the same re-weight, reloaded as systemd does (`haproxy -sf OLD -x SOCKET`: the listening sockets
                  passed to the new process over the stats socket)
  nginx steady    Debian's nginx in front of the same two web servers (.12), no change
  nginx x N       the same re-weight, `nginx -s reload`

Failed = non-2xx responses + socket errors (connect, read, write, timeout), as wrk counts them. The goal is 0 failed
in every WebInfra row, and a deploy's p99 within 2x of steady.

Run (as root, loopback only, about 5 minutes plus WebInfra's first build; wrk, haproxy and nginx are installed with
apt-get when missing, python3-pymysql too):
  chaos/zero-downtime.py [--changes 20] [--connections 64] [--steady 10] [--path /] [--json FILE] [--keep DIR]
Exit code: 0 every WebInfra row failed 0 requests; 3 a WebInfra row failed one or more (the last line says which);
1 the check could not run; 2 bad arguments. HAProxy's and nginx's failures are reported but never change the exit
code: they are the reference.
"""
import argparse
import fcntl
import http.client
import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOPOLOGY = os.path.join(ROOT, "chaos", "zero-downtime.yaml")
BALANCER = ("127.0.56.10", 36080)
HAPROXY = ("127.0.56.11", 36080)
NGINX = ("127.0.56.12", 36080)
WEB_SERVERS = [("127.0.56.1", 36081), ("127.0.56.2", 36081)]
THIRD_SERVER = """  server-3:
    address: 127.0.56.3
    components:
      web: { port: 36081, backend: app }
"""

# bench/run.py's wrk script (one JSON line of wrk's own figures), its process groups and its tool installer.
sys.dont_write_bytecode = True
_spec = importlib.util.spec_from_file_location("bench_run", os.path.join(ROOT, "bench", "run.py"))
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


class CheckError(Exception):
    """The check could not run; the message says what and where to look."""


def log(message):
    print(f"zero-downtime: {message}", file=sys.stderr, flush=True)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=20, help="reloads and restarts per row (1 to 100)")
    parser.add_argument("--connections", type=int, default=64, help="wrk connections (2 to 1000)")
    parser.add_argument("--steady", type=int, default=10, help="seconds of each steady row (2 to 60)")
    parser.add_argument("--path", default="/", help="the path wrk requests (default /: the application's page)")
    parser.add_argument("--json", help="also write a machine-readable summary here")
    parser.add_argument("--keep", help="keep wrk's reports, the generated configurations and the nodes' logs here")
    arguments = parser.parse_args()
    if not 1 <= arguments.changes <= 100:
        parser.error("--changes must be from 1 to 100")
    if not 2 <= arguments.connections <= 1000:
        parser.error("--connections must be from 2 to 1000")
    if not 2 <= arguments.steady <= 60:
        parser.error("--steady must be from 2 to 60 seconds")
    if not arguments.path.startswith("/"):
        parser.error("--path must start with /")
    return arguments


class Site:
    """The chaos site, run with ./webinfra in a state dir of its own; `down --purge` on exit, whatever happens."""

    def __init__(self, state):
        self.state = state
        self.started = False

    def run(self, *arguments, timeout=300, check=True):
        result = bench.run_bounded([os.path.join(ROOT, "webinfra"), *arguments, "--state-dir", self.state], timeout)
        if check and result.returncode != 0:
            raise CheckError(f"webinfra {' '.join(arguments)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
        return result

    def up(self, topology):
        self.started = True
        self.run("up", topology, timeout=600)

    def down(self):
        if self.started:
            self.run("down", "--purge", timeout=180, check=False)


class Load:
    """wrk against one balancer until stop(): started with a long bound, interrupted (SIGINT, after which wrk prints
    its figures) a second after the change it measures."""

    LIMIT = 900

    def __init__(self, check, label, address):
        self.check, self.label = check, label
        target = f"http://{address[0]}:{address[1]}{check.arguments.path}"
        self.command = ["wrk", "-t2", f"-c{check.arguments.connections}", f"-d{self.LIMIT}s", "--latency",
                        "--timeout", "5s", "-s", check.script, target]
        self.started = time.monotonic()
        self.process = subprocess.Popen(self.command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        stdin=subprocess.DEVNULL, start_new_session=True)

    def stop(self):
        time.sleep(1)
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            stdout, stderr = self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.communicate()
            raise CheckError(f"wrk did not stop for row '{self.label}'")
        seconds = time.monotonic() - self.started
        with open(os.path.join(self.check.tmp, f"{len(self.check.rows) + 1:02d}-{re.sub(r'[^a-z0-9]+', '-', self.label)}.wrk"), "w") as f:
            f.write(" ".join(self.command) + "\n" + stdout + stderr)
        match = re.search(r"^BENCH_JSON (.*)$", stdout, re.M)
        if not match:
            raise CheckError(f"wrk failed ({self.process.returncode}) for row '{self.label}':\n{stdout}{stderr}")
        figures = json.loads(match.group(1))
        errors = figures["errors"]
        sockets = errors["connect"] + errors["read"] + errors["write"] + errors["timeout"]
        return {"row": self.label, "seconds": round(seconds, 1), "requests": figures["requests"],
                "non_2xx": errors["status"], "socket_errors": sockets, "failed": errors["status"] + sockets,
                "errors": errors, "p99_ms": figures["latency_us"]["p99"] / 1000,
                "requests_per_second": round(figures["requests"] * 1e6 / max(figures["duration_us"], 1))}


class Check:
    def __init__(self, arguments, tmp):
        self.arguments, self.tmp = arguments, tmp
        self.rows = []
        self.processes = bench.Processes()
        self.script = os.path.join(tmp, "wrk.lua")
        with open(self.script, "w") as f:
            f.write(bench.WRK_SCRIPT)
        self.site = Site(os.path.join(tmp, "state"))

    def measure(self, label, address, side, change):
        """One row: wrk on `address` while `change()` runs; returns the row."""
        log(f"{label}: load on {address[0]}:{address[1]}")
        load = Load(self, label, address)
        time.sleep(2)
        try:
            detail = change()
        except BaseException:
            load.stop()
            raise
        row = load.stop()
        row.update(side=side, change=detail)
        self.rows.append(row)
        log(f"{label}: {row['requests']} sent, {row['failed']} failed, p99 {row['p99_ms']:.1f} ms ({detail})")
        return row

    def warm(self, address):
        """The same load for --steady seconds, not reported."""
        log(f"warming {address[0]}:{address[1]} for {self.arguments.steady} s")
        load = Load(self, "warm-up", address)
        time.sleep(self.arguments.steady - 1)
        load.stop()

    # -- topologies ------------------------------------------------------------------------------------------------
    def topology(self, name, weight=1, third=False):
        """A variant of chaos/zero-downtime.yaml in the temporary folder, its relative paths made absolute."""
        with open(TOPOLOGY) as f:
            text = f.read().replace("../examples/", os.path.join(ROOT, "examples") + "/")
        members = "[server-1/web, server-2/web" if weight == 1 else f"[server-1/web, {{ component: server-2/web, weight: {weight} }}"
        members += ", server-3/web]" if third else "]"
        text = text.replace("members: [server-1/web, server-2/web]", f"members: {members}", 1)
        if third:
            text = text.replace("\nbackends:", "\n" + THIRD_SERVER + "\nbackends:", 1)
        path = os.path.join(self.tmp, f"{name}.yaml")
        with open(path, "w") as f:
            f.write(text)
        return path

    # -- the release deployed -------------------------------------------------------------------------------------
    def release(self):
        """A copy of the site's files and of the application with a visible change in each: a comment at the end of
        the stylesheet and the application's Server header (`python-notes/2`)."""
        release = os.path.join(self.tmp, "release")
        site = os.path.join(release, "static")
        app = os.path.join(release, "app")
        shutil.copytree(os.path.join(ROOT, "examples", "notes-common", "static"), site)
        shutil.copytree(os.path.join(ROOT, "examples", "python-notes"), app, ignore=shutil.ignore_patterns("*.yaml", "__pycache__"))
        with open(os.path.join(site, "style.css"), "a") as f:
            f.write("\n/* chaos/zero-downtime.py: release 2 */\n")
        path = os.path.join(app, "app.py")
        with open(path) as f:
            text = f.read()
        if 'server_version = "python-notes"' not in text:
            raise CheckError("examples/python-notes/app.py no longer sets server_version = \"python-notes\"")
        with open(path, "w") as f:
            f.write(text.replace('server_version = "python-notes"', 'server_version = "python-notes/2"'))
        return site, app

    def serves_release(self):
        """Every application server answers as python-notes/2 and every web server serves the changed stylesheet."""
        for host in ("127.0.56.1", "127.0.56.2"):
            status, headers, _ = request((host, 36082), "/healthz")
            if not headers.get("Server", "").startswith("python-notes/2"):
                raise CheckError(f"the application on {host} still answers as {headers.get('Server')!r} after the deploy")
        for address in WEB_SERVERS:
            status, _, body = request(address, "/style.css")
            if status != 200 or b"release 2" not in body:
                raise CheckError(f"the web server on {address[0]} does not serve the deployed stylesheet ({status})")

    # -- HAProxy and nginx ---------------------------------------------------------------------------------------
    def haproxy_config(self, weight):
        path = os.path.join(self.tmp, "haproxy.cfg")
        servers = [f"    server web{i + 1} {host}:{port} check weight {weight if i == 1 else 1}"
                   for i, (host, port) in enumerate(WEB_SERVERS)]
        with open(path, "w") as f:
            f.write("\n".join([
                "# chaos/zero-downtime.py: HAProxy in front of the site's two web servers, reloaded with -sf and -x",
                "global",
                "    nbthread 2",
                "    maxconn 8192",
                f"    pidfile {self.tmp}/haproxy.pid",
                f"    stats socket {self.tmp}/haproxy.sock mode 600 level admin expose-fd listeners",
                "defaults",
                "    mode http",
                "    option http-keep-alive",
                "    timeout connect 5s",
                "    timeout client 30s",
                "    timeout server 30s",
                "    retries 3",
                "    option redispatch",
                "frontend chaos",
                f"    bind {HAPROXY[0]}:{HAPROXY[1]}",
                "    default_backend web",
                "backend web",
                "    balance roundrobin",
                "    option httpchk GET /healthz",
                "    default-server inter 1s fall 2 rise 2",
                *servers,
            ]) + "\n")
        result = subprocess.run(["haproxy", "-c", "-q", "-f", path], capture_output=True, text=True, timeout=30)
        if result.returncode != 0:
            raise CheckError(f"HAProxy rejected {path}:\n{result.stdout}{result.stderr}")
        return path

    def haproxy_start(self):
        config = self.haproxy_config(1)
        subprocess.run(["haproxy", "-D", "-f", config], check=True, timeout=30)
        wait_until("HAProxy did not answer", lambda: request(HAPROXY, "/healthz")[0] == 200, 30)

    def haproxy_reload(self, weight):
        config = self.haproxy_config(weight)
        with open(os.path.join(self.tmp, "haproxy.pid")) as f:
            old = f.read().split()
        # What haproxy.service's ExecReload does without the master process: the new process takes the listening
        # sockets over the stats socket (-x), then tells the old ones to finish (-sf).
        subprocess.run(["haproxy", "-D", "-f", config, "-x", os.path.join(self.tmp, "haproxy.sock"), "-sf", *old],
                       check=True, timeout=30)

    def haproxy_stop(self):
        pidfile = os.path.join(self.tmp, "haproxy.pid")
        if os.path.exists(pidfile):
            with open(pidfile) as f:
                for pid in f.read().split():
                    try:
                        os.kill(int(pid), signal.SIGKILL)
                    except ProcessLookupError:
                        pass

    def nginx_config(self, weight):
        base = os.path.join(self.tmp, "nginx")
        os.makedirs(base, exist_ok=True)
        path = os.path.join(self.tmp, "nginx.conf")
        servers = "\n".join(f"        server {host}:{port} weight={weight if i == 1 else 1};"
                            for i, (host, port) in enumerate(WEB_SERVERS))
        with open(path, "w") as f:
            f.write(f"""# chaos/zero-downtime.py: nginx in front of the site's two web servers, reloaded with -s reload
worker_processes 2;
pid {base}/nginx.pid;
error_log {base}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {base}/client_body;
    proxy_temp_path {base}/proxy;
    fastcgi_temp_path {base}/fastcgi;
    uwsgi_temp_path {base}/uwsgi;
    scgi_temp_path {base}/scgi;
    upstream web {{
{servers}
        keepalive 64;
    }}
    server {{
        listen {NGINX[0]}:{NGINX[1]};
        location / {{
            proxy_pass http://web;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_next_upstream error timeout http_502 http_503;
        }}
    }}
}}
""")
        result = subprocess.run(["nginx", "-t", "-q", "-c", path], capture_output=True, text=True, timeout=30)
        if result.returncode != 0:
            raise CheckError(f"nginx rejected {path}:\n{result.stderr}")
        return path

    def nginx_start(self):
        subprocess.run(["nginx", "-c", self.nginx_config(1)], check=True, timeout=30)
        wait_until("nginx did not answer", lambda: request(NGINX, "/healthz")[0] == 200, 30)

    def nginx_reload(self, weight):
        subprocess.run(["nginx", "-c", self.nginx_config(weight), "-s", "reload"], check=True, timeout=30)

    def nginx_stop(self):
        pidfile = os.path.join(self.tmp, "nginx", "nginx.pid")
        if os.path.exists(pidfile):
            subprocess.run(["nginx", "-c", os.path.join(self.tmp, "nginx.conf"), "-s", "stop"], timeout=30)
            wait_until("nginx did not stop", lambda: not os.path.exists(pidfile), 15)

    # -- the rows ---------------------------------------------------------------------------------------------
    def repeat(self, action):
        """Runs action(i) --changes times, half a second apart; the row's detail."""
        started = time.monotonic()
        for i in range(self.arguments.changes):
            action(i)
            time.sleep(0.5)
        return f"{self.arguments.changes} in {time.monotonic() - started:.1f} s"

    def steady(self):
        time.sleep(self.arguments.steady - 1)
        return f"{self.arguments.steady} s"

    def run(self):
        plain = self.topology("plain")
        reweighted = self.topology("reweighted", weight=2)
        scaled = self.topology("scaled", third=True)
        log(f"bringing up {os.path.relpath(TOPOLOGY, ROOT)} (state in {self.site.state})")
        self.site.up(plain)
        site, app = self.release()

        # A freshly started .NET process and application run slower for their first seconds (the JIT, cold caches):
        # that warm-up is not counted in the steady p99 the other rows are compared with.
        self.warm(BALANCER)
        self.measure("steady", BALANCER, "webinfra", self.steady)

        def deploy():
            started = time.monotonic()
            self.site.run("deploy", "--site", site, "--app", app, "--message", "chaos/zero-downtime.py", timeout=600)
            seconds = time.monotonic() - started
            self.serves_release()
            return f"2 servers in {seconds:.1f} s"
        self.measure("deploy", BALANCER, "webinfra", deploy)

        topologies = [reweighted, plain]
        self.measure("reload", BALANCER, "webinfra",
                     lambda: self.repeat(lambda i: self.site.run("reload", topologies[i % 2])))

        def scale():
            started = time.monotonic()
            self.site.run("reload", scaled, timeout=300)
            added = time.monotonic() - started
            # Requests reach it once the balancer's probes passed `rise` times (the reload does not wait for that).
            wait_until("server-3/web got no request after the reload that added it",
                       lambda: "server-3/web" in request(BALANCER, "/style.css")[1].get("X-Served-By", ""), 30)
            started = time.monotonic()
            self.site.run("reload", plain, timeout=300)
            return f"added in {added:.1f} s, removed in {time.monotonic() - started:.1f} s"
        self.measure("scale out/in", BALANCER, "webinfra", scale)

        self.measure("restart", BALANCER, "webinfra",
                     lambda: self.repeat(lambda i: self.site.run("restart", "lb-01/balancer")))

        self.haproxy_start()
        try:
            self.warm(HAPROXY)
            self.measure("haproxy steady", HAPROXY, "haproxy", self.steady)
            self.measure("haproxy reload", HAPROXY, "haproxy", lambda: self.repeat(lambda i: self.haproxy_reload(2 - i % 2)))
        finally:
            self.haproxy_stop()
        self.nginx_start()
        try:
            self.warm(NGINX)
            self.measure("nginx steady", NGINX, "nginx", self.steady)
            self.measure("nginx reload", NGINX, "nginx", lambda: self.repeat(lambda i: self.nginx_reload(2 - i % 2)))
        finally:
            self.nginx_stop()

    def report(self):
        steady = {row["side"]: row["p99_ms"] for row in self.rows if row["row"].endswith("steady")}
        print(f"{'row':<16} {'sent':>9} {'failed':>7} {'non-2xx':>8} {'socket':>7} {'req/s':>8} {'p99 ms':>8} {'p99/steady':>11}  change")
        for row in self.rows:
            ratio = row["p99_ms"] / steady[row["side"]] if steady.get(row["side"]) else float("nan")
            row["p99_vs_steady"] = round(ratio, 2)
            print(f"{row['row']:<16} {row['requests']:>9} {row['failed']:>7} {row['non_2xx']:>8} {row['socket_errors']:>7} "
                  f"{row['requests_per_second']:>8} {row['p99_ms']:>8.1f} {ratio:>10.2f}x  {row['change']}")
        failed = [row for row in self.rows if row["side"] == "webinfra" and row["failed"] > 0]
        if failed:
            print("FAILED: " + "; ".join(f"{row['row']} failed {row['failed']} of {row['requests']}" for row in failed))
        else:
            print("OK: every WebInfra row failed 0 requests")
        return failed


def request(address, path, timeout=5):
    connection = http.client.HTTPConnection(*address, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    except OSError:
        return 0, {}, b""
    finally:
        connection.close()


def wait_until(description, check, timeout):
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise CheckError(description + f" within {timeout} s")
        time.sleep(0.25)


def main():
    arguments = parse_arguments()
    lock_file = open("/tmp/webinfra-chaos-zero-downtime.lock", "w")
    try:
        fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        log("another chaos/zero-downtime.py is running")
        return 1

    tmp = tempfile.mkdtemp(prefix="webinfra-chaos-zero-downtime.")
    check = Check(arguments, tmp)
    try:
        bench.install_tools()
        check.run()
        failed = check.report()
        if arguments.json:
            with open(arguments.json, "w") as f:
                json.dump({"connections": arguments.connections, "changes": arguments.changes, "path": arguments.path,
                           "rows": check.rows, "webinfra_failed": sum(r["failed"] for r in failed)}, f, indent=2)
        return 3 if failed else 0
    except (CheckError, bench.BenchError, subprocess.SubprocessError, OSError) as error:
        log(f"could not run: {error}")
        return 1
    finally:
        check.haproxy_stop()
        check.nginx_stop()
        if arguments.keep:
            os.makedirs(arguments.keep, exist_ok=True)
            logs = os.path.join(check.site.state, "logs")
            if os.path.isdir(logs):
                shutil.copytree(logs, os.path.join(arguments.keep, "logs"), dirs_exist_ok=True)
            for name in os.listdir(tmp):
                if name.endswith((".wrk", ".yaml", ".cfg", ".conf")):
                    shutil.copy(os.path.join(tmp, name), arguments.keep)
        check.site.down()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
