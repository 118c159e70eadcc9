"""Queries per second and latency of Q1 of ../shared/bench through Neo4j's
Python driver, with 1, 4 and 16 concurrent clients (one process each, so
the clients do not share Python's interpreter lock).

    python q1_bench.py HOST:PORT PASSWORD PARAMS_JSON [SECONDS_PER_RUN] [--writer]

Q1 is `MATCH (p:Person {name: $name}) RETURN p`, one auto-commit query per
call, its record fetched. The names cycle through the bench's parameter.

The user is `neo4j`, or $BOLT_USER (`BOLT_USER=falkordb` with an empty
password for FalkorDB's Bolt port, to compare on the same machine).

With --writer, one more process writes all along: explicit transactions
that each create a node, hold the transaction open 50 ms, set a property
on Q1's person and commit (the writes are left in the store).
"""

import json
import multiprocessing
import os
import statistics
import sys
import time

from neo4j import GraphDatabase

Q1 = "MATCH (p:Person {name: $name}) RETURN p"
USER = os.environ.get("BOLT_USER", "neo4j")


def client(address, password, name, seconds, start, out):
    with GraphDatabase.driver(f"bolt://{address}", auth=(USER, password)) as d:
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


def writer(address, password, name, stop, out):
    commits = 0
    with GraphDatabase.driver(f"bolt://{address}", auth=(USER, password)) as d:
        with d.session() as s:
            while not stop.is_set():
                with s.begin_transaction() as tx:
                    tx.run("CREATE (:BenchWrite {at: timestamp()})").consume()
                    time.sleep(0.05)
                    tx.run("MATCH (p:Person {name: $name}) SET p.bench_writes = coalesce(p.bench_writes, 0) + 1", name=name).consume()
                    tx.commit()
                commits += 1
    out.put(commits)


def run(address, password, name, clients, seconds, with_writer=False):
    start = multiprocessing.Barrier(clients + 1)
    out = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=client, args=(address, password, name, seconds, start, out)) for _ in range(clients)]
    stop, commits = multiprocessing.Event(), multiprocessing.Queue()
    writing = multiprocessing.Process(target=writer, args=(address, password, name, stop, commits))
    if with_writer:
        writing.start()
    for p in procs:
        p.start()
    start.wait()
    began = time.perf_counter()
    latencies = [l for _ in procs for l in out.get()]
    wall = time.perf_counter() - began
    for p in procs:
        p.join()
    stop.set()
    writes = commits.get() if with_writer else None
    if with_writer:
        writing.join()
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    return {
        "clients": clients,
        "queries": len(latencies),
        "qps": round(len(latencies) / wall, 1),
        "median_ms": round(statistics.median(latencies) * 1000, 3),
        "p99_ms": round(p99 * 1000, 3),
        "writer_commits": writes,
    }


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--writer"]
    address, password, params_file = args[:3]
    seconds = float(args[3]) if len(args) > 3 else 10.0
    params = json.load(open(params_file))
    q1 = params.get("Q1", params)
    name = q1["name"] if isinstance(q1, dict) else q1
    for clients in (1, 4, 16):
        print(json.dumps(run(address, password, name, clients, seconds, "--writer" in sys.argv)), flush=True)
