//! Sensitive-data detection (PII, secrets, custom organisation patterns), sensitivity labels,
//! and the actions that act on matches (mask, hash, redact, block, reversible pseudonymisation).
//!
//! # API
//!
//! * [`Scanner::new`] builds every recogniser once from a [`DlpConfig`] (regexes, one
//!   Aho-Corasick keyword automaton); invalid configuration is a [`ConfigError`] naming the field.
//! * [`Scanner::scan`] returns [`DlpFinding`]s: entity type, category, byte span into the
//!   original text, confidence, sensitivity label and the action the policy chose.
//! * [`apply`] rewrites a text according to the findings' actions, using a per-request [`Vault`]
//!   for numbered placeholders (`[EMAIL_ADDRESS_1]`), keyed hashes and pseudonyms; its
//!   [`Applied::blocked`] says the caller must refuse the text.
//! * [`Vault::restore`] puts pseudonymised values back into a response;
//!   [`Vault::stream_restorer`] does the same for a response arriving in chunks (SSE).
//!
//! ```
//! use moat_guard::dlp::{DlpConfig, Scanner, Vault, apply};
//! use moat_core::Action;
//!
//! let mut config = DlpConfig::default();
//! config.entities.insert(
//!     "EMAIL_ADDRESS".into(),
//!     moat_guard::dlp::EntityPolicy { action: Some(Action::Pseudonymize), ..Default::default() },
//! );
//! let scanner = Scanner::new(&config).unwrap();
//! let text = "Mail ada@analytical.org about it";
//! let findings = scanner.scan(text);
//! let mut vault = Vault::new();
//! let applied = apply(text, &findings, &mut vault);
//! assert_eq!(applied.text, "Mail [EMAIL_ADDRESS_1] about it");
//! assert_eq!(vault.restore("Sent to [EMAIL_ADDRESS_1]."), "Sent to ada@analytical.org.");
//! ```
//!
//! # How a scan runs
//!
//! One Aho-Corasick pass over the text finds every rule keyword (secret prefixes such as `sk-`,
//! `ghp_`, context words such as `passport`); cheap byte scans find `@`s, digit runs and
//! hex-separator runs. Each recogniser's regex then runs only in small windows around its own
//! triggers. Candidates go through validators (Luhn, mod-97, checksums, entropy), context words
//! set confidence, overlapping candidates are resolved (higher confidence, then the more
//! specific rule, then the longer match), and policy attaches label and action.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use moat_core::{Action, Confidence, Span};
use serde::{Deserialize, Serialize};

use crate::config::ConfigError;

pub mod actions;
mod context;
pub mod custom;
mod keywords;
pub mod labels;
pub(crate) mod pii;
mod prefilter;
pub(crate) mod secrets;
pub(crate) mod validate;
pub mod vault;

pub use actions::{Applied, REDACTED, Replacement, apply};
pub use custom::{CustomPattern, CustomValidator};
pub use labels::{DEFAULT_LABELS, LabelOrder};
pub use vault::{StreamRestorer, Vault};

use context::Context;
use validate::Check;

/// Bounds on hostile configuration.
const MAX_CUSTOM: usize = 256;
const MAX_ALLOW: usize = 10_000;

/// DLP settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DlpConfig {
    /// Turn detection on or off.
    pub enabled: bool,
    /// Findings below this confidence are dropped.
    pub min_confidence: Confidence,
    /// Run the built-in PII recognisers.
    pub pii: bool,
    /// Run the built-in secret rules.
    pub secrets: bool,
    /// Action per category when neither the entity nor a label threshold says otherwise.
    pub default_actions: DefaultActions,
    /// Sensitivity labels, lowest first. Empty: `Public, General, Confidential, Highly
    /// Confidential`.
    pub labels: Vec<String>,
    /// Findings whose label is at or above this one are blocked (unless their entity has an
    /// explicit action).
    pub block_at_or_above: Option<String>,
    /// Per-entity overrides, keyed by entity type (`EMAIL_ADDRESS`, `OPENAI_API_KEY`, ...).
    pub entities: BTreeMap<String, EntityPolicy>,
    /// Organisation patterns.
    pub custom: Vec<CustomPattern>,
    /// Values never reported.
    pub allow: AllowList,
    /// Secret rule ids (`MOAT-S001`) to switch off.
    pub disabled_rules: Vec<String>,
    /// At most this many findings per scan (the rest are dropped, highest confidence kept).
    pub max_findings: usize,
}

impl Default for DlpConfig {
    fn default() -> Self {
        DlpConfig {
            enabled: true,
            min_confidence: Confidence::Medium,
            pii: true,
            secrets: true,
            default_actions: DefaultActions::default(),
            labels: Vec::new(),
            block_at_or_above: None,
            entities: BTreeMap::new(),
            custom: Vec::new(),
            allow: AllowList::default(),
            disabled_rules: Vec::new(),
            max_findings: 10_000,
        }
    }
}

/// The action for each category by default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DefaultActions {
    /// Personal data (default `mask`).
    pub pii: Action,
    /// Credentials (default `redact`).
    pub secret: Action,
    /// Organisation patterns (default `mask`).
    pub custom: Action,
}

impl Default for DefaultActions {
    fn default() -> Self {
        DefaultActions {
            pii: Action::Mask,
            secret: Action::Redact,
            custom: Action::Mask,
        }
    }
}

/// Settings for one entity type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EntityPolicy {
    /// `false` switches the entity type off.
    pub enabled: Option<bool>,
    /// What to do with it; wins over the label threshold and the category default.
    pub action: Option<Action>,
    /// Its sensitivity label (must be one of `labels`).
    pub label: Option<String>,
    /// Its own confidence floor.
    pub min_confidence: Option<Confidence>,
}

/// Values that are never findings: known test card numbers, the company's own support address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AllowList {
    /// Exact values, compared case-insensitively.
    pub values: Vec<String>,
    /// Regexes; a finding whose whole value matches one is dropped.
    pub patterns: Vec<String>,
}

/// Which family a finding belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Personal data.
    Pii,
    /// Credentials and keys.
    Secret,
    /// An organisation's own pattern from configuration.
    Custom,
}

/// One piece of sensitive data found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DlpFinding {
    /// Entity type, e.g. `EMAIL_ADDRESS`, `OPENAI_API_KEY`.
    #[serde(rename = "type")]
    pub entity: String,
    /// PII, secret or custom.
    pub category: Category,
    /// Where, in the original text.
    pub span: Span,
    /// How sure.
    pub confidence: Confidence,
    /// Sensitivity label attached to the entity type, if any.
    pub label: Option<String>,
    /// What the policy does with it.
    pub action: Action,
}

