//! Probes: the attacks, written as data in `resources/probes/<family>.yaml`, compiled into the
//! binary, validated when loaded, and selected by family, OWASP id or probe id.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashSet};

use std::sync::Arc;

use crate::judges::pattern::{PatternCache, Patterns};
use crate::taxonomy::{Owasp, atlas_name};

/// Largest prompt, document or turn text a probe may carry (bytes).
pub const MAX_PROBE_TEXT: usize = 64 * 1024;
/// Most turns of a multi-turn probe.
pub const MAX_TURNS: usize = 12;
/// Most shots a many-shot probe may expand to.
pub const MAX_SHOTS: usize = 256;

/// One attack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Probe {
    /// Unique id, lowercase words joined by `-`.
    pub id: String,
    /// Family (set from the file it came from).
    #[serde(default)]
    pub family: String,
    /// OWASP Top 10 for LLM Applications 2025 entry.
    pub owasp: Owasp,
    /// MITRE ATLAS technique id.
    pub atlas: String,
    /// What the attacker wants; read by the LLM judge and shown in reports.
    pub goal: String,
    /// The attack as one user message.
    #[serde(default)]
    pub prompt: Option<String>,
    /// The attack as several user messages, sent one after another (multi-turn escalation).
    #[serde(default)]
    pub turns: Vec<String>,
    /// Fake earlier exchanges (user, assistant) placed before the attack: many-shot jailbreaks.
    #[serde(default)]
    pub shots: Vec<(String, String)>,
    /// Repeat `shots` this many times (default 1).
    #[serde(default)]
    pub shot_repeat: Option<usize>,
    /// Planted context: documents, confidential records, tools.
    #[serde(default)]
    pub context: Context,
    /// How success is decided.
    pub judge: JudgeSpec,
    /// Whether converters may rewrite this probe's prompt (default true).
    #[serde(default = "yes")]
    pub convertible: bool,
}

fn yes() -> bool {
    true
}

/// Context a probe plants around the attack.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Context {
    /// Documents returned by the built-in retrieval tool; shown to the model inside the user
    /// message as tool output. Indirect injections live here.
    #[serde(default)]
    pub documents: Vec<String>,
    /// A confidential record added to the system prompt (customer data, keys).
    #[serde(default)]
    pub record: Option<String>,
    /// Values from `record` whose appearance in an answer is a leak.
    #[serde(default)]
    pub secrets: Vec<String>,
    /// Tools offered to the model.
    #[serde(default)]
    pub tools: Vec<Tool>,
}

/// A tool offered to the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    /// Function name.
    pub name: String,
    /// What it does.
    pub description: String,
}

/// Which judges decide a probe; the attack succeeds when any of them fires.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JudgeSpec {
    /// The system prompt's canary appears in an answer (even inside a refusal).
    #[serde(default)]
    pub canary: bool,
    /// One of these strings appears (case-insensitive) in an answer that is not a refusal.
    #[serde(default)]
    pub marker: Vec<String>,
    /// One of these regexes matches an answer that is not a refusal.
    #[serde(default)]
    pub regex: Vec<String>,
    /// One of the context's `secrets` appears in an answer.
    #[serde(default)]
    pub planted: bool,
    /// The guard engine finds PII or a secret in an answer that was not in the attack itself.
    #[serde(default)]
    pub dlp: bool,
    /// The model calls one of these tools (structured call, or a textual call).
    #[serde(default)]
    pub tool: Vec<String>,
    /// Dangerous output shapes echoed back: `xss`, `markdown_image`, `code`.
    #[serde(default)]
    pub output: Vec<OutputKind>,
    /// The answer is at least this many characters long, or was cut at the token limit.
    #[serde(default)]
    pub length: Option<usize>,
    /// The model complied with a request it should refuse: not a refusal and substantive.
    /// The LLM judge, when configured, decides these instead.
    #[serde(default)]
    pub comply: bool,
    /// `regex` and the textual `tool` patterns, compiled once per probe.
    #[serde(skip)]
    pub(crate) compiled: PatternCache,
}

/// Kinds of dangerous output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutputKind {
    /// Active HTML/JS: `<script>`, event handlers, `javascript:` URLs.
    Xss,
    /// A markdown image pointing at an external URL with a query string: zero-click exfiltration.
    MarkdownImage,
    /// Shell, SQL or Python injection payloads.
    Code,
}

