//! The runner: sends every attack with bounded concurrency and a rate limit, retries transient
//! failures with backoff, judges each answer, records each result as it finishes (so a run can
//! resume), and never stops because one attack failed.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use tokio::sync::{Mutex, Semaphore, mpsc};

use crate::attack::{Attack, attack_seed};
use crate::journal::Journal;
use crate::judges::llm::LlmJudge;
use crate::judges::{self, DlpJudge, Observation};
use crate::targets::{Answer, Conversation, Message, Role, Target, TargetError};

/// Largest response text kept in a result (characters); the rest is cut with a note.
pub const MAX_KEPT_RESPONSE: usize = 16 * 1024;

/// How to run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Attacks in flight at once.
    pub concurrency: usize,
    /// Requests per second across the run (0: unlimited).
    pub rate: f64,
    /// Retries after the first attempt, for transient failures.
    pub retries: u32,
    /// First backoff delay; doubles each retry, with jitter, capped at 30 s.
    pub backoff: Duration,
    /// The run seed.
    pub seed: u64,
    /// The canary planted in the system prompt.
    pub canary: String,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            concurrency: 4,
            rate: 0.0,
            retries: 3,
            backoff: Duration::from_millis(500),
            seed: 0,
            canary: String::new(),
        }
    }
}

/// The outcome of one attack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttackResult {
    /// `probe@converter`.
    pub id: String,
    /// Probe id.
    pub probe: String,
    /// Probe family.
    pub family: String,
    /// OWASP id.
    pub owasp: String,
    /// ATLAS technique id.
    pub atlas: String,
    /// Converter chain.
    pub converter: String,
    /// Whether the attack succeeded (false when it could not be judged).
    pub success: bool,
    /// The judge that decided, `refused`/`no-match`, or `error` when unjudged.
    pub judge: String,
    /// What the deciding judge saw.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// The attacker's last message as sent.
    pub prompt: String,
    /// The target's last answer (cut at 16 KiB).
    pub response: String,
    /// The whole conversation (system prompt excluded).
    #[serde(default)]
    pub transcript: Vec<Message>,
    /// The LLM judge's verdict, when it was asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub llm_verdict: Option<bool>,
    /// Why the attack could not be judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Kind of that error (`timeout`, `rate_limited`, `unreachable`, `malformed`, `too_large`,
    /// `http_status`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_kind: Option<String>,
    /// Requests made, retries included.
    pub attempts: u32,
}

/// Errors that stop a run before it starts.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The run's journal (store or run directory) could not be read or written. When writing
    /// failed mid-run, no further attack was started: what was recorded can be resumed.
    #[error("{0}")]
    RunDir(String),
}

/// Everything needed to run a campaign.
pub struct Runner {
    /// The target.
    pub target: Target,
    /// The optional LLM judge.
    pub llm_judge: Option<LlmJudge>,
    /// Options.
    pub options: RunOptions,
    /// Where results are recorded as they land, for resuming.
    pub journal: Option<Journal>,
}

struct RateLimiter {
    interval: Option<Duration>,
    next: Mutex<Instant>,
}

impl RateLimiter {
    fn new(rate: f64) -> Self {
        RateLimiter {
            interval: (rate > 0.0).then(|| Duration::from_secs_f64(1.0 / rate)),
            next: Mutex::new(Instant::now()),
        }
    }

    async fn wait(&self) {
        let Some(iv) = self.interval else { return };
        let at = {
            let mut next = self.next.lock().await;
            let now = Instant::now();
            let at = (*next).max(now);
            *next = at + iv;
            at
        };
        tokio::time::sleep_until(at.into()).await;
    }
}