/// Description of one built-in recogniser or rule, for docs and `moat rules`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    /// `MOAT-S001` for secret rules, `PII:<ENTITY>` for PII recognisers.
    pub id: String,
    /// Human name.
    pub name: String,
    /// Entity type reported.
    pub entity: String,
    /// PII or secret.
    pub category: Category,
    /// Keywords that trigger the rule (empty: other triggers).
    pub keywords: Vec<String>,
    /// Default label.
    pub label: String,
    /// Synthetic texts in which the rule must fire.
    pub positives: &'static [&'static str],
    /// Synthetic texts in which it must not.
    pub negatives: &'static [&'static str],
}

/// The id of the `n`th recogniser (0-based) of a PII entity type.
fn pii_id(entity: &str, n: usize) -> String {
    format!("PII:{entity}:{}", n + 1)
}

/// Stable ids for the PII recognisers, in `pii::all()` order.
fn pii_ids() -> Vec<String> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    pii::all()
        .iter()
        .map(|s| {
            let n = seen.entry(s.entity).or_insert(0);
            *n += 1;
            pii_id(s.entity, *n - 1)
        })
        .collect()
}

/// Every built-in recogniser and rule.
pub fn builtin_rules() -> Vec<RuleInfo> {
    let mut out = Vec::new();
    for (s, id) in pii::all().into_iter().zip(pii_ids()) {
        out.push(RuleInfo {
            id,
            name: s.name.to_owned(),
            entity: s.entity.to_owned(),
            category: Category::Pii,
            keywords: match s.trigger {
                pii::Trigger::Keywords(k) | pii::Trigger::Suffixes(k) => {
                    k.iter().map(|k| (*k).to_owned()).collect()
                }
                _ => Vec::new(),
            },
            label: s.label.to_owned(),
            positives: s.positives,
            negatives: s.negatives,
        });
    }
    for r in secrets::all() {
        out.push(RuleInfo {
            id: r.id.to_owned(),
            name: r.name.to_owned(),
            entity: r.entity.to_owned(),
            category: Category::Secret,
            keywords: r.keywords.iter().map(|k| (*k).to_owned()).collect(),
            label: r.label.to_owned(),
            positives: r.positives,
            negatives: r.negatives,
        });
    }
    out
}

/// A candidate before policy.
#[derive(Debug, Clone)]
struct Candidate {
    target: Target,
    span: Span,
    confidence: Confidence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Pii(usize),
    /// A PII recogniser triggered by a word ending (no word-start check).
    Suffix(usize),
    Secret(usize),
    Custom(usize),
}

#[derive(Debug, Clone)]
struct Compiled {
    rule: String,
    entity: String,
    category: Category,
    /// Over bytes: built-in patterns use byte classes ([`byte_classes`]); spans are widened to
    /// character boundaries where they are read.
    regex: regex::bytes::Regex,
    has_groups: bool,
    window: (usize, usize),
    /// Tie-break between overlapping candidates of equal confidence: higher wins.
    priority: u8,
    label: String,
    action: Action,
    explicit_action: bool,
    min_confidence: Confidence,
}

