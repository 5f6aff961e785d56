#!/usr/bin/env python3
"""Chaos check: kill the primary database node during a stream of writes and count what was lost.

Brings up chaos/primary-kill.yaml (balancer, two web and two application servers, a database monitor, a primary
and two replicas, on 127.0.9.x, in a state dir of its own), then runs a stream of POST /api/posts through the
balancer from several writers and SIGKILLs the primary (`webinfra kill server-1/db`) part-way. Afterwards it reads
back every post the site acknowledged (201) from every database node still running and prints:
acknowledged writes, writes lost (acknowledged but missing on a node), and the seconds from the kill until writes
succeeded again.

Run (as root, loopback only, about a minute plus WebInfra's first build):
  chaos/primary-kill.py [--duration 12] [--writers 4] [--kill-at 3] [--json FILE] [--keep DIR]
Exit code: 0 the check ran and lost nothing, 3 it ran and an acknowledged write was lost, 1 it could not run,
2 bad arguments.
"""
import argparse
import fcntl
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOPOLOGY = os.path.join(ROOT, "chaos", "primary-kill.yaml")
BALANCER = ("127.0.9.10", 29080)
PRIMARY = "server-1/db"
NODES = ["server-1/db", "server-2/db", "server-3/db"]


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=12.0, help="seconds of writes (2 to 60)")
    parser.add_argument("--writers", type=int, default=4, help="concurrent writers (1 to 64)")
    parser.add_argument("--kill-at", type=float, default=3.0, help="seconds into the stream to kill the primary")
    parser.add_argument("--json", help="also write a machine-readable summary here")
    parser.add_argument("--keep", help="keep the nodes' logs in this folder")
    arguments = parser.parse_args()
    if not 2 <= arguments.duration <= 60:
        parser.error("--duration must be from 2 to 60 seconds")
    if not 1 <= arguments.writers <= 64:
        parser.error("--writers must be from 1 to 64")
    if not 0 < arguments.kill_at < arguments.duration:
        parser.error("--kill-at must be inside the stream")
    return arguments


