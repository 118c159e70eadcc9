"""Queries per second and latency of Q1 of ../shared/bench through Neo4j's
Python driver, with 1, 4 and 16 concurrent clients (one process each, so
the clients do not share Python's interpreter lock).

    python q1_bench.py HOST:PORT PASSWORD PARAMS_JSON [SECONDS_PER_RUN]

Q1 is `MATCH (p:Person {name: $name}) RETURN p`, one auto-commit query per
call, its record fetched. The names cycle through the bench's parameter.
"""

import json
import multiprocessing
import statistics
import sys
import time

from neo4j import GraphDatabase

Q1 = "MATCH (p:Person {name: $name}) RETURN p"


def client(address, password, name, seconds, start, out):
    with GraphDatabase.driver(f"bolt://{address}", auth=("neo4j", password)) as d:
        with d.session() as s:
            for _ in range(20):  # warm-up
                list(s.run(Q1, name=name))
            start.wait()
            latencies = []
            end = time.perf_counter() + seconds
            while time.perf_counter() < end:
                t = time.perf_counter()
                rows = list(s.run(Q1, name=name))
                latencies.append(time.perf_counter() - t)
                assert len(rows) >= 1, rows
    out.put(latencies)


def run(address, password, name, clients, seconds):
    start = multiprocessing.Barrier(clients + 1)
    out = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=client, args=(address, password, name, seconds, start, out)) for _ in range(clients)]
    for p in procs:
        p.start()
    start.wait()
    began = time.perf_counter()
    latencies = [l for _ in procs for l in out.get()]
    wall = time.perf_counter() - began
    for p in procs:
        p.join()
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    return {
        "clients": clients,
        "queries": len(latencies),
        "qps": round(len(latencies) / wall, 1),
        "median_ms": round(statistics.median(latencies) * 1000, 3),
        "p99_ms": round(p99 * 1000, 3),
    }


if __name__ == "__main__":
    address, password, params_file = sys.argv[1:4]
    seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 10.0
    params = json.load(open(params_file))
    q1 = params.get("Q1", params)
    name = q1["name"] if isinstance(q1, dict) else q1
    for clients in (1, 4, 16):
        print(json.dumps(run(address, password, name, clients, seconds)), flush=True)
