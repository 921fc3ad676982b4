#!/usr/bin/env python3
"""Cold-start latency of pool-verifier: how the first templates after start-up are judged against later ones.

Starts `java -jar JAR` on free loopback ports with the shipped policy and a tiny mempool endpoint of its own (the
verifier polls it as it would template-manager's /api/mempool), waits until /ready is 200, then sends TEMPLATES
full-size proposals (4,000 transactions each, the verifier TCP protocol of docs/verifier-protocol.md) one at a time
and prints the round-trip p50/p99 of the first 50 against the last 50. The proposals are encoded before the clock
starts. Usage:

    scripts/bench/verifier-cold-start.py [--jar pool-verifier/target/pool-verifier.jar] [--templates 200]
"""
import argparse
import http.server
import json
import os
import random
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mempool(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"size": 25}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def proposal(request_id, rng, tx_count):
    prev_hash = "".join(rng.choice("0123456789abcdef") for _ in range(64)).encode()
    body = struct.pack(">QH", request_id, 2) + bytes([len(prev_hash)]) + prev_hash
    body += struct.pack(">iIIqqII", 0x20000000, 0x17031ABE, 900_000, int(time.time()), 312_500_000, 400, tx_count)
    rows = bytearray()
    for _ in range(tx_count):
        # Fees and weights of a full mainnet-like block: about 3.9 M WU in all, fees above every default tier.
        rows += rng.randbytes(32) + struct.pack(">qii", rng.randint(5_000, 60_000), rng.randint(560, 1_400), 1)
    body += bytes(rows)
    return struct.pack(">IBB", len(body) + 2, 1, 1) + body


def read_exact(sock, n):
    data = bytearray()
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise EOFError("verifier closed the connection")
        data += chunk
    return bytes(data)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jar", default=os.path.join(REPO, "pool-verifier/target/pool-verifier.jar"))
    parser.add_argument("--templates", type=int, default=200)
    parser.add_argument("--tx-count", type=int, default=4000)
    args = parser.parse_args()

    mempool = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Mempool)
    threading.Thread(target=mempool.serve_forever, daemon=True).start()
    tcp_port, http_port = free_port(), free_port()
    data_dir = tempfile.mkdtemp(prefix="verifier-cold-")
    env = dict(os.environ,
               VELDRA_VERIFIER_TCP_PORT=str(tcp_port), VELDRA_VERIFIER_HTTP_PORT=str(http_port),
               VELDRA_TEMPLATE_MANAGER_URL="http://127.0.0.1:%d" % mempool.server_address[1],
               VELDRA_MEMPOOL_POLL_SECS="1", VELDRA_DATA_DIR=data_dir,
               VELDRA_POLICY_FILE=os.path.join(data_dir, "policy.toml"))
    with open(os.path.join(REPO, "config/policy.toml")) as src, open(env["VELDRA_POLICY_FILE"], "w") as dst:
        dst.write(src.read())
    rng = random.Random(12)
    frames = [proposal(i + 1, rng, args.tx_count) for i in range(args.templates)]
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if "JAVA_HOME" in os.environ else "java"
    started = time.monotonic()
    process = subprocess.Popen([java, "-jar", args.jar], env=env, cwd=data_dir,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen("http://127.0.0.1:%d/ready" % http_port, timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                sys.exit("verifier did not become ready")
            time.sleep(0.05)
        ready_secs = time.monotonic() - started
        latencies = []
        rejected = 0
        with socket.create_connection(("127.0.0.1", tcp_port)) as sock:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            for frame in frames:
                sent = time.perf_counter()
                sock.sendall(frame)
                length, kind, _ = struct.unpack(">IBB", read_exact(sock, 6))
                body = read_exact(sock, length - 2)
                latencies.append((time.perf_counter() - sent) * 1000)
                if kind != 2:
                    sys.exit("unexpected frame type %d" % kind)
                rejected += body[8] == 0
        first, last = latencies[:50], latencies[-50:]
        print("ready after %.1f s; %d templates of %d transactions (%d rejected)"
              % (ready_secs, len(latencies), args.tx_count, rejected))
        print("first 50: p50 %.2f ms  p99 %.2f ms  max %.2f ms" % (percentile(first, 50), percentile(first, 99), max(first)))
        print("last 50:  p50 %.2f ms  p99 %.2f ms  max %.2f ms" % (percentile(last, 50), percentile(last, 99), max(last)))
    finally:
        process.terminate()
        process.wait(30)
        mempool.shutdown()


if __name__ == "__main__":
    main()
