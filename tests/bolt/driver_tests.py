"""embargo serve through Neo4j's official Python driver.

Run by tests/server.rs: `python driver_tests.py SCENARIO HOST:PORT PASSWORD`.
Exits 0 when the scenario holds; otherwise an assertion says what did not.
"""

import datetime
import socket
import struct
import sys
import threading

import neo4j
import pytz
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ClientError, CypherSyntaxError, CypherTypeError, TransientError
from neo4j.time import Date, DateTime, Duration, Time

import raw_bolt

SCENARIO, ADDRESS, PASSWORD = sys.argv[1], sys.argv[2], sys.argv[3]
AUTH = ("neo4j", PASSWORD)


def driver(scheme="bolt", auth=AUTH, **config):
    return GraphDatabase.driver(f"{scheme}://{ADDRESS}", auth=auth, **config)


def connect():
    for scheme in ("bolt", "neo4j"):
        with driver(scheme) as d:
            d.verify_connectivity()
            assert d.get_server_info().agent.startswith("Neo4j/"), d.get_server_info().agent
            rows, _, keys = d.execute_query("RETURN $x + 1 AS y", x=41)
            assert keys == ["y"] and rows[0]["y"] == 42, rows
    for wrong in (("neo4j", PASSWORD + "x"), ("admin", PASSWORD), None):
        with driver(auth=wrong) as d:
            try:
                d.verify_connectivity()
            except AuthError:
                continue
            raise AssertionError(f"{wrong!r} was let in")


def types():
    stockholm = pytz.timezone("Europe/Stockholm")
    values = [
        None, True, False, 0, -1, 127, -129, 2**40, -(2**63), 1.5, float("inf"), "", "é" * 300,
        [1, "two", [3.0, None]], {"a": {"b": [True]}},
        Date(1969, 7, 20), Time(10, 15, 30, 5, tzinfo=pytz.FixedOffset(345)), neo4j.time.Time(23, 59, 59, 999999999),
        DateTime(1900, 1, 1, 0, 0, 1, 500000000), DateTime(2017, 9, 11, 8, 30, tzinfo=pytz.FixedOffset(-240)),
        stockholm.localize(DateTime(2024, 7, 1, 12, 0, 0)), Duration(months=14, days=3, seconds=14706, nanoseconds=7),
        datetime.date(2001, 2, 3),
    ]
    with driver() as d:
        for value in values:
            rows, _, _ = d.execute_query("RETURN $x AS x", x=value)
            got = rows[0]["x"]
            assert got == value, f"sent {value!r}, got {got!r}"
            assert type(got) is type(value) or isinstance(value, datetime.date), (value, got)
        rows, summary, _ = d.execute_query(
            "CREATE p = (a:Person {name: 'Kim', born: date('1980-01-02')})-[r:OWNS {share: 0.5}]->(c:Company {name: 'X'}) "
            "RETURN a, r, c, p, elementId(a) AS ea, elementId(r) AS er"
        )
        assert summary.counters.nodes_created == 2 and summary.counters.relationships_created == 1
        assert summary.counters.properties_set == 4 and summary.counters.labels_added == 2
        row = rows[0]
        a, r, c, p = row["a"], row["r"], row["c"], row["p"]
        assert a.labels == {"Person"} and a["name"] == "Kim" and a["born"] == Date(1980, 1, 2)
        assert a.element_id == row["ea"] and r.element_id == row["er"]
        assert r.type == "OWNS" and r["share"] == 0.5
        assert r.start_node.element_id == a.element_id and r.end_node.element_id == c.element_id
        assert [n.element_id for n in p.nodes] == [a.element_id, c.element_id] and len(p.relationships) == 1
        rows, _, _ = d.execute_query("MATCH p = (:Company)<-[:OWNS]-(:Person) RETURN p")
        back = rows[0]["p"]
        assert back.start_node["name"] == "X" and back.end_node["name"] == "Kim"
        assert back.relationships[0].start_node["name"] == "Kim"
        for bad in (b"bytes", neo4j.spatial.CartesianPoint((1.0, 2.0))):
            try:
                d.execute_query("RETURN $x", x=bad)
            except ClientError:
                continue
            raise AssertionError(f"{bad!r} was accepted as a parameter")


