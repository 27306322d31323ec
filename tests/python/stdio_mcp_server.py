"""A minimal MCP server over stdio (newline-delimited JSON-RPC, standard library only), launched
by Moat in crates/moat-gateway/tests/mcp_stdio.rs. Tools: `echo`; `flood`, which writes a line
far over any message limit; `die`, which exits mid-request.
"""
import json
import sys

TOOLS = [
    {"name": "echo", "description": "Echo the text back.",
     "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}}},
    {"name": "flood", "description": "Write a lot of output.", "inputSchema": {"type": "object"}},
    {"name": "die", "description": "Exit.", "inputSchema": {"type": "object"}},
]


def send(msg):
    sys.stdout.write(json.dumps(msg) + "\n")
    sys.stdout.flush()


for line in sys.stdin:
    try:
        msg = json.loads(line)
    except ValueError:
        continue
    if "id" not in msg:
        continue
    method, mid, params = msg.get("method"), msg["id"], msg.get("params") or {}
    if method == "initialize":
        send({"jsonrpc": "2.0", "id": mid, "result": {
            "protocolVersion": params.get("protocolVersion", "2025-11-25"),
            "capabilities": {"tools": {}}, "serverInfo": {"name": "stdio-test", "version": "1"}}})
    elif method == "tools/list":
        send({"jsonrpc": "2.0", "id": mid, "result": {"tools": TOOLS}})
    elif method == "tools/call":
        name = params.get("name")
        if name == "flood":
            sys.stdout.write("x" * (4 << 20))
            sys.stdout.flush()
        elif name == "die":
            sys.exit(3)
        else:
            text = params.get("arguments", {}).get("text", "")
            send({"jsonrpc": "2.0", "id": mid, "result": {"content": [{"type": "text", "text": f"echo: {text}"}]}})
    else:
        send({"jsonrpc": "2.0", "id": mid, "error": {"code": -32601, "message": "no such method"}})
