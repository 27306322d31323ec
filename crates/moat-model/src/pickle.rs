//! A pickle opcode walker with a symbolic stack. It never builds a Python object: it follows
//! the virtual machine closely enough to know every callable a stream would import or call,
//! including names assembled through the memo for STACK_GLOBAL, and reports them with offsets.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use moat_core::Severity;

use crate::Finding;

/// Longest string kept verbatim on the symbolic stack (module and attribute names are short).
const MAX_STR: usize = 4096;
/// Largest bytes value kept so that an embedded payload can be scanned in turn.
const MAX_KEPT_BYTES: usize = 64 << 20;
/// Items kept per tuple/dict (the rest are counted, not kept).
const MAX_ITEMS: usize = 256;
/// Most memo entries.
const MAX_MEMO: usize = 4_000_000;
/// Deepest stack of MARKs and values.
const MAX_STACK: usize = 4_000_000;

/// A value on the symbolic stack.
#[derive(Debug, Clone)]
enum V {
    Mark,
    None,
    Int(i64),
    Other,
    Str(Rc<str>),
    Bytes(Option<Rc<[u8]>>),
    Tuple(Rc<Vec<V>>),
    List,
    Dict(Rc<RefCell<Vec<(V, V)>>>),
    Global(Rc<(String, String)>),
    /// The result of calling or instantiating a callable.
    Obj(Option<Rc<(String, String)>>, Rc<Vec<V>>),
}

/// A callable the stream imports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Import {
    pub(crate) module: String,
    pub(crate) name: String,
    pub(crate) offset: u64,
    pub(crate) opcode: &'static str,
}

/// What one walk found.
#[derive(Debug, Default)]
pub(crate) struct Walk {
    pub(crate) imports: Vec<Import>,
    pub(crate) findings: Vec<Finding>,
    /// Bytes handed to a loader (`pickle.loads(b"...")`, `torch.storage._load_from_bytes`):
    /// scanned as files of their own.
    pub(crate) embedded: Vec<(u64, Rc<[u8]>)>,
    /// Offset just after the last STOP.
    pub(crate) end: usize,
    /// Number of pickles walked.
    pub(crate) pickles: usize,
    /// Highest protocol seen.
    pub(crate) protocol: u8,
}

fn finding(rule: &str, sev: Severity, msg: String, off: u64, sym: Option<String>) -> Finding {
    Finding {
        rule: rule.to_owned(),
        severity: sev,
        message: msg,
        offset: Some(off),
        symbol: sym,
        member: None,
    }
}

/// True when `data` plausibly starts with a pickle: a PROTO opcode, or a protocol-0/1 opcode
/// sequence that walks to a STOP without structural errors within the first few KiB.
pub(crate) fn looks_like_pickle(data: &[u8]) -> bool {
    let plausible_start = match data.first() {
        Some(0x80) => data.get(1).is_some_and(|p| *p <= 5),
        Some(b) => b"(}]cNI)SVXJKMGTUqphgtl".contains(b) || *b == 0x8c || *b == 0x95,
        None => false,
    };
    if !plausible_start {
        return false;
    }
    let mut w = Walker::new(data, 0, false);
    match w.run_one() {
        Ok(done) => done && w.pos > 1,
        // Ran off the end of the sample without a structural error: still a pickle.
        Err((at, msg)) => msg.starts_with("truncated") && at + 64 >= data.len() && w.pos > 16,
    }
}

