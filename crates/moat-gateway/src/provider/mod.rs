//! Provider adapters: where the texts are in each API's requests, responses and stream events,
//! how to reach an upstream, and how usage is reported. One file per wire format.

pub mod anthropic;
pub mod openai;
pub mod sse;

use serde_json::Value;

/// Which API surface a request uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Surface {
    /// `/chat/completions`.
    ChatCompletions,
    /// `/completions` (legacy).
    Completions,
    /// `/embeddings`.
    Embeddings,
    /// `/responses`.
    Responses,
    /// Anthropic `/v1/messages`.
    Messages,
}

impl Surface {
    /// Name used in metrics, audit and authorisation (`chat`, `completions`, `embed`,
    /// `responses`, `messages`).
    pub fn action(&self) -> &'static str {
        match self {
            Surface::ChatCompletions => "chat",
            Surface::Completions => "completions",
            Surface::Embeddings => "embed",
            Surface::Responses => "responses",
            Surface::Messages => "messages",
        }
    }

    /// Path suffix on OpenAI-style upstreams.
    pub fn openai_path(&self) -> &'static str {
        match self {
            Surface::ChatCompletions => "chat/completions",
            Surface::Completions => "completions",
            Surface::Embeddings => "embeddings",
            Surface::Responses => "responses",
            Surface::Messages => "messages",
        }
    }
}

/// The role a piece of text plays, which decides the guard policy applied to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextRole {
    /// A user message or prompt.
    Prompt,
    /// A system or developer message.
    System,
    /// A tool or function result, or retrieved content.
    ToolResult,
    /// Tool-call arguments emitted by the model.
    ToolCall,
    /// Model output text.
    Response,
}

/// A visitor over the strings of a JSON document; may rewrite them in place.
pub type Visitor<'a, E> = dyn FnMut(TextRole, &mut String) -> Result<(), E> + 'a;

/// A visitor over the text pieces of a stream event, keyed by slot (choice, block, ...).
pub type SlotVisitor<'a, E> = dyn FnMut(&str, TextRole, &mut String) -> Result<(), E> + 'a;

/// What a stream event ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finish {
    /// Nothing.
    None,
    /// These slots (by prefix): flush their held-back text before this event.
    Slots(Vec<String>),
    /// Every slot.
    All,
}

/// Visit a string value, or every string inside an array/object (bounded depth).
pub(crate) fn visit_strings<E>(
    v: &mut Value,
    role: TextRole,
    f: &mut Visitor<'_, E>,
    depth: usize,
) -> Result<(), E> {
    if depth > 32 {
        return Ok(());
    }
    match v {
        Value::String(s) => f(role, s),
        Value::Array(a) => {
            for x in a {
                visit_strings(x, role, f, depth + 1)?;
            }
            Ok(())
        }
        Value::Object(o) => {
            for (_, x) in o.iter_mut() {
                visit_strings(x, role, f, depth + 1)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Visit `v` if it is a string.
pub(crate) fn visit_str<E>(
    v: Option<&mut Value>,
    role: TextRole,
    f: &mut Visitor<'_, E>,
) -> Result<(), E> {
    if let Some(Value::String(s)) = v {
        f(role, s)?;
    }
    Ok(())
}

/// Visit the request texts of `surface` in `body`.
pub fn visit_request<E>(
    surface: Surface,
    body: &mut Value,
    f: &mut Visitor<'_, E>,
) -> Result<(), E> {
    match surface {
        Surface::Messages => anthropic::visit_request(body, f),
        _ => openai::visit_request(surface, body, f),
    }
}

/// Visit the response texts of `surface` in a complete response body.
pub fn visit_response<E>(
    surface: Surface,
    body: &mut Value,
    f: &mut Visitor<'_, E>,
) -> Result<(), E> {
    match surface {
        Surface::Messages => anthropic::visit_response(body, f),
        _ => openai::visit_response(surface, body, f),
    }
}

/// Visit the incremental text pieces of one stream event.
pub fn visit_stream_event<E>(
    surface: Surface,
    event: &mut Value,
    f: &mut SlotVisitor<'_, E>,
) -> Result<(), E> {
    match surface {
        Surface::Messages => anthropic::visit_stream_event(event, f),
        _ => openai::visit_stream_event(surface, event, f),
    }
}

/// Complete texts in a stream event (Responses API `*.done` events and `response.completed`,
/// Anthropic block and message openings), which are guarded as whole texts.
pub fn visit_stream_full_texts<E>(
    surface: Surface,
    event: &mut Value,
    f: &mut Visitor<'_, E>,
) -> Result<(), E> {
    match surface {
        Surface::Responses => openai::visit_responses_full_texts(event, f),
        Surface::Messages => anthropic::visit_stream_full_texts(event, f),
        _ => Ok(()),
    }
}

/// Which slots a stream event ends.
pub fn stream_finish(surface: Surface, event: &Value) -> Finish {
    match surface {
        Surface::Messages => anthropic::stream_finish(event),
        _ => openai::stream_finish(surface, event),
    }
}

/// Remove token log-probabilities, which repeat the output token by token (see
/// [`openai::strip_logprobs`]); true if any were there. Anthropic sends none.
pub fn strip_logprobs(surface: Surface, v: &mut Value) -> bool {
    match surface {
        Surface::Messages => false,
        _ => openai::strip_logprobs(surface, v),
    }
}

/// Tokens used, from a complete response body or a stream event, when reported.
pub fn usage_tokens(surface: Surface, v: &Value) -> Option<u64> {
    match surface {
        Surface::Messages => anthropic::usage_tokens(v),
        _ => openai::usage_tokens(v),
    }
}
