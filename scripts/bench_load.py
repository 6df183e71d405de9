"""Serve a store and read it with concurrent clients: p50 / p95 / slowest per page.

A fixed mix of the pages users open (overview, actors, an actor's page, signals, stories,
outlets, articles, an article) and their API twins, read by `--clients` concurrent clients
for `--requests` requests in all, against `overture serve` started here on a free port
(in-process uvicorn in a thread). Prints a line per page and the overall figures; errors
(non-200) are counted, never hidden.

    python scripts/bench_load.py sqlite:///cnn.db --clients 10 --requests 400 [--workers 2]
"""
from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import threading
import time
from collections import defaultdict

import httpx


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(url: str, port: int) -> None:
    import uvicorn

    from overture.store import Store
    from overture.web import create_app
    store = Store(url)
    uvicorn.run(create_app(store, allowed_hosts=["127.0.0.1", "localhost"]), host="127.0.0.1", port=port,
                log_level="warning")


def _serve_processes(url: str, port: int, workers: int):  # noqa: ANN202
    """`overture serve --workers N` as a user runs it, in a child process."""
    import subprocess
    import sys
    from pathlib import Path
    exe = Path(sys.executable).with_name("overture")
    return subprocess.Popen([str(exe), "serve", "--db", url, "--port", str(port), "--workers", str(workers)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _mix(base: str) -> list[tuple[str, str]]:
    """(page name, path): the pages, with one busy actor, story and article of the store."""
    with httpx.Client(base_url=base, timeout=120) as c:
        actors = c.get("/api/actors").json()
        actor = actors[0]["id"] if actors else 1
        stories = c.get("/api/stories").json()
        story = stories[0]["id"] if stories else 1
        articles = c.get("/api/articles").json()["items"]
        article = articles[0]["id"] if articles else 1
    return [("overview", "/"), ("actors", "/actors"), ("actor", f"/actors/{actor}"), ("signals", "/signals"),
            ("stories", "/stories"), ("story", f"/stories/{story}"), ("outlets", "/outlets"),
            ("articles", "/articles"), ("article", f"/articles/{article}"),
            ("api actors", "/api/actors"), ("api timeline", f"/api/actors/{actor}/timeline"),
            ("api positions", f"/api/actors/{actor}/positions"), ("api signals", "/api/signals"),
            ("api stories", "/api/stories"), ("api articles", "/api/articles"),
            ("api article", f"/api/articles/{article}")]


async def _run(base: str, mix: list[tuple[str, str]], clients: int, requests: int) -> dict:
    times: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    queue: asyncio.Queue = asyncio.Queue()
    for i in range(requests):
        queue.put_nowait(mix[i % len(mix)])

    async def client() -> None:
        async with httpx.AsyncClient(base_url=base, timeout=300) as c:
            while not queue.empty():
                name, path = queue.get_nowait()
                started = time.perf_counter()
                r = await c.get(path)
                times[name].append(time.perf_counter() - started)
                if r.status_code != 200:
                    errors[name] += 1

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return {"times": times, "errors": errors, "seconds": time.perf_counter() - started}


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("db", help="the store's SQLAlchemy URL")
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--requests", type=int, default=320)
    ap.add_argument("--workers", type=int, default=1, help="server processes (1: in this process)")
    args = ap.parse_args()
    port = _free_port()
    server = None
    if args.workers > 1:
        server = _serve_processes(args.db, port, args.workers)
    else:
        threading.Thread(target=_serve, args=(args.db, port), daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(base + "/api/articles", timeout=60)
            break
        except httpx.HTTPError:
            time.sleep(0.2)
    mix = _mix(base)
    result = asyncio.run(_run(base, mix, args.clients, args.requests))
    every = [t for ts in result["times"].values() for t in ts]
    print(f"{args.db}: {args.clients} clients, {len(every)} requests in {result['seconds']:.1f}s "
          f"({len(every) / result['seconds']:.1f}/s); errors {sum(result['errors'].values())}")
    print(f"{'page':16} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, _ in mix:
        ts = result["times"][name]
        print(f"{name:16} {statistics.median(ts) * 1000:8.0f} {_pct(ts, 0.95) * 1000:8.0f} {max(ts) * 1000:8.0f}"
              + (f"  errors {result['errors'][name]}" if result["errors"][name] else ""))
    print(f"{'all':16} {statistics.median(every) * 1000:8.0f} {_pct(every, 0.95) * 1000:8.0f} {max(every) * 1000:8.0f}")
    if server is not None:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