def stream():
    with driver() as d:
        with d.session(fetch_size=100) as s:
            result = s.run("UNWIND range(1, 10000) AS i RETURN i, toString(i) AS t")
            seen = 0
            for record in result:
                seen += 1
                assert record["i"] == seen and record["t"] == str(seen)
            assert seen == 10000, seen
            summary = result.consume()
            assert summary.result_available_after is not None


def transactions():
    with driver() as d:
        with d.session() as s:
            with s.begin_transaction() as tx:
                tx.run("CREATE (:T {k: 1})").consume()
                tx.run("CREATE (:T {k: 2})").consume()
                assert tx.run("MATCH (t:T) RETURN count(t) AS n").single()["n"] == 2
                tx.commit()
            with s.begin_transaction() as tx:
                tx.run("CREATE (:T {k: 3})").consume()
                tx.rollback()
            try:
                with s.begin_transaction() as tx:
                    tx.run("CREATE (:T {k: 4})").consume()
                    tx.run("RETURN 1 +").consume()
                    tx.commit()
                raise AssertionError("a syntax error inside a transaction passed")
            except CypherSyntaxError:
                pass
            try:
                s.run("RETURN $x - 1", x="a").consume()
                raise AssertionError("a type error passed")
            except CypherTypeError:
                pass
            # Two results open at once in one transaction, pulled by qid.
            with s.begin_transaction() as tx:
                first = tx.run("UNWIND range(1, 3) AS i RETURN i")
                second = tx.run("UNWIND range(4, 6) AS i RETURN i")
                assert [r["i"] for r in second] == [4, 5, 6]
                assert [r["i"] for r in first] == [1, 2, 3]
            ks = sorted(r["k"] for r in s.run("MATCH (t:T) RETURN t.k AS k"))
            assert ks == [1, 2], ks
            bookmarks = s.last_bookmarks()
            assert bookmarks, "no bookmark after a commit"
        rows, _, _ = d.execute_query("MATCH (t:T) RETURN count(t) AS n", routing_="r")
        assert rows[0]["n"] == 2


