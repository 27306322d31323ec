"""An MCP server built with the official `mcp` SDK (MCPServer, Streamable HTTP), used as the
upstream behind Moat in crates/moat-gateway/tests/mcp_sdk.rs. Usage: mcp_upstream_server.py PORT
"""
import sys

from mcp.server.mcpserver import MCPServer

server = MCPServer("moat-test-upstream")


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


if __name__ == "__main__":
    server.run("streamable-http", host="127.0.0.1", port=int(sys.argv[1]))