/// Walks every pickle found back to back from `start` (a file may hold several, as the legacy
/// PyTorch format does, or as an attacker appends). `joblib` enables skipping joblib's raw array
/// data that follows a `NumpyArrayWrapper`.
pub(crate) fn walk(data: &[u8], start: usize, joblib: bool) -> Walk {
    let mut w = Walker::new(data, start, joblib);
    loop {
        let at = w.pos;
        match w.run_one() {
            Ok(true) => {
                w.out.pickles += 1;
                w.out.end = w.pos;
                // Another pickle straight after? (PROTO opcode.) Otherwise stop.
                if data.get(w.pos) == Some(&0x80) && data.get(w.pos + 1).is_some_and(|p| *p <= 5) {
                    w.reset_machine();
                    continue;
                }
                break;
            }
            Ok(false) => break,
            Err(e) => {
                let _ = at;
                let sev = Severity::Medium;
                w.out.findings.push(finding(
                    "pickle.malformed",
                    sev,
                    format!("pickle stream is malformed at offset {}: {}", e.0, e.1),
                    e.0 as u64,
                    None,
                ));
                break;
            }
        }
    }
    w.out
}

struct Walker<'a> {
    data: &'a [u8],
    pos: usize,
    stack: Vec<V>,
    memo: HashMap<u64, V>,
    joblib: bool,
    out: Walk,
}

type WErr = (usize, String);

impl<'a> Walker<'a> {
    fn new(data: &'a [u8], start: usize, joblib: bool) -> Self {
        Walker {
            data,
            pos: start,
            stack: Vec::new(),
            memo: HashMap::new(),
            joblib,
            out: Walk::default(),
        }
    }

    fn reset_machine(&mut self) {
        self.stack.clear();
        self.memo.clear();
    }

    fn err<T>(&self, at: usize, msg: impl Into<String>) -> Result<T, WErr> {
        Err((at, msg.into()))
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], WErr> {
        let at = self.pos;
        let end = at
            .checked_add(n)
            .filter(|e| *e <= self.data.len())
            .ok_or((at, format!("truncated: needs {n} more bytes")))?;
        self.pos = end;
        Ok(&self.data[at..end])
    }

    fn take_len(&mut self, width: usize) -> Result<usize, WErr> {
        let at = self.pos;
        let b = self.take(width)?;
        let mut v = [0u8; 8];
        v[..width].copy_from_slice(b);
        let n = u64::from_le_bytes(v);
        if n > (self.data.len() - self.pos) as u64 {
            return self.err(at, format!("length {n} runs past the end of the data"));
        }
        Ok(n as usize)
    }

