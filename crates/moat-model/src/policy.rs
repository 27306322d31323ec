//! The judgement on a callable that a pickle imports: allowlist first, then the denylist,
//! and anything else is unknown (reported as suspicious, with its name).

use serde::Serialize;

/// What Moat thinks of a `module.name` that a pickle imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Judgement {
    /// A known-safe constructor used by ML libraries.
    Safe,
    /// A callable that runs code, touches the system or loads more pickles.
    Dangerous(&'static str),
    /// Neither: reported as suspicious.
    Unknown,
}

/// Exact `module.name` pairs that are safe to import.
const SAFE_EXACT: &[(&str, &str)] = &[
    ("collections", "OrderedDict"),
    ("collections", "defaultdict"),
    ("collections", "Counter"),
    ("collections", "deque"),
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("builtins", "dict"),
    ("builtins", "list"),
    ("builtins", "tuple"),
    ("builtins", "int"),
    ("builtins", "float"),
    ("builtins", "complex"),
    ("builtins", "str"),
    ("builtins", "bytes"),
    ("builtins", "bytearray"),
    ("builtins", "bool"),
    ("builtins", "slice"),
    ("builtins", "range"),
    ("builtins", "object"),
    ("copyreg", "_reconstructor"),
    ("copy_reg", "_reconstructor"),
    ("copyreg", "__newobj__"),
    ("_codecs", "encode"),
    ("datetime", "datetime"),
    ("datetime", "date"),
    ("datetime", "time"),
    ("datetime", "timedelta"),
    ("datetime", "timezone"),
    ("decimal", "Decimal"),
    ("fractions", "Fraction"),
    ("uuid", "UUID"),
    ("pathlib", "PosixPath"),
    ("pathlib", "PurePosixPath"),
    ("pathlib", "WindowsPath"),
    ("torch", "Size"),
    ("torch", "device"),
    ("torch", "dtype"),
    ("torch", "Tensor"),
    ("torch._tensor", "_rebuild_from_type_v2"),
    ("torch.nn.parameter", "Parameter"),
    ("torch.nn.parameter", "Buffer"),
    ("torch.storage", "TypedStorage"),
    ("torch.storage", "UntypedStorage"),
    ("torch.serialization", "_get_layout"),
    ("torch._utils", "_rebuild_tensor"),
    ("torch._utils", "_rebuild_tensor_v2"),
    ("torch._utils", "_rebuild_tensor_v3"),
    ("torch._utils", "_rebuild_parameter"),
    ("torch._utils", "_rebuild_parameter_with_state"),
    ("torch._utils", "_rebuild_sparse_tensor"),
    ("torch._utils", "_rebuild_qtensor"),
    ("torch._utils", "_rebuild_meta_tensor_no_storage"),
    ("torch._utils", "_rebuild_wrapper_subclass"),
    ("torch._utils", "_rebuild_nested_tensor"),
    ("torch._utils", "_rebuild_device_tensor_from_numpy"),
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy.core.multiarray", "scalar"),
    ("numpy._core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "scalar"),
    ("numpy.random._pickle", "__randomstate_ctor"),
    ("numpy.random._pickle", "__bit_generator_ctor"),
    ("numpy.random._pickle", "__generator_ctor"),
    ("joblib.numpy_pickle", "NumpyArrayWrapper"),
    ("joblib.numpy_pickle", "NDArrayWrapper"),
    ("joblib.numpy_pickle", "ZNDArrayWrapper"),
    ("joblib.numpy_pickle_compat", "NDArrayWrapper"),
    ("joblib.numpy_pickle_compat", "ZNDArrayWrapper"),
    ("sklearn.utils._bunch", "Bunch"),
    ("tokenizers", "Tokenizer"),
    ("tokenizers", "AddedToken"),
];

/// Module prefixes whose every attribute is a safe class or dtype: modules of model classes and
/// estimators whose unpickling builds an object and sets its state, never runs a command.
const SAFE_PREFIX: &[&str] = &[
    "torch.nn.modules.",
    "torch.ao.nn.",
    "torch.nn.utils.parametrize",
    "sklearn.linear_model.",
    "sklearn.tree.",
    "sklearn.ensemble.",
    "sklearn.svm.",
    "sklearn.neighbors.",
    "sklearn.naive_bayes.",
    "sklearn.preprocessing.",
    "sklearn.decomposition.",
    "sklearn.cluster.",
    "sklearn.feature_extraction.",
    "sklearn.neural_network.",
    "sklearn.pipeline",
    "sklearn.impute.",
    "sklearn.compose.",
    "xgboost.core",
    "xgboost.sklearn",
    "lightgbm.basic",
    "lightgbm.sklearn",
];

/// Attributes of `torch` that are storages or dtypes (`torch.FloatStorage`, `torch.float32`).
fn is_torch_storage_or_dtype(name: &str) -> bool {
    name.ends_with("Storage")
        || matches!(
            name,
            "float16"
                | "float32"
                | "float64"
                | "bfloat16"
                | "half"
                | "float"
                | "double"
                | "int8"
                | "int16"
                | "int32"
                | "int64"
                | "uint8"
                | "bool"
                | "complex64"
                | "complex128"
                | "float8_e4m3fn"
                | "float8_e5m2"
                | "long"
                | "int"
                | "short"
                | "strided"
                | "sparse_coo"
                | "contiguous_format"
                | "channels_last"
                | "preserve_format"
                | "per_tensor_affine"
                | "per_channel_affine"
        )
}

/// Whole modules whose import means code execution, system access or network access.
const DANGEROUS_MODULES: &[(&str, &str)] = &[
    ("os", "runs commands and touches files"),
    ("posix", "runs commands and touches files"),
    ("nt", "runs commands and touches files"),
    ("subprocess", "runs commands"),
    ("_posixsubprocess", "runs commands"),
    ("pty", "spawns a shell"),
    ("commands", "runs commands"),
    ("popen2", "runs commands"),
    ("runpy", "runs Python modules"),
    ("socket", "opens network connections"),
    ("_socket", "opens network connections"),
    ("ssl", "opens network connections"),
    ("http", "opens network connections"),
    ("urllib", "opens network connections"),
    ("urllib2", "opens network connections"),
    ("requests", "opens network connections"),
    ("httplib", "opens network connections"),
    ("ftplib", "opens network connections"),
    ("smtplib", "opens network connections"),
    ("telnetlib", "opens network connections"),
    ("webbrowser", "opens URLs"),
    ("shutil", "copies and deletes files"),
    ("importlib", "imports arbitrary modules"),
    ("imp", "imports arbitrary modules"),
    ("zipimport", "imports arbitrary modules"),
    ("pkgutil", "imports arbitrary modules"),
    ("pip", "installs packages"),
    ("ensurepip", "installs packages"),
    ("setuptools", "runs build code"),
    ("distutils", "runs build code"),
    ("ctypes", "calls native code"),
    ("_ctypes", "calls native code"),
    ("cffi", "calls native code"),
    ("code", "runs Python code"),
    ("codeop", "compiles Python code"),
    ("marshal", "loads Python bytecode"),
    ("types", "builds functions from bytecode"),
    ("pickle", "loads more pickles"),
    ("_pickle", "loads more pickles"),
    ("cPickle", "loads more pickles"),
    ("dill", "loads more pickles"),
    ("cloudpickle", "loads more pickles"),
    ("shelve", "loads more pickles"),
    ("pdb", "runs Python code"),
    ("bdb", "runs Python code"),
    ("timeit", "runs Python code"),
    ("cProfile", "runs Python code"),
    ("profile", "runs Python code"),
    ("trace", "runs Python code"),
    ("doctest", "runs Python code"),
    ("idlelib", "runs Python code"),
    ("lib2to3", "runs Python code"),
    ("multiprocessing", "starts processes"),
    ("concurrent", "starts processes"),
    ("asyncio", "runs commands and opens connections"),
    ("signal", "changes process state"),
    ("sys", "changes interpreter state"),
    ("gc", "reaches any live object"),
    ("inspect", "reaches any live object"),
    ("threading", "starts threads"),
    ("_thread", "starts threads"),
    ("tempfile", "writes files"),
    ("glob", "lists files"),
    ("io", "opens files"),
    ("_io", "opens files"),
    ("fileinput", "opens files"),
    ("linecache", "reads files"),
    ("venv", "creates environments"),
    ("site", "changes import paths"),
    ("sysconfig", "reads interpreter configuration"),
    ("platform", "runs commands"),
    ("operator", "fetches attributes and calls methods"),
    ("_operator", "fetches attributes and calls methods"),
    ("functools", "builds call chains (partial, reduce)"),
    ("pydoc", "runs a pager command"),
    ("_osx_support", "runs commands"),
    ("_aix_support", "runs commands"),
    ("pickletools", "reads pickles"),
    ("builtins.getattr", "fetches any attribute"),
    ("jinja2", "renders templates"),
    ("yaml", "loads YAML with Python tags"),
    ("torch.hub", "downloads and runs code"),
    ("torch.jit", "loads compiled code"),
    ("torch.package", "loads packaged code"),
    ("numpy.f2py", "compiles native code"),
    ("numpy.distutils", "runs build code"),
];

/// Single callables that are dangerous in otherwise harmless modules.
const DANGEROUS_EXACT: &[(&str, &str, &str)] = &[
    ("builtins", "eval", "evaluates Python code"),
    ("builtins", "exec", "executes Python code"),
    ("builtins", "execfile", "executes a Python file"),
    ("builtins", "compile", "compiles Python code"),
    (
        "builtins",
        "getattr",
        "fetches any attribute (e.g. os.system)",
    ),
    ("builtins", "setattr", "changes any attribute"),
    ("builtins", "delattr", "deletes any attribute"),
    ("builtins", "open", "opens files"),
    ("builtins", "file", "opens files"),
    ("builtins", "__import__", "imports arbitrary modules"),
    ("builtins", "globals", "reaches interpreter globals"),
    ("builtins", "locals", "reaches interpreter locals"),
    ("builtins", "vars", "reaches object namespaces"),
    ("builtins", "input", "reads the terminal"),
    ("builtins", "breakpoint", "starts a debugger"),
    ("builtins", "help", "starts a pager"),
    ("builtins", "apply", "calls any callable"),
    ("builtins", "reload", "re-imports modules"),
    ("builtins", "memoryview", "exposes raw memory"),
    ("builtins", "type", "builds new classes"),
    ("builtins", "super", "reaches parent methods"),
    ("builtins", "classmethod", "wraps callables"),
    ("builtins", "staticmethod", "wraps callables"),
    ("builtins", "property", "wraps callables"),
    ("builtins", "map", "calls a callable on items"),
    ("builtins", "filter", "calls a callable on items"),
    ("builtins", "exit", "exits the process"),
    ("builtins", "quit", "exits the process"),
    ("uuid", "_get_command_stdout", "runs commands"),
    ("numpy", "load", "loads pickled arrays"),
    ("numpy", "loads", "loads pickles"),
    ("numpy.lib.npyio", "load", "loads pickled arrays"),
    (
        "numpy.testing._private.utils",
        "runstring",
        "executes Python code",
    ),
    (
        "numpy.ma.core",
        "_mareconstruct",
        "reconstructs arrays from any class",
    ),
    ("torch", "load", "loads more pickles"),
    ("torch.serialization", "load", "loads more pickles"),
    (
        "torch.storage",
        "_load_from_bytes",
        "loads an embedded torch file",
    ),
    (
        "torch._C",
        "_import_ir_module_from_package",
        "loads compiled code",
    ),
    ("joblib", "load", "loads more pickles"),
    ("pandas", "read_pickle", "loads more pickles"),
    ("pandas.io.pickle", "read_pickle", "loads more pickles"),
    ("keras.models", "load_model", "loads models with code"),
    ("tensorflow", "py_function", "runs Python code"),
    (
        "tensorflow.python.ops.script_ops",
        "py_func",
        "runs Python code",
    ),
];

fn normalise_module(module: &str) -> &str {
    match module {
        "__builtin__" | "__builtins__" => "builtins",
        "copy_reg" => "copyreg",
        other => other,
    }
}

/// Judges `module.name`, allowlist first.
///
/// ```
/// use moat_model::{judge_callable, Judgement};
/// assert_eq!(judge_callable("torch._utils", "_rebuild_tensor_v2"), Judgement::Safe);
/// assert!(matches!(judge_callable("posix", "system"), Judgement::Dangerous(_)));
/// assert_eq!(judge_callable("mylib.layers", "Custom"), Judgement::Unknown);
/// ```
pub fn judge_callable(module: &str, name: &str) -> Judgement {
    let module = normalise_module(module);
    // A dotted name reaches attributes of the imported object (`os.path` from `posixpath`,
    // `system` from `os`): judge the first component as the callable and also the full path.
    let first = name.split('.').next().unwrap_or(name);
    if !name.contains('.') || name == first {
        if SAFE_EXACT.contains(&(module, name)) {
            return Judgement::Safe;
        }
        if module == "torch" && is_torch_storage_or_dtype(name) {
            return Judgement::Safe;
        }
        if SAFE_PREFIX
            .iter()
            .any(|p| module.starts_with(p) || module == p.trim_end_matches('.'))
            && !name.starts_with('_')
        {
            return Judgement::Safe;
        }
    }
    // Protocol 4 resolves dotted names attribute by attribute (`torch` + `hub.load` is
    // `torch.hub.load`), so every split of the full path is judged: the module may be given
    // short and the rest of the path hidden in the name.
    // A dotted name can also walk through a module the first one imported
    // (`somelib` + `os.system` is `somelib.os.system`, which is `os.system`): every segment of
    // the name is also tried as the start of a module path.
    let full = format!("{module}.{name}");
    let parts: Vec<&str> = full.split('.').collect();
    let module_len = module.split('.').count();
    for start in 0..parts.len() {
        if start > 0 && start < module_len {
            continue;
        }
        for cut in (start + 1..parts.len()).rev() {
            if start == 0 && cut < module_len {
                break;
            }
            let m = parts[start..cut].join(".");
            let n = parts[cut];
            for (dm, dn, why) in DANGEROUS_EXACT {
                if *dm == m && *dn == n {
                    return Judgement::Dangerous(why);
                }
            }
            for (dm, why) in DANGEROUS_MODULES {
                if m == *dm || m.strip_prefix(*dm).is_some_and(|r| r.starts_with('.')) {
                    return Judgement::Dangerous(why);
                }
            }
        }
    }
    Judgement::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        for (m, n) in [
            ("collections", "OrderedDict"),
            ("torch", "FloatStorage"),
            ("torch", "bfloat16"),
            ("torch.nn.modules.linear", "Linear"),
            ("__builtin__", "set"),
            ("numpy._core.multiarray", "_reconstruct"),
        ] {
            assert_eq!(judge_callable(m, n), Judgement::Safe, "{m}.{n}");
        }
        for (m, n) in [
            ("os", "system"),
            ("posix", "system"),
            ("nt", "system"),
            ("subprocess", "Popen"),
            ("__builtin__", "eval"),
            ("builtins", "getattr"),
            ("pip", "main"),
            ("pip._internal", "main"),
            ("functools", "partial"),
            ("torch.storage", "_load_from_bytes"),
            ("numpy.testing._private.utils", "runstring"),
            ("builtins", "exec.__call__"),
            ("_pickle", "loads"),
            ("torch", "hub.load"),
            ("numpy", "testing._private.utils.runstring"),
            ("collections", "os.system"),
        ] {
            assert!(
                matches!(judge_callable(m, n), Judgement::Dangerous(_)),
                "{m}.{n}"
            );
        }
        for (m, n) in [
            ("mymodel", "Net"),
            ("torch._utils", "_something_new"),
            ("sklearn.linear_model._base", "_private"),
        ] {
            assert_eq!(judge_callable(m, n), Judgement::Unknown, "{m}.{n}");
        }
    }
}