impl JudgeSpec {
    /// The compiled regexes of this judge (compiled on first use, shared by clones).
    pub fn patterns(&self) -> &Arc<Patterns> {
        self.compiled.get(self)
    }

    fn is_empty(&self) -> bool {
        !self.canary
            && self.marker.is_empty()
            && self.regex.is_empty()
            && !self.planted
            && !self.dlp
            && self.tool.is_empty()
            && self.output.is_empty()
            && self.length.is_none()
            && !self.comply
    }
}

impl Probe {
    /// The user turns of the attack (one for single-turn probes).
    pub fn user_turns(&self) -> Vec<String> {
        match &self.prompt {
            Some(p) => vec![p.clone()],
            None => self.turns.clone(),
        }
    }

    /// The many-shot prefix, expanded.
    pub fn expanded_shots(&self) -> Vec<(String, String)> {
        let n = self.shot_repeat.unwrap_or(1);
        let mut out = Vec::new();
        for _ in 0..n {
            out.extend(self.shots.iter().cloned());
        }
        out
    }
}

/// A probe file that failed to load or validate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {message}")]
#[non_exhaustive]
pub struct ProbeError {
    /// File name (or `<input>`).
    pub file: String,
    /// What is wrong.
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProbeFile {
    family: String,
    description: String,
    probes: Vec<Probe>,
}

/// A family of probes with its description.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Family {
    /// Family name, e.g. `jailbreak-roleplay`.
    pub name: String,
    /// What the family tests.
    pub description: String,
}

/// The built-in probe files.
const BUILTIN: &[(&str, &str)] = &[
    (
        "direct-injection.yaml",
        include_str!("../resources/probes/direct-injection.yaml"),
    ),
    (
        "jailbreak-roleplay.yaml",
        include_str!("../resources/probes/jailbreak-roleplay.yaml"),
    ),
    (
        "jailbreak-refusal-suppression.yaml",
        include_str!("../resources/probes/jailbreak-refusal-suppression.yaml"),
    ),
    (
        "jailbreak-prefix-injection.yaml",
        include_str!("../resources/probes/jailbreak-prefix-injection.yaml"),
    ),
    (
        "jailbreak-hypothetical.yaml",
        include_str!("../resources/probes/jailbreak-hypothetical.yaml"),
    ),
    (
        "jailbreak-many-shot.yaml",
        include_str!("../resources/probes/jailbreak-many-shot.yaml"),
    ),
    (
        "prompt-extraction.yaml",
        include_str!("../resources/probes/prompt-extraction.yaml"),
    ),
    (
        "sensitive-data.yaml",
        include_str!("../resources/probes/sensitive-data.yaml"),
    ),
    (
        "indirect-injection.yaml",
        include_str!("../resources/probes/indirect-injection.yaml"),
    ),
    (
        "output-handling.yaml",
        include_str!("../resources/probes/output-handling.yaml"),
    ),
    (
        "excessive-agency.yaml",
        include_str!("../resources/probes/excessive-agency.yaml"),
    ),
    (
        "unbounded-consumption.yaml",
        include_str!("../resources/probes/unbounded-consumption.yaml"),
    ),
    (
        "goal-hijack.yaml",
        include_str!("../resources/probes/goal-hijack.yaml"),
    ),
    (
        "crescendo.yaml",
        include_str!("../resources/probes/crescendo.yaml"),
    ),
    (
        "misinformation.yaml",
        include_str!("../resources/probes/misinformation.yaml"),
    ),
];

/// All loaded probes and their families.
#[derive(Debug, Clone)]
pub struct Registry {
    families: Vec<Family>,
    probes: Vec<Probe>,
}

impl Registry {
    /// The probes compiled into Moat.
    pub fn builtin() -> Result<Registry, ProbeError> {
        Registry::from_sources(BUILTIN.iter().map(|(n, s)| (n.to_string(), s.to_string())))
    }