    fn line(&mut self) -> Result<&'a [u8], WErr> {
        let at = self.pos;
        let rest = &self.data[self.pos..];
        let nl = rest
            .iter()
            .take(1 << 20)
            .position(|b| *b == b'\n')
            .ok_or((at, "unterminated text argument".to_owned()))?;
        self.pos += nl + 1;
        Ok(&rest[..nl])
    }

    fn push(&mut self, v: V) -> Result<(), WErr> {
        if self.stack.len() >= MAX_STACK {
            return self.err(self.pos, "stack too deep");
        }
        self.stack.push(v);
        Ok(())
    }

    fn pop(&mut self, at: usize) -> Result<V, WErr> {
        match self.stack.pop() {
            Some(V::Mark) => self.err(at, "unexpected MARK on the stack"),
            Some(v) => Ok(v),
            None => self.err(at, "stack underflow"),
        }
    }

    fn top_mut(&mut self, at: usize) -> Result<&mut V, WErr> {
        match self.stack.last_mut() {
            Some(V::Mark) | None => Err((at, "stack underflow".to_owned())),
            Some(v) => Ok(v),
        }
    }

    fn pop_mark(&mut self, at: usize) -> Result<Vec<V>, WErr> {
        let m = self
            .stack
            .iter()
            .rposition(|v| matches!(v, V::Mark))
            .ok_or((at, "no MARK on the stack".to_owned()))?;
        let items = self.stack.split_off(m + 1);
        self.stack.pop();
        Ok(items)
    }

    fn memo_put(&mut self, key: u64, at: usize) -> Result<(), WErr> {
        let v = match self.stack.last() {
            Some(V::Mark) | None => return self.err(at, "memo store with an empty stack"),
            Some(v) => v.clone(),
        };
        if self.memo.len() >= MAX_MEMO && !self.memo.contains_key(&key) {
            return self.err(at, "too many memo entries");
        }
        self.memo.insert(key, v);
        Ok(())
    }

    fn memo_get(&mut self, key: u64, at: usize) -> Result<(), WErr> {
        let v = self
            .memo
            .get(&key)
            .cloned()
            .ok_or((at, format!("memo key {key} was never stored")))?;
        self.push(v)
    }

    fn import(&mut self, module: String, name: String, at: usize, op: &'static str) -> V {
        self.out.imports.push(Import {
            module: module.clone(),
            name: name.clone(),
            offset: at as u64,
            opcode: op,
        });
        V::Global(Rc::new((module, name)))
    }

    fn call(&mut self, callable: V, args: Vec<V>, at: usize, op: &str) -> V {
        let args = Rc::new(args);
        match callable {
            V::Global(g) => {
                // Bytes handed to a loader are a file inside the file.
                if is_loader(&g.0, &g.1) {
                    for a in args.iter() {
                        if let V::Bytes(Some(b)) = a {
                            self.out.embedded.push((at as u64, b.clone()));
                        }
                    }
                }
                V::Obj(Some(g), args)
            }
            V::Obj(..) => {
                self.out.findings.push(finding(
                    "pickle.indirect-call",
                    Severity::High,
                    format!(
                        "{op} calls the result of another call (a callable fetched at load time, \
                         e.g. through getattr or partial)"
                    ),
                    at as u64,
                    None,
                ));
                V::Obj(None, args)
            }
            _ => V::Obj(None, args),
        }
    }

    /// Runs one pickle to its STOP. `Ok(false)` when there is nothing to run.
    fn run_one(&mut self) -> Result<bool, WErr> {
        if self.pos >= self.data.len() {
            return Ok(false);
        }
        loop {
            let at = self.pos;
            let Some(&op) = self.data.get(self.pos) else {
                return self.err(at, "truncated: no STOP opcode");
            };
            self.pos += 1;
            match op {
                b'.' => return Ok(true),
                0x80 => {
                    let p = self.take(1)?[0];
                    if p > 5 {
                        return self.err(at, format!("unsupported protocol {p}"));
                    }
                    self.out.protocol = self.out.protocol.max(p);
                }
                0x95 => {
                    self.take(8)?;
                }
                b'(' => self.push(V::Mark)?,
                b'0' => {
                    if self.stack.pop().is_none() {
                        return self.err(at, "stack underflow");
                    }
                }
                b'1' => {
                    self.pop_mark(at)?;
                }
                b'2' => {
                    let v = self.top_mut(at)?.clone();
                    self.push(v)?;
                }
                b'F' => {
                    self.line()?;
                    self.push(V::Other)?;
                }
                b'I' => {
                    let l = self.line()?;
                    let v = match l {
                        b"01" | b"00" => V::Other,
                        _ => std::str::from_utf8(l)
                            .ok()
                            .and_then(|s| s.trim().parse::<i64>().ok())
                            .map(V::Int)
                            .unwrap_or(V::Other),
                    };
                    self.push(v)?;
                }
                b'L' => {
                    let l = self.line()?;
                    let v = std::str::from_utf8(l)
                        .ok()
                        .and_then(|s| s.trim().trim_end_matches('L').parse::<i64>().ok())
                        .map(V::Int)
                        .unwrap_or(V::Other);
                    self.push(v)?;
                }
                b'J' => {
                    let b = self.take(4)?;
                    let v = i32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                    self.push(V::Int(v.into()))?;
                }
                b'K' => {
                    let b = self.take(1)?[0];
                    self.push(V::Int(b.into()))?;
                }
                b'M' => {
                    let b = self.take(2)?;
                    self.push(V::Int(u16::from_le_bytes([b[0], b[1]]).into()))?;
                }
                0x8a | 0x8b => {
                    let n = self.take_len(if op == 0x8a { 1 } else { 4 })?;
                    let b = self.take(n)?;
                    let v = if n <= 8 && !b.is_empty() {
                        let mut buf = if b[n - 1] & 0x80 != 0 {
                            [0xffu8; 8]
                        } else {
                            [0u8; 8]
                        };
                        buf[..n].copy_from_slice(b);
                        V::Int(i64::from_le_bytes(buf))
                    } else if n == 0 {
                        V::Int(0)
                    } else {
                        V::Other
                    };
                    self.push(v)?;
                }
                b'G' => {
                    self.take(8)?;
                    self.push(V::Other)?;
                }
                b'N' => self.push(V::None)?,
                0x88 | 0x89 => self.push(V::Other)?,
                b'S' => {
                    let l = self.line()?;
                    let s = unquote_py2(l);
                    self.push(str_value(&s))?;
                }
                b'V' => {
                    let l = self.line()?;
                    let s = raw_unicode_unescape(l);
                    self.push(str_value(&s))?;
                }
                b'T' | b'U' | b'X' | 0x8c | 0x8d => {
                    let width = match op {
                        b'U' | 0x8c => 1,
                        0x8d => 8,
                        _ => 4,
                    };
                    let n = self.take_len(width)?;
                    let b = self.take(n)?;
                    let s = if op == b'T' || op == b'U' {
                        // Python 2 str: bytes, decoded latin-1 by `encoding='latin1'` callers.
                        b.iter().map(|c| *c as char).collect::<String>()
                    } else {
                        match std::str::from_utf8(b) {
                            Ok(s) => s.to_owned(),
                            Err(_) => {
                                return self.err(at + 1, "string is not valid UTF-8");
                            }
                        }
                    };
                    self.push(str_value(&s))?;
                }
                b'B' | b'C' | 0x8e | 0x96 => {
                    let width = match op {
                        b'C' => 1,
                        b'B' => 4,
                        _ => 8,
                    };
                    let n = self.take_len(width)?;
                    let b = self.take(n)?;
                    let kept = (n <= MAX_KEPT_BYTES).then(|| Rc::<[u8]>::from(b));
                    self.push(V::Bytes(kept))?;
                }
                0x97 | 0x98 => {
                    if op == 0x97 {
                        self.push(V::Other)?;
                    }
                }
                b')' => self.push(V::Tuple(Rc::new(Vec::new())))?,
                b't' => {
                    let items = self.pop_mark(at)?;
                    self.push(tuple(items))?;
                }
                0x85..=0x87 => {
                    let n = (op - 0x84) as usize;
                    let mut items = Vec::with_capacity(n);
                    for _ in 0..n {
                        items.push(self.pop(at)?);
                    }
                    items.reverse();
                    self.push(tuple(items))?;
                }
                b']' => self.push(V::List)?,
                b'l' => {
                    self.pop_mark(at)?;
                    self.push(V::List)?;
                }
                b'}' => self.push(V::Dict(Rc::new(RefCell::new(Vec::new()))))?,
                b'd' => {
                    let items = self.pop_mark(at)?;
                    let d = V::Dict(Rc::new(RefCell::new(Vec::new())));
                    set_items(&d, items);
                    self.push(d)?;
                }
                0x8f => self.push(V::Other)?,
                0x91 => {
                    self.pop_mark(at)?;
                    self.push(V::Other)?;
                }
                b'a' => {
                    self.pop(at)?;
                    self.top_mut(at)?;
                }
                b'e' | 0x90 => {
                    self.pop_mark(at)?;
                    self.top_mut(at)?;
                }
                b's' => {
                    let v = self.pop(at)?;
                    let k = self.pop(at)?;
                    let t = self.top_mut(at)?.clone();
                    set_items(&t, vec![k, v]);
                }
                b'u' => {
                    let items = self.pop_mark(at)?;
                    let t = self.top_mut(at)?.clone();
                    set_items(&t, items);
                }
                b'p' => {
                    let l = self.line()?;
                    let k = parse_key(l).ok_or((at, "bad memo key".to_owned()))?;
                    self.memo_put(k, at)?;
                }
                b'q' => {
                    let k = self.take(1)?[0];
                    self.memo_put(k.into(), at)?;
                }
                b'r' => {
                    let b = self.take(4)?;
                    self.memo_put(u32::from_le_bytes([b[0], b[1], b[2], b[3]]).into(), at)?;
                }
                0x94 => {
                    let k = self.memo.len() as u64;
                    self.memo_put(k, at)?;
                }
                b'g' => {
                    let l = self.line()?;
                    let k = parse_key(l).ok_or((at, "bad memo key".to_owned()))?;
                    self.memo_get(k, at)?;
                }
                b'h' => {
                    let k = self.take(1)?[0];
                    self.memo_get(k.into(), at)?;
                }
                b'j' => {
                    let b = self.take(4)?;
                    self.memo_get(u32::from_le_bytes([b[0], b[1], b[2], b[3]]).into(), at)?;
                }
                b'c' => {
                    let m = latin1(self.line()?);
                    let n = latin1(self.line()?);
                    let v = self.import(m, n, at, "GLOBAL");
                    self.push(v)?;
                }
                0x93 => {
                    let name = self.pop(at)?;
                    let module = self.pop(at)?;
                    match (module, name) {
                        (V::Str(m), V::Str(n)) => {
                            let v = self.import(m.to_string(), n.to_string(), at, "STACK_GLOBAL");
                            self.push(v)?;
                        }
                        _ => {
                            self.out.findings.push(finding(
                                "pickle.dynamic-global",
                                Severity::Critical,
                                "STACK_GLOBAL imports a name that is not a constant string \
                                 (computed at load time)"
                                    .to_owned(),
                                at as u64,
                                None,
                            ));
                            self.push(V::Global(Rc::new(("?".into(), "?".into()))))?;
                        }
                    }
                }
                b'i' => {
                    let m = latin1(self.line()?);
                    let n = latin1(self.line()?);
                    let args = self.pop_mark(at)?;
                    let g = self.import(m, n, at, "INST");
                    let v = self.call(g, args, at, "INST");
                    self.push(v)?;
                }
                b'o' => {
                    let mut items = self.pop_mark(at)?;
                    if items.is_empty() {
                        return self.err(at, "OBJ without a class");
                    }
                    let cls = items.remove(0);
                    let v = self.call(cls, items, at, "OBJ");
                    self.push(v)?;
                }
                0x81 => {
                    let args = self.pop(at)?;
                    let cls = self.pop(at)?;
                    let v = self.call(cls, vec![args], at, "NEWOBJ");
                    self.push(v)?;
                }
                0x92 => {
                    let kwargs = self.pop(at)?;
                    let args = self.pop(at)?;
                    let cls = self.pop(at)?;
                    let v = self.call(cls, vec![args, kwargs], at, "NEWOBJ_EX");
                    self.push(v)?;
                }
                b'R' => {
                    let args = self.pop(at)?;
                    let callable = self.pop(at)?;
                    let args = match args {
                        V::Tuple(t) => t.as_ref().clone(),
                        other => vec![other],
                    };
                    let v = self.call(callable, args, at, "REDUCE");
                    self.push(v)?;
                }
                b'b' => {
                    let state = self.pop(at)?;
                    let target = self.top_mut(at)?.clone();
                    if let V::Global(g) = &target {
                        // BUILD normally fills in an object just created; applied to an
                        // imported class, function or module it rewrites its attributes
                        // (`__setstate__`, `__reduce__`, a module's functions) for the rest of
                        // the process.
                        self.out.findings.push(finding(
                            "pickle.global-mutation",
                            Severity::High,
                            format!(
                                "BUILD sets attributes on the imported `{}.{}` itself: \
                                 monkey-patches code for the rest of the process",
                                g.0, g.1
                            ),
                            at as u64,
                            Some(format!("{}.{}", g.0, g.1)),
                        ));
                    }
                    if self.joblib {
                        self.joblib_array(&target, &state, at)?;
                    }
                }
                0x82..=0x84 => {
                    let width = match op {
                        0x82 => 1,
                        0x83 => 2,
                        _ => 4,
                    };
                    let b = self.take(width)?;
                    let mut v = [0u8; 4];
                    v[..width].copy_from_slice(b);
                    let code = u32::from_le_bytes(v);
                    self.out.findings.push(finding(
                        "pickle.extension-code",
                        Severity::Medium,
                        format!(
                            "EXT opcode imports extension code {code} from the copyreg registry: \
                             the callable depends on the loading process"
                        ),
                        at as u64,
                        Some(format!("ext:{code}")),
                    ));
                    self.push(V::Global(Rc::new((
                        "copyreg".into(),
                        format!("ext:{code}"),
                    ))))?;
                }
                b'P' => {
                    self.line()?;
                    self.push(V::Other)?;
                }
                b'Q' => {
                    self.pop(at)?;
                    self.push(V::Other)?;
                }
                _ => return self.err(at, format!("unknown opcode 0x{op:02x}")),
            }
        }
    }

    /// joblib writes an array's raw bytes into the stream right after the BUILD of its
    /// `NumpyArrayWrapper`; the unpickler reads them there. Skip them the same way.
    fn joblib_array(&mut self, target: &V, state: &V, at: usize) -> Result<(), WErr> {
        let V::Obj(Some(g), _) = target else {
            return Ok(());
        };
        if g.1 != "NumpyArrayWrapper" || !g.0.starts_with("joblib") {
            return Ok(());
        }
        let V::Dict(d) = state else {
            return self.err(at, "joblib array wrapper without a state dict");
        };
        let d = d.borrow().clone();
        let get = |k: &str| {
            d.iter()
                .find(|(key, _)| matches!(key, V::Str(s) if &**s == k))
                .map(|(_, v)| v.clone())
        };
        let shape = match get("shape") {
            Some(V::Tuple(t)) => t
                .iter()
                .map(|v| match v {
                    V::Int(i) if *i >= 0 => Some(*i as u64),
                    _ => None,
                })
                .collect::<Option<Vec<u64>>>(),
            _ => None,
        }
        .ok_or((at, "joblib array wrapper without a valid shape".to_owned()))?;
        let descr = match get("dtype") {
            Some(V::Obj(_, args)) => match args.first() {
                Some(V::Str(s)) => s.to_string(),
                _ => String::new(),
            },
            _ => String::new(),
        };
        if descr.starts_with('O') || descr.starts_with("|O") {
            // Object arrays are pickled in place: walk that pickle as part of this one.
            let saved_stack = std::mem::take(&mut self.stack);
            let saved_memo = std::mem::take(&mut self.memo);
            let r = self.run_one();
            self.stack = saved_stack;
            self.memo = saved_memo;
            return match r {
                Ok(true) => Ok(()),
                Ok(false) => self.err(self.pos, "joblib object array missing"),
                Err(e) => Err(e),
            };
        }
        let item = itemsize(&descr).ok_or((at, format!("unknown joblib dtype `{descr}`")))?;
        let count = shape
            .iter()
            .try_fold(1u64, |a, d| a.checked_mul(*d))
            .and_then(|c| c.checked_mul(item))
            .ok_or((at, "joblib array size overflows".to_owned()))?;
        if matches!(get("numpy_array_alignment_bytes"), Some(V::Int(_))) {
            let pad = self.take(1)?[0];
            self.take(pad as usize)?;
        }
        let count =
            usize::try_from(count).map_err(|_| (at, "joblib array too large".to_owned()))?;
        self.take(count).map_err(|_| {
            (
                self.pos,
                format!("joblib array data ({count} bytes) is truncated"),
            )
        })?;
        Ok(())
    }
}

