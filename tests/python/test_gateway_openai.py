"""Drives Moat's gateway with the official `openai` SDK (OpenAI, AsyncOpenAI, AzureOpenAI;
sync, async and streaming). Run by crates/moat-gateway/tests/sdk.rs, which starts Moat in front of
a scripted upstream double and checks what the double received. Prints one JSON line of results.
"""
import asyncio
import json
import os
import sys

import openai
from openai import AsyncOpenAI, AzureOpenAI, OpenAI

URL = os.environ["MOAT_URL"]
KEY = os.environ["MOAT_KEY"]
mode = sys.argv[1] if len(sys.argv) > 1 else "basic"
out = {}

client = OpenAI(base_url=URL + "/v1", api_key=KEY, max_retries=0)

if mode == "basic":
    r = client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "hello there"}]
    )
    out["chat"] = r.choices[0].message.content
    out["usage"] = r.usage.total_tokens

    parts = []
    for chunk in client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "stream me"}],
        stream=True,
    ):
        if chunk.choices and chunk.choices[0].delta.content:
            parts.append(chunk.choices[0].delta.content)
    out["chat_stream"] = "".join(parts)

    e = client.embeddings.create(model="text-embedding-3-small", input="embed me")
    out["embedding_len"] = len(e.data[0].embedding)

    c = client.completions.create(model="gpt-3.5-turbo-instruct", prompt="complete me")
    out["completion"] = c.choices[0].text

    resp = client.responses.create(model="gpt-4o-mini", input="respond to me")
    out["responses"] = resp.output_text

    texts = []
    with client.responses.stream(model="gpt-4o-mini", input="respond streaming") as s:
        for ev in s:
            if ev.type == "response.output_text.delta":
                texts.append(ev.delta)
        final = s.get_final_response()
    out["responses_stream"] = "".join(texts)
    out["responses_stream_final"] = final.output_text

    models = client.models.list()
    out["models"] = sorted(m.id for m in models.data)

    async def run_async():
        ac = AsyncOpenAI(base_url=URL + "/v1", api_key=KEY, max_retries=0)
        r = await ac.chat.completions.create(
            model="gpt-4o", messages=[{"role": "user", "content": "async hello"}]
        )
        parts = []
        stream = await ac.chat.completions.create(
            model="gpt-4o",
            messages=[{"role": "user", "content": "async stream"}],
            stream=True,
        )
        async for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                parts.append(chunk.choices[0].delta.content)
        await ac.close()
        return r.choices[0].message.content, "".join(parts)

    out["async"], out["async_stream"] = asyncio.run(run_async())

    az = AzureOpenAI(
        azure_endpoint=URL, api_key=KEY, api_version="2024-10-21", max_retries=0
    )
    r = az.chat.completions.create(
        model="my-deployment", messages=[{"role": "user", "content": "azure hello"}]
    )
    out["azure"] = r.choices[0].message.content
    parts = []
    for chunk in az.chat.completions.create(
        model="my-deployment",
        messages=[{"role": "user", "content": "azure stream"}],
        stream=True,
    ):
        if chunk.choices and chunk.choices[0].delta.content:
            parts.append(chunk.choices[0].delta.content)
    out["azure_stream"] = "".join(parts)

elif mode == "errors":
    bad = OpenAI(base_url=URL + "/v1", api_key="not-a-valid-key", max_retries=0)
    try:
        bad.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "x"}])
    except openai.AuthenticationError as e:
        out["auth_status"] = e.status_code
        out["auth_code"] = e.code
    try:
        client.chat.completions.create(model="no-such-model", messages=[{"role": "user", "content": "x"}])
    except openai.NotFoundError as e:
        out["notfound_status"] = e.status_code
        out["notfound_code"] = e.code
    try:
        client.chat.completions.create(model="limited-model", messages=[{"role": "user", "content": "x"}])
    except openai.RateLimitError as e:
        out["upstream_429_status"] = e.status_code
        out["upstream_429_code"] = e.code

elif mode == "guard":
    # Prompt injection is refused before the upstream.
    try:
        client.chat.completions.create(
            model="gpt-4o",
            messages=[{"role": "user", "content": sys.argv[2]}],
        )
        out["injection"] = "allowed"
    except openai.BadRequestError as e:
        out["injection"] = e.code
    # A secret in a streamed answer is masked even though it is split across chunks.
    parts = []
    for chunk in client.chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": "tell me"}], stream=True
    ):
        if chunk.choices and chunk.choices[0].delta.content:
            parts.append(chunk.choices[0].delta.content)
    out["stream_text"] = "".join(parts)

elif mode == "stream_block":
    parts = []
    try:
        for chunk in client.chat.completions.create(
            model="gpt-4o", messages=[{"role": "user", "content": "tell me"}], stream=True
        ):
            if chunk.choices and chunk.choices[0].delta.content:
                parts.append(chunk.choices[0].delta.content)
        out["result"] = "completed"
    except openai.APIError as e:
        out["result"] = "error"
        out["message"] = e.message
    out["received"] = "".join(parts)

print(json.dumps(out))
