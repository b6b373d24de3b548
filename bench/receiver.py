"""A bench receiver in its own process: records when each delivery arrived.

GET /stats returns {"arrivals": {seq: unix_time}, "count": n, "duplicates": n}.
"""

from __future__ import annotations

import argparse
import json
import time

import uvloop
from aiohttp import web

arrivals: dict[str, float] = {}
duplicates = 0


async def receive(request: web.Request) -> web.Response:
    global duplicates
    body = await request.read()
    now = time.time()
    seq = str(json.loads(body)["seq"])
    if seq in arrivals:
        duplicates += 1
    else:
        arrivals[seq] = now
    return web.Response(status=204)


async def stats(_: web.Request) -> web.Response:
    return web.json_response(
        {"arrivals": arrivals, "count": len(arrivals), "duplicates": duplicates}
    )


async def reset(_: web.Request) -> web.Response:
    global duplicates
    arrivals.clear()
    duplicates = 0
    return web.Response(status=204)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    app = web.Application()
    app.router.add_post("/in", receive)
    app.router.add_get("/stats", stats)
    app.router.add_post("/reset", reset)
    # uvloop keeps the receiver's share of the two shared cores small, like the engine's.
    uvloop.install()
    web.run_app(app, host="127.0.0.1", port=args.port, access_log=None, print=None)


if __name__ == "__main__":
    main()