fn is_loader(module: &str, name: &str) -> bool {
    matches!(
        (module, name),
        ("pickle" | "_pickle" | "cPickle" | "dill" | "numpy", "loads")
            | ("torch.storage", "_load_from_bytes")
            | ("_codecs" | "codecs", "decode")
    )
}

fn str_value(s: &str) -> V {
    if s.len() > MAX_STR {
        V::Other
    } else {
        V::Str(Rc::from(s))
    }
}

fn tuple(mut items: Vec<V>) -> V {
    items.truncate(MAX_ITEMS);
    V::Tuple(Rc::new(items))
}

fn set_items(target: &V, items: Vec<V>) {
    if let V::Dict(d) = target {
        let mut d = d.borrow_mut();
        let mut it = items.into_iter();
        while let (Some(k), Some(v)) = (it.next(), it.next()) {
            if d.len() < MAX_ITEMS {
                d.push((acyclic(k, 0), acyclic(v, 0)));
            }
        }
    }
}

/// `v` without the dicts it holds. Dicts are the only values the walker mutates, so keeping
/// none inside another dict (directly, or through a tuple or an object's arguments) means no
/// `Rc` cycle can form: a pickle that puts a dict into itself (`d[k] = d`, `d[k] = (d,)`)
/// would otherwise leak everything the dict holds, once per file scanned. The values the walker
/// reads back out of a dict (joblib's `shape` and `dtype`) hold no dicts.
fn acyclic(v: V, depth: usize) -> V {
    match v {
        V::Dict(_) => V::Other,
        V::Tuple(t) if t.iter().any(holds_dict) => {
            if depth > 8 {
                return V::Other;
            }
            V::Tuple(Rc::new(
                t.iter().map(|x| acyclic(x.clone(), depth + 1)).collect(),
            ))
        }
        V::Obj(g, args) if args.iter().any(holds_dict) => {
            if depth > 8 {
                return V::Other;
            }
            V::Obj(
                g,
                Rc::new(args.iter().map(|x| acyclic(x.clone(), depth + 1)).collect()),
            )
        }
        other => other,
    }
}

