#!/usr/bin/env python3
"""Jepsen-style check: random faults under a stream of writes, then what was lost, who was writable, and how long it took.

Brings up chaos/jepsen.yaml (hosts: namespaces, 10.96.0.0/24, firewall on: a balancer, two web and application
servers, three database nodes with semi-synchronous replication, and three monitors with an etcd member each) in a
state dir of its own. Everything that talks to the site runs in its operator namespace (the script runs itself again
there with `./webinfra exec operator -- /usr/bin/python3 chaos/jepsen.py --inside ...`): writers POST posts with a
unique token through the balancer (a write is acknowledged when the site answered 201), a reader GETs them, and a
sampler asks every database node every 100 ms whether it is writable (`SELECT @@read_only` as WebInfra's
administrator, persistent connections, all nodes at once). Meanwhile it injects --faults random faults (--seed), one
at a time, each lasting a few seconds (--hold):

  primary-kill                SIGKILL of the primary (`kill NODE`), then `start NODE`
  primary-isolated            the primary's server partitioned from every other server
  primary-cut-off             the primary cut off from its replicas and the monitors; the application servers reach it
  replica-isolated            a replica's server partitioned from every other server
  monitor-leader-kill         the leading monitor SIGKILLed, then started again
  monitor-leader-partitioned  the leading monitor's server partitioned from the other monitors' (skipped with one monitor)
  primary-one-way             the primary's packets to the replicas dropped (`partition --one-way`)
  heal-mid-failover           the primary cut off as in primary-cut-off, healed about 1 s later (while the monitor
                              counts failed checks or promotes)
  replica-slow                a replica's link slowed with netem (`slow`; skipped, with one line, when the kernel has none)

After each fault everything is healed and started again, and it waits (--converge-timeout) until the cluster
converges: one primary, every other node its replica, or out (then why; a former primary kept out is rebuilt with
`./webinfra db repair NODE` when this build has it). Then, writes paused: every acknowledged write is on the primary
and every replica; CHECKSUM TABLE is equal on all of them once the replicas reached the primary's gtid_binlog_pos;
no sample saw two writable nodes; no replica holds a GTID the primary lacks (errant). Per fault it measures the
failover time (fault to another node writable, from the sampler) and the write outage (the longest time between two
acknowledged writes from the last one before the fault until writes flow after convergence). It prints one table and,
with --json FILE, writes the same.

Run (as root; namespaces only; about 15 s per fault plus the site's start):
  chaos/jepsen.sh [--faults 10] [--seed N] [--monitors auto|1|3] [--hold 3] [--writers 4] [--rate 80]
                  [--kinds K1,K2] [--converge-timeout 60] [--topology chaos/jepsen.yaml] [--subnet 10.96.0.0/24]
                  [--state-dir /tmp/webinfra-jepsen]
                  [--json FILE] [--keep DIR]
--keep DIR keeps the nodes' logs, the topology run and history.json (every sample, acknowledged and failed write, in
seconds from the start of the clients).
  chaos/jepsen.sh --self-test       # the checkers on fabricated histories: each must catch its case
--monitors auto (the default) runs three monitors when this build loads the topology's etcd members, one otherwise.
Exit code: 0 the run passed; 3 a check failed (a lost write, two writable nodes, an errant GTID, a checksum mismatch,
no convergence; or, with --self-test, a checker missed its case); 1 it could not run; 2 bad arguments.
"""
import argparse
import fcntl
import http.client
import ipaddress
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOPOLOGY = os.path.join(ROOT, "chaos", "jepsen.yaml")
WEBINFRA = os.path.join(ROOT, "webinfra")
TOPOLOGY_SUBNET = "10.96.0.0/24"
MAX_FAULTS = 200
SAMPLE_INTERVAL = 0.1
KINDS = ["primary-kill", "primary-isolated", "primary-cut-off", "replica-isolated", "monitor-leader-kill",
         "monitor-leader-partitioned", "primary-one-way", "heal-mid-failover", "replica-slow"]
# Faults after which another node should be writable: their failover time is measured.
FAILOVER_KINDS = {"primary-kill", "primary-isolated", "primary-cut-off", "primary-one-way", "heal-mid-failover"}


def log(message):
    print(f"jepsen: {message}", flush=True)


