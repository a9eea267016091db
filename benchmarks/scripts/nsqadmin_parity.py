#!/usr/bin/env python3
"""nsqadmin's view of jnsq against its view of the Go nsqd, field by field, in lookupd mode.

For each server in turn (a fresh one each time, on a fresh --data-path): start nsqlookupd, the server
registered with it, and nsqadmin reading lookupd; build the same small cluster state (topic `parity`
with channels `c1`, `c2` (paused) and `c3#ephemeral`, 10 messages published over TCP and 5 over HTTP,
a consumer on `c1` that finishes 4 and holds 2 in flight, one deferred publish); then fetch every
`/api/*` document nsqadmin's pages read, plus the server's own `/info`, `/stats` and `/config/*` that
nsqadmin reads. The two servers' documents are compared: every key path, its JSON type, and the
values that must agree (counts and depths; names, ports, times and versions are allowed to differ).

  benchmarks/scripts/nsqadmin_parity.py --jar nsqd/target/nsqd.jar --go-nsqd /path/to/nsqd \\
      --nsqlookupd /path/to/nsqlookupd --nsqadmin /path/to/nsqadmin [--out /tmp/nsqadmin-parity]

Compare against nsqd and nsqadmin of the same nsq version: jnsq emits nsq master's fields (channels'
`global_msg_count`, `topology_*`), which nsqadmin master turns into `delivery_msg_count`.
Exits 1 when a difference is found (listed), 0 otherwise. Ports 25150-25199 on 127.0.0.1.
"""
import argparse
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request

LOOKUPD_TCP, LOOKUPD_HTTP, NSQD_TCP, NSQD_HTTP, ADMIN_HTTP = 25160, 25161, 25150, 25151, 25171
TOPIC = "parity"
# values nsqadmin shows that both brokers must agree on, whatever their position in the documents
COUNTS = {"depth", "memory_depth", "backend_depth", "message_count", "in_flight_count", "deferred_count",
          "requeue_count", "timeout_count", "client_count", "paused", "ready_count", "finish_count",
          "delivery_msg_count", "global_msg_count", "total_messages", "total_clients", "channel_name",
          "topic_name", "topic", "channel", "state", "sample_rate", "snappy", "deflate", "tls", "authed",
          "count", "quantile"}