impl Runner {
    /// Run `attacks`, skipping those the run file already holds a judged result for. `observe`
    /// sees each result as it lands (progress bars). Returns every result, in attack order.
    pub async fn run(
        self,
        attacks: Vec<Attack>,
        observe: impl Fn(&AttackResult, bool) + Send + Sync,
    ) -> Result<Vec<AttackResult>, RunError> {
        let mut done: HashMap<String, AttackResult> = HashMap::new();
        let journal = self.journal;
        if let Some(j) = &journal {
            let loaded = match j.load().await {
                Ok(l) => l,
                Err(e) => {
                    j.close().await;
                    return Err(RunError::RunDir(e));
                }
            };
            for r in loaded {
                if r.error.is_none() {
                    done.insert(r.id.clone(), r);
                }
            }
        }
        let order: Vec<String> = attacks.iter().map(|a| a.id.clone()).collect();
        for a in &attacks {
            if let Some(r) = done.get(&a.id) {
                observe(r, true);
            }
        }
        let todo: Vec<Attack> = attacks
            .into_iter()
            .filter(|a| !done.contains_key(&a.id))
            .collect();

        let shared = Arc::new(Shared {
            target: self.target,
            llm: self.llm_judge,
            dlp: DlpJudge::new(),
            limiter: RateLimiter::new(self.options.rate),
            options: self.options,
        });
        let sem = Arc::new(Semaphore::new(shared.options.concurrency.max(1)));
        let (tx, mut rx) = mpsc::channel::<AttackResult>(64);
        let mut handles = Vec::new();
        for attack in todo {
            let permit_sem = sem.clone();
            let shared = shared.clone();
            let tx = tx.clone();
            handles.push(tokio::spawn(async move {
                let Ok(_permit) = permit_sem.acquire_owned().await else {
                    return;
                };
                let result = shared.run_one(&attack).await;
                let _ = tx.send(result).await;
            }));
        }
        drop(tx);
        let mut write_error = None;
        let every = journal
            .as_ref()
            .and_then(Journal::keep_alive_every)
            .unwrap_or(Duration::from_secs(3600));
        let mut keep_alive = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        loop {
            let r = tokio::select! {
                r = rx.recv() => match r {
                    Some(r) => r,
                    None => break,
                },
                _ = keep_alive.tick() => {
                    if let Some(j) = &journal {
                        if let Err(e) = j.keep_alive().await {
                            write_error = Some(e);
                            break;
                        }
                    }
                    continue;
                }
            };
            if let Some(j) = &journal {
                if let Err(e) = j.append(&r).await {
                    write_error = Some(e);
                    break;
                }
            }
            observe(&r, false);
            done.insert(r.id.clone(), r);
        }
        if let Some(e) = write_error {
            // Fail closed: without a journal the run cannot be resumed, so start nothing more.
            sem.close();
            for h in &handles {
                h.abort();
            }
            if let Some(j) = &journal {
                j.close().await;
            }
            let recorded = done.len();
            return Err(RunError::RunDir(format!(
                "{e}; stopped the run ({recorded} results recorded; rerun to resume)"
            )));
        }
        for h in handles {
            let _ = h.await;
        }
        if let Some(j) = &journal {
            j.close().await;
        }
        Ok(order.iter().filter_map(|id| done.remove(id)).collect())
    }
}

struct Shared {
    target: Target,
    llm: Option<LlmJudge>,
    dlp: DlpJudge,
    options: RunOptions,
    limiter: RateLimiter,
}

impl Shared {
    async fn send(
        &self,
        conv: &Conversation,
        rng: &mut StdRng,
        attempts: &mut u32,
    ) -> Result<Answer, TargetError> {
        let mut delay = self.options.backoff;
        loop {
            self.limiter.wait().await;
            *attempts += 1;
            match self.target.send(conv).await {
                Ok(a) => return Ok(a),
                Err(e) if e.retryable() && *attempts <= self.options.retries => {
                    let wait = match &e {
                        TargetError::RateLimited {
                            retry_after: Some(ra),
                        } => (*ra).min(Duration::from_secs(30)),
                        _ => {
                            // Full jitter on the doubling delay.
                            let ms = delay.as_millis().max(1) as u64;
                            Duration::from_millis(ms / 2 + rng.random_range(0..=ms / 2))
                        }
                    };
                    tokio::time::sleep(wait).await;
                    delay = (delay * 2).min(Duration::from_secs(30));
                }
                Err(e) => return Err(e),
            }
        }
    }

