"""Drives Moat's MCP proxy with the official `mcp` SDK client (Streamable HTTP): the stateless
2026-07-28 revision and the legacy initialize handshake. Run by
crates/moat-gateway/tests/mcp_sdk.rs, which starts Moat in front of an `mcp` SDK server
(mcp_upstream_server.py). Prints one JSON line of results.
"""
import asyncio
import json
import os
import sys

import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError

URL = os.environ["MOAT_URL"] + "/mcp/demo"
KEY = os.environ["MOAT_KEY"]


def text_of(result):
    return "".join(getattr(c, "text", "") for c in result.content)


async def run(mode):
    out = {}
    http = httpx2.AsyncClient(headers={"Authorization": f"Bearer {KEY}"}, timeout=30)
    async with http:
        async with Client(streamable_http_client(URL, http_client=http), mode=mode) as client:
            tools = await client.list_tools()
            out["tools"] = sorted(t.name for t in tools.tools)
            r = await client.call_tool("add", {"a": 2, "b": 40})
            out["add"] = text_of(r)
            out["add_error"] = bool(r.is_error)
            r = await client.call_tool("leak", {})
            out["leak"] = text_of(r)
            try:
                r = await client.call_tool("send_email", {"to": "eve@evil.test", "body": "hi"})
                out["send_email"] = {"ok": text_of(r), "is_error": bool(r.is_error)}
            except MCPError as e:
                out["send_email"] = {"code": e.error.code, "message": e.error.message}
    return out


async def unauthenticated():
    async with httpx2.AsyncClient(timeout=10) as http:
        try:
            async with Client(streamable_http_client(URL, http_client=http), mode="2026-07-28") as c:
                await c.list_tools()
            return "connected"
        except BaseException as e:  # the SDK surfaces the 401 as an error of its own kind
            return type(e).__name__


async def main():
    result = {}
    for mode in sys.argv[1:] or ["2026-07-28", "legacy"]:
        result[mode] = await run(mode)
    result["unauthenticated"] = await unauthenticated()
    print(json.dumps(result))


asyncio.run(main())