def http(method, url, body=None):
    request = urllib.request.Request(url, data=body, method=method,
                                     headers={"Accept": "application/vnd.nsq; version=1.0"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.read()


def get_json(url):
    return json.loads(http("GET", url))


def wait_for(url, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            http("GET", url)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("no answer from " + url)


class V2:
    """Just enough of protocol V2 for a publisher and a consumer."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.sock.sendall(b"  V2")
        body = json.dumps({"client_id": "parity", "hostname": "parity-host", "user_agent": "parity/1.0",
                           "heartbeat_interval": 30000}).encode()
        self.sock.sendall(b"IDENTIFY\n" + struct.pack(">i", len(body)) + body)
        self.frame()

    def exact(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return data

    def frame(self):
        size, kind = struct.unpack(">ii", self.exact(8))
        data = self.exact(size - 4)
        if kind == 0 and data == b"_heartbeat_":
            self.sock.sendall(b"NOP\n")
            return self.frame()
        if kind == 1:
            raise RuntimeError(data.decode())
        return kind, data

    def pub(self, topic, body):
        self.sock.sendall(b"PUB " + topic.encode() + b"\n" + struct.pack(">i", len(body)) + body)
        self.frame()

    def dpub(self, topic, millis, body):
        self.sock.sendall(b"DPUB %s %d\n" % (topic.encode(), millis) + struct.pack(">i", len(body)) + body)
        self.frame()

    def command(self, line):
        self.sock.sendall(line.encode() + b"\n")

    def message_id(self):
        kind, data = self.frame()
        assert kind == 2, kind
        return data[10:26].decode()


def start(argv, log):
    return subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)


def build_state():
    http("POST", f"http://127.0.0.1:{NSQD_HTTP}/topic/create?topic={TOPIC}")
    for channel in ("c1", "c2", "c3%23ephemeral"):
        http("POST", f"http://127.0.0.1:{NSQD_HTTP}/channel/create?topic={TOPIC}&channel={channel}")
    http("POST", f"http://127.0.0.1:{NSQD_HTTP}/channel/pause?topic={TOPIC}&channel=c2")
    publisher = V2(NSQD_TCP)
    for i in range(10):
        publisher.pub(TOPIC, b"tcp message %d" % i)
    for i in range(5):
        http("POST", f"http://127.0.0.1:{NSQD_HTTP}/pub?topic={TOPIC}", b"http message %d" % i)
    publisher.dpub(TOPIC, 600000, b"deferred")
    consumer = V2(NSQD_TCP)
    consumer.command(f"SUB {TOPIC} c1")
    consumer.frame()
    consumer.command("RDY 6")
    ids = [consumer.message_id() for _ in range(6)]
    for message_id in ids[:4]:
        consumer.command("FIN " + message_id)
    consumer.command("NOP")  # FIN has no reply: a NOP after it, then /stats, lets the FINs land first
    time.sleep(0.5)
    return publisher, consumer


def collect(server, args, out):
    data = tempfile.mkdtemp(prefix="nsqadmin-parity-")
    logs = open(os.path.join(out, server + ".log"), "w")
    processes = [start([args.nsqlookupd, f"--tcp-address=127.0.0.1:{LOOKUPD_TCP}",
                        f"--http-address=127.0.0.1:{LOOKUPD_HTTP}", "--broadcast-address=127.0.0.1"], logs)]
    try:
        wait_for(f"http://127.0.0.1:{LOOKUPD_HTTP}/ping")
        flags = [f"--tcp-address=127.0.0.1:{NSQD_TCP}", f"--http-address=127.0.0.1:{NSQD_HTTP}",
                 f"--data-path={data}", f"--lookupd-tcp-address=127.0.0.1:{LOOKUPD_TCP}",
                 "--broadcast-address=127.0.0.1", "--e2e-processing-latency-percentile=1.0,0.99",
                 "--statsd-prefix=foo.%s"]
        argv = ["java", "-jar", args.jar] if server == "jnsq" else [args.go_nsqd]
        processes.append(start(argv + flags, logs))
        wait_for(f"http://127.0.0.1:{NSQD_HTTP}/ping")
        processes.append(start([args.nsqadmin, f"--http-address=127.0.0.1:{ADMIN_HTTP}",
                                f"--lookupd-http-address=127.0.0.1:{LOOKUPD_HTTP}"], logs))
        wait_for(f"http://127.0.0.1:{ADMIN_HTTP}/ping")
        clients = build_state()
        node = f"127.0.0.1:{NSQD_HTTP}"
        admin = f"http://127.0.0.1:{ADMIN_HTTP}"
        nsqd = f"http://127.0.0.1:{NSQD_HTTP}"
        documents = {
            "admin /api/topics": get_json(admin + "/api/topics"),
            "admin /api/topics/parity": get_json(admin + f"/api/topics/{TOPIC}"),
            "admin /api/topics/parity/c1": get_json(admin + f"/api/topics/{TOPIC}/c1"),
            "admin /api/topics/parity/c2": get_json(admin + f"/api/topics/{TOPIC}/c2"),
            "admin /api/nodes": get_json(admin + "/api/nodes"),
            "admin /api/nodes/node": get_json(admin + f"/api/nodes/{node}"),
            "admin /api/counter": get_json(admin + "/api/counter"),
            "lookupd /lookup": get_json(f"http://127.0.0.1:{LOOKUPD_HTTP}/lookup?topic={TOPIC}"),
            "lookupd /nodes": get_json(f"http://127.0.0.1:{LOOKUPD_HTTP}/nodes"),
            "lookupd /channels": get_json(f"http://127.0.0.1:{LOOKUPD_HTTP}/channels?topic={TOPIC}"),
            "nsqd /info": get_json(nsqd + "/info"),
            "nsqd /stats": get_json(nsqd + "/stats?format=json&include_mem=false"),
            "nsqd /config/statsd_prefix": http("GET", nsqd + "/config/statsd_prefix").decode(),
            "nsqd /config/nsqlookupd_tcp_addresses": get_json(nsqd + "/config/nsqlookupd_tcp_addresses"),
        }
        for client in clients:
            client.sock.close()
        with open(os.path.join(out, server + ".json"), "w") as f:
            json.dump(documents, f, indent=1, sort_keys=True)
        return documents
    finally:
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
        logs.close()
        shutil.rmtree(data, ignore_errors=True)


def type_name(value):
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return type(value).__name__


def compare(path, go, jnsq, problems):
    if type_name(go) != type_name(jnsq):
        problems.append(f"{path}: Go has {type_name(go)} {json.dumps(go)[:80]}, jnsq {type_name(jnsq)} "
                        f"{json.dumps(jnsq)[:80]}")
        return
    if isinstance(go, dict):
        for key in sorted(set(go) | set(jnsq)):
            if key not in jnsq:
                problems.append(f"{path}.{key}: only Go has it ({json.dumps(go[key])[:60]})")
            elif key not in go:
                problems.append(f"{path}.{key}: only jnsq has it ({json.dumps(jnsq[key])[:60]})")
            else:
                compare(f"{path}.{key}", go[key], jnsq[key], problems)
    elif isinstance(go, list):
        if len(go) != len(jnsq):
            problems.append(f"{path}: Go lists {len(go)}, jnsq {len(jnsq)}")
        for i, (a, b) in enumerate(zip(go, jnsq)):
            compare(f"{path}[{i}]", a, b, problems)
    elif (path.rsplit(".", 1)[-1] in COUNTS or "statsd_prefix" in path) and go != jnsq:
        problems.append(f"{path}: Go {json.dumps(go)}, jnsq {json.dumps(jnsq)}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jar", default="nsqd/target/nsqd.jar")
    parser.add_argument("--go-nsqd", required=True)
    parser.add_argument("--nsqlookupd", required=True)
    parser.add_argument("--nsqadmin", required=True)
    parser.add_argument("--out", default="/tmp/nsqadmin-parity")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    go = collect("go", args, args.out)
    jnsq = collect("jnsq", args, args.out)
    problems = []
    for name in go:
        compare(name, go[name], jnsq[name], problems)
    for problem in problems:
        print(problem)
    print(f"{len(go)} documents compared, {len(problems)} differences; both sides in {args.out}/")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
