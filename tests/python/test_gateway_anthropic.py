"""Drives Moat's gateway with the official `anthropic` SDK (messages, streaming, errors).
Run by crates/moat-gateway/tests/sdk.rs. Prints one JSON line of results."""
import json
import os
import sys

import anthropic

URL = os.environ["MOAT_URL"]
KEY = os.environ["MOAT_KEY"]
mode = sys.argv[1] if len(sys.argv) > 1 else "basic"
out = {}
client = anthropic.Anthropic(base_url=URL, api_key=KEY, max_retries=0)

if mode == "basic":
    m = client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=100,
        messages=[{"role": "user", "content": "hello claude"}],
    )
    out["message"] = m.content[0].text
    out["usage"] = m.usage.input_tokens + m.usage.output_tokens

    with client.messages.stream(
        model="claude-sonnet-4-5",
        max_tokens=100,
        messages=[{"role": "user", "content": "stream claude"}],
    ) as stream:
        out["stream"] = "".join(stream.text_stream)
        final = stream.get_final_message()
    out["stream_final"] = final.content[0].text

    bad = anthropic.Anthropic(base_url=URL, api_key="wrong-key-000000", max_retries=0)
    try:
        bad.messages.create(
            model="claude-sonnet-4-5", max_tokens=10, messages=[{"role": "user", "content": "x"}]
        )
    except anthropic.AuthenticationError as e:
        out["auth_status"] = e.status_code
        out["auth_type"] = e.body["error"]["type"]

elif mode == "stream_block":
    parts = []
    try:
        with client.messages.stream(
            model="claude-sonnet-4-5",
            max_tokens=100,
            messages=[{"role": "user", "content": "tell me"}],
        ) as stream:
            for t in stream.text_stream:
                parts.append(t)
        out["result"] = "completed"
    except anthropic.APIStatusError as e:
        out["result"] = "error"
        out["message"] = str(e)
    except anthropic.APIError as e:
        out["result"] = "error"
        out["message"] = str(e)
    out["received"] = "".join(parts)

print(json.dumps(out))
