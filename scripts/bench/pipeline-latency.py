#!/usr/bin/env python3
"""Node answer -> verdict on the gateway's template stream, measured on a running stack.

Reads template-manager's SSE stream (GET /api/templates/stream) and, for each verdict event, takes
verdict_at - received_at: from the moment the node's getblocktemplate answer arrived (node time excluded) to
the verdict being published on the stream the gateway consumes.

usage: scripts/bench/pipeline-latency.py [--url http://127.0.0.1:8082] [--samples 100] [--timeout 900]
"""
import argparse
import json
import sys
import time
import urllib.request


def percentile(values, pct):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, int(round(pct / 100.0 * len(ordered) + 0.5)) - 1))
    return ordered[index]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8082")
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args()

    latencies, outcomes = [], {}
    deadline = time.time() + args.timeout
    request = urllib.request.Request(args.url + "/api/templates/stream", headers={"Accept": "text/event-stream"})
    with urllib.request.urlopen(request, timeout=60) as stream:
        event, data, first = None, [], True
        for raw in stream:
            if time.time() > deadline:
                break
            line = raw.decode("utf-8").rstrip("\n")
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].strip())
            elif line == "":
                if event == "verdict" and data:
                    body = json.loads("\n".join(data))
                    if first:
                        first = False  # the replayed verdict of the newest template predates this run
                    elif body.get("verdict_at") and body.get("received_at"):
                        latencies.append(body["verdict_at"] - body["received_at"])
                        outcome = body.get("outcome", "?")
                        outcomes[outcome] = outcomes.get(outcome, 0) + 1
                        if len(latencies) >= args.samples:
                            break
                event, data = None, []
    if not latencies:
        print("no verdict events received", file=sys.stderr)
        return 1
    summary = {
        "samples": len(latencies),
        "outcomes": outcomes,
        "p50_ms": percentile(latencies, 50),
        "p90_ms": percentile(latencies, 90),
        "p99_ms": percentile(latencies, 99),
        "max_ms": max(latencies),
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