def concurrent():
    """8 sessions read while one writes pairs in transactions: every read
    sees whole pairs, never half of one."""
    errors = []
    done = threading.Event()
    with driver(max_connection_pool_size=16) as d:
        def write():
            try:
                for k in range(40):
                    def pair(tx):
                        tx.run("CREATE (:Pair {k: $k, side: 0})", k=k).consume()
                        tx.run("CREATE (:Pair {k: $k, side: 1})", k=k).consume()
                    with d.session() as s:
                        s.execute_write(pair)
            except Exception as e:  # reported below
                errors.append(f"writer: {e!r}")
            finally:
                done.set()

        def read(n):
            reads = 0
            try:
                with d.session(default_access_mode=neo4j.READ_ACCESS) as s:
                    while not done.is_set() or reads < 5:
                        count = s.execute_read(lambda tx: tx.run("MATCH (p:Pair) RETURN count(p) AS c").single()["c"])
                        if count % 2:
                            errors.append(f"reader {n} saw {count} nodes: half a pair")
                        reads += 1
            except Exception as e:
                errors.append(f"reader {n}: {e!r}")

        threads = [threading.Thread(target=write)] + [threading.Thread(target=read, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        rows, _, _ = d.execute_query("MATCH (p:Pair) RETURN count(p) AS c")
        assert rows[0]["c"] == 80, rows
    assert not errors, errors


def waits():
    """With --lock-timeout 0.2 and --timeout 0.5: a write behind an open
    write transaction fails with a TransientError (drivers retry it), a
    read does not wait; one that runs too long fails as timed out."""
    with driver() as d:
        with d.session() as holder, d.session() as waiter:
            tx = holder.begin_transaction()
            tx.run("CREATE (:Held)").consume()
            try:
                waiter.run("CREATE (:Waiting)").consume()
                raise AssertionError("a write did not wait for the writer")
            except TransientError:
                pass
            assert waiter.run("MATCH (n) RETURN count(n) AS c").single()["c"] == 0
            tx.commit()
            tx.close()
            assert waiter.run("MATCH (n) RETURN count(n) AS c").single()["c"] == 1
        try:
            d.execute_query("UNWIND range(1, 100000000) AS i WITH i WHERE i < 0 RETURN count(i)")
            raise AssertionError("a statement past --timeout ran to its end")
        except ClientError as e:
            assert e.code == "Neo.ClientError.Transaction.TransactionTimedOut", e.code


def snapshot_reads():
    """8 sessions read while one writes inside a long explicit transaction:
    the reads return (the last commit's answer) while it is open, and see
    its change once it commits. A read that waited for the writer would
    fail with a TransientError after --lock-timeout, or hang."""
    errors = []
    readers_done = threading.Barrier(9)
    with driver(max_connection_pool_size=16) as d:
        d.execute_query("CREATE (:Committed)")
        with d.session() as writer:
            tx = writer.begin_transaction()
            tx.run("UNWIND range(1, 100) AS i CREATE (:Uncommitted {i: i})").consume()
            assert tx.run("MATCH (n) RETURN count(n) AS c").single()["c"] == 101

            def read(n):
                try:
                    with d.session(default_access_mode=neo4j.READ_ACCESS) as s:
                        for _ in range(20):
                            c = s.run("MATCH (n) RETURN count(n) AS c").single()["c"]
                            if c != 1:
                                errors.append(f"reader {n} saw {c} nodes during the transaction")
                except Exception as e:
                    errors.append(f"reader {n}: {e!r}")
                finally:
                    readers_done.wait(timeout=120)

            threads = [threading.Thread(target=read, args=(i,)) for i in range(8)]
            for t in threads:
                t.start()
            readers_done.wait(timeout=120)
            for t in threads:
                t.join()
            tx.commit()
            tx.close()
        rows, _, _ = d.execute_query("MATCH (n) RETURN count(n) AS c", routing_="r")
        assert rows[0]["c"] == 101, rows
    assert not errors, errors


# Ten billion rows, one at a time: no memory to refuse it for, only time.
ENDLESS = "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b WITH a WHERE a < 0 RETURN count(a)"


def interrupts():
    """RESET ends the statement running for its connection, and so does a
    hang-up; a transaction's timeout ends it as TransactionTimedOut. A
    statement that went on would hang this scenario instead."""
    c = raw_bolt.Client(ADDRESS, PASSWORD)
    c.send(raw_bolt.message(raw_bolt.RUN, ENDLESS, {}, {}), raw_bolt.message(raw_bolt.PULL, {"n": -1}))
    c.send(raw_bolt.message(raw_bolt.RESET))
    # The RUN is cut short, the PULL queued before the RESET is ignored.
    assert c.answer() in (raw_bolt.FAILURE, raw_bolt.IGNORED)
    assert c.answer() == raw_bolt.IGNORED
    assert c.answer() == raw_bolt.SUCCESS
    c.send(raw_bolt.message(raw_bolt.RUN, "RETURN 1", {}, {}), raw_bolt.message(raw_bolt.PULL, {"n": -1}))
    assert [c.answer() for _ in range(3)] == [raw_bolt.SUCCESS, raw_bolt.RECORD, raw_bolt.SUCCESS]
    # A writer that hangs up mid-statement frees the store for the next.
    c.send(raw_bolt.message(raw_bolt.BEGIN, {}), raw_bolt.message(raw_bolt.RUN, "CREATE (:Gone)", {}, {}))
    assert c.answer() == raw_bolt.SUCCESS and c.answer() == raw_bolt.SUCCESS
    c.send(raw_bolt.message(raw_bolt.RUN, ENDLESS, {}, {}))
    c.close()
    with driver() as d:
        d.execute_query("CREATE (:After)")
        rows, _, _ = d.execute_query("MATCH (n) RETURN labels(n) AS l")
        assert [r["l"] for r in rows] == [["After"]], rows
        with d.session() as s:
            tx = s.begin_transaction(timeout=0.5, metadata={"app": "screening"})
            try:
                tx.run(ENDLESS).consume()
                raise AssertionError("a statement ran past its transaction's timeout")
            except ClientError as e:
                assert e.code == "Neo.ClientError.Transaction.TransactionTimedOut", e.code
            finally:
                tx.close()
            try:
                s.run(neo4j.Query(ENDLESS, timeout=0.5)).consume()
                raise AssertionError("an auto-commit statement ran past its timeout")
            except ClientError as e:
                assert e.code == "Neo.ClientError.Transaction.TransactionTimedOut", e.code


def full():
    """With --max-connections 1, a second client is told why it cannot
    connect: a TransientError naming the limit."""
    with driver() as first, first.session() as s:
        tx = s.begin_transaction()
        tx.run("RETURN 1").consume()
        with driver(max_transaction_retry_time=0) as second:
            try:
                with second.session() as other:
                    other.run("RETURN 1").consume()
                raise AssertionError("a client past --max-connections was served")
            except Exception as e:
                print(f"refused: {type(e).__name__}: {e}", flush=True)
                assert "--max-connections" in str(e), repr(e)
        tx.close()


def commit_marker():
    with driver() as d:
        d.execute_query("CREATE (:Marker {name: 'after-commit'})")
        with d.session() as s:
            with s.begin_transaction() as tx:
                tx.run("CREATE (:Marker {name: 'in-transaction'})").consume()
                tx.commit()
    print("committed", flush=True)


def marker_survived():
    with driver() as d:
        rows, _, _ = d.execute_query("MATCH (m:Marker) RETURN m.name AS name ORDER BY name")
        assert [r["name"] for r in rows] == ["after-commit", "in-transaction"], rows


def raw(payload, read_answer=False):
    host, port = ADDRESS.rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(payload)
        if read_answer:
            try:
                return sock.recv(4)
            except OSError:
                return b""
    return b""


def tls():
    """bolt+ssc:// and neo4j+ssc:// (TLS, a self-signed certificate)."""
    for scheme in ("bolt+ssc", "neo4j+ssc"):
        with driver(scheme) as d:
            rows, _, _ = d.execute_query("RETURN 'over TLS' AS s")
            assert rows[0]["s"] == "over TLS"
    # RESET interrupts a running statement over TLS as well.
    c = raw_bolt.Client(ADDRESS, PASSWORD, tls=True)
    c.send(raw_bolt.message(raw_bolt.RUN, ENDLESS, {}, {}), raw_bolt.message(raw_bolt.PULL, {"n": -1}))
    c.send(raw_bolt.message(raw_bolt.RESET))
    assert c.answer() in (raw_bolt.FAILURE, raw_bolt.IGNORED)
    assert [c.answer(), c.answer()] == [raw_bolt.IGNORED, raw_bolt.SUCCESS]
    c.close()
    # Plain Bolt to a TLS port gets nowhere.
    with driver("bolt", connection_timeout=5) as d:
        try:
            d.verify_connectivity()
        except Exception:
            return
        raise AssertionError("a plain connection was served on the TLS port")


def hostile():
    handshake = b"\x60\x60\xB0\x17" + bytes([0, 0, 4, 5]) + bytes(12)
    # Not Bolt at all; a good handshake with no version we speak.
    raw(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n" + bytes(200))
    assert raw(b"\x60\x60\xB0\x17" + bytes([0, 0, 0, 3]) + bytes(12), read_answer=True) == bytes(4)
    assert raw(handshake, read_answer=True) == bytes([0, 0, 4, 5])
    # Hang-ups mid-message, a chunk larger than allowed before LOGON, a
    # list claiming four billion items, garbage after the handshake.
    raw(handshake + b"\x00\x40\xB1\x01")
    raw(handshake + b"\xFF\xFF" + bytes(1000) + b"\xFF\xFF" + bytes(65535))
    raw(handshake + b"\x00\x07\xB1\x01\xD6\xFF\xFF\xFF\xFF\x00\x00")
    raw(handshake + bytes(range(256)) * 4)
    nested = b"\xB1\x01" + b"\x91" * 5000 + b"\xC0"
    raw(handshake + struct.pack(">H", len(nested)) + nested + b"\x00\x00")
    with driver() as d:
        rows, _, _ = d.execute_query("RETURN 'still here' AS s")
        assert rows[0]["s"] == "still here"


SCENARIOS = {f.__name__: f for f in (connect, types, stream, transactions, concurrent, waits, snapshot_reads, interrupts, full, tls, commit_marker, marker_survived, hostile)}

if __name__ == "__main__":
    SCENARIOS[SCENARIO]()