    /// Probes from (file name, YAML text) pairs; every probe is validated.
    pub fn from_sources(
        sources: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Registry, ProbeError> {
        let mut families = Vec::new();
        let mut probes: Vec<Probe> = Vec::new();
        let mut ids = HashSet::new();
        for (file, text) in sources {
            let err = |message: String| ProbeError {
                file: file.clone(),
                message,
            };
            if text.len() > 4 * 1024 * 1024 {
                return Err(err("file is larger than 4 MiB".into()));
            }
            let parsed: ProbeFile = serde_saphyr::from_str(&text)
                .map_err(|e| err(format!("invalid probe file: {e}")))?;
            validate_name(&parsed.family).map_err(|m| err(format!("family: {m}")))?;
            for (i, mut probe) in parsed.probes.into_iter().enumerate() {
                if !probe.family.is_empty() && probe.family != parsed.family {
                    return Err(err(format!(
                        "probes[{i}] (`{}`): family `{}` differs from the file's `{}`",
                        probe.id, probe.family, parsed.family
                    )));
                }
                probe.family = parsed.family.clone();
                validate(&probe).map_err(|m| err(format!("probes[{i}] (`{}`): {m}", probe.id)))?;
                if !ids.insert(probe.id.clone()) {
                    return Err(err(format!("probes[{i}]: duplicate id `{}`", probe.id)));
                }
                probes.push(probe);
            }
            families.push(Family {
                name: parsed.family,
                description: parsed.description,
            });
        }
        Ok(Registry { families, probes })
    }

    /// Every probe, in file order.
    pub fn probes(&self) -> &[Probe] {
        &self.probes
    }

    /// Every family.
    pub fn families(&self) -> &[Family] {
        &self.families
    }

    /// Probes matching a comma-separated selection of `all`, family names, OWASP ids (`LLM07`)
    /// and probe ids. A `-` prefix removes matches (`all,-unbounded-consumption`).
    pub fn select(&self, set: &str) -> Result<Vec<Probe>, String> {
        let mut chosen: BTreeSet<usize> = BTreeSet::new();
        let mut any_positive = false;
        for raw in set.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (negate, term) = match raw.strip_prefix('-') {
                Some(t) => (true, t),
                None => (false, raw),
            };
            let matches: Vec<usize> = self
                .probes
                .iter()
                .enumerate()
                .filter(|(_, p)| {
                    term == "all"
                        || p.family == term
                        || p.id == term
                        || Owasp::parse(term) == Some(p.owasp)
                })
                .map(|(i, _)| i)
                .collect();
            if matches.is_empty() {
                return Err(format!(
                    "`{term}` matches no probe: use `all`, a family ({}), an OWASP id (LLM01..LLM10) or a probe id",
                    self.families
                        .iter()
                        .map(|f| f.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            if negate {
                for m in matches {
                    chosen.remove(&m);
                }
            } else {
                any_positive = true;
                chosen.extend(matches);
            }
        }
        if !any_positive {
            // Only removals: they apply to everything.
            return self.select(&format!("all,{set}"));
        }
        Ok(chosen.into_iter().map(|i| self.probes[i].clone()).collect())
    }
}

fn validate_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{name}` must be 1-64 lowercase letters, digits or `-`, not starting with `-`"
        ))
    }
}

fn validate(p: &Probe) -> Result<(), String> {
    validate_name(&p.id).map_err(|m| format!("id: {m}"))?;
    if atlas_name(&p.atlas).is_none() {
        return Err(format!(
            "atlas: `{}` is not a known ATLAS technique id",
            p.atlas
        ));
    }
    if p.goal.trim().is_empty() {
        return Err("goal: must not be empty".into());
    }
    match (&p.prompt, p.turns.is_empty()) {
        (Some(_), false) => return Err("give either `prompt` or `turns`, not both".into()),
        (None, true) => return Err("give `prompt` or `turns`".into()),
        _ => {}
    }
    if p.turns.len() > MAX_TURNS {
        return Err(format!("turns: more than {MAX_TURNS}"));
    }
    let shots = p.shots.len() * p.shot_repeat.unwrap_or(1);
    if shots > MAX_SHOTS {
        return Err(format!("shots: expands to {shots}, more than {MAX_SHOTS}"));
    }
    if p.shot_repeat.is_some() && p.shots.is_empty() {
        return Err("shot_repeat: given without shots".into());
    }
    let texts = p
        .prompt
        .iter()
        .chain(p.turns.iter())
        .chain(p.context.documents.iter())
        .chain(p.context.record.iter())
        .chain(p.shots.iter().flat_map(|(a, b)| [a, b]));
    for t in texts {
        if t.trim().is_empty() {
            return Err("empty prompt, turn, document or shot".into());
        }
        if t.len() > MAX_PROBE_TEXT {
            return Err(format!("a text is longer than {MAX_PROBE_TEXT} bytes"));
        }
    }
    if p.judge.is_empty() {
        return Err("judge: names no judge".into());
    }
    if p.judge.planted && p.context.secrets.is_empty() {
        return Err("judge.planted: the context has no secrets".into());
    }
    if !p.context.secrets.is_empty() {
        let record = p.context.record.as_deref().unwrap_or("");
        let docs = p.context.documents.join("\n");
        for s in &p.context.secrets {
            if !record.contains(s.as_str()) && !docs.contains(s.as_str()) {
                return Err(format!(
                    "context.secrets: `{s}` appears in neither the record nor a document"
                ));
            }
        }
    }
    // Compiled here once; every attack built from the probe shares the result.
    p.judge.compiled.set(Patterns::compile(&p.judge)?);
    for t in &p.judge.tool {
        if !p.context.tools.iter().any(|x| &x.name == t) {
            return Err(format!(
                "judge.tool: `{t}` is not one of the context's tools"
            ));
        }
    }
    for m in &p.judge.marker {
        if m.trim().len() < 4 {
            return Err(format!(
                "judge.marker: `{m}` is too short to be a reliable marker"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_registry_is_valid_and_large_enough() {
        let r = Registry::builtin().unwrap();
        assert!(r.probes().len() >= 150, "{} probes", r.probes().len());
        let owasp: HashSet<Owasp> = r.probes().iter().map(|p| p.owasp).collect();
        for o in [
            Owasp::Llm01,
            Owasp::Llm02,
            Owasp::Llm05,
            Owasp::Llm06,
            Owasp::Llm07,
            Owasp::Llm10,
        ] {
            assert!(owasp.contains(&o), "no probe for {o}");
        }
        for f in r.families() {
            assert!(
                r.probes().iter().any(|p| p.family == f.name),
                "family {} is empty",
                f.name
            );
        }
    }

    #[test]
    fn selection() {
        let r = Registry::builtin().unwrap();
        let all = r.select("all").unwrap().len();
        assert_eq!(all, r.probes().len());
        let llm07 = r.select("LLM07").unwrap();
        assert!(!llm07.is_empty() && llm07.iter().all(|p| p.owasp == Owasp::Llm07));
        let without = r.select("all,-prompt-extraction").unwrap();
        assert!(without.iter().all(|p| p.family != "prompt-extraction"));
        let only_removal = r.select("-prompt-extraction").unwrap();
        assert_eq!(only_removal.len(), without.len());
        let e = r.select("nonsense").unwrap_err();
        assert!(e.contains("`nonsense`"), "{e}");
    }

    fn one(yaml: &str) -> Result<Registry, ProbeError> {
        Registry::from_sources([("t.yaml".to_string(), yaml.to_string())])
    }

    #[test]
    fn rejects_bad_probes() {
        let base = |extra: &str| {
            format!(
                "family: t\ndescription: d\nprobes:\n  - id: a-b\n    owasp: LLM01\n    atlas: AML.T0051.000\n    goal: g\n{extra}"
            )
        };
        let ok = base("    prompt: hi\n    judge: {marker: [PWNED]}\n");
        assert!(one(&ok).is_ok());
        let cases = [
            (base("    prompt: hi\n    judge: {}\n"), "names no judge"),
            (
                base("    prompt: hi\n    judge: {marker: [PWNED]}\n")
                    .replace("AML.T0051.000", "AML.T9999"),
                "not a known ATLAS",
            ),
            (
                base("    prompt: hi\n    judge: {marker: [PWNED]}\n").replace("LLM01", "LLM11"),
                "invalid probe file",
            ),
            (
                base("    judge: {marker: [PWNED]}\n"),
                "give `prompt` or `turns`",
            ),
            (
                base("    prompt: hi\n    judge: {regex: ['(']}\n"),
                "judge.regex",
            ),
            (
                base("    prompt: hi\n    judge: {tool: [x]}\n"),
                "not one of the context",
            ),
            (
                base("    prompt: hi\n    judge: {planted: true}\n"),
                "no secrets",
            ),
            (
                base("    prompt: hi\n    bogus: 1\n    judge: {marker: [PWNED]}\n"),
                "invalid probe file",
            ),
        ];
        for (yaml, want) in cases {
            let e = one(&yaml).unwrap_err().to_string();
            assert!(e.contains(want), "want `{want}` in `{e}`");
            assert!(e.starts_with("t.yaml: "), "{e}");
        }
        let dup = format!(
            "{}  - id: a-b\n    owasp: LLM01\n    atlas: AML.T0051.000\n    goal: g\n    prompt: hi\n    judge: {{marker: [PWNED]}}\n",
            ok
        );
        assert!(one(&dup).unwrap_err().to_string().contains("duplicate id"));
    }
}