class Site:
    """The chaos site, run with ./webinfra in a state dir of its own; `down --purge` on exit, whatever happens."""

    def __init__(self, state):
        self.state = state
        self.started = False

    def run(self, *arguments, timeout=180, check=True):
        result = subprocess.run([os.path.join(ROOT, "webinfra"), *arguments, "--state-dir", self.state],
                                capture_output=True, text=True, timeout=timeout)
        if check and result.returncode != 0:
            raise RuntimeError(f"webinfra {' '.join(arguments)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
        return result

    def up(self):
        self.started = True
        self.run("up", TOPOLOGY, timeout=600)

    def down(self):
        if self.started:
            self.run("down", "--purge", timeout=120, check=False)

    def post_ids(self, node, marker):
        """The ids of this run's posts on a node, or None when the node does not answer."""
        result = self.run("sql", node, f"SELECT id FROM foobar.posts WHERE body LIKE '{marker}%'", "--batch", check=False, timeout=30)
        if result.returncode != 0:
            return None
        return {int(line) for line in result.stdout.split() if line.isdigit()}


class Writer(threading.Thread):
    """POSTs posts one after another over a keep-alive connection until the deadline, recording each outcome."""

    def __init__(self, number, marker, start, deadline, outcomes, lock):
        super().__init__(daemon=True)
        self.number, self.marker, self.start_time, self.deadline = number, marker, start, deadline
        self.outcomes, self.lock = outcomes, lock

    def run(self):
        connection = None
        sequence = 0
        while time.monotonic() < self.deadline:
            sequence += 1
            body = json.dumps({"author": "chaos", "body": f"{self.marker}{self.number}-{sequence}"})
            sent = time.monotonic() - self.start_time
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(*BALANCER, timeout=5)
                connection.request("POST", "/api/posts", body, {"Content-Type": "application/json"})
                response = connection.getresponse()
                payload = response.read()
                post_id = json.loads(payload)["id"] if response.status == 201 else None
                outcome = (sent, response.status, post_id)
            except (OSError, http.client.HTTPException, ValueError, KeyError) as error:
                connection = None
                outcome = (sent, f"error: {type(error).__name__}", None)
            with self.lock:
                self.outcomes.append(outcome)


def main():
    arguments = parse_arguments()
    lock_file = open("/tmp/webinfra-chaos-primary-kill.lock", "w")
    try:
        fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        print("primary-kill: another chaos/primary-kill.py is running", file=sys.stderr)
        return 1

    temporary = tempfile.mkdtemp(prefix="webinfra-chaos-primary.")
    site = Site(os.path.join(temporary, "state"))
    try:
        print(f"primary-kill: bringing up {os.path.relpath(TOPOLOGY, ROOT)} (state in {site.state})", flush=True)
        site.up()
        marker = f"chaos-{uuid.uuid4().hex[:8]}-"
        outcomes, lock = [], threading.Lock()
        start = time.monotonic()
        deadline = start + arguments.duration
        writers = [Writer(n, marker, start, deadline, outcomes, lock) for n in range(arguments.writers)]
        for writer in writers:
            writer.start()
        time.sleep(arguments.kill_at)
        killed_at = time.monotonic() - start
        site.run("kill", PRIMARY)
        print(f"primary-kill: killed {PRIMARY} at {killed_at:.1f} s", flush=True)
        for writer in writers:
            writer.join(arguments.duration + 10)

        acknowledged = {post_id for _, status, post_id in outcomes if status == 201}
        failures = [o for o in outcomes if o[1] != 201]
        after_kill_failures = [o for o in failures if o[0] >= killed_at - 1]
        resumed = None
        if after_kill_failures:
            last_failure = max(o[0] for o in after_kill_failures)
            successes_after = [o[0] for o in outcomes if o[1] == 201 and o[0] > last_failure]
            resumed = (min(successes_after) - killed_at) if successes_after else None
        else:
            resumed = 0.0

        time.sleep(2)  # let the replicas apply the last acknowledged writes before counting
        checked = {}
        for node in NODES:
            ids = site.post_ids(node, marker)
            if ids is not None:
                checked[node] = sorted(acknowledged - ids)
        lost = sorted(set().union(*checked.values())) if checked else []
        status_counts = {}
        for _, status, _ in failures:
            status_counts[str(status)] = status_counts.get(str(status), 0) + 1

        rows = [
            ("writes sent", str(len(outcomes))),
            ("acknowledged (201)", str(len(acknowledged))),
            ("failed", f"{len(failures)}" + (f" ({', '.join(f'{k}: {v}' for k, v in sorted(status_counts.items()))})" if failures else "")),
            ("writes lost", f"{len(lost)} (checked on {', '.join(checked) or 'no node'})"),
            ("writes resumed after", "never" if resumed is None else f"{resumed:.2f} s after the kill"),
        ]
        print()
        for label, value in rows:
            print(f"{label:<24}{value}")
        if lost:
            print(f"lost ids: {lost[:50]}")
        if arguments.json:
            with open(arguments.json, "w", encoding="utf-8") as summary:
                json.dump({"writes_sent": len(outcomes), "acknowledged": len(acknowledged), "failed": len(failures),
                           "failed_by_status": status_counts, "lost": lost, "checked_nodes": list(checked),
                           "killed_at_seconds": round(killed_at, 2),
                           "resumed_after_seconds": None if resumed is None else round(resumed, 2)}, summary, indent=2)
        return 3 if lost else 0
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        print(f"primary-kill: {error}", file=sys.stderr)
        return 1
    finally:
        if arguments.keep:
            os.makedirs(arguments.keep, exist_ok=True)
            logs = os.path.join(site.state, "logs")
            if os.path.isdir(logs):
                shutil.copytree(logs, os.path.join(arguments.keep, "logs"), dirs_exist_ok=True)
        site.down()
        shutil.rmtree(temporary, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
