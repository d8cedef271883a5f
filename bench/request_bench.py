"""The cost of a request: ``napkg serve`` (one process) side by side with Oxigraph's own server and rdflib-endpoint.

Run: ``python -m bench.request_bench --peers /path/to/venv/bin [--seconds 15] [--rounds 3] [--clients 16]``
where the peers' venv has ``pip install oxigraph rdflib-endpoint[cli] uvicorn`` (kept out of napkg's own
dependencies). A report, not a test. In one run, on the current build:

- ``napkg serve --threads 16`` (waitress, its query worker processes, the guard, the time limit);
- ``oxigraph serve-read-only --union-default-graph`` on the same store folder;
- ``rdflib-endpoint serve`` on the build's TriG dump.

Workloads: ``ASK {}`` (the fixed cost of a request); competency queries 02, 03, 04 and 05a with the
same text every time, and 02 and 05a with a new text each request (a comment numbering the request:
what a client putting values into its queries sends, and what defeats any per-text cache); and a
resource as Turtle (napkg's ``/id/actor/spf-justice``; ``DESCRIBE`` of the same IRI for the peers).

Each measurement: ``--clients`` keep-alive clients (``--client-procs`` processes, threads within)
sending back to back for ``--seconds``; the three servers interleaved within each of ``--rounds``
rounds; printed are medians over rounds of requests/s, p50 latency and the server's CPU time per
request (its process tree, from psutil), and the row count each server answered. The load generator
runs on the same machine, so the fastest server is bounded by the clients: read the ratios.
``--cli`` instead times cold starts of the CLI against ``python -c pass`` and Oxigraph's CLI.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ("02-actions-of-actor", "03-actors-in-several-plans", "04-co-responsibility", "05a-sdgs-per-plan")
FRESH = ("02-actions-of-actor", "05a-sdgs-per-plan")
RESOURCE = "https://w3id.org/napkg/id/actor/spf-justice"
JSON = "application/sparql-results+json"


def wait_ready(port: int, path: str, proc: subprocess.Popen, timeout_s: float = 180) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.args}")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", path, headers={"Accept": JSON})
            if c.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"server not ready: {proc.args}")


# ---------------------------------------------------------------- load: processes of threads, http.client keep-alive

def _client_proc(port: int, requests_: list, seconds: float, start_at: float, threads: int, fresh: bool, out) -> None:
    lat, errors = [], [0]
    lock = threading.Lock()

    def run(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, bad, n = [], 0, 0
        while time.time() < start_at:
            time.sleep(0.001)
        stop_at = start_at + seconds
        while True:
            t = time.time()
            if t >= stop_at:
                break
            path, accept = requests_[0]
            if fresh:  # a new text: the query with a comment numbering this request
                base, _, q = path.partition("?query=")
                path = base + "?query=" + urllib.parse.quote(f"# request {os.getpid()}-{k}-{n}\n") + q
            n += 1
            try:
                conn.request("GET", path, headers={"Accept": accept})
                r = conn.getresponse()
                body = r.read()
                ok = r.status == 200 and body
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                ok = False
            if ok:
                mine.append(time.time() - t)
            else:
                bad += 1
        with lock:
            lat.extend(mine)
            errors[0] += bad

    ths = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for th in ths:
        th.start()
    for th in ths:
        th.join()
    out.put((lat, errors[0]))


def load(port: int, path: str, accept: str, *, clients: int, procs: int, seconds: float, fresh: bool,
         pids: list[int]) -> dict:
    import psutil

    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    start_at = time.time() + 0.5
    per = [clients // procs + (1 if i < clients % procs else 0) for i in range(procs)]
    ps = [ctx.Process(target=_client_proc, args=(port, [(path, accept)], seconds, start_at, n, fresh, out))
          for n in per if n]
    tree = [psutil.Process(p) for p in pids]
    tree += [c for p in tree for c in p.children(recursive=True)]

    def cpu() -> float:
        total = 0.0
        for p in tree:
            try:
                t = p.cpu_times()
                total += t.user + t.system
            except psutil.NoSuchProcess:
                pass
        return total

    for p in ps:
        p.start()
    time.sleep(max(0.0, start_at - time.time()))
    cpu0 = cpu()
    lat, errors = [], 0
    for _ in ps:
        got, bad = out.get()
        lat.extend(got)
        errors += bad
    cpu1 = cpu()
    for p in ps:
        p.join()
    lat.sort()
    n = len(lat)
    return {"rps": n / seconds, "p50_ms": statistics.median(lat) * 1000 if lat else float("nan"),
            "cpu_ms": (cpu1 - cpu0) * 1000 / n if n else float("nan"), "errors": errors}


def count_rows(port: int, path: str, accept: str) -> str:
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    c.request("GET", path, headers={"Accept": accept})
    r = c.getresponse()
    body = r.read()
    if r.status != 200:
        return f"HTTP {r.status}"
    if accept == JSON:
        doc = json.loads(body)
        return str(len(doc["results"]["bindings"])) if "results" in doc else str(doc.get("boolean"))
    return f"{len([line for line in body.splitlines() if line.strip()])} lines"


# ---------------------------------------------------------------- the three servers

def start_servers(build: Path, peers: Path, store_dir: str) -> dict:
    """The three servers, each ready; if one cannot start, those already started are stopped."""
    from kg.store.virtuoso_server import free_port

    env = {**os.environ, "NAPKG_STORE_DIR": store_dir, "PYTHONPATH": str(ROOT)}
    plans = [
        ("napkg", lambda port: [sys.executable, "-m", "kg.cli", "serve", "--port", str(port), "--threads", "16"],
         "/sparql"),
        ("oxigraph", lambda port: [str(peers / "oxigraph"), "serve-read-only", "--location", str(build / "store"),
                                   "--bind", f"127.0.0.1:{port}", "--union-default-graph"], "/query"),
        ("rdflib-endpoint", lambda port: [str(peers / "rdflib-endpoint"), "serve", str(build / "dumps" / "napkg.trig"),
                                          "--host", "127.0.0.1", "--port", str(port)], "/"),
    ]
    servers: dict = {}
    try:
        for name, command, path in plans:
            port = free_port()
            proc = subprocess.Popen(command(port), cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            servers[name] = (proc, port, path)
            wait_ready(port, path + "?query=ASK%7B%7D", proc)
    except BaseException:
        stop_servers(servers)
        raise
    return servers


def stop_servers(servers: dict) -> None:
    for proc, _, _ in servers.values():
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def workloads(texts: dict[str, str]) -> list[tuple[str, dict, bool]]:
    """(name, server -> (path, Accept), fresh text per request)."""
    def q(text: str, server_path: str) -> str:
        return server_path + "?query=" + urllib.parse.quote(text)

    out = []
    names = [("ASK {}", "ASK {}", False)] + [(n, texts[n], False) for n in QUERIES] + \
        [(f"{n}, new text each request", texts[n], True) for n in FRESH]
    for name, text, fresh in names:
        out.append((name, {s: (q(text, p), JSON) for s, p in
                           (("napkg", "/sparql"), ("oxigraph", "/query"), ("rdflib-endpoint", "/"))}, fresh))
    describe = f"DESCRIBE <{RESOURCE}>"
    out.append(("/id/... as Turtle (peers: DESCRIBE)", {
        "napkg": ("/id/actor/spf-justice", "text/turtle"),
        "oxigraph": (q(describe, "/query"), "text/turtle"),
        "rdflib-endpoint": (q(describe, "/"), "text/turtle")}, False))
    return out


def bench(args) -> None:
    from kg.query import named_queries
    from kg.settings import Settings

    settings = Settings.from_env(store_dir=args.store_dir)
    link = settings.path("store_dir") / "current"
    if not link.exists():
        raise SystemExit(f"no build under {settings.store_dir}: run 'napkg build' first")
    build = link.resolve()
    shipped = named_queries()
    texts = {n: shipped[n].text for n in QUERIES}
    servers = start_servers(build, Path(args.peers), str(settings.path("store_dir")))
    try:
        loads = os.getloadavg()
        print(f"# {args.clients} clients ({args.client_procs} processes), {args.seconds:g} s x {args.rounds} rounds, "
              f"load average at start {loads[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
        work = workloads(texts)
        rows = {name: {s: count_rows(servers[s][1], *reqs[s]) for s in servers} for name, reqs, _ in work}
        results: dict = {name: {s: [] for s in servers} for name, _, _ in work}
        for r in range(args.rounds):
            for name, reqs, fresh in work:
                order = list(servers) if r % 2 == 0 else list(reversed(list(servers)))
                for s in order:
                    proc, port, _ = servers[s]
                    res = load(port, *reqs[s], clients=args.clients, procs=args.client_procs, seconds=args.seconds,
                               fresh=fresh, pids=[proc.pid])
                    results[name][s].append(res)
                    print(f"round {r + 1} {name:40s} {s:16s} {res['rps']:8.0f} req/s  p50 {res['p50_ms']:7.1f} ms  "
                          f"cpu {res['cpu_ms']:6.2f} ms/req  errors {res['errors']}", flush=True)
        print("\n| workload | napkg req/s | Oxigraph req/s | rdflib-endpoint req/s | napkg / Oxigraph | "
              "napkg / rdflib-endpoint | server CPU ms/req (napkg, Oxigraph, rdflib-endpoint) | rows (same order) |")
        print("|---|---|---|---|---|---|---|---|")
        for name, _, _ in work:
            med = {s: statistics.median(x["rps"] for x in results[name][s]) for s in servers}
            cpu = {s: statistics.median(x["cpu_ms"] for x in results[name][s]) for s in servers}
            ratio = lambda a, b: f"{med[a] / med[b]:.2f}" if med[b] else "-"  # noqa: E731
            print(f"| {name} | {med['napkg']:.0f} | {med['oxigraph']:.0f} | {med['rdflib-endpoint']:.0f} | "
                  f"{ratio('napkg', 'oxigraph')} | {ratio('napkg', 'rdflib-endpoint')} | "
                  f"{cpu['napkg']:.2f}, {cpu['oxigraph']:.2f}, {cpu['rdflib-endpoint']:.2f} | "
                  f"{', '.join(rows[name][s] for s in servers)} |")
    finally:
        stop_servers(servers)


# ---------------------------------------------------------------- the CLI's cold start

def cli(args) -> None:
    """Median of ``--runs`` cold runs of each command, in milliseconds, and as a multiple of ``python -c pass``."""
    from kg.settings import Settings

    store = Settings.from_env(store_dir=args.store_dir).path("store_dir")
    napkg = [sys.executable, "-m", "kg.cli", "--store-dir", str(store)]
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "napkg --help": napkg + ["--help"],
        "napkg query 'ASK {}'": napkg + ["query", "ASK {}"],
        "napkg query @05a-sdgs-per-plan": napkg + ["query", "@05a-sdgs-per-plan"],
        "napkg stats": napkg + ["stats"],
    }
    if args.peers:
        commands["oxigraph query 'ASK {}'"] = [str(Path(args.peers) / "oxigraph"), "query", "--location",
                                               str((store / "current").resolve() / "store"), "--query", "ASK {}"]
    times = {}
    for name, cmd in commands.items():
        runs = []
        for _ in range(args.runs):
            t = time.perf_counter()
            subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            runs.append((time.perf_counter() - t) * 1000)
        times[name] = statistics.median(runs)
    base = times["python -c pass"]
    print(f"# median of {args.runs} cold runs, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print("| command | ms | x python -c pass |\n|---|---|---|")
    for name, ms in times.items():
        print(f"| `{name}` | {ms:.0f} | {ms / base:.1f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store-dir", help="folder of built stores [the store_dir setting]")
    ap.add_argument("--peers", help="bin/ folder of a venv with oxigraph and rdflib-endpoint installed")
    ap.add_argument("--seconds", type=float, default=15)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--client-procs", type=int, default=4)
    ap.add_argument("--cli", action="store_true", help="time the CLI's cold start instead")
    ap.add_argument("--runs", type=int, default=5, help="cold runs per command with --cli [5]")
    args = ap.parse_args()
    if args.cli:
        cli(args)
    elif not args.peers:
        raise SystemExit("--peers: the bin/ folder of a venv with 'pip install oxigraph rdflib-endpoint[cli] uvicorn'")
    else:
        bench(args)


if __name__ == "__main__":
    main()