class CheckError(Exception):
    """The run could not go on (a command failed, the site did not come up): exit 1."""


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faults", type=int, default=10, help=f"faults to inject, one at a time (1 to {MAX_FAULTS})")
    parser.add_argument("--seed", type=int, help="the random seed of the faults' order and targets (default: a new one, printed)")
    parser.add_argument("--monitors", choices=["auto", "1", "3"], default="auto",
                        help="the topology's monitors with etcd, or its first monitor alone; auto: all when this build loads them")
    parser.add_argument("--hold", type=float, default=3.0, help="seconds each fault lasts, give or take a quarter (1 to 30)")
    parser.add_argument("--writers", type=int, default=4, help="concurrent writers through the balancer (1 to 16)")
    parser.add_argument("--rate", type=float, default=80, help="writes per second at most, all writers together (1 to 1000)")
    parser.add_argument("--kinds", help="only these fault kinds, comma-separated (default: every kind)")
    parser.add_argument("--converge-timeout", type=float, default=60.0, help="seconds to wait for the cluster after a fault (10 to 600)")
    parser.add_argument("--topology", default=TOPOLOGY,
                        help="the site (namespaces mode), moved to --subnet: chaos/jepsen.yaml (the default) or a preset such as "
                             "topologies/distributed-hosts.yaml")
    parser.add_argument("--subnet", default=TOPOLOGY_SUBNET, help="the site's /24 (default 10.96.0.0/24)")
    parser.add_argument("--state-dir", default="/tmp/webinfra-jepsen", help="the site's run state (an absolute path)")
    parser.add_argument("--json", help="also write the summary here")
    parser.add_argument("--keep", help="keep the nodes' logs and the run's records in this folder")
    parser.add_argument("--self-test", action="store_true", help="run the checkers on fabricated histories and exit")
    parser.add_argument("--inside", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if not 1 <= arguments.faults <= MAX_FAULTS:
        parser.error(f"--faults must be from 1 to {MAX_FAULTS}")
    if not 1 <= arguments.hold <= 30:
        parser.error("--hold must be from 1 to 30 seconds")
    if not 1 <= arguments.writers <= 16:
        parser.error("--writers must be from 1 to 16")
    if not 1 <= arguments.rate <= 1000:
        parser.error("--rate must be from 1 to 1000 writes per second")
    if not 10 <= arguments.converge_timeout <= 600:
        parser.error("--converge-timeout must be from 10 to 600 seconds")
    if arguments.seed is not None and not 0 <= arguments.seed < 2 ** 32:
        parser.error("--seed must be from 0 to 4294967295")
    try:
        subnet = ipaddress.ip_network(arguments.subnet)
    except ValueError as error:
        parser.error(f"--subnet '{arguments.subnet}': {error} (for example 10.96.0.0/24)")
    if subnet.version != 4 or subnet.prefixlen != 24 or not subnet.is_private:
        parser.error(f"--subnet '{arguments.subnet}' must be a private IPv4 /24, such as 10.96.0.0/24")
    arguments.subnet = str(subnet)
    arguments.topology = os.path.abspath(arguments.topology)
    if not os.path.isfile(arguments.topology):
        parser.error(f"--topology '{arguments.topology}': no such file")
    if arguments.kinds is not None:
        chosen = [k.strip() for k in arguments.kinds.split(",") if k.strip()]
        unknown = [k for k in chosen if k not in KINDS]
        if unknown or not chosen:
            parser.error(f"--kinds: unknown kind '{(unknown or [''])[0]}'; the kinds are {', '.join(KINDS)}")
        arguments.kinds = chosen
    else:
        arguments.kinds = list(KINDS)
    if not os.path.isabs(arguments.state_dir):
        parser.error("--state-dir must be an absolute path")
    for option in ("json", "keep"):
        if getattr(arguments, option):
            setattr(arguments, option, os.path.abspath(getattr(arguments, option)))
    return arguments


# ---------------------------------------------------------------------------------------------------------------
# The checkers: pure functions over a history, the same in a run and in --self-test.

def parse_gtids(text):
    """A GTID list ("0-1-10,0-2-4") as {(domain, server): sequence}."""
    gtids = {}
    for item in (text or "").replace("\n", "").split(","):
        item = item.strip()
        if item:
            domain, server, sequence = (int(part) for part in item.split("-"))
            gtids[(domain, server)] = max(sequence, gtids.get((domain, server), 0))
    return gtids


def lost_writes(acknowledged, present):
    """Per node, the acknowledged tokens it lacks: {node: sorted tokens}, only nodes that lack some."""
    return {node: sorted(acknowledged - tokens) for node, tokens in present.items() if acknowledged - tokens}


def dual_writable(rounds):
    """The sample rounds (time, {node: read_only}) in which two or more nodes answered read_only = 0."""
    return [(t, sorted(n for n, read_only in answers.items() if read_only == 0))
            for t, answers in rounds if sum(1 for read_only in answers.values() if read_only == 0) >= 2]


def errant_gtids(primary_state, primary_slave_pos, replica_states):
    """Per replica, the GTIDs of its binary log state that are not in the primary's history: {node: ["D-S-N", ...]}.

    The primary's history is its binary log state and its gtid_slave_pos (what it replicated or was cloned with
    before its own binary log began). A replica's GTID also belongs to it when it comes, in its domain, before a GTID
    the replica holds that the primary holds too: under gtid_strict_mode a replica whose history left the primary's
    cannot replicate past the point where it left, so what precedes a shared GTID is shared. Without that, a former
    primary's old writes would count against a primary cloned after them, whose binary log lacks them.
    """
    primary = parse_gtids(primary_state)
    for pair, sequence in parse_gtids(primary_slave_pos).items():
        primary[pair] = max(sequence, primary.get(pair, 0))
    errant = {}
    for node, state in replica_states.items():
        held = parse_gtids(state)
        shared = {}
        for (domain, server), sequence in held.items():
            if primary.get((domain, server), 0) >= sequence:
                shared[domain] = max(sequence, shared.get(domain, 0))
        extra = [f"{d}-{s}-{n}" for (d, s), n in sorted(held.items()) if n > shared.get(d, 0)]
        if extra:
            errant[node] = extra
    return errant


def checksum_mismatches(checksums):
    """The tables whose CHECKSUM TABLE differs between nodes ({node: {table: checksum}}): {table: {node: checksum}}."""
    tables = sorted({table for values in checksums.values() for table in values})
    return {table: {node: values.get(table) for node, values in checksums.items()}
            for table in tables if len({values.get(table) for values in checksums.values()}) > 1}


def percentile(values, fraction):
    """The nearest-rank percentile of values, or None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(fraction * len(ordered) + 0.5)) - 1))]


def longest_gap(times, start, end):
    """The longest interval between consecutive times, counting from the last one at or before start until the first
    at or after end (or end itself when none is)."""
    before = [t for t in times if t <= start]
    inside = [t for t in times if start < t < end]
    after = [t for t in times if t >= end]
    points = ([before[-1]] if before else [start]) + inside + [after[0] if after else end]
    return max(b - a for a, b in zip(points, points[1:])) if len(points) > 1 else 0.0


def self_test():
    """Each checker on a fabricated history of its failure and on a clean one: 0 when every case is caught."""
    clean_ack = {"t1", "t2", "t3"}
    cases = [
        ("a lost write", lambda: lost_writes(clean_ack, {"server-1/db": {"t1", "t2", "t3"}, "server-2/db": {"t1", "t3"}}),
         {"server-2/db": ["t2"]}),
        ("two writable at one sample", lambda: dual_writable([(0.0, {"a": 0, "b": 1}), (0.1, {"a": 0, "b": 0}), (0.2, {"a": None, "b": 0})]),
         [(0.1, ["a", "b"])]),
        ("an errant GTID", lambda: errant_gtids("0-1-10,0-2-25", "", {"server-1/db": "0-2-20,0-1-21", "server-3/db": "0-1-10"}),
         {"server-1/db": ["0-1-21"]}),
        ("an errant GTID of a server the primary never saw", lambda: errant_gtids("0-2-20", "", {"server-3/db": "0-2-20,0-3-21"}),
         {"server-3/db": ["0-3-21"]}),
        ("an errant GTID past a primary cloned after it", lambda: errant_gtids("0-3-70", "0-2-50", {"server-1/db": "0-1-51,0-2-50"}),
         {"server-1/db": ["0-1-51"]}),
        ("a checksum mismatch", lambda: checksum_mismatches({"a": {"foobar.posts": 1}, "b": {"foobar.posts": 2}, "c": {"foobar.posts": 1}}),
         {"foobar.posts": {"a": 1, "b": 2, "c": 1}}),
        ("a write outage", lambda: round(longest_gap([1.0, 1.1, 3.6, 3.7], 1.2, 3.0), 3), 2.5),
        ("clean: nothing lost", lambda: lost_writes(clean_ack, {"server-1/db": set(clean_ack) | {"unacknowledged"}, "server-2/db": set(clean_ack)}), {}),
        ("clean: one writable at a time", lambda: dual_writable([(0.0, {"a": 0, "b": 1}), (0.1, {"a": None, "b": 1}), (0.2, {"a": 1, "b": 0})]), []),
        ("clean: replicas behind or equal", lambda: errant_gtids("0-1-10,0-2-20", "", {"b": "0-1-10,0-2-19", "c": ""}), {}),
        ("clean: old writes of a former primary, on a primary cloned after them",
         lambda: errant_gtids("0-3-2700", "0-1-2600", {"server-2/db": "0-2-1396,0-1-2590"}), {}),
        ("clean: equal checksums", lambda: checksum_mismatches({"a": {"foobar.posts": 7}, "b": {"foobar.posts": 7}}), {}),
    ]
    missed = 0
    for name, run, expected in cases:
        found = run()
        caught = found == expected
        missed += 0 if caught else 1
        print(f"{'ok  ' if caught else 'MISS'} {name}: {found!r}" + ("" if caught else f" (expected {expected!r})"))
    print(f"jepsen self-test: {len(cases) - missed} of {len(cases)} cases as expected")
    return 0 if missed == 0 else 3


# ---------------------------------------------------------------------------------------------------------------
# Outside the site: the topology, the site's life, the run inside its operator namespace.

def webinfra(state, *arguments, timeout=120):
    """Runs ./webinfra on the site; (exit code, stdout, stderr)."""
    try:
        result = subprocess.run([WEBINFRA, *arguments, "--state-dir", state], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return 124, "", f"webinfra {' '.join(arguments)} did not finish within {timeout} s"
    return result.returncode, result.stdout, result.stderr


def topology_for(source_path, subnet, monitors, folder):
    """The topology at source_path moved to subnet, with its monitors and etcd members, or its first monitor alone,
    written into folder; its path."""
    import yaml  # Debian's python3-yaml, in /usr/bin/python3 (chaos/jepsen.sh runs it)
    with open(source_path, encoding="utf-8") as source:
        text = source.read()
    own = (yaml.safe_load(text) or {}).get("network", {}).get("subnet")
    if not own or not str(own).endswith("/24"):
        raise SystemExit(f"jepsen: {source_path}: needs 'hosts: namespaces' and a 'network: {{ subnet: A.B.C.0/24 }}' to move")
    topology = yaml.safe_load(text.replace(str(own).split("/")[0].rsplit(".", 1)[0] + ".", subnet.split("/")[0].rsplit(".", 1)[0] + "."))
    topology["site"]["files"] = os.path.normpath(os.path.join(os.path.dirname(source_path), topology["site"]["files"]))
    if monitors == 1:
        first = next(n for n, server in topology["servers"].items() if "monitor" in server["components"])
        for name, server in list(topology["servers"].items()):
            server["components"].pop("etcd", None)
            if name != first:
                server["components"].pop("monitor", None)
            if not server["components"]:
                del topology["servers"][name]
    path = os.path.join(folder, f"jepsen-{monitors}.yaml")
    with open(path, "w", encoding="utf-8") as target:
        yaml.safe_dump(topology, target, sort_keys=False)
    return path


def choose_monitors(arguments, folder):
    """The number of monitors and the topology file: --monitors auto takes three when this build loads them."""
    if arguments.monitors != "auto":
        return int(arguments.monitors), topology_for(arguments.topology, arguments.subnet, int(arguments.monitors), folder)
    three = topology_for(arguments.topology, arguments.subnet, 3, folder)
    code, output, error = webinfra(arguments.state_dir, "doctor", three, timeout=300)
    if code == 2:
        reason = next((line for line in (error + output).splitlines() if ".yaml:" in line), (error or output).strip()[:200])
        log(f"this build does not load three monitors with etcd ({reason.split(': ', 1)[-1]}): running with one monitor")
        return 1, topology_for(arguments.topology, arguments.subnet, 1, folder)
    return 3, three


def run_site(arguments):
    """Brings the site up, runs the faults inside its operator namespace, and always takes it down: the exit code."""
    if os.geteuid() != 0:
        log("run it as root: the site's servers are network namespaces")
        return 1
    os.makedirs(os.path.dirname(arguments.state_dir), exist_ok=True)
    lock = open(arguments.state_dir.rstrip("/") + ".jepsen.lock", "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        log(f"another chaos/jepsen.py runs on {arguments.state_dir}")
        return 1
    work = tempfile.mkdtemp(prefix="webinfra-jepsen.")
    state = arguments.state_dir
    child = None
    try:
        seed = arguments.seed if arguments.seed is not None else random.SystemRandom().randrange(2 ** 32)
        monitors, topology = choose_monitors(arguments, work)
        webinfra(state, "down", "--purge", timeout=180)  # whatever an earlier run left in this state dir
        log(f"bringing up {os.path.relpath(arguments.topology, ROOT)} on {arguments.subnet} with {monitors} monitor(s) (state in {state})")
        started = time.monotonic()
        code, output, error = webinfra(state, "up", topology, timeout=600)
        if code != 0:
            raise CheckError(f"webinfra up failed ({code}):\n{output}{error}")
        log(f"up in {time.monotonic() - started:.0f} s; {arguments.faults} faults, seed {seed}")
        budget = 120 + arguments.faults * (arguments.hold * 1.25 + arguments.converge_timeout + 40)
        config = {"state": state, "topology": topology, "monitors": monitors, "seed": seed, "faults": arguments.faults,
                  "hold": arguments.hold, "writers": arguments.writers, "rate": arguments.rate, "kinds": arguments.kinds, "subnet": arguments.subnet,
                  "converge_timeout": arguments.converge_timeout, "json": arguments.json, "work": work,
                  "deadline": time.monotonic() + budget}
        config_path = os.path.join(work, "config.json")
        with open(config_path, "w", encoding="utf-8") as file:
            json.dump(config, file)
        child = subprocess.Popen([WEBINFRA, "exec", "operator", "--state-dir", state, "--", "/usr/bin/python3",
                                  os.path.abspath(__file__), "--inside", config_path], start_new_session=True)
        try:
            return child.wait(timeout=budget + 120)
        except subprocess.TimeoutExpired:
            log(f"the run did not finish within {budget + 120:.0f} s: stopped")
            return 1
    except CheckError as error:
        log(f"could not run: {error}")
        return 1
    finally:
        if child is not None and child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
        if arguments.keep:
            os.makedirs(arguments.keep, exist_ok=True)
            if os.path.isdir(os.path.join(state, "logs")):
                shutil.copytree(os.path.join(state, "logs"), os.path.join(arguments.keep, "logs"), dirs_exist_ok=True)
            for name in os.listdir(work):
                shutil.copy(os.path.join(work, name), arguments.keep)
        code, output, error = webinfra(state, "down", "--purge", timeout=180)
        if code != 0:
            log(f"webinfra down --purge failed ({code}): {output}{error}")
        shutil.rmtree(work, ignore_errors=True)


# ---------------------------------------------------------------------------------------------------------------
# Inside the operator namespace: clients, sampler, faults, checks.

class Cluster:
    """The site as the run sees it: its topology, ./webinfra on it, and administrator connections to its nodes."""

    def __init__(self, config):
        import yaml
        self.state = config["state"]
        with open(config["topology"], encoding="utf-8") as file:
            topology = yaml.safe_load(file)
        self.servers = list(topology["servers"])
        self.nodes = {}      # component -> (server, host, port)
        self.monitors = []   # components
        for server, spec in topology["servers"].items():
            components = spec["components"]
            if "db" in components:
                self.nodes[f"{server}/db"] = (server, spec["address"], components["db"]["port"])
            if "monitor" in components:
                self.monitors.append(f"{server}/monitor")
        balancer = next((s, spec) for s, spec in topology["servers"].items() if "balancer" in spec["components"])
        self.balancer = (balancer[1]["address"], balancer[1]["components"]["balancer"]["port"])
        self.database = topology.get("database", {}).get("name", "foobar")
        with open(os.path.join(self.state, "secrets", "database.json"), encoding="utf-8") as file:
            secrets = json.load(file)
        self.user, self.password = secrets["adminUser"], secrets["adminPassword"]
        self.commands = set()

    def run(self, *arguments, timeout=120, check=True):
        code, output, error = webinfra(self.state, *arguments, timeout=timeout)
        if check and code != 0:
            raise CheckError(f"webinfra {' '.join(arguments)} failed ({code}): {(output + error).strip()}")
        return code, output, error

    def has_repair(self):
        _, output, error = self.run("db", "--help", check=False)
        return any(line.split()[:1] == ["repair"] for line in (output + error).splitlines() if line.strip())

    def status(self):
        """`db status --json`, or None when it failed."""
        code, output, _ = self.run("db", "status", "--json", timeout=60, check=False)
        if code != 0:
            return None
        try:
            return json.loads(output)
        except ValueError:
            return None

    def leader(self, status):
        """The leading monitor's component: the status's `leader` (a server's name taken as its monitor), or the first monitor."""
        if status and status.get("leader"):
            leader = status["leader"]
            return leader if "/" in leader else f"{leader}/monitor"
        return self.monitors[0] if self.monitors else None

    def connect(self, node, timeout=2.0):
        import pymysql
        _, host, port = self.nodes[node]
        return pymysql.connect(host=host, port=port, user=self.user, password=self.password, connect_timeout=timeout,
                               read_timeout=timeout * 5, write_timeout=timeout * 5, autocommit=True)

    def query(self, node, sql, timeout=2.0):
        connection = self.connect(node, timeout)
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall()
        finally:
            connection.close()

    @staticmethod
    def server(component):
        return component.split("/")[0]


class Sampler(threading.Thread):
    """Asks every node whether it is writable every 100 ms, all at once over persistent connections: the rounds."""

    def __init__(self, cluster):
        super().__init__(daemon=True)
        self.cluster = cluster
        self.rounds = []      # (monotonic time, {node: 0, 1 or None})
        self.stopping = threading.Event()
        self.connections = {}
        self.busy = {node: False for node in cluster.nodes}

    def probe(self, node):
        try:
            connection = self.connections.get(node)
            if connection is None:
                connection = self.connections[node] = self.cluster.connect(node, timeout=0.3)
            with connection.cursor() as cursor:
                cursor.execute("SELECT @@global.read_only")
                return int(cursor.fetchone()[0])
        except Exception:  # any failure is "no answer": the connection is opened again next time
            broken = self.connections.pop(node, None)
            if broken is not None:
                try:
                    broken.close()
                except Exception:
                    pass
            return None
        finally:
            self.busy[node] = False

    def run(self):
        with ThreadPoolExecutor(max_workers=len(self.cluster.nodes)) as pool:
            tick = time.monotonic()
            while not self.stopping.is_set():
                started = time.monotonic()
                futures = {}
                for node in self.cluster.nodes:
                    if not self.busy[node]:
                        self.busy[node] = True
                        futures[node] = pool.submit(self.probe, node)
                answers = {node: None for node in self.cluster.nodes}
                for node, future in futures.items():
                    try:
                        answers[node] = future.result(timeout=max(0.05, tick + SAMPLE_INTERVAL * 0.9 - time.monotonic()))
                    except Exception:
                        answers[node] = None
                self.rounds.append((started, answers))
                tick += SAMPLE_INTERVAL
                self.stopping.wait(max(0.0, tick - time.monotonic()))
                tick = max(tick, time.monotonic() - SAMPLE_INTERVAL)

    def since(self, start):
        return [r for r in list(self.rounds) if r[0] >= start]

    def writable(self, last=5):
        """The nodes the last rounds agree are writable (a node counts when its latest answer says so)."""
        latest = {}
        for _, answers in list(self.rounds)[-last:]:
            for node, read_only in answers.items():
                if read_only is not None:
                    latest[node] = read_only
        return sorted(node for node, read_only in latest.items() if read_only == 0)


class Clients:
    """Writers POSTing posts with unique tokens through the balancer, and a reader; paused while the checks run."""

    def __init__(self, cluster, writers, interval, run_id):
        self.cluster, self.interval, self.run_id = cluster, interval, run_id
        self.acks = []            # (token, monotonic time sent, time acknowledged)
        self.failures = []        # (status or error, time sent, time answered)
        self.failed = {}          # status or error -> count
        self.sent = 0
        self.reads = {"ok": 0, "failed": 0}
        self.lock = threading.Lock()
        self.running = threading.Event()
        self.running.set()
        self.stopping = threading.Event()
        self.busy = [False] * writers
        self.threads = [threading.Thread(target=self.write, args=(n,), daemon=True) for n in range(writers)]
        self.threads.append(threading.Thread(target=self.read, daemon=True))

    def start(self):
        for thread in self.threads:
            thread.start()

    def connection(self):
        return http.client.HTTPConnection(*self.cluster.balancer, timeout=5)

    def write(self, number):
        connection, sequence = None, 0
        while not self.stopping.is_set():
            if not self.running.wait(0.2):
                continue
            self.busy[number] = True
            try:
                if not self.running.is_set():
                    continue
                sequence += 1
                token = f"jepsen-{self.run_id}-{number}-{sequence}"
                sent = time.monotonic()
                try:
                    connection = connection or self.connection()
                    connection.request("POST", "/api/posts", json.dumps({"author": "jepsen", "body": token}),
                                       {"Content-Type": "application/json"})
                    response = connection.getresponse()
                    response.read()
                    outcome = response.status
                except (OSError, http.client.HTTPException) as error:
                    connection = None
                    outcome = f"error: {type(error).__name__}"
                with self.lock:
                    self.sent += 1
                    if outcome == 201:
                        self.acks.append((token, sent, time.monotonic()))
                    else:
                        self.failures.append((str(outcome), sent, time.monotonic()))
                        self.failed[str(outcome)] = self.failed.get(str(outcome), 0) + 1
            finally:
                self.busy[number] = False
            time.sleep(max(0.0, sent + self.interval - time.monotonic()) if outcome == 201 else max(0.05, self.interval))

    def read(self):
        connection = None
        while not self.stopping.wait(0.1):
            try:
                connection = connection or self.connection()
                connection.request("GET", "/api/posts?limit=5")
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                connection, ok = None, False
            with self.lock:
                self.reads["ok" if ok else "failed"] += 1

    def pause(self):
        self.running.clear()
        deadline = time.monotonic() + 15
        while any(self.busy) and time.monotonic() < deadline:
            time.sleep(0.02)

    def resume(self):
        self.running.set()

    def stop(self):
        self.pause()
        self.stopping.set()
        for thread in self.threads:
            thread.join(10)

    def acknowledged(self):
        with self.lock:
            return list(self.acks)


class Run:
    """The faults, one at a time, each followed by convergence and the checks; then the summary."""

    def __init__(self, config):
        self.config = config
        self.cluster = Cluster(config)
        self.random = random.Random(config["seed"])
        self.sampler = Sampler(self.cluster)
        self.run_id = uuid.uuid4().hex[:8]
        self.clients = Clients(self.cluster, config["writers"], config["writers"] / config["rate"], self.run_id)
        self.kinds = list(config["kinds"])
        self.skipped = {}          # kind -> {"count", "reason"}
        self.faults = []           # one record per fault run
        self.problems = []         # every failed check, in words
        self.errant = []
        self.rebuilt = []
        self.kept_out = []         # each time a node went out (and was not rebuilt)
        self.out = set()           # the nodes out at the last convergence
        self.checksum_failures = []
        self.lost = set()
        self.dual_rounds = []
        self.unconverged = 0
        self.checked_until = 0.0
        self.repair = self.cluster.has_repair()
        self.start = time.monotonic()

    # -- faults --------------------------------------------------------------------------------------------------

    def hold(self):
        time.sleep(self.config["hold"] * self.random.uniform(0.75, 1.25))

    def inject(self, kind, status):
        """Injects one fault and ends it: (target, fault time, None), or (None, None, why it cannot run), the reason
        starting with "for now" when it may run later (a replica comes back)."""
        cluster = self.cluster
        primary = status["primary"]
        replicas = [n["name"] for n in status["nodes"] if n["role"] == "replica"]
        servers = [s for s in cluster.servers if s != cluster.server(primary)]
        monitor_servers = [cluster.server(m) for m in cluster.monitors]
        leader = cluster.leader(status)
        if kind == "primary-kill":
            before = time.monotonic()
            cluster.run("kill", primary)
            at = self.gone(primary, before)
            self.hold()
            self.restore("start", primary)
            return primary, at, None
        if kind in ("primary-isolated", "primary-cut-off", "heal-mid-failover", "primary-one-way"):
            cut = {"primary-isolated": servers,
                   "primary-one-way": [cluster.server(r) for r in replicas]}.get(kind, [cluster.server(r) for r in replicas] + monitor_servers)
            if not cut:
                return None, None, "for now: every replica is out, none to cut the primary off from"
            cluster.run("partition", cluster.server(primary), *cut, *(["--one-way"] if kind == "primary-one-way" else []))
            at = time.monotonic()
            if kind == "heal-mid-failover":
                time.sleep(self.random.uniform(0.7, 1.3))
            else:
                self.hold()
            self.restore("heal")
            return primary, at, None
        if kind in ("replica-isolated", "replica-slow"):
            if not replicas:
                return None, None, "for now: every replica is out"
            replica = self.random.choice(replicas)
            if kind == "replica-isolated":
                cluster.run("partition", cluster.server(replica), *[s for s in cluster.servers if s != cluster.server(replica)])
                at = time.monotonic()
                self.hold()
                self.restore("heal")
                return replica, at, None
            code, output, error = cluster.run("slow", cluster.server(replica), "--delay", "100ms", "--jitter", "20ms", check=False)
            if code != 0:
                return None, None, ((error or output).strip().splitlines() or ["'slow' failed"])[0]
            at = time.monotonic()
            self.hold()
            self.restore("slow", cluster.server(replica), "--off")
            return replica, at, None
        if kind == "monitor-leader-kill":
            cluster.run("kill", leader)
            at = time.monotonic()
            self.hold()
            self.restore("start", leader)
            return leader, at, None
        # monitor-leader-partitioned
        others = [s for s in monitor_servers if s != cluster.server(leader)]
        if not others:
            return None, None, "one monitor: there is no other monitor to partition the leader from"
        cluster.run("partition", cluster.server(leader), *others)
        at = time.monotonic()
        self.hold()
        self.restore("heal")
        return leader, at, None

    def gone(self, node, before):
        """When a killed node stopped answering the sampler: the first silent sample after its last answer (at the
        latest, now)."""
        now = time.monotonic()
        deadline = now + 1.0
        while time.monotonic() < deadline:
            rounds = self.sampler.since(before)
            answered = [t for t, answers in rounds if answers.get(node) is not None]
            silent = [t for t, answers in rounds if answers.get(node) is None and t > (answered[-1] if answered else 0)]
            if silent:
                return min(silent[0], now)
            time.sleep(0.05)
        return now

    def restore(self, *arguments):
        code, output, error = self.cluster.run(*arguments, timeout=300, check=False)
        if code != 0:
            self.problem(f"'webinfra {' '.join(arguments)}' failed ({code}): {(output + error).strip()[-400:]}")

    def problem(self, text):
        log(f"CHECK FAILED: {text}")
        self.problems.append(text)

    # -- convergence ---------------------------------------------------------------------------------------------

    def converged(self, status):
        """None when the cluster has one primary and every other node replicates from it or is out; else why not."""
        if status is None:
            return "db status did not answer"
        primary = status.get("primary")
        primaries = [n["name"] for n in status["nodes"] if n["role"] == "primary"]
        if not primary or primaries != [primary]:
            return f"primaries: {primaries or 'none'}"
        writable = self.sampler.writable()
        if writable != [primary]:
            return f"writable per the sampler: {writable or 'none'} (primary {primary})"
        address = next(n["address"] for n in status["nodes"] if n["name"] == primary)
        for node in status["nodes"]:
            if node["name"] == primary or node["role"] == "out":
                continue
            if node["role"] != "replica" or node.get("replicating_from") != address or not node.get("io_running") or not node.get("sql_running"):
                return f"{node['name']} is {node['role']} (from {node.get('replicating_from')}, io {node.get('io_running')}, sql {node.get('sql_running')}, {node.get('reason')})"
        return None

    def converge(self, label):
        """Waits until the cluster converged (repairing former primaries kept out when it can): the status, or None."""
        deadline = time.monotonic() + self.config["converge_timeout"]
        why, repaired = "not asked yet", set()
        while time.monotonic() < deadline:
            status = self.cluster.status()
            why = self.converged(status)
            if why is None:
                out = [n for n in status["nodes"] if n["role"] == "out"]
                # Only a node kept out for good is rebuilt (it holds GTIDs the primary lacks, or its replication failed);
                # one that is merely not replicating yet is rejoined by the monitor within a few checks.
                kept = [n for n in out if n.get("errant_gtids") or "failed" in (n.get("reason") or "") or "holds GTIDs" in (n.get("reason") or "")]
                if len(kept) < len(out):
                    time.sleep(0.5)
                    continue
                todo = [n for n in kept if n["name"] not in repaired]
                if self.repair and todo:
                    for node in todo:
                        repaired.add(node["name"])
                        code, output, error = self.cluster.run("db", "repair", node["name"], timeout=600, check=False)
                        record = {"fault": label, "node": node["name"], "reason": node.get("reason"), "repaired": code == 0}
                        self.rebuilt.append(record)
                        log(f"{label}: {node['name']} was out ({node.get('reason')}); db repair exited {code}")
                        if code != 0:
                            self.problem(f"{label}: 'webinfra db repair {node['name']}' failed ({code}): {(output + error).strip()[-400:]}")
                    continue
                for node in out:
                    if node["name"] not in self.out:
                        self.kept_out.append({"fault": label, "node": node["name"], "reason": node.get("reason")})
                        log(f"{label}: {node['name']} is kept out: {node.get('reason')}")
                self.out = {node["name"] for node in out}
                return status
            time.sleep(0.5)
        self.unconverged += 1
        self.problem(f"{label}: the cluster did not converge within {self.config['converge_timeout']:.0f} s: {why}")
        return None

    # -- checks --------------------------------------------------------------------------------------------------

    def check(self, label, status):
        """With writes paused: acknowledged writes on every node, equal checksums, no errant GTID. The problems found."""
        found = {"lost": 0, "errant": 0, "checksum": 0}
        primary = status["primary"]
        replicas = [n["name"] for n in status["nodes"] if n["role"] == "replica"]
        cluster = self.cluster
        try:
            position = cluster.query(primary, "SELECT @@global.gtid_binlog_pos")[0][0]
            for replica in replicas:
                reached = cluster.query(replica, f"SELECT MASTER_GTID_WAIT('{position}', 15)", timeout=20)[0][0]
                if reached != 0:
                    self.problem(f"{label}: {replica} did not reach the primary's {position} within 15 s")
                    self.unconverged += 1
            checked = [primary] + replicas
            acknowledged = {token for token, _, _ in self.clients.acknowledged()}
            present = {node: {row[0] for row in cluster.query(
                node, f"SELECT body FROM `{cluster.database}`.posts WHERE body LIKE 'jepsen-{self.run_id}-%'", timeout=10)}
                for node in checked}
            lost = lost_writes(acknowledged, present)
            missing = set().union(*lost.values()) if lost else set()
            found["lost"] = len(missing - self.lost)  # newly lost: a write lost at one fault stays missing at the next
            for node, tokens in lost.items():
                new = sorted(set(tokens) - self.lost)
                if new:  # a write lost at one fault stays missing at every later check: it is reported once
                    self.problem(f"{label}: {len(new)} acknowledged writes newly missing on {node} (first: {new[:3]}; {len(tokens)} in all)")
            self.lost.update(missing)
            tables = [row[0] for row in cluster.query(primary, "SELECT table_name FROM information_schema.tables "
                                                               f"WHERE table_schema = '{cluster.database}' ORDER BY table_name")]
            checksums = {node: {f"{cluster.database}.{table}": cluster.query(node, f"CHECKSUM TABLE `{cluster.database}`.`{table}`", timeout=10)[0][1]
                                for table in tables} for node in checked}
            mismatched = checksum_mismatches(checksums)
            if mismatched:
                self.checksum_failures.append({"fault": label, "tables": mismatched})
                self.problem(f"{label}: CHECKSUM TABLE differs: {mismatched}")
            found["checksum"] = len(mismatched)
            states = {replica: cluster.query(replica, "SELECT @@global.gtid_binlog_state")[0][0] for replica in replicas}
            # The primary's history is read after the replicas': a write that reached it late (held up in an
            # application server cut off by the fault) and was replicated since is then in it, not counted errant.
            state, slave_pos = cluster.query(primary, "SELECT @@global.gtid_binlog_state, @@global.gtid_slave_pos")[0]
            errant = errant_gtids(state, slave_pos, states)
            for node in status["nodes"]:  # the monitor's own view, once it reports one
                if node["role"] == "replica" and node.get("errant_gtids"):
                    listed = node["errant_gtids"]
                    errant.setdefault(node["name"], []).extend(listed if isinstance(listed, list) else [g for g in str(listed).split(",") if g])
            for node, gtids in errant.items():
                self.errant.append({"fault": label, "node": node, "gtids": sorted(set(gtids))})
                self.problem(f"{label}: {node} replicates from {primary} with errant GTIDs {sorted(set(gtids))}")
            found["errant"] = sum(len(set(g)) for g in errant.values())
        except Exception as error:  # a node that stops answering mid-check is a failed check, not a crash
            self.problem(f"{label}: the checks could not read the nodes: {type(error).__name__}: {error}")
            self.unconverged += 1
        now = time.monotonic()
        dual = dual_writable(r for r in self.sampler.since(self.checked_until) if r[0] < now)
        self.checked_until = now
        if dual:
            self.dual_rounds.extend((label, t, nodes) for t, nodes in dual)
            self.problem(f"{label}: two writable nodes in {len(dual)} samples, first {dual[0][1]} at "
                         f"{dual[0][0] - self.start:.1f} s, last at {dual[-1][0] - self.start:.1f} s")
        found["dual"] = len(dual)
        return found

    def failover_time(self, primary, at):
        """Seconds from the fault to the first sample in which another node was writable, or None."""
        for t, answers in self.sampler.since(at):
            if any(read_only == 0 for node, read_only in answers.items() if node != primary):
                return t - at
        return None

    # -- the run -------------------------------------------------------------------------------------------------

    def execute(self):
        self.sampler.start()
        self.clients.start()
        deadline = time.monotonic() + 60
        while not self.clients.acknowledged():
            if time.monotonic() > deadline:
                raise CheckError("no write was acknowledged within 60 s of the start")
            time.sleep(0.2)
        status = self.converge("start")
        if status is None:
            raise CheckError("the cluster did not converge before the first fault")
        self.clients.pause()
        self.check("start", status)
        self.clients.resume()
        log(f"writes flow; primary {status['primary']}, leader {self.cluster.leader(status)}, db repair: {'yes' if self.repair else 'not in this build'}")
        for index in range(1, self.config["faults"] + 1):
            if time.monotonic() > self.config["deadline"]:
                self.problem(f"out of time before fault {index}")
                break
            kind = self.random.choice(self.kinds)
            label = f"#{index} {kind}"
            before = time.monotonic()
            target, at, reason = self.inject(kind, status)
            if target is None:
                entry = self.skipped.setdefault(kind, {"count": 0, "reason": reason})
                entry["count"] += 1
                if not reason.startswith("for now"):  # it can never run on this site and kernel: not drawn again
                    self.kinds.remove(kind)
                log(f"{label}: skipped, {reason}")
                if not self.kinds:
                    break
                continue
            primary_before = status["primary"]
            status = self.converge(label)
            converged_at = time.monotonic()
            failover = self.failover_time(primary_before, at) if kind in FAILOVER_KINDS or status is None or status["primary"] != primary_before else None
            record = {"index": index, "kind": kind, "target": target, "at_seconds": round(at - self.start, 2),
                      "primary_before": primary_before, "primary_after": status and status["primary"],
                      "failover_seconds": None if failover is None else round(failover, 3),
                      "converged": status is not None, "converge_seconds": round(converged_at - before, 2)}
            if status is None:
                record["write_outage_seconds"] = None
                self.faults.append(record)
                log(f"{label} {target}: did not converge; no more faults")
                break
            time.sleep(0.5)  # writes flowing again after convergence close the outage
            acks = [done for _, _, done in self.clients.acknowledged()]
            record["write_outage_seconds"] = round(longest_gap(acks, at, time.monotonic()), 3)
            self.clients.pause()
            record.update(self.check(label, status))
            self.clients.resume()
            self.faults.append(record)
            log(f"{label} {target}: failover {'-' if failover is None else f'{failover:.2f} s'}, write outage "
                f"{record['write_outage_seconds']:.2f} s, converged in {record['converge_seconds']:.1f} s "
                f"(primary {status['primary']}); lost {record['lost']}, two writable {record['dual']}, errant {record['errant']}")
        self.clients.stop()
        final = self.converge("end")
        if final is not None:
            self.check("end", final)
        self.sampler.stopping.set()
        self.sampler.join(5)

    def summary(self):
        acks = self.clients.acknowledged()
        failovers = [f["failover_seconds"] for f in self.faults if f.get("failover_seconds") is not None]
        outages = [f["write_outage_seconds"] for f in self.faults if f.get("write_outage_seconds") is not None]
        by_kind = {}
        for fault in self.faults:
            by_kind[fault["kind"]] = by_kind.get(fault["kind"], 0) + 1
        return {
            "seed": self.config["seed"], "faults_requested": self.config["faults"], "monitors": self.config["monitors"],
            "subnet": self.config["subnet"], "writers": self.config["writers"], "rate": self.config["rate"], "hold_seconds": self.config["hold"],
            "duration_seconds": round(time.monotonic() - self.start, 1),
            "faults_run": by_kind, "skipped": self.skipped,
            "writes_sent": self.clients.sent, "acknowledged": len(acks), "writes_failed": self.clients.failed,
            "reads": self.clients.reads,
            "lost": len(self.lost), "lost_tokens": sorted(self.lost)[:100],
            "dual_writable_moments": len(self.dual_rounds),
            "dual_writable_samples": [{"fault": label, "at_seconds": round(t - self.start, 2), "nodes": nodes} for label, t, nodes in self.dual_rounds[:200]],
            "errant_gtids": sum(len(e["gtids"]) for e in self.errant), "errant": self.errant,
            "checksum_mismatches": len(self.checksum_failures), "checksums": self.checksum_failures,
            "not_converged": self.unconverged,
            "former_primaries_rebuilt": sum(1 for r in self.rebuilt if r["repaired"]), "rebuilt": self.rebuilt,
            "kept_out": self.kept_out,
            "failover_seconds": {"count": len(failovers), "p50": percentile(failovers, 0.5), "p99": percentile(failovers, 0.99), "max": max(failovers, default=None)},
            "write_outage_seconds": {"count": len(outages), "p50": percentile(outages, 0.5), "p99": percentile(outages, 0.99), "max": max(outages, default=None)},
            "faults": self.faults, "problems": self.problems, "passed": not self.problems,
        }


def seconds(value):
    return "-" if value is None else f"{value:.2f} s"


def print_table(summary):
    print()
    print(f"{'#':>3}  {'fault':<27}{'target':<17}{'failover':>9}{'outage':>9}{'lost':>6}{'dual':>6}{'errant':>8}  primary after")
    for f in summary["faults"]:
        print(f"{f['index']:>3}  {f['kind']:<27}{f['target']:<17}{seconds(f.get('failover_seconds')):>9}{seconds(f.get('write_outage_seconds')):>9}"
              f"{f.get('lost', '-'):>6}{f.get('dual', '-'):>6}{f.get('errant', '-'):>8}  {f.get('primary_after') or 'none'}")
    ran = ", ".join(f"{k} {v}" for k, v in sorted(summary["faults_run"].items()))
    skipped = ", ".join(f"{k} {v['count']} ({v['reason']})" for k, v in sorted(summary["skipped"].items()))
    failed = ", ".join(f"{k} x{v}" for k, v in sorted(summary["writes_failed"].items()))
    fo, wo = summary["failover_seconds"], summary["write_outage_seconds"]
    rows = [
        ("faults run", f"{sum(summary['faults_run'].values())} ({ran or 'none'})"),
        ("faults skipped", skipped or "0"),
        ("acknowledged writes", f"{summary['acknowledged']} of {summary['writes_sent']} sent" + (f" (not acknowledged: {failed})" if failed else "")),
        ("reads", f"{summary['reads']['ok']} ok, {summary['reads']['failed']} failed"),
        ("lost writes", str(summary["lost"])),
        ("two writable nodes", f"{summary['dual_writable_moments']} samples"),
        ("errant GTIDs", str(summary["errant_gtids"])),
        ("checksum mismatches", str(summary["checksum_mismatches"])),
        ("not converged", str(summary["not_converged"])),
        ("former primaries rebuilt", f"{summary['former_primaries_rebuilt']} (kept out: {len(summary['kept_out'])})"),
        ("failover time", f"p50 {seconds(fo['p50'])}, p99 {seconds(fo['p99'])}, max {seconds(fo['max'])} ({fo['count']} failovers)"),
        ("write outage", f"p50 {seconds(wo['p50'])}, p99 {seconds(wo['p99'])}, max {seconds(wo['max'])} ({wo['count']} faults)"),
    ]
    print()
    print(f"seed {summary['seed']}, {summary['monitors']} monitor(s), {summary['writers']} writers, {summary['duration_seconds']:.0f} s")
    for label, value in rows:
        print(f"{label:<26}{value}")
    print()
    print(f"jepsen: {'PASSED' if summary['passed'] else 'FAILED'} lost={summary['lost']} dual={summary['dual_writable_moments']} "
          f"errant={summary['errant_gtids']} checksum={summary['checksum_mismatches']} unconverged={summary['not_converged']}")
    for problem in summary["problems"][:30]:
        print(f"  {problem}")


def inside(config_path):
    """The run itself, in the operator namespace: the exit code."""
    with open(config_path, encoding="utf-8") as file:
        config = json.load(file)
    run = Run(config)
    try:
        run.execute()
    except Exception as error:  # CheckError, or anything unforeseen: the site is left healed for `down`
        log(f"could not run: {type(error).__name__}: {error}")
        run.cluster.run("heal", check=False)
        return 1
    summary = run.summary()
    print_table(summary)
    def relative(t):
        return round(t - run.start, 3)

    with open(os.path.join(config["work"], "history.json"), "w", encoding="utf-8") as file:  # kept by --keep
        json.dump({"samples": [[relative(t), a] for t, a in run.sampler.rounds],
                   "acknowledged": [[token, relative(sent), relative(done)] for token, sent, done in run.clients.acknowledged()],
                   "failed": [[outcome, relative(sent), relative(done)] for outcome, sent, done in run.clients.failures],
                   "lost": sorted(run.lost)}, file)
    if config.get("json"):
        with open(config["json"], "w", encoding="utf-8") as file:
            json.dump(summary, file, indent=2)
    return 0 if summary["passed"] else 3


def main():
    arguments = parse_arguments()
    if arguments.inside:
        return inside(arguments.inside)
    if arguments.self_test:
        return self_test()
    return run_site(arguments)


if __name__ == "__main__":
    sys.exit(main())
