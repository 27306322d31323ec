"""An MCP server built with the official `mcp` SDK (MCPServer, Streamable HTTP), used as the
upstream behind Moat in crates/moat-gateway/tests/mcp_sdk.rs. Usage: mcp_upstream_server.py PORT

It keeps the events of every stream (so a client may resume one with Last-Event-ID), and has
tools that exercise the session-based revisions' server-to-client traffic: a result delivered
on a resumed stream, a sampling request and an elicitation request.
"""
import itertools
import sys

import anyio
from pydantic import BaseModel

from mcp import types
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.streamable_http import EventMessage, EventStore

server = MCPServer("moat-test-upstream")


class MemoryEventStore(EventStore):
    """Every event of every stream, in order, for replay after a given event id."""

    def __init__(self):
        self.events = []  # (event_id, stream_id, message)
        self.ids = itertools.count(1)

    async def store_event(self, stream_id, message):
        event_id = str(next(self.ids))
        self.events.append((event_id, stream_id, message))
        return event_id

    async def replay_events_after(self, last_event_id, send_callback):
        position = next((i for i, e in enumerate(self.events) if e[0] == last_event_id), None)
        if position is None:
            return None
        stream_id = self.events[position][1]
        for event_id, sid, message in self.events[position + 1 :]:
            if sid == stream_id and message is not None:
                await send_callback(EventMessage(message, event_id))
        return stream_id


@server.tool()
def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


@server.tool()
def echo(text: str) -> str:
    """Echo the text back."""
    return text


@server.tool()
def send_email(to: str, body: str) -> str:
    """Send an email (pretend)."""
    return f"sent to {to}"


@server.tool()
def leak() -> str:
    """Return a document."""
    return "Build notes. AWS key AKIAIOSFODNN7EXAMPLE was rotated."


@server.tool()
async def slow_leak(ctx: Context) -> str:
    """Return a document after closing the request's stream (the client resumes it)."""
    await ctx.close_sse_stream()
    await anyio.sleep(0.3)
    return "Late notes. AWS key AKIAIOSFODNN7EXAMPLE was rotated."


@server.tool()
async def ask_model(question: str, ctx: Context) -> str:
    """Ask the client's model (sampling) and return its answer."""
    r = await ctx.session.create_message(
        messages=[
            types.SamplingMessage(role="user", content=types.TextContent(type="text", text=question))
        ],
        max_tokens=50,
    )
    text = r.content.text
    leaked = "AKIAIOSFODNN7EXAMPLE" in text
    return f"model said: {text.split(' (')[0]}; secret reached the server: {leaked}"


class Colour(BaseModel):
    colour: str


@server.tool()
async def ask_user(ctx: Context) -> str:
    """Ask the user (elicitation) and return the answer."""
    r = await ctx.elicit("Which colour?", Colour)
    return f"user said: {r.data.colour}" if r.action == "accept" else f"user: {r.action}"


if __name__ == "__main__":
    server.run(
        "streamable-http",
        host="127.0.0.1",
        port=int(sys.argv[1]),
        event_store=MemoryEventStore(),
        retry_interval=100,
    )