fn holds_dict(v: &V) -> bool {
    match v {
        V::Dict(_) => true,
        V::Tuple(t) => t.iter().any(holds_dict),
        V::Obj(_, args) => args.iter().any(holds_dict),
        _ => false,
    }
}

fn parse_key(l: &[u8]) -> Option<u64> {
    std::str::from_utf8(l).ok()?.trim().parse().ok()
}

fn latin1(b: &[u8]) -> String {
    b.iter().map(|c| *c as char).collect()
}

/// The text of a protocol-0 `S` argument: a Python 2 repr in single or double quotes.
fn unquote_py2(l: &[u8]) -> String {
    let s = latin1(l);
    let inner = if s.len() >= 2
        && ((s.starts_with('\'') && s.ends_with('\'')) || (s.starts_with('"') && s.ends_with('"')))
    {
        &s[1..s.len() - 1]
    } else {
        &s[..]
    };
    unescape(inner)
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('\'') => out.push('\''),
            Some('"') => out.push('"'),
            Some('x') => {
                let h: String = chars.by_ref().take(2).collect();
                if let Ok(v) = u8::from_str_radix(&h, 16) {
                    out.push(v as char);
                }
            }
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// `raw-unicode-escape`: latin-1 bytes with `\uXXXX` and `\UXXXXXXXX` escapes.
fn raw_unicode_unescape(l: &[u8]) -> String {
    let s = latin1(l);
    let mut out = String::with_capacity(s.len());
    let b: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < b.len() {
        if b[i] == '\\' && i + 1 < b.len() && (b[i + 1] == 'u' || b[i + 1] == 'U') {
            let n = if b[i + 1] == 'u' { 4 } else { 8 };
            if i + 2 + n <= b.len() {
                let h: String = b[i + 2..i + 2 + n].iter().collect();
                if let Some(c) = u32::from_str_radix(&h, 16).ok().and_then(char::from_u32) {
                    out.push(c);
                    i += 2 + n;
                    continue;
                }
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// Bytes per item of a NumPy dtype string such as `<f8`, `u1`, `U5` or `V16`.
pub(crate) fn itemsize(descr: &str) -> Option<u64> {
    let d = descr.trim_start_matches(['<', '>', '|', '=']);
    let mut chars = d.chars();
    let kind = chars.next()?;
    let digits: String = chars.collect();
    match kind {
        '?' if digits.is_empty() => Some(1),
        'b' | 'B' if digits.is_empty() => Some(1),
        'f' | 'i' | 'u' | 'c' | 'b' | 'S' | 'V' | 'M' | 'm' | 'a' => {
            let base = digits.split('[').next()?;
            base.parse().ok()
        }
        'U' => digits.parse::<u64>().ok()?.checked_mul(4),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn names(w: &Walk) -> Vec<String> {
        w.imports
            .iter()
            .map(|i| format!("{}.{}", i.module, i.name))
            .collect()
    }

    #[test]
    fn protocol0_reduce() {
        let w = walk(b"cos\nsystem\n(S'id'\ntR.", 0, false);
        assert_eq!(names(&w), ["os.system"]);
        assert!(w.findings.is_empty());
    }

    #[test]
    fn stack_global_through_memo() {
        // PROTO 4, 'os' MEMOIZE, 'system' MEMOIZE, POP, POP, BINGET 0, BINGET 1, STACK_GLOBAL
        let mut p = vec![0x80, 4];
        p.extend([0x8c, 2]);
        p.extend(b"os");
        p.push(0x94);
        p.extend([0x8c, 6]);
        p.extend(b"system");
        p.push(0x94);
        p.extend(b"00");
        p.extend([b'h', 0, b'h', 1, 0x93]);
        p.extend([0x8c, 2]);
        p.extend(b"id");
        p.extend([0x85, b'R', b'.']);
        let w = walk(&p, 0, false);
        assert_eq!(names(&w), ["os.system"]);
    }

    #[test]
    fn dynamic_stack_global_is_critical() {
        // STACK_GLOBAL on two ints.
        let w = walk(&[0x80, 4, b'K', 1, b'K', 2, 0x93, b'.'], 0, false);
        assert_eq!(w.findings[0].rule, "pickle.dynamic-global");
    }

    #[test]
    fn truncated_and_garbage() {
        for bad in [
            &b"\x80\x04\x95"[..],
            b"cos\nsys",
            b"\x80\x02X\xff\xff\xff\x7f",
            b"\x80\x02\xff",
            b"(((((((",
            b"\x80\x02h\x05.",
        ] {
            let w = walk(bad, 0, false);
            assert_eq!(w.findings.len(), 1, "{bad:?}");
            assert_eq!(w.findings[0].rule, "pickle.malformed");
        }
    }

    #[test]
    fn a_dict_put_into_itself_forms_no_cycle() {
        // Found by the `scan_format` fuzz target (LeakSanitizer): `d = {}; d['k'] = d` and
        // `d['t'] = (d,)` leaked `d` and all it held.
        let p = [
            0x80, 2, b'}', 0x94, b'X', 1, 0, 0, 0, b'k', b'h', 0, b's', b'X', 1, 0, 0, 0, b't',
            b'h', 0, 0x85, b's', b'.',
        ];
        let mut w = Walker::new(&p, 0, false);
        assert_eq!(w.run_one(), Ok(true));
        let Some(V::Dict(d)) = w.memo.get(&0) else {
            panic!("memo 0 is not the dict");
        };
        assert_eq!(d.borrow().len(), 2);
        let weak = Rc::downgrade(d);
        drop(w);
        assert!(
            weak.upgrade().is_none(),
            "the dict outlived the walk: a cycle"
        );
    }

    #[test]
    fn itemsizes() {
        assert_eq!(itemsize("<f8"), Some(8));
        assert_eq!(itemsize("U5"), Some(20));
        assert_eq!(itemsize("|b1"), Some(1));
        assert_eq!(itemsize("O8"), None);
    }
}
