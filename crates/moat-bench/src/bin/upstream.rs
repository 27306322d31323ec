//! A fast OpenAI-compatible upstream double for the gateway benchmark: answers every POST at
//! once with a fixed chat completion, or, when the request asks for `"stream": true`, with a
//! fixed server-sent event stream (content deltas, a final chunk with usage, `[DONE]`), sent
//! as separate body frames like a real provider. `GET` answers a model list. Nothing is
//! parsed beyond looking for the stream flag, so it costs the benchmark as little as possible.
//!
//! moat-bench-upstream --listen 127.0.0.1:9100 [--chunks 16]

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use clap::Parser;
use http_body_util::{BodyExt, Full, combinators::BoxBody};
use hyper::body::{Frame, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;

#[derive(Parser)]
#[command(about = "OpenAI-compatible upstream double that answers at once")]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:9100")]
    listen: SocketAddr,
    /// Content deltas per streamed answer.
    #[arg(long, default_value_t = 16)]
    chunks: usize,
}

struct Canned {
    whole: Bytes,
    events: Vec<Bytes>,
    models: Bytes,
}

fn canned(chunks: usize) -> Canned {
    let words: Vec<String> = (0..chunks.max(1)).map(|i| format!("word{i} ")).collect();
    let text: String = words.concat();
    let usage = serde_json::json!({"prompt_tokens": 1000, "completion_tokens": chunks, "total_tokens": 1000 + chunks});
    let whole = serde_json::json!({
        "id": "chatcmpl-bench", "object": "chat.completion", "created": 1_700_000_000,
        "model": "gpt-4o-mini",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": usage,
    });
    let chunk = |delta: serde_json::Value, finish: serde_json::Value, usage: serde_json::Value| {
        let mut c = serde_json::json!({
            "id": "chatcmpl-bench", "object": "chat.completion.chunk", "created": 1_700_000_000,
            "model": "gpt-4o-mini",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        });
        if !usage.is_null() {
            c["usage"] = usage;
        }
        Bytes::from(format!("data: {c}\n\n"))
    };
    let mut events = vec![chunk(
        serde_json::json!({"role": "assistant", "content": ""}),
        serde_json::Value::Null,
        serde_json::Value::Null,
    )];
    for w in &words {
        events.push(chunk(
            serde_json::json!({"content": w}),
            serde_json::Value::Null,
            serde_json::Value::Null,
        ));
    }
    events.push(chunk(serde_json::json!({}), "stop".into(), usage));
    events.push(Bytes::from_static(b"data: [DONE]\n\n"));
    let models = serde_json::json!({"object": "list", "data": [{"id": "gpt-4o-mini", "object": "model", "created": 0, "owned_by": "bench"}]});
    Canned {
        whole: Bytes::from(whole.to_string()),
        events,
        models: Bytes::from(models.to_string()),
    }
}

/// `"stream"` followed by optional spaces, `:`, optional spaces and `true`.
fn wants_stream(body: &[u8]) -> bool {
    let key = b"\"stream\"";
    let mut i = 0;
    while i + key.len() <= body.len() {
        if &body[i..i + key.len()] == key {
            let rest = &body[i + key.len()..];
            let rest = trim(rest);
            if let Some(r) = rest.strip_prefix(b":") {
                return trim(r).starts_with(b"true");
            }
        }
        i += 1;
    }
    false
}

fn trim(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

type Body = BoxBody<Bytes, Infallible>;

async fn answer(c: Arc<Canned>, req: Request<Incoming>) -> Result<Response<Body>, Infallible> {
    let post = req.method() == hyper::Method::POST;
    let body = match req.into_body().collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => Bytes::new(),
    };
    let mut resp = if !post {
        let mut r = Response::new(Full::new(c.models.clone()).boxed());
        r.headers_mut().insert(
            hyper::header::CONTENT_TYPE,
            hyper::header::HeaderValue::from_static("application/json"),
        );
        r
    } else if wants_stream(&body) {
        let frames = c
            .events
            .clone()
            .into_iter()
            .map(|b| Ok::<_, Infallible>(Frame::data(b)));
        let mut r = Response::new(frames_body(frames).boxed());
        r.headers_mut().insert(
            hyper::header::CONTENT_TYPE,
            hyper::header::HeaderValue::from_static("text/event-stream"),
        );
        r
    } else {
        let mut r = Response::new(Full::new(c.whole.clone()).boxed());
        r.headers_mut().insert(
            hyper::header::CONTENT_TYPE,
            hyper::header::HeaderValue::from_static("application/json"),
        );
        r
    };
    resp.headers_mut().insert(
        "x-request-id",
        hyper::header::HeaderValue::from_static("bench"),
    );
    Ok(resp)
}

/// An iterator of frames as a body that yields between frames, so each event leaves as its
/// own write.
fn frames_body<I: Iterator + Unpin>(it: I) -> IterStream<I> {
    IterStream { it, yielded: false }
}

struct IterStream<I> {
    it: I,
    yielded: bool,
}

impl<I: Iterator + Unpin> hyper::body::Body for IterStream<I>
where
    I::Item: Into<Result<Frame<Bytes>, Infallible>>,
{
    type Data = Bytes;
    type Error = Infallible;
    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        // Yield once between frames: a provider's events arrive as separate writes.
        if !self.yielded {
            self.yielded = true;
            cx.waker().wake_by_ref();
            return std::task::Poll::Pending;
        }
        self.yielded = false;
        std::task::Poll::Ready(self.it.next().map(Into::into))
    }
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(serve(args))
}

async fn serve(args: Args) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    let c = Arc::new(canned(args.chunks));
    eprintln!(
        "moat-bench-upstream: listening on {}",
        listener.local_addr()?
    );
    loop {
        let (stream, _) = listener.accept().await?;
        let _ = stream.set_nodelay(true);
        let c = c.clone();
        tokio::spawn(async move {
            let svc = service_fn(move |req| answer(c.clone(), req));
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), svc)
                .await;
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_stream_flag() {
        assert!(wants_stream(br#"{"model":"m","stream":true}"#));
        assert!(wants_stream(br#"{"stream" : true, "model":"m"}"#));
        assert!(!wants_stream(br#"{"stream":false}"#));
        assert!(!wants_stream(br#"{"model":"stream"}"#));
        assert!(!wants_stream(b""));
    }

    #[test]
    fn canned_stream_ends_with_done() {
        let c = canned(4);
        assert_eq!(c.events.len(), 4 + 3);
        assert_eq!(
            c.events.last().map(|b| &b[..]),
            Some(&b"data: [DONE]\n\n"[..])
        );
        let v: serde_json::Value = serde_json::from_slice(&c.whole).unwrap_or_default();
        assert_eq!(v["usage"]["completion_tokens"], 4);
    }
}