    async fn run_one(&self, attack: &Attack) -> AttackResult {
        let mut rng = StdRng::seed_from_u64(attack_seed(self.options.seed, &attack.id) ^ 0x5eed);
        let mut messages = vec![Message {
            role: Role::System,
            content: attack.system.clone(),
        }];
        messages.extend(attack.prefix.iter().cloned());
        let mut answers = Vec::new();
        let mut attempts = 0;
        let mut error = None;
        let mut blocked = None;
        for turn in &attack.turns {
            messages.push(Message {
                role: Role::User,
                content: turn.clone(),
            });
            let conv = Conversation {
                messages: messages.clone(),
                tools: attack.probe.context.tools.clone(),
            };
            match self.send(&conv, &mut rng, &mut attempts).await {
                Ok(a) => {
                    let mut content = a.text.clone();
                    for c in &a.tool_calls {
                        content.push_str(&format!("\n[tool call] {}({})", c.name, c.arguments));
                    }
                    messages.push(Message {
                        role: Role::Assistant,
                        content,
                    });
                    answers.push(a);
                }
                Err(TargetError::Blocked(reason)) => {
                    // The guardrail stopped the conversation: judge what got through before.
                    messages.push(Message {
                        role: Role::Assistant,
                        content: format!("[blocked by a guardrail: {reason}]"),
                    });
                    blocked = Some(reason);
                    break;
                }
                Err(e) => {
                    error = Some(e);
                    break;
                }
            }
        }
        let prompt = attack.turns.last().cloned().unwrap_or_default();
        let transcript: Vec<Message> = messages
            .iter()
            .skip(1 + attack.prefix.len())
            .map(|m| Message {
                role: m.role,
                content: cut(&m.content),
            })
            .collect();
        let mut result = AttackResult {
            id: attack.id.clone(),
            probe: attack.probe.id.clone(),
            family: attack.probe.family.clone(),
            owasp: attack.probe.owasp.id().to_string(),
            atlas: attack.probe.atlas.clone(),
            converter: attack.converter.clone(),
            success: false,
            judge: "error".into(),
            evidence: None,
            prompt,
            response: answers.last().map(|a| cut(&a.text)).unwrap_or_default(),
            transcript,
            llm_verdict: None,
            error: None,
            error_kind: None,
            attempts,
        };
        if let Some(e) = error {
            result.error_kind = Some(e.kind().to_string());
            result.error = Some(e.to_string());
            return result;
        }
        let attack_text = attack.attack_text();
        let obs = Observation {
            answers: &answers,
            attack_text: &attack_text,
            canary: &self.options.canary,
            secrets: &attack.probe.context.secrets,
        };
        let j = judges::judge(&attack.probe.judge, &obs, &self.dlp);
        result.success = j.success;
        result.judge = j.judge.clone();
        result.evidence = j.evidence.clone();
        if let Some(reason) = blocked {
            if !j.success {
                result.judge = "blocked".into();
                result.evidence = Some(reason);
            }
            if let Some(last) = result.transcript.last() {
                result.response = last.content.clone();
            }
            // A blocked answer is not asked of the LLM judge: there is nothing to judge.
            return result;
        }
        // The LLM judge decides the compliance questions no string match can.
        let deterministic_decided = j.success && j.judge != "comply";
        if attack.probe.judge.comply && !deterministic_decided {
            if let Some(llm) = &self.llm {
                let last = answers.last().map(|a| a.text.as_str()).unwrap_or("");
                match llm.judge(&attack.probe.goal, &attack_text, last).await {
                    Ok(v) => {
                        result.llm_verdict = Some(v);
                        result.success = v;
                        result.judge = "llm".into();
                        result.evidence = None;
                    }
                    Err(e) => {
                        // Keep the deterministic verdict, and say the LLM judge failed.
                        result.evidence = Some(format!("llm judge unavailable: {e}"));
                    }
                }
            }
        }
        result
    }
}

fn cut(s: &str) -> String {
    if s.len() <= MAX_KEPT_RESPONSE {
        return s.to_string();
    }
    let mut end = MAX_KEPT_RESPONSE;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}\n[... {} more bytes cut]", &s[..end], s.len() - end)
}