/// The DLP scanner, built once and shared.
#[derive(Debug, Clone)]
pub struct Scanner {
    config: DlpConfig,
    labels: LabelOrder,
    pii: Vec<(Compiled, &'static pii::PiiSpec)>,
    secrets: Vec<(Compiled, &'static secrets::SecretRule)>,
    custom: Vec<(Option<Compiled>, custom::CustomMatcher)>,
    keywords: Option<keywords::Keywords>,
    /// Per keyword pattern: the targets it triggers, and whether the hit must start a word.
    keyword_targets: Vec<Vec<(Target, bool)>>,
    /// Secret and custom targets without keywords: scanned over the whole text.
    unconditional: Vec<Target>,
    /// PII recognisers that run only near their context words.
    pii_gated: Vec<bool>,
    /// Each PII recogniser's context words, compiled (same order as `pii`).
    pii_context: Vec<Context>,
    /// Which trigger kinds any enabled PII recogniser needs.
    need_at: bool,
    need_digits: bool,
    need_house: bool,
    need_hex: bool,
    allow_values: Vec<String>,
    allow_patterns: Vec<regex::bytes::Regex>,
}

/// Built-in regexes, compiled once per process and shared by every scanner (a `Regex` clone is
/// a reference count), so rebuilding a scanner on a configuration reload is cheap.
/// Compiled PII and secret regexes, in `pii::all()` and `secrets::all()` order, and the PII
/// recognisers' context words (an automaton clone is a reference count too).
type BuiltinRegexes = (
    Vec<regex::bytes::Regex>,
    Vec<regex::bytes::Regex>,
    Vec<Context>,
);

fn builtin_regexes() -> Result<&'static BuiltinRegexes, ConfigError> {
    static CELL: OnceLock<Result<BuiltinRegexes, ConfigError>> = OnceLock::new();
    let built = CELL.get_or_init(|| {
        // ASCII word boundaries keep the lazy DFA on fast paths; PII spans get their own
        // boundary check against the full text.
        let build = |field: String, p: &str| {
            regex::bytes::RegexBuilder::new(&byte_classes(&ascii_classes(p)))
                .size_limit(8 << 20)
                .build()
                .map_err(|e| ConfigError::new(field, format!("invalid built-in regex: {e}")))
        };
        let pii = pii::all()
            .iter()
            .map(|s| build(format!("pii.{}", s.entity), s.pattern))
            .collect::<Result<Vec<_>, _>>()?;
        let secrets = secrets::all()
            .iter()
            .map(|r| build(format!("secrets.{}", r.id), r.pattern))
            .collect::<Result<Vec<_>, _>>()?;
        let contexts = pii::all()
            .iter()
            .map(|s| {
                Context::new(s.context).map_err(|e| {
                    ConfigError::new(format!("pii.{}", s.entity), format!("context words: {e}"))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok((pii, secrets, contexts))
    });
    built.as_ref().map_err(Clone::clone)
}

/// A built-in pattern with ASCII word boundaries and ASCII word characters: `\b` becomes
/// `(?-u:\b)` and `\w` becomes `[A-Za-z0-9_]` (inside a class, its ranges). Key names, tokens
/// and identifiers are ASCII, and a bounded repetition of Unicode `\w` (`[\w.-]{0,24}`) costs
/// over a megabyte of automaton per rule; the ASCII class costs a few kilobytes.
fn ascii_classes(p: &str) -> String {
    let mut out = String::with_capacity(p.len() + 32);
    let mut chars = p.chars().peekable();
    let mut in_class = false;
    // Just after `[` or `[^`, where a `]` is a literal.
    let mut class_start = false;
    while let Some(c) = chars.next() {
        let at_start = std::mem::take(&mut class_start);
        match c {
            '\\' => match chars.next() {
                Some('w') if in_class => out.push_str("A-Za-z0-9_"),
                Some('w') => out.push_str("[A-Za-z0-9_]"),
                Some('b') if !in_class => out.push_str(r"(?-u:\b)"),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            },
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    chars.next();
                    out.push('^');
                }
                class_start = true;
            }
            ']' if in_class && !at_start => {
                in_class = false;
                out.push(']');
            }
            _ => out.push(c),
        }
    }
    out
}

/// A built-in pattern (after [`ascii_classes`]) for a byte-oriented regex: classes that match
/// any character but a few ASCII ones (`[^\s"']`, `\S`, `.`, `[\s\S]`) become the same class
/// over bytes, `(?-u:[^\s"'])`, whose automaton is one state where the Unicode class is a
/// UTF-8 decoder of a dozen; a bounded repetition (`{1,128}`) repeats it that many times. Such a
/// class may end a match inside a multi-byte character; spans are widened to character
/// boundaries where they are read ([`find_values`]). Unicode whitespace other than ASCII counts
/// as an ordinary character in those classes.
fn byte_classes(p: &str) -> String {
    let b = p.as_bytes();
    let mut out = String::with_capacity(p.len() + 32);
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => {
                let esc = p[i..].chars().nth(1);
                let len = 1 + esc.map_or(0, char::len_utf8);
                if matches!(esc, Some('S' | 'W' | 'D')) {
                    out.push_str("(?-u:");
                    out.push_str(&p[i..i + len]);
                    out.push(')');
                } else {
                    out.push_str(&p[i..i + len]);
                }
                i += len;
            }
            b'.' => {
                out.push_str("(?-u:.)");
                i += 1;
            }
            b'[' => {
                let end = class_end(b, i);
                let class = &p[i..end];
                let body = &class[1..];
                let wide = body.starts_with('^')
                    || body.contains("\\S")
                    || body.contains("\\W")
                    || body.contains("\\D");
                // Only classes written in ASCII terms: `\p{..}`, `\x{..}` and `\u` may name
                // characters beyond ASCII, which a byte class cannot hold.
                let ascii_terms = class.is_ascii()
                    && !["\\p", "\\P", "\\x", "\\u", "\\U"]
                        .iter()
                        .any(|t| class.contains(t));
                if wide && ascii_terms {
                    out.push_str("(?-u:");
                    out.push_str(class);
                    out.push(')');
                } else {
                    out.push_str(class);
                }
                i = end;
            }
            _ => {
                let ch = p[i..].chars().next().unwrap_or(' ');
                out.push(ch);
                i += ch.len_utf8();
            }
        }
    }
    out
}

/// The byte index just past the class that opens at `b[open] == b'['` (to the end if unclosed).
fn class_end(b: &[u8], open: usize) -> usize {
    let mut i = open + 1;
    if b.get(i) == Some(&b'^') {
        i += 1;
    }
    // A `]` first in a class is a literal.
    if b.get(i) == Some(&b']') {
        i += 1;
    }
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'[' => i = class_end(b, i),
            b']' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// A pattern from the configuration (custom patterns, allow-list patterns), searched over bytes
/// like the built-ins but held to what a text regex accepts: one that could match invalid
/// UTF-8 is refused, naming its field, and its automata are bounded.
fn compile_user_regex(field: String, pattern: &str) -> Result<regex::bytes::Regex, ConfigError> {
    regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .map_err(|e| ConfigError::new(field.clone(), format!("invalid regex: {e}")))?;
    regex::bytes::RegexBuilder::new(pattern)
        .size_limit(4 << 20)
        .dfa_size_limit(8 << 20)
        .build()
        .map_err(|e| ConfigError::new(field, format!("invalid regex: {e}")))
}

/// The enabled entity: policy lookup.
struct Resolved {
    enabled: bool,
    label: String,
    action: Action,
    explicit_action: bool,
    min_confidence: Confidence,
}

impl Scanner {
    /// Build a scanner from its configuration.
    pub fn new(config: &DlpConfig) -> Result<Self, ConfigError> {
        let labels = LabelOrder::new(&config.labels)?;
        if let Some(t) = &config.block_at_or_above
            && labels.rank(t).is_none()
        {
            return Err(ConfigError::new(
                "dlp.block_at_or_above",
                format!(
                    "unknown label `{t}`: expected one of {}",
                    labels.names().join(", ")
                ),
            ));
        }
        if config.custom.len() > MAX_CUSTOM {
            return Err(ConfigError::new(
                "dlp.custom",
                format!("at most {MAX_CUSTOM} custom patterns"),
            ));
        }
        if config.allow.values.len() + config.allow.patterns.len() > MAX_ALLOW {
            return Err(ConfigError::new(
                "dlp.allow",
                format!("at most {MAX_ALLOW} entries"),
            ));
        }
        let builtin = builtin_regexes()?;
        let pii_specs = pii::all();
        let secret_rules = secrets::all();
        // Validate entity names and labels in `entities`.
        let mut known: Vec<&str> = pii_specs.iter().map(|s| s.entity).collect();
        known.extend(secret_rules.iter().map(|r| r.entity));
        known.extend(config.custom.iter().map(|c| c.name.as_str()));
        for (name, policy) in &config.entities {
            if !known.iter().any(|k| k == name) {
                return Err(ConfigError::new(
                    format!("dlp.entities.{name}"),
                    format!("unknown entity type `{name}`"),
                ));
            }
            if let Some(l) = &policy.label
                && labels.rank(l).is_none()
            {
                return Err(ConfigError::new(
                    format!("dlp.entities.{name}.label"),
                    format!("unknown label `{l}`"),
                ));
            }
        }
        for id in &config.disabled_rules {
            if !secret_rules.iter().any(|r| r.id.eq_ignore_ascii_case(id)) {
                return Err(ConfigError::new(
                    "dlp.disabled_rules",
                    format!("unknown rule id `{id}`"),
                ));
            }
        }

        let resolve = |entity: &str, category: Category, default_label: &str| -> Resolved {
            let p = config.entities.get(entity);
            let label = p
                .and_then(|p| p.label.as_deref())
                .and_then(|l| labels.canonical(l))
                .map(str::to_owned)
                .unwrap_or_else(|| labels.map_default(default_label));
            let explicit = p.and_then(|p| p.action);
            let default = match category {
                Category::Pii => config.default_actions.pii,
                Category::Secret => config.default_actions.secret,
                Category::Custom => config.default_actions.custom,
            };
            Resolved {
                enabled: p.and_then(|p| p.enabled).unwrap_or(true),
                label,
                action: explicit.unwrap_or(default),
                explicit_action: explicit.is_some(),
                min_confidence: p
                    .and_then(|p| p.min_confidence)
                    .unwrap_or(config.min_confidence),
            }
        };

        let mut kw_map: HashMap<String, Vec<Target>> = HashMap::new();
        let mut unconditional = Vec::new();
        let (mut need_at, mut need_digits, mut need_house, mut need_hex) =
            (false, false, false, false);

        let mut pii_out = Vec::new();
        let mut pii_gated: Vec<bool> = Vec::new();
        let mut pii_context: Vec<Context> = Vec::new();
        if config.pii {
            for (((spec, rule_id), regex), context) in pii_specs
                .into_iter()
                .zip(pii_ids())
                .zip(&builtin.0)
                .zip(&builtin.2)
            {
                let r = resolve(spec.entity, Category::Pii, spec.label);
                if !r.enabled {
                    continue;
                }
                let regex = regex.clone();
                let idx = pii_out.len();
                // A digit recogniser that needs context anyway looks only at digit runs with a
                // context word nearby: far cheaper on number-heavy text such as logs.
                let gated = spec.base.is_none() && matches!(spec.trigger, pii::Trigger::Digits(_));
                pii_gated.push(gated);
                pii_context.push(context.clone());
                match spec.trigger {
                    pii::Trigger::At => need_at = true,
                    pii::Trigger::Digits(_) => need_digits = true,
                    pii::Trigger::HouseNumber => need_house = true,
                    pii::Trigger::HexSeparator => need_hex = true,
                    pii::Trigger::Keywords(kws) => {
                        for k in kws {
                            kw_map
                                .entry((*k).to_owned())
                                .or_default()
                                .push(Target::Pii(idx));
                        }
                    }
                    pii::Trigger::Suffixes(kws) => {
                        for k in kws {
                            kw_map
                                .entry((*k).to_owned())
                                .or_default()
                                .push(Target::Suffix(idx));
                        }
                    }
                    pii::Trigger::Dotted => need_digits = true,
                }
                pii_out.push((
                    Compiled {
                        rule: rule_id,
                        entity: spec.entity.to_owned(),
                        category: Category::Pii,
                        has_groups: regex.captures_len() > 1,
                        regex,
                        window: spec.window,
                        priority: 2,
                        label: r.label,
                        action: r.action,
                        explicit_action: r.explicit_action,
                        min_confidence: r.min_confidence,
                    },
                    spec,
                ));
            }
        }
        let mut secrets_out = Vec::new();
        if config.secrets {
            for (rule, regex) in secret_rules.into_iter().zip(&builtin.1) {
                if config
                    .disabled_rules
                    .iter()
                    .any(|d| d.eq_ignore_ascii_case(rule.id))
                {
                    continue;
                }
                let r = resolve(rule.entity, Category::Secret, rule.label);
                if !r.enabled {
                    continue;
                }
                let regex = regex.clone();
                let idx = secrets_out.len();
                if rule.keywords.is_empty() {
                    unconditional.push(Target::Secret(idx));
                }
                for k in rule.keywords {
                    kw_map
                        .entry(k.to_ascii_lowercase())
                        .or_default()
                        .push(Target::Secret(idx));
                }
                secrets_out.push((
                    Compiled {
                        rule: rule.id.to_owned(),
                        entity: rule.entity.to_owned(),
                        category: Category::Secret,
                        has_groups: regex.captures_len() > 1,
                        regex,
                        window: rule.window,
                        priority: if rule.generic { 1 } else { 4 },
                        label: r.label,
                        action: r.action,
                        explicit_action: r.explicit_action,
                        min_confidence: r.min_confidence,
                    },
                    rule,
                ));
            }
        }
        let mut custom_out = Vec::new();
        let never = compile_user_regex("dlp.custom".to_owned(), r"[^\s\S]")?;
        for (i, c) in config.custom.iter().enumerate() {
            let matcher = custom::CustomMatcher::new(c, i)?;
            let r = resolve(&c.name, Category::Custom, "Confidential");
            let label = match &c.label {
                Some(l) => labels.canonical(l).map(str::to_owned).ok_or_else(|| {
                    ConfigError::new(
                        format!("dlp.custom[{i}].label"),
                        format!("unknown label `{l}`"),
                    )
                })?,
                None => r.label.clone(),
            };
            let (action, explicit) = match (r.explicit_action, c.action) {
                (true, _) => (r.action, true),
                (false, Some(a)) => (a, true),
                (false, None) => (r.action, false),
            };
            let idx = custom_out.len();
            let regex = match &c.pattern {
                Some(p) => compile_user_regex(format!("dlp.custom[{i}].pattern"), p)?,
                // Keyword-only patterns: a regex that never matches carries label and action.
                None => never.clone(),
            };
            let compiled = Some(Compiled {
                rule: format!("CUSTOM:{}", c.name),
                entity: c.name.clone(),
                category: Category::Custom,
                has_groups: regex.captures_len() > 1,
                regex,
                window: (256, 256),
                priority: 3,
                label,
                action,
                explicit_action: explicit,
                min_confidence: r.min_confidence,
            });
            if !r.enabled {
                continue;
            }
            let triggers = matcher.trigger_words();
            if matcher.needs_whole_text() {
                unconditional.push(Target::Custom(idx));
            }
            for k in triggers {
                kw_map.entry(k).or_default().push(Target::Custom(idx));
            }
            custom_out.push((compiled, matcher));
        }

        let mut words: Vec<String> = kw_map.keys().cloned().collect();
        words.sort();
        // One leftmost-longest pass: a hit on a keyword also triggers the targets of every
        // keyword contained in it (`password` triggers what `pass` triggers).
        let keyword_targets: Vec<Vec<(Target, bool)>> = words
            .iter()
            .map(|w| {
                let mut out: Vec<(Target, bool)> = Vec::new();
                for u in &words {
                    if w.contains(u.as_str()) {
                        for t in kw_map.get(u).map(Vec::as_slice).unwrap_or_default() {
                            // PII context keywords must start a word (`ms` not in `items`).
                            let word_start = u == w && matches!(t, Target::Pii(_));
                            if !out.iter().any(|(o, _)| o == t) {
                                out.push((*t, word_start));
                            }
                        }
                    }
                }
                out
            })
            .collect();
        let keywords = if words.is_empty() {
            None
        } else {
            Some(
                keywords::Keywords::new(&words, true)
                    .map_err(|e| ConfigError::new("dlp", format!("keyword automaton: {e}")))?,
            )
        };
        let mut allow_patterns = Vec::new();
        for (i, p) in config.allow.patterns.iter().enumerate() {
            allow_patterns.push(compile_user_regex(
                format!("dlp.allow.patterns[{i}]"),
                &format!("^(?:{p})$"),
            )?);
        }
        Ok(Scanner {
            config: config.clone(),
            labels,
            pii: pii_out,
            secrets: secrets_out,
            custom: custom_out,
            keywords,
            keyword_targets,
            unconditional,
            pii_gated,
            pii_context,
            need_at,
            need_digits,
            need_house,
            need_hex,
            allow_values: config
                .allow
                .values
                .iter()
                .map(|v| v.to_lowercase())
                .collect(),
            allow_patterns,
        })
    }

    /// The label order in force.
    pub fn labels(&self) -> &LabelOrder {
        &self.labels
    }

    /// Find sensitive data in `text`. Spans point into `text`.
    pub fn scan(&self, text: &str) -> Vec<DlpFinding> {
        self.scan_explained(text)
            .into_iter()
            .map(|(f, _)| f)
            .collect()
    }

    /// Like [`Scanner::scan`], with the id of the rule behind each finding (`MOAT-S012`,
    /// `PII:EMAIL_ADDRESS:1`, `CUSTOM:<NAME>`), for explanations, `moat rules` and tests.
    pub fn scan_explained(&self, text: &str) -> Vec<(DlpFinding, String)> {
        if !self.config.enabled || text.is_empty() {
            return Vec::new();
        }
        let mut cands: Vec<Candidate> = Vec::new();
        // Windows per target, from keyword hits.
        let mut pii_windows: Vec<Vec<(usize, usize)>> = vec![Vec::new(); self.pii.len()];
        let mut secret_windows: Vec<Vec<(usize, usize)>> = vec![Vec::new(); self.secrets.len()];
        let mut custom_hits: Vec<Vec<(usize, usize)>> = vec![Vec::new(); self.custom.len()];
        if let Some(ac) = &self.keywords {
            let bytes = text.as_bytes();
            ac.for_each(bytes, |start, end, word| {
                let starts_word = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
                for &(t, word_start) in &self.keyword_targets[word] {
                    if word_start && !starts_word {
                        continue;
                    }
                    match t {
                        Target::Pii(i) | Target::Suffix(i) => {
                            let (b, a) = self.pii[i].0.window;
                            pii_windows[i].push((start.saturating_sub(b), end + a));
                        }
                        Target::Secret(i) => {
                            let (b, a) = self.secrets[i].0.window;
                            secret_windows[i].push((start.saturating_sub(b), end + a));
                        }
                        Target::Custom(i) => custom_hits[i].push((start, end)),
                    }
                }
            });
        }
        let bytes = text.as_bytes();
        // Digit runs, each looked at once as it is found: house numbers come from every run,
        // the digit recognisers (each needs at least four digits) see only the longer ones;
        // most runs of logs and code are short (ports, status codes, counters) and are not kept.
        // Runs of seven or more digits are also kept apart: most recognisers need that many.
        let mut long: Vec<(usize, usize, u32, u32)> = Vec::new();
        let mut longer: Vec<(usize, usize, u32, u32)> = Vec::new();
        let mut houses: Vec<(usize, usize)> = Vec::new();
        if self.need_digits || self.need_house {
            digit_clusters(bytes, |c| {
                if self.need_house {
                    house_numbers(bytes, c, &mut houses);
                }
                if c.2 >= LONG_RUN {
                    long.push(c);
                }
                if c.2 >= LONGER_RUN {
                    longer.push(c);
                }
            });
        }
        let runs = |min: u32| if min >= LONGER_RUN { &longer } else { &long };
        let ats: Vec<usize> = if self.need_at {
            memchr::memchr_iter(b'@', bytes).collect()
        } else {
            Vec::new()
        };
        let hex = if self.need_hex {
            hex_separators(bytes)
        } else {
            Vec::new()
        };

        // Windows from byte triggers, merged once per (trigger, window) and shared.
        type WindowKey = (u8, u8, usize, usize);
        let mut shared: HashMap<WindowKey, Vec<(usize, usize)>> = HashMap::new();
        for (i, (c, spec)) in self.pii.iter().enumerate() {
            let (b, a) = c.window;
            let key = match spec.trigger {
                _ if self.pii_gated[i] => None,
                pii::Trigger::At => Some((0, 0)),
                pii::Trigger::Digits(min) => Some((1, min)),
                pii::Trigger::HouseNumber => Some((2, 0)),
                pii::Trigger::HexSeparator => Some((3, 0)),
                pii::Trigger::Dotted => Some((4, 0)),
                pii::Trigger::Keywords(_) | pii::Trigger::Suffixes(_) => None,
            };
            let kw_wins;
            let wins: &[(usize, usize)] = match key {
                Some((kind, p)) => shared.entry((kind, p, b, a)).or_insert_with(|| {
                    let w = |x: (usize, usize)| (x.0.saturating_sub(b), x.1 + a);
                    match spec.trigger {
                        pii::Trigger::At => merge_windows(text, ats.iter().map(|&p| w((p, p + 1)))),
                        pii::Trigger::Digits(min) => merge_windows(
                            text,
                            runs(u32::from(min))
                                .iter()
                                .filter(|c| c.2 >= u32::from(min))
                                .map(|c| w((c.0, c.1))),
                        ),
                        pii::Trigger::Dotted => merge_windows(
                            text,
                            long.iter()
                                .filter(|c| c.3 == 3 && c.2 >= 4)
                                .map(|c| w((c.0, c.1))),
                        ),
                        pii::Trigger::HouseNumber => {
                            merge_windows(text, houses.iter().map(|&x| w(x)))
                        }
                        pii::Trigger::HexSeparator => {
                            merge_windows(text, hex.iter().map(|&x| w(x)))
                        }
                        pii::Trigger::Keywords(_) | pii::Trigger::Suffixes(_) => Vec::new(),
                    }
                }),
                None if self.pii_gated[i] => {
                    let min = match spec.trigger {
                        pii::Trigger::Digits(m) => u32::from(m),
                        _ => 0,
                    };
                    let raw = runs(min)
                        .iter()
                        .filter(|c| {
                            c.2 >= min && self.pii_context[i].near(text, Span::new(c.0, c.1))
                        })
                        .map(|c| (c.0.saturating_sub(b), c.1 + a));
                    kw_wins = merge_windows(text, raw);
                    &kw_wins
                }
                None => {
                    let raw = std::mem::take(&mut pii_windows[i]);
                    kw_wins = if raw.is_empty() {
                        Vec::new()
                    } else {
                        merge_windows(text, raw)
                    };
                    &kw_wins
                }
            };
            for &(ws, we) in wins {
                if spec.prefilter.is_some_and(|p| !p(&bytes[ws..we])) {
                    continue;
                }
                self.run_pii(text, ws, we, i, c, spec, &mut cands);
            }
        }
        for (i, (c, rule)) in self.secrets.iter().enumerate() {
            let wins = std::mem::take(&mut secret_windows[i]);
            let whole = rule.keywords.is_empty();
            if wins.is_empty() && !whole {
                continue;
            }
            let wins = if whole {
                vec![(0, text.len())]
            } else {
                merge_windows(text, wins)
            };
            for (ws, we) in wins {
                if rule.prefilter.is_some_and(|p| !p(&bytes[ws..we])) {
                    continue;
                }
                self.run_secret(text, ws, we, i, c, rule, &mut cands);
            }
        }
        for (i, (c, m)) in self.custom.iter().enumerate() {
            let hits = std::mem::take(&mut custom_hits[i]);
            let unconditional = self.unconditional.contains(&Target::Custom(i));
            if hits.is_empty() && !unconditional {
                continue;
            }
            m.find(text, &hits, c.as_ref().map(|c| &c.regex), |span, conf| {
                cands.push(Candidate {
                    target: Target::Custom(i),
                    span,
                    confidence: conf,
                })
            });
        }
        self.finish(text, cands)
    }

    #[expect(clippy::too_many_arguments, reason = "internal hot loop helper")]
    fn run_pii(
        &self,
        text: &str,
        ws: usize,
        we: usize,
        idx: usize,
        c: &Compiled,
        spec: &pii::PiiSpec,
        out: &mut Vec<Candidate>,
    ) {
        let mut push = |s: usize, e: usize| {
            let span = Span::new(ws + s, ws + e);
            if !boundary_ok(text, span) {
                return;
            }
            let value = &text[span.range()];
            let check = spec.validator.map_or(Check::Pass, |v| v(value));
            if check == Check::Fail {
                return;
            }
            let ctx = self.pii_context[idx].near(text, span);
            let conf = if ctx {
                Some(spec.with_context)
            } else {
                spec.base
                    .map(|b| if check == Check::Strong { bump(b) } else { b })
            };
            if let Some(confidence) = conf {
                out.push(Candidate {
                    target: Target::Pii(idx),
                    span,
                    confidence,
                });
            }
        };
        for (s, e) in find_values(text, ws, we, c) {
            push(s, e);
        }
    }

    #[expect(clippy::too_many_arguments, reason = "internal hot loop helper")]
    fn run_secret(
        &self,
        text: &str,
        ws: usize,
        we: usize,
        idx: usize,
        c: &Compiled,
        rule: &secrets::SecretRule,
        out: &mut Vec<Candidate>,
    ) {
        let mut push = |s: usize, e: usize| {
            let span = Span::new(ws + s, ws + e);
            let value = &text[span.range()];
            let check = rule.validator.check(value);
            let confidence = match check {
                Check::Fail => return,
                Check::Pass => rule.confidence,
                Check::Strong => bump(rule.confidence),
            };
            out.push(Candidate {
                target: Target::Secret(idx),
                span,
                confidence,
            });
        };
        for (s, e) in find_values(text, ws, we, c) {
            push(s, e);
        }
    }

    fn compiled(&self, t: Target) -> Option<&Compiled> {
        match t {
            Target::Pii(i) | Target::Suffix(i) => self.pii.get(i).map(|p| &p.0),
            Target::Secret(i) => self.secrets.get(i).map(|p| &p.0),
            Target::Custom(i) => self.custom.get(i).and_then(|p| p.0.as_ref()),
        }
    }

    fn allowed(&self, value: &str) -> bool {
        if !self.allow_values.is_empty() {
            let l = value.to_lowercase();
            if self.allow_values.contains(&l) {
                return true;
            }
        }
        self.allow_patterns
            .iter()
            .any(|p| p.is_match(value.as_bytes()))
    }

    /// Confidence floors, allow-lists, overlap resolution, then label and action.
    fn finish(&self, text: &str, mut cands: Vec<Candidate>) -> Vec<(DlpFinding, String)> {
        cands.retain(|c| {
            let Some(comp) = self.compiled(c.target) else {
                return false;
            };
            c.confidence >= comp.min_confidence
                && !c.span.is_empty()
                && !self.allowed(&text[c.span.range()])
        });
        // Best first: confidence, then rule specificity, then length.
        cands.sort_by(|a, b| {
            let pa = self.compiled(a.target).map_or(0, |c| c.priority);
            let pb = self.compiled(b.target).map_or(0, |c| c.priority);
            b.confidence
                .cmp(&a.confidence)
                .then(pb.cmp(&pa))
                .then(b.span.len().cmp(&a.span.len()))
                .then(a.span.start.cmp(&b.span.start))
        });
        let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
        let mut out = Vec::new();
        for c in cands {
            if out.len() >= self.config.max_findings {
                break;
            }
            // Overlap with the accepted span starting at or before c.start, or the next one.
            let before = taken.range(..=c.span.start).next_back();
            let after = taken.range(c.span.start..).next();
            let clash = before.is_some_and(|(_, &e)| e > c.span.start)
                || after.is_some_and(|(&s, _)| s < c.span.end);
            if clash {
                continue;
            }
            taken.insert(c.span.start, c.span.end);
            let Some(comp) = self.compiled(c.target) else {
                continue;
            };
            let mut action = comp.action;
            if !comp.explicit_action
                && let Some(t) = &self.config.block_at_or_above
                && self.labels.at_or_above(&comp.label, t)
            {
                action = Action::Block;
            }
            out.push((
                DlpFinding {
                    entity: comp.entity.clone(),
                    category: comp.category,
                    span: c.span,
                    confidence: c.confidence,
                    label: Some(comp.label.clone()),
                    action,
                },
                comp.rule.clone(),
            ));
        }
        out.sort_by_key(|(f, _)| (f.span.start, f.span.end));
        out
    }
}

/// Digit runs with at least this many digits are kept apart for the digit recognisers.
const LONG_RUN: u32 = 4;
/// And these too, for the recognisers that need at least this many.
const LONGER_RUN: u32 = 7;

/// Longest stretch a match may grow past its window (long tokens, PEM bodies).
const MAX_EXTEND: usize = 64 * 1024;

/// Value spans (relative to `ws`) of the regex's matches in `text[ws..we]`: the first
/// participating capture group, else the whole match. A match that runs into the window's end is
/// searched again without that limit, so a long token is never cut in half.
fn find_values(text: &str, ws: usize, we: usize, c: &Compiled) -> Vec<(usize, usize)> {
    let hay = &text.as_bytes()[ws..we];
    let mut raw = Vec::new();
    let value = |caps: &regex::bytes::Captures<'_>| {
        caps.iter()
            .skip(1)
            .flatten()
            .next()
            .or_else(|| caps.get(0))
            .map(|m| (m.start(), m.end()))
    };
    if c.has_groups {
        for caps in c.regex.captures_iter(hay) {
            let Some(whole) = caps.get(0) else { continue };
            if whole.end() == hay.len() && we < text.len() {
                let from = ws + whole.start();
                let to = ceil_boundary(text, from + MAX_EXTEND);
                if let Some(caps2) = c.regex.captures(&text.as_bytes()[from..to])
                    && let (Some(m0), Some((s, e))) = (caps2.get(0), value(&caps2))
                    && m0.start() == 0
                {
                    raw.push((whole.start() + s, whole.start() + e));
                    continue;
                }
            }
            if let Some(v) = value(&caps) {
                raw.push(v);
            }
        }
    } else {
        for m in c.regex.find_iter(hay) {
            if m.end() == hay.len() && we < text.len() {
                let from = ws + m.start();
                let to = ceil_boundary(text, from + MAX_EXTEND);
                if let Some(m2) = c.regex.find(&text.as_bytes()[from..to])
                    && m2.start() == 0
                {
                    raw.push((m.start(), m.start() + m2.end()));
                    continue;
                }
            }
            raw.push((m.start(), m.end()));
        }
    }
    // A byte class may start or end a match inside a character: widen to whole characters.
    raw.into_iter()
        .map(|(s, e)| {
            (
                floor_boundary(text, ws + s) - ws,
                ceil_boundary(text, ws + e) - ws,
            )
        })
        .collect()
}

fn bump(c: Confidence) -> Confidence {
    match c {
        Confidence::Low => Confidence::Medium,
        _ => Confidence::High,
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Clamp to character boundaries and merge overlapping windows, in one pass when they come
/// sorted by start (windows from triggers found left to right do), else after a sort.
fn merge_windows(
    text: &str,
    wins: impl IntoIterator<Item = (usize, usize)>,
) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut sorted = true;
    for (s, e) in wins {
        let s = floor_boundary(text, s);
        let e = ceil_boundary(text, e);
        match out.last_mut() {
            Some(last) if s < last.0 => {
                sorted = false;
                out.push((s, e));
            }
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    if sorted {
        return out;
    }
    out.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(out.len());
    for (s, e) in out {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// A PII value must not be glued to letters or digits around it (`x4111...` is not a card).
fn boundary_ok(text: &str, span: Span) -> bool {
    let b = text.as_bytes();
    let first = b.get(span.start).copied().unwrap_or(0);
    let last = b.get(span.end.wrapping_sub(1)).copied().unwrap_or(0);
    if is_word(first) && span.start > 0 && is_word(b[span.start - 1]) {
        return false;
    }
    if is_word(last) && b.get(span.end).copied().is_some_and(is_word) {
        return false;
    }
    true
}

/// True when no byte of `chunk` is an ASCII digit. Written without early exit so it vectorises.
fn no_digit(chunk: &[u8]) -> bool {
    !chunk.iter().fold(false, |acc, c| acc | c.is_ascii_digit())
}

/// Runs of digits and separators: `(start, end, digit count, dot count)`.
fn digit_clusters(b: &[u8], mut each: impl FnMut((usize, usize, u32, u32))) {
    let mut i = 0;
    let n = b.len();
    while i < n {
        if i + 32 <= n {
            // Jump to the first digit of the next 32 bytes (digit-dense logs and code would
            // otherwise step a byte at a time).
            let chunk = &b[i..i + 32];
            if no_digit(chunk) {
                i += 32;
                continue;
            }
            let mask = chunk
                .iter()
                .enumerate()
                .fold(0u32, |m, (j, c)| m | (u32::from(c.is_ascii_digit()) << j));
            i += mask.trailing_zeros() as usize;
        } else if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let mut last = i;
        let mut count = 0u32;
        let mut dots = 0u32;
        while i < n {
            let c = b[i];
            if c.is_ascii_digit() {
                count += 1;
                last = i;
                i += 1;
            } else if matches!(c, b' ' | b'-' | b'.' | b'(' | b')' | b'/' | b'+') && i - last <= 2 {
                dots += u32::from(c == b'.');
                i += 1;
            } else {
                break;
            }
        }
        // Separators after the last digit are not part of the run.
        let trailing_dots = b[last + 1..i].iter().filter(|&&c| c == b'.').count() as u32;
        each((start, last + 1, count, dots - trailing_dots));
    }
}

/// `:` or `-` with a hex digit on both sides; runs merged.
fn hex_separators(b: &[u8]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut done = 0usize;
    let part = |c: u8| c.is_ascii_hexdigit() || c == b':' || c == b'-' || c == b'.';
    for p in memchr::memchr2_iter(b':', b'-', b) {
        if p < done {
            continue;
        }
        let mut s = p;
        while s > 0 && part(b[s - 1]) {
            s -= 1;
        }
        let mut e = p + 1;
        while e < b.len() && part(b[e]) {
            e += 1;
        }
        done = e;
        let run = &b[s..e];
        let colons = run.iter().filter(|&&c| c == b':').count();
        let dashes = run.iter().filter(|&&c| c == b'-').count();
        let letter = run.iter().any(|c| c.is_ascii_alphabetic());
        let double = run.windows(2).any(|w| w == b"::");
        // IPv6 and MAC candidates; not clock times (12:30:45) or UUIDs (4 dashes), nor `::`
        // between words (Rust and C++ paths): every address has hex digits in its run.
        let hex_digit = run.iter().any(u8::is_ascii_hexdigit);
        if hex_digit
            && ((colons >= 2 && (letter || double || colons >= 5))
                || (dashes == 5 && run.len() >= 17))
        {
            out.push((s, e));
        }
    }
    out
}

/// Digit runs of 1-6 digits followed by a space and a capital letter or digit, in one digit
/// `cluster` (every digit lies in one, so no second pass over the text), added to `out`.
fn house_numbers(b: &[u8], cluster: (usize, usize, u32, u32), out: &mut Vec<(usize, usize)>) {
    let n = b.len();
    let (cs, ce, _, _) = cluster;
    let mut i = cs;
    while i < ce {
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let s = i;
        while i < n && b[i].is_ascii_digit() {
            i += 1;
        }
        let mut j = i;
        if j < n && b[j].is_ascii_alphabetic() {
            j += 1;
        }
        if i - s <= 6
            && j + 1 < n
            && b[j] == b' '
            && ((b[j + 1].is_ascii_uppercase()
                && b.get(j + 2)
                    .is_some_and(|c| c.is_ascii_lowercase() || *c >= 0x80))
                || b[j + 1].is_ascii_digit()
                || b[j + 1] >= 0x80)
        {
            out.push((s, j));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_classes_rewrites_only_wide_ascii_classes() {
        let cases = [
            (r#"[^\s"']{1,128}"#, r#"(?-u:[^\s"']){1,128}"#),
            (r"\S{3,9}\s+\d", r"(?-u:\S){3,9}\s+\d"),
            (r"a.b\.c", r"a(?-u:.)b\.c"),
            (r"[\s\S]{0,300}?", r"(?-u:[\s\S]){0,300}?"),
            (r"[A-Za-z0-9_]{20}[^]x]", r"[A-Za-z0-9_]{20}(?-u:[^]x])"),
            (r"[^\p{L}]", r"[^\p{L}]"),
            (r"[^\x{A0}x]", r"[^\x{A0}x]"),
            (r"[^é]", r"[^é]"),
            (r"(?-u:\b)tök[^;]", r"(?-u:\b)tök(?-u:[^;])"),
        ];
        for (from, to) in cases {
            assert_eq!(byte_classes(from), to, "{from}");
            // Each rewrite still compiles as a byte regex.
            regex::bytes::Regex::new(to).unwrap();
        }
    }

    #[test]
    fn builtin_keywords_get_the_dfa() {
        let s = Scanner::new(&DlpConfig::default()).unwrap();
        assert!(
            s.keywords
                .as_ref()
                .is_some_and(keywords::Keywords::uses_dfa)
        );
    }

    /// The built-in keywords' lazy DFA does not thrash: texts strung from the keywords
    /// themselves, in mixed case with pieces cut off and words between, fit in its cache
    /// without a single clear (were it to fill up, every new state would cost a rebuild).
    #[test]
    fn keyword_dfa_cache_holds() {
        let s = Scanner::new(&DlpConfig::default()).unwrap();
        let k = s.keywords.as_ref().unwrap();
        let words = k.words();
        let mut seed = 3u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let mut found = 0;
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..12 {
                let w = &words[next() % words.len()];
                let w = if next() % 2 == 0 {
                    w.to_ascii_uppercase()
                } else {
                    w.to_string()
                };
                let cut = next() % (w.len() + 1);
                text.push_str(if next() % 3 == 0 && w.is_char_boundary(cut) {
                    &w[..cut]
                } else {
                    &w
                });
                text.push_str(["", " ", "=", " the ", "_", "1"][next() % 6]);
            }
            k.for_each(text.as_bytes(), |_, _, _| found += 1);
        }
        let (bytes, clears) = k.cache_stats().unwrap();
        assert!(found > 10_000, "{found}");
        assert_eq!(clears, 0, "{bytes} bytes");
    }

    #[test]
    fn clusters() {
        let all = |t: &[u8]| {
            let mut v = Vec::new();
            digit_clusters(t, |c| v.push(c));
            v
        };
        assert_eq!(
            all(b"call 415-555-0132 or 12"),
            vec![(5, 17, 10, 0), (21, 23, 2, 0)]
        );
        assert_eq!(all(b"ip 10.0.0.1. next"), vec![(3, 11, 5, 3)]);
        // Runs longer than a 32-byte chunk, and digits at the last bytes.
        let t = format!("{}1 2{}", "x".repeat(31), "y".repeat(40));
        assert_eq!(all(t.as_bytes()), vec![(31, 34, 2, 0)]);
        assert_eq!(all(b"ab9"), vec![(2, 3, 1, 0)]);
        assert_eq!(hex_separators(b"mac 00:1a:2b x"), vec![(4, 12)]);
        assert!(hex_separators(b"at 12:30:45 and 4f9c2a7e-5d1b-4c3e-9a8f-1b2c3d4e5f60").is_empty());
        let t = b"at 221B Baker and 7 days, 12 34 x, 9 Elm";
        let mut houses = Vec::new();
        digit_clusters(t, |c| house_numbers(t, c, &mut houses));
        assert_eq!(houses, vec![(3, 7), (26, 28), (35, 36)]);
        // Every digit recogniser needs at least LONG_RUN digits: shorter runs are not kept.
        for spec in pii::all() {
            if let pii::Trigger::Digits(min) = spec.trigger {
                assert!(u32::from(min) >= LONG_RUN, "{}", spec.entity);
            }
        }
    }

    #[test]
    fn builtin_patterns_use_ascii_word_classes() {
        assert_eq!(
            ascii_classes(r"\bkey[\w.-]{0,4}\w+"),
            r"(?-u:\b)key[A-Za-z0-9_.-]{0,4}[A-Za-z0-9_]+"
        );
        // Escaped backslashes, literal `]` at a class start and negated classes are kept.
        assert_eq!(
            ascii_classes(r"\\w[]\w][^\w]"),
            r"\\w[]A-Za-z0-9_][^A-Za-z0-9_]"
        );
        assert_eq!(ascii_classes(r"a\"), r"a\");
        let re = regex::Regex::new(&ascii_classes(r"^[\w-]+$")).unwrap();
        assert!(re.is_match("OPENAI_API-KEY9"));
        assert!(!re.is_match("clé"));
    }

    #[test]
    fn builtin_context_words_are_lowercase() {
        for spec in pii::all() {
            for w in spec.context {
                assert!(!w.is_empty(), "{}: empty context word", spec.entity);
                assert_eq!(
                    &w.to_ascii_lowercase(),
                    w,
                    "{}: context word `{w}`",
                    spec.entity
                );
            }
        }
    }

    #[test]
    fn boundaries() {
        assert!(!boundary_ok("x4111", Span::new(1, 5)));
        assert!(boundary_ok("(4111)", Span::new(1, 5)));
    }
}
