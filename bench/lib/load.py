#!/usr/bin/env python3
"""Small load and parsing helpers for bench/run.sh (standard library only).

  load.py burst URL N TOKEN             N GETs of URL released at once, one connection each
  load.py dashboard BASE TEAM N TOKEN   N dashboard loads (7 GETs in parallel per load)
  load.py wrk FILE                      figures of a `wrk --latency` output
  load.py free-port                     a free TCP port on 127.0.0.1

burst and dashboard print `key=value` lines: ok, failed, statuses, seconds.
"""
import collections
import concurrent.futures
import datetime as dt
import http.client
import json
import os
import re
import socket
import sys
import threading
import time
import urllib.parse


def get(url, token, timeout=60):
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        path = parts.path + ("?" + parts.query if parts.query else "")
        conn.request("GET", path, headers={"Authorization": f"Bearer {token}",
                                           "Accept": "application/json"})
        response = conn.getresponse()
        response.read()
        return response.status
    except OSError as e:
        return f"error:{type(e).__name__}"
    finally:
        conn.close()


def report(statuses, seconds):
    counts = collections.Counter(str(s) for s in statuses)
    ok = sum(n for s, n in counts.items() if s.isdigit() and 200 <= int(s) < 400)
    print(f"ok={ok}")
    print(f"failed={len(statuses) - ok}")
    print("statuses=" + ",".join(f"{s}:{n}" for s, n in sorted(counts.items())))
    print(f"seconds={seconds:.3f}")


def burst(url, n, token):
    n = int(n)
    gate = threading.Barrier(n)

    def one(_):
        # Connect first, then wait for every other caller, so the requests leave together.
        parts = urllib.parse.urlsplit(url)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        try:
            conn.connect()
            gate.wait(timeout=60)
            conn.request("GET", parts.path + ("?" + parts.query if parts.query else ""),
                         headers={"Authorization": f"Bearer {token}"})
            response = conn.getresponse()
            response.read()
            return response.status
        except (OSError, threading.BrokenBarrierError) as e:
            return f"error:{type(e).__name__}"
        finally:
            conn.close()

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=n) as pool:
        statuses = list(pool.map(one, range(n)))
    report(statuses, time.monotonic() - started)


def this_week(today=None):
    today = today or dt.date.today()
    monday = today - dt.timedelta(days=today.weekday())
    return monday, monday + dt.timedelta(days=6)


def dashboard(base, team, n, token):
    monday, sunday = this_week()
    team_base = f"{base}/api/v1/teams/{team}"
    urls = [
        f"{base}/api/v1/me",
        f"{base}/api/v1/teams",
        f"{team_base}/projects",
        f"{team_base}/clients",
        f"{team_base}/tags",
        f"{team_base}/time-entries?from={monday.isoformat()}&to={sunday.isoformat()}",
        f"{team_base}/timer",
    ]
    pause = float(os.environ.get("BENCH_DASHBOARD_INTERVAL", "0"))
    statuses = []
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(urls)) as pool:
        for i in range(int(n)):
            statuses += list(pool.map(lambda u: get(u, token), urls))
            if pause and i + 1 < int(n):
                time.sleep(pause)
    report(statuses, time.monotonic() - started)
    print(f"calls={len(statuses)}")


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def to_ms(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(m.group(1)) * UNITS_MS[m.group(2)]


def wrk(path):
    text = open(path).read()
    out = {}
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if not m:
        sys.exit(f"no Requests/sec in {path}")
    out["rps"] = float(m.group(1))
    for pct, key in (("50", "p50_ms"), ("99", "p99_ms")):
        m = re.search(rf"^\s+{pct}%\s+(\S+)", text, re.M)
        out[key] = to_ms(m.group(1)) if m else float("nan")
    m = re.search(r"(\d+) requests in", text)
    out["requests"] = int(m.group(1)) if m else 0
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    out["non2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    out["socket_errors"] = sum(map(int, m.groups())) if m else 0
    out["rps"] = round(out["rps"])
    for key, value in out.items():
        print(f"{key}={value:.2f}" if isinstance(value, float) else f"{key}={value}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])


if __name__ == "__main__":
    commands = {"burst": burst, "dashboard": dashboard, "wrk": wrk, "free-port": free_port}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](*sys.argv[2:])
