#!/usr/bin/env python3
"""Builds Moat's model-scanning corpus: malicious and benign samples of every format Moat reads.

Every file is assembled byte by byte (pickle opcodes, protobuf fields, zip and tar records);
nothing is ever unpickled or loaded, and no ML library is needed: only the standard library.
The output is deterministic (fixed timestamps, no randomness), so the committed corpus can be
regenerated and compared byte for byte.

Usage: gen_corpus.py OUT_DIR

OUT_DIR/expected.json lists every sample with the verdict Moat must give and, for flagged
samples, one rule that must be among the findings. `any` marks deliberately broken inputs
where only "no crash, a report" is required.

Published scanner bypasses reproduced here (by technique; each has a sample below):
- picklescan: `pip.main` as the callable (CVE-2025-1716); non-standard file extensions
  (CVE-2025-1889); a zip whose local header names a file differently from the central
  directory (CVE-2025-1944); zip flag bits that make Python's zipfile give up while PyTorch reads
  on (CVE-2025-1945); bad CRCs; submodules of denylisted modules (`asyncio.unix_events`).
- modelscan / fickling gaps: `numpy.testing._private.utils.runstring`, `idlelib`, `timeit`,
  `cProfile`, `pydoc.pipepager`, `uuid._get_command_stdout`, `operator.methodcaller`.
- Pickle tricks: STACK_GLOBAL names built through the memo, dotted names resolved attribute by
  attribute (protocol 4), BUILD on an imported class, a malicious pickle followed by garbage
  (the "broken pickle" of the nullifAI samples) and models packed with 7-Zip, a benign pickle
  with a second one behind it, pickles inside bytes handed to `pickle.loads` /
  `torch.storage._load_from_bytes`, polyglots (pickle + zip), nested and deeply nested archives.
- Keras: Lambda layers, `module` naming dangerous callables, `keras.utils.get_file` and
  `keras.config.enable_unsafe_deserialization` named from a config (safe_mode bypasses), a
  `.keras` stripped down to `config.json`.
- GGUF: `tokenizer.chat_template` Jinja sandbox escapes (as in CVE-2024-34359), with `__` built
  by concatenation, octal or `%c` formatting.
- ONNX / TensorFlow: fields in a non-canonical order, external data outside the model directory
  (POSIX and Windows paths), file and Python-callback ops.
"""

import bz2
import gzip
import io
import json
import lzma
import os
import pickle
import struct
import sys
import tarfile
import zipfile
import zlib
from collections import OrderedDict

EXPECTED = []
OUT = ""


def put(rel, data, verdict, rule=None, note=""):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    EXPECTED.append({"path": rel, "verdict": verdict, "rule": rule, "note": note})


# ---------------------------------------------------------------- pickle assembler

def u8(n):
    return struct.pack("<B", n)


def u32(n):
    return struct.pack("<I", n)


def u64(n):
    return struct.pack("<Q", n)


def glob(m, n):
    return b"c" + m.encode() + b"\n" + n.encode() + b"\n"


def uni(s):
    b = s.encode()
    return b"X" + u32(len(b)) + b


def suni(s):
    b = s.encode()
    return b"\x8c" + u8(len(b)) + b


def sstr0(s):
    return b"S'" + s.encode() + b"'\n"


def k(n):
    return b"K" + u8(n)


MARK, TUPLE, REDUCE, STOP, BUILD = b"(", b"t", b"R", b".", b"b"
TUPLE1, TUPLE2, TUPLE3 = b"\x85", b"\x86", b"\x87"
EMPTY_TUPLE, EMPTY_DICT, EMPTY_LIST = b")", b"}", b"]"
SETITEMS, APPENDS, NEWOBJ, MEMOIZE, STACK_GLOBAL = b"u", b"e", b"\x81", b"\x94", b"\x93"
NEWFALSE, NEWTRUE, NONE = b"\x89", b"\x88", b"N"
CMD = "echo moat-corpus-payload"


def proto(p):
    return b"\x80" + u8(p)


def call_global(m, n, arg, protocol):
    """`m.n(arg)` in the idiom of each protocol."""
    if protocol == 0:
        return glob(m, n) + MARK + sstr0(arg) + TUPLE + REDUCE + STOP
    if protocol == 1:
        return glob(m, n) + MARK + uni(arg) + TUPLE + REDUCE + STOP
    if protocol in (2, 3):
        return proto(protocol) + glob(m, n) + uni(arg) + TUPLE1 + REDUCE + STOP
    body = suni(m) + MEMOIZE + suni(n) + MEMOIZE + STACK_GLOBAL + MEMOIZE + suni(arg) + MEMOIZE + TUPLE1 + MEMOIZE + REDUCE + MEMOIZE + STOP
    return proto(protocol) + b"\x95" + u64(len(body)) + body


def benign_obj():
    return {"name": "tiny", "weights": [0.5, -1.25, 3.0], "shape": (3,), "meta": OrderedDict(a=1, b="x")}


def rebuild_tensor(key, numel, protocol=2):
    """`torch._utils._rebuild_tensor_v2(<persistent storage>, 0, (numel,), (1,), False, OrderedDict())`."""
    pid = MARK + uni("storage") + glob("torch", "FloatStorage") + uni(key) + uni("cpu") + k(numel) + TUPLE + b"Q"
    return (glob("torch._utils", "_rebuild_tensor_v2") + MARK + pid + k(0) + k(numel) + TUPLE1 + k(1) + TUPLE1
            + NEWFALSE + glob("collections", "OrderedDict") + EMPTY_TUPLE + REDUCE + TUPLE + REDUCE)


def torch_state_dict(extra=b""):
    return (proto(2) + glob("collections", "OrderedDict") + EMPTY_TUPLE + REDUCE + MARK
            + uni("fc.weight") + rebuild_tensor("0", 4) + uni("fc.bias") + rebuild_tensor("1", 2)
            + extra + SETITEMS + STOP)


def evil_item():
    # ... "x": posix.system(CMD) as a dict item inside a state dict.
    return uni("x") + glob("posix", "system") + uni(CMD) + TUPLE1 + REDUCE


# ---------------------------------------------------------------- containers

FIXED = (1980, 1, 1, 0, 0, 0)


def zip_bytes(members, compress=zipfile.ZIP_STORED):
    """members: list of (name, bytes) or (ZipInfo, bytes)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members:
            zi = name if isinstance(name, zipfile.ZipInfo) else zipfile.ZipInfo(name, FIXED)
            zi.compress_type = compress if not isinstance(name, zipfile.ZipInfo) else zi.compress_type
            z.writestr(zi, data)
    return buf.getvalue()


def torch_zip(data_pkl, prefix="archive"):
    return zip_bytes([
        (f"{prefix}/data.pkl", data_pkl),
        (f"{prefix}/byteorder", b"little"),
        (f"{prefix}/data/0", struct.pack("<4f", 1, 2, 3, 4)),
        (f"{prefix}/data/1", struct.pack("<2f", 0.5, 0.25)),
        (f"{prefix}/version", b"3\n"),
    ])


def tar_bytes(members):
    """members: list of (name, bytes or None, linkname or None)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for name, data, link in members:
            ti = tarfile.TarInfo(name)
            ti.mtime = 0
            ti.uname = ti.gname = ""
            if link is not None:
                ti.type = tarfile.SYMTYPE
                ti.linkname = link
                t.addfile(ti)
            else:
                ti.size = len(data)
                t.addfile(ti, io.BytesIO(data))
    return buf.getvalue()


def tar_hardlink(name, target):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as t:
        ti = tarfile.TarInfo(name)
        ti.mtime = 0
        ti.uname = ti.gname = ""
        ti.type = tarfile.LNKTYPE
        ti.linkname = target
        t.addfile(ti)
    return buf.getvalue()


def xxh32(data, seed=0):
    """xxHash32, for the LZ4 frame header checksum."""
    p1, p2, p3, p4, p5 = 2654435761, 2246822519, 3266489917, 668265263, 374761393
    m = 0xFFFFFFFF
    rotl = lambda x, r: ((x << r) | (x >> (32 - r))) & m
    i, n = 0, len(data)
    if n >= 16:
        v = [(seed + p1 + p2) & m, (seed + p2) & m, seed & m, (seed - p1) & m]
        while i + 16 <= n:
            for j in range(4):
                v[j] = (rotl((v[j] + struct.unpack_from("<I", data, i + 4 * j)[0] * p2) & m, 13) * p1) & m
            i += 16
        h = (rotl(v[0], 1) + rotl(v[1], 7) + rotl(v[2], 12) + rotl(v[3], 18)) & m
    else:
        h = (seed + p5) & m
    h = (h + n) & m
    while i + 4 <= n:
        h = (rotl((h + struct.unpack_from("<I", data, i)[0] * p3) & m, 17) * p4) & m
        i += 4
    while i < n:
        h = (rotl((h + data[i] * p5) & m, 11) * p1) & m
        i += 1
    h ^= h >> 15
    h = (h * p2) & m
    h ^= h >> 13
    h = (h * p3) & m
    h ^= h >> 16
    return h


def lz4_frame(data):
    """An LZ4 frame (the format joblib's lz4 compression writes) made of stored blocks."""
    flg, bd = 0x60, 0x40  # version 1, independent blocks; 64 KiB blocks
    out = b"\x04\x22\x4d\x18" + bytes([flg, bd, (xxh32(bytes([flg, bd])) >> 8) & 0xFF])
    for i in range(0, len(data), 65536):
        chunk = data[i:i + 65536]
        out += u32(len(chunk) | 0x80000000) + chunk
    return out + u32(0)


def gz(data):
    return gzip.compress(data, mtime=0)


def legacy_torch(model_pickle):
    magic = proto(2) + b"\x8a\x0a" + (0x1950A86A20F9469CFC6C).to_bytes(10, "little") + STOP
    version = proto(2) + b"M" + struct.pack("<H", 1001) + STOP
    sys_info = pickle.dumps({"protocol_version": 1001, "little_endian": True,
                             "type_sizes": {"short": 2, "int": 4, "long": 4}}, protocol=2)
    keys = proto(2) + EMPTY_LIST + MARK + uni("0") + uni("1") + APPENDS + STOP
    storages = u64(4) + struct.pack("<4f", 1, 2, 3, 4) + u64(2) + struct.pack("<2f", 0.5, 0.25)
    return magic + version + sys_info + model_pickle + keys + storages


def npy(descr, shape, payload):
    header = "{'descr': %r, 'fortran_order': False, 'shape': %s, }" % (descr, shape)
    total = 10 + len(header) + 1
    header += " " * ((64 - total % 64) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + payload


def object_array_pickle(items_ops):
    """An object ndarray pickled as numpy does (protocol 3)."""
    return (proto(3) + glob("numpy.core.multiarray", "_reconstruct") + glob("numpy", "ndarray") + k(0) + TUPLE1
            + b"C\x01b" + TUPLE3 + REDUCE + MARK + k(1) + k(2) + TUPLE1
            + glob("numpy", "dtype") + uni("O8") + NEWFALSE + NEWTRUE + TUPLE3 + REDUCE
            + MARK + k(3) + uni("|") + NONE + NONE + NONE + b"J\xff\xff\xff\xff" + b"J\xff\xff\xff\xff" + k(63) + TUPLE + BUILD
            + NEWFALSE + EMPTY_LIST + MARK + items_ops + APPENDS + TUPLE + BUILD + STOP)


def joblib_stream(extra_items=b"", aligned=True):
    """A joblib dump of {"coef": float64 array of 3, ...}: the array's bytes follow its wrapper."""
    head = proto(4) + EMPTY_DICT + MARK + uni("coef")
    state = (EMPTY_DICT + MARK + uni("subclass") + glob("numpy", "ndarray") + uni("shape") + k(3) + TUPLE1
             + uni("order") + uni("C") + uni("dtype") + glob("numpy", "dtype") + uni("f8") + NEWFALSE + NEWTRUE
             + TUPLE3 + REDUCE + MARK + k(3) + uni("<") + NONE + NONE + NONE + b"J\xff\xff\xff\xff"
             + b"J\xff\xff\xff\xff" + k(0) + TUPLE + BUILD + uni("allow_mmap") + NEWFALSE)
    if aligned:
        state += uni("numpy_array_alignment_bytes") + k(16)
    state += SETITEMS
    wrapper = glob("joblib.numpy_pickle", "NumpyArrayWrapper") + EMPTY_TUPLE + NEWOBJ + state + BUILD
    out = head + wrapper
    if aligned:
        pad = 16 - ((len(out) + 1) % 16)
        out += u8(pad) + b"\xff" * pad
    out += struct.pack("<3d", 0.1, 0.2, 0.3)
    return out + extra_items + SETITEMS + STOP


# ---------------------------------------------------------------- protobuf

def varint(n):
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out += u8(b | 0x80)
        else:
            return out + u8(b)


def fv(num, v):
    return varint(num << 3) + varint(v)


def fb(num, b):
    if isinstance(b, str):
        b = b.encode()
    return varint(num << 3 | 2) + varint(len(b)) + b


def onnx_model(op_domain="", location="weights.bin", op="Add"):
    tensor = fv(1, 2) + fv(2, 1) + fb(8, "W") + fb(13, fb(1, "location") + fb(2, location)) + fv(14, 1)
    node = fb(1, "X") + fb(1, "W") + fb(2, "Y") + fb(3, "n0") + fb(4, op) + fb(7, op_domain)
    graph = fb(1, node) + fb(2, "g") + fb(5, tensor) + fb(11, fb(1, "X")) + fb(12, fb(1, "Y"))
    opsets = fb(8, fb(1, "") + fv(2, 17))
    if op_domain:
        opsets += fb(8, fb(1, op_domain) + fv(2, 1))
    return fv(1, 8) + fb(2, "moat-corpus") + opsets + fb(7, graph)


def onnx_reordered(location):
    """The same model with the graph first and ir_version last: protobuf fields may come in any
    order, and onnx.load accepts it; scanners that sniff `08` at offset 0 do not."""
    m = onnx_model(location=location)
    head = fv(1, 8)
    assert m.startswith(head)
    rest = m[len(head):]
    graph_at = rest.index(b"\x3a")
    return rest[graph_at:] + rest[:graph_at] + head


def saved_model(ops):
    nodes = b"".join(fb(1, fb(1, f"n{i}") + fb(2, op)) for i, op in enumerate(ops))
    meta_graph = fb(1, fb(4, "serve")) + fb(2, nodes)
    return fv(1, 1) + fb(2, meta_graph)


# ---------------------------------------------------------------- gguf / safetensors / keras

def gstr(s):
    b = s.encode()
    return u64(len(b)) + b


def gguf(template, tensors=(("w", 4),), kv_extra=b"", n_kv_extra=0):
    kvs = [(gstr("general.architecture") + u32(8) + gstr("llama")),
           (gstr("general.name") + u32(8) + gstr("tiny")),
           (gstr("tokenizer.ggml.tokens") + u32(9) + u32(8) + u64(3) + gstr("<s>") + gstr("</s>") + gstr("a"))]
    if template is not None:
        kvs.append(gstr("tokenizer.chat_template") + u32(8) + gstr(template))
    out = b"GGUF" + u32(3) + u64(len(tensors)) + u64(len(kvs) + n_kv_extra) + b"".join(kvs) + kv_extra
    off = 0
    data = b""
    for name, n in tensors:
        out += gstr(name) + u32(1) + u64(n) + u32(0) + u64(off)
        data += struct.pack(f"<{n}f", *range(n))
        data += b"\x00" * ((32 - len(data) % 32) % 32)
        off = len(data)
    out += b"\x00" * ((32 - len(out) % 32) % 32)
    return out + data


def safetensors(tensors, data, trailing=b""):
    header = json.dumps(tensors, separators=(",", ":")).encode()
    header += b" " * ((8 - len(header) % 8) % 8)
    return u64(len(header)) + header + data + trailing


def keras_config(layers):
    return json.dumps({
        "module": "keras", "class_name": "Sequential",
        "config": {"name": "seq", "layers": layers}, "registered_name": None,
    }, sort_keys=True).encode()


DENSE = {"module": "keras.layers", "class_name": "Dense", "config": {"name": "d", "units": 2}, "registered_name": None}
LAMBDA = {"module": "keras.layers", "class_name": "Lambda",
          "config": {"name": "lam", "function": {"class_name": "__lambda__", "config": {
              "code": "4wEAAAAAAAAAAAAAAAEAAAADAAAA8wwAAACXAGQBZAKmAQAAqwEAAAAAAAAAAFMAKQNO",
              "defaults": None, "closure": None}}}, "registered_name": None}


def keras_zip(layers):
    return zip_bytes([
        ("metadata.json", b'{"keras_version": "3.6.0", "date_saved": "1980-01-01@00:00:00"}'),
        ("config.json", keras_config(layers)),
        ("model.weights.h5", b"\x89HDF\r\n\x1a\n" + b"\x00" * 56),
    ], zipfile.ZIP_DEFLATED)


def hdf5(config):
    return b"\x89HDF\r\n\x1a\n" + b"\x00" * 120 + b"model_config\x00" + config + b"\x00" * 64


# ---------------------------------------------------------------- samples

def benign():
    for p in range(6):
        put(f"benign/pickle_protocol{p}.pkl", pickle.dumps(benign_obj(), protocol=p), "clean")
    put("benign/torch_state_dict.pt", torch_zip(torch_state_dict()), "clean")
    put("benign/torch_model_no_ext", torch_zip(torch_state_dict(), prefix="tiny_model"), "clean")
    put("benign/legacy_torch.bin", legacy_torch(torch_state_dict()), "clean")
    put("benign/model.joblib", joblib_stream(), "clean")
    put("benign/model_unaligned.joblib", joblib_stream(aligned=False), "clean")
    put("benign/model.joblib.gz", gz(joblib_stream()), "clean")
    put("benign/model.joblib.z", zlib.compress(joblib_stream(), 3), "clean")
    put("benign/model.joblib.bz2", bz2.compress(joblib_stream(), 9), "clean")
    put("benign/model.joblib.xz", lzma.compress(joblib_stream(), format=lzma.FORMAT_XZ), "clean")
    put("benign/model.joblib.lzma", lzma.compress(joblib_stream(), format=lzma.FORMAT_ALONE), "clean")
    put("benign/model.joblib.lz4", lz4_frame(joblib_stream()), "clean")
    put("benign/array.npy", npy("<f4", "(2, 2)", struct.pack("<4f", 1, 2, 3, 4)), "clean")
    put("benign/objects.npy", npy("|O", "(2,)", object_array_pickle(uni("a") + uni("b"))), "clean",
        None, "object array of strings: an info-level note only")
    put("benign/arrays.npz", zip_bytes([("a.npy", npy("<f4", "(2,)", struct.pack("<2f", 1, 2))),
                                         ("b.npy", npy("<i8", "(1,)", struct.pack("<q", 7)))], zipfile.ZIP_DEFLATED), "clean")
    put("benign/model.keras", keras_zip([DENSE]), "clean")
    put("benign/legacy_keras.h5", hdf5(keras_config([DENSE])), "clean")
    put("benign/saved_model/saved_model.pb", saved_model(["Placeholder", "Const", "MatMul", "SaveV2", "RestoreV2"]), "clean")
    put("benign/onnx/model.onnx", onnx_model(), "clean")
    put("benign/onnx/weights.bin", struct.pack("<4f", 1, 2, 3, 4), "clean")
    put("benign/model.gguf", gguf("{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}{% endfor %}"
                                  "{% if add_generation_prompt %}<|assistant|>{% endif %}"), "clean")
    put("benign/model.safetensors", safetensors(
        {"__metadata__": {"format": "pt"}, "a": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
         "b": {"dtype": "BF16", "shape": [4], "data_offsets": [16, 24]}}, b"\x00" * 24), "clean")
    put("benign/models.tar.gz", gz(tar_bytes([("m/model.pkl", pickle.dumps(benign_obj(), 4), None),
                                               ("m/model.safetensors", safetensors({"a": {"dtype": "U8", "shape": [4], "data_offsets": [0, 4]}}, b"abcd"), None)])), "clean")
    put("benign/sklearn_like.pkl", proto(2) + glob("sklearn.linear_model._base", "LinearRegression") + EMPTY_TUPLE + NEWOBJ
        + EMPTY_DICT + MARK + uni("fit_intercept") + NEWTRUE + uni("n_features_in_") + k(3) + SETITEMS + BUILD + STOP, "clean")
    put("benign/readme.txt", b"Tiny model card. Nothing to see.\n", "clean")
    put("benign/keras_config_only.zip", zip_bytes([("config.json", keras_config([DENSE]))], zipfile.ZIP_DEFLATED), "clean",
        None, "a Keras config without metadata: recognised as Keras, nothing dangerous")
    put("benign/hf_config.zip", zip_bytes([("config.json", b'{"architectures": ["LlamaForCausalLM"], "hidden_size": 64}')]), "clean")
    put("benign/onnx_reordered/model.onnx", onnx_reordered("weights.bin"), "clean")
    put("benign/onnx_reordered/weights.bin", struct.pack("<4f", 1, 2, 3, 4), "clean")
    put("benign/model_llama3_template.gguf", gguf(
        "{% set loop_messages = messages %}{% set ns = namespace(system=false) %}"
        "{% for message in loop_messages %}{% set content = '<|start_header_id|>' + message['role'] + "
        "'<|end_header_id|>\n\n' + message['content'] | trim + '<|eot_id|>' %}"
        "{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}"
        "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}"), "clean")


DANGEROUS = [
    ("os", "system"), ("posix", "system"), ("nt", "system"), ("subprocess", "Popen"), ("subprocess", "check_output"),
    ("builtins", "eval"), ("builtins", "exec"), ("__builtin__", "eval"), ("builtins", "compile"), ("builtins", "open"),
    ("builtins", "__import__"), ("runpy", "_run_code"), ("pty", "spawn"), ("socket", "create_connection"),
    ("shutil", "rmtree"), ("importlib", "import_module"), ("pip", "main"), ("pip._internal.cli.main", "main"),
    ("ctypes", "CDLL"), ("webbrowser", "open"), ("pickle", "loads"), ("_pickle", "loads"), ("code", "interact"),
    ("marshal", "loads"), ("timeit", "timeit"), ("cProfile", "run"), ("pydoc", "pipepager"),
    ("numpy.testing._private.utils", "runstring"), ("asyncio.unix_events", "_UnixSubprocessTransport"),
    ("idlelib.pyshell", "ModifiedInterpreter"), ("uuid", "_get_command_stdout"), ("operator", "methodcaller"),
    ("torch.storage", "_load_from_bytes"), ("torch", "load"),
    # Dotted names that protocol 4 resolves attribute by attribute.
    ("torch", "hub.load"), ("torch.serialization", "os.system"), ("numpy", "testing._private.utils.runstring"),
]


def malicious():
    for p in range(6):
        put(f"malicious/os_system_protocol{p}.pkl", call_global("os", "system", CMD, p), "malicious", "pickle.dangerous-import")
    for m, n in DANGEROUS:
        # Dotted names resolve only under protocol 4 and later.
        if "." in n:
            put(f"malicious/callables/dotted_{m}+{n}.pkl", call_global(m, n, CMD, 4), "malicious", "pickle.dangerous-import")
        else:
            put(f"malicious/callables/{m}.{n}.pkl", call_global(m, n, CMD, 2), "malicious", "pickle.dangerous-import")
    # Opcode variants.
    put("malicious/inst_opcode.pkl", b"(S'" + CMD.encode() + b"'\nios\nsystem\n.", "malicious", "pickle.dangerous-import")
    put("malicious/obj_opcode.pkl", proto(1) + MARK + glob("subprocess", "Popen") + uni(CMD) + b"o" + STOP, "malicious", "pickle.dangerous-import")
    put("malicious/newobj_opcode.pkl", proto(2) + glob("subprocess", "Popen") + MARK + uni("sh") + b"l" + TUPLE1 + NEWOBJ + STOP, "malicious", "pickle.dangerous-import")
    put("malicious/newobj_ex_opcode.pkl", proto(4) + suni("subprocess") + suni("Popen") + STACK_GLOBAL + MARK + uni("id") + TUPLE + EMPTY_DICT + b"\x92" + STOP, "malicious", "pickle.dangerous-import")
    # getattr(__import__('os'), 'system')(CMD): every step flagged, plus the indirect call.
    put("malicious/getattr_chain.pkl", proto(2) + glob("builtins", "getattr") + glob("builtins", "__import__") + uni("os") + TUPLE1 + REDUCE
        + uni("system") + TUPLE2 + REDUCE + uni(CMD) + TUPLE1 + REDUCE + STOP, "malicious", "pickle.dangerous-import")
    # functools.partial(os.system, CMD)()
    put("malicious/partial_chain.pkl", proto(2) + glob("functools", "partial") + glob("os", "system") + uni(CMD) + TUPLE2 + REDUCE
        + EMPTY_TUPLE + REDUCE + STOP, "malicious", "pickle.dangerous-import")
    # Obfuscated STACK_GLOBAL: names stored in the memo between unrelated values, fetched later.
    body = (suni("po") + b"\x94" + suni("noise") + b"0" + suni("sys") + b"\x94" + suni("system") + b"\x94" + b"0" + b"0" + b"0"
            + b"h\x00" + b"0" + suni("posix") + b"\x94" + b"0" + b"h\x03" + b"h\x02" + STACK_GLOBAL + suni(CMD) + TUPLE1 + REDUCE + STOP)
    put("malicious/stack_global_memo.pkl", proto(4) + body, "malicious", "pickle.dangerous-import")
    # STACK_GLOBAL whose module name is itself the result of a call.
    put("malicious/stack_global_dynamic.pkl", proto(4) + glob("builtins", "str") + uni("os") + TUPLE1 + REDUCE + suni("system") + STACK_GLOBAL
        + suni(CMD) + TUPLE1 + REDUCE + STOP, "malicious", "pickle.dynamic-global")
    # BUILD on an imported class: rewrites `Module.__call__` for the whole process.
    put("malicious/build_on_global.pkl", proto(2) + glob("torch.nn.modules.module", "Module") + NONE + EMPTY_DICT + MARK
        + uni("__call__") + uni(CMD) + SETITEMS + TUPLE2 + BUILD + STOP, "malicious", "pickle.global-mutation")
    put("malicious/ext_opcode.pkl", proto(2) + b"\x82\x07" + uni(CMD) + TUPLE1 + REDUCE + STOP, "suspicious", "pickle.extension-code")
    put("malicious/unknown_callable.pkl", call_global("evil_pkg.payload", "run", CMD, 2), "suspicious", "pickle.unknown-import")
    # Nested pickle in bytes handed to pickle.loads.
    inner = call_global("os", "system", CMD, 2)
    put("malicious/nested_loads.pkl", proto(3) + glob("_pickle", "loads") + b"B" + u32(len(inner)) + inner + TUPLE1 + REDUCE + STOP, "malicious", "pickle.dangerous-import")
    # A benign pickle followed by a malicious one.
    put("malicious/second_pickle.pkl", pickle.dumps(benign_obj(), 2) + call_global("os", "system", CMD, 2), "malicious", "pickle.dangerous-import")
    put("malicious/truncated.pkl", call_global("os", "system", CMD, 0)[:-3], "malicious", "pickle.dangerous-import")
    # Non-standard extensions: a pickle named as something else.
    for name in ["weights.safetensors", "config.json", "model.onnx", "tokenizer.model", "noext"]:
        put(f"malicious/disguised/{name}", call_global("os", "system", CMD, 4), "malicious", "pickle.dangerous-import")
    # PyTorch.
    evil_sd = torch_state_dict(evil_item())
    put("malicious/torch_state_dict.pt", torch_zip(evil_sd), "malicious", "pickle.dangerous-import")
    put("malicious/torch_renamed.pth.tar", torch_zip(evil_sd, prefix="x"), "malicious", "pickle.dangerous-import")
    put("malicious/legacy_torch.bin", legacy_torch(evil_sd), "malicious", "pickle.dangerous-import")
    load_bytes = torch_zip(evil_sd)
    put("malicious/torch_load_from_bytes.pkl", proto(2) + glob("torch.storage", "_load_from_bytes") + b"B" + u32(len(load_bytes)) + load_bytes
        + TUPLE1 + REDUCE + STOP, "malicious", "pickle.dangerous-import")
    # joblib, plain and compressed.
    put("malicious/model.joblib", joblib_stream(evil_item()), "malicious", "pickle.dangerous-import")
    put("malicious/model.joblib.gz", gz(joblib_stream(evil_item())), "malicious", "pickle.dangerous-import")
    put("malicious/model.joblib.z", zlib.compress(joblib_stream(evil_item()), 3), "malicious", "pickle.dangerous-import")
    put("malicious/model.joblib.bz2", bz2.compress(joblib_stream(evil_item()), 9), "malicious", "pickle.dangerous-import")
    put("malicious/model.joblib.xz", lzma.compress(joblib_stream(evil_item()), format=lzma.FORMAT_XZ), "malicious", "pickle.dangerous-import")
    put("malicious/model.joblib.lzma", lzma.compress(joblib_stream(evil_item()), format=lzma.FORMAT_ALONE), "malicious", "pickle.dangerous-import")
    put("malicious/model.joblib.lz4", lz4_frame(joblib_stream(evil_item())), "malicious", "pickle.dangerous-import")
    # NumPy object arrays.
    evil_npy = npy("|O", "(2,)", object_array_pickle(uni("a") + glob("posix", "system") + uni(CMD) + TUPLE1 + REDUCE))
    put("malicious/object_array.npy", evil_npy, "malicious", "pickle.dangerous-import")
    put("malicious/arrays.npz", zip_bytes([("a.npy", npy("<f4", "(1,)", struct.pack("<f", 1))), ("b.npy", evil_npy)], zipfile.ZIP_DEFLATED),
        "malicious", "pickle.dangerous-import")
    put("malicious/npy_trailing_pickle.npy", npy("<f4", "(1,)", struct.pack("<f", 1) + call_global("os", "system", CMD, 2)), "malicious", "pickle.dangerous-import")
    # Keras.
    put("malicious/lambda.keras", keras_zip([DENSE, LAMBDA]), "malicious", "keras.lambda-layer")
    put("malicious/os_function.keras", keras_zip([{"module": "keras.layers", "class_name": "Dense", "config": {
        "name": "d", "units": 1, "activation": {"module": "os", "class_name": "function", "config": "system", "registered_name": "system"}}}]),
        "malicious", "keras.dangerous-object")
    put("malicious/custom_object.keras", keras_zip([{"module": "evil_layers", "class_name": "Backdoor", "config": {}, "registered_name": "Custom>Backdoor"}]),
        "suspicious", "keras.custom-object")
    # Keras's own functions named from a config, past safe_mode (CVE-2025-8747, CVE-2025-9906).
    put("malicious/keras_get_file.keras", keras_zip([{"module": "keras.layers", "class_name": "Dense", "config": {
        "name": "d", "units": 1, "activation": {"module": "keras.utils", "class_name": "function", "config": "get_file",
                                                "registered_name": "get_file"}}}]), "malicious", "keras.dangerous-object")
    put("malicious/keras_unsafe_switch.keras", keras_zip([{"module": "keras.config", "class_name": "function",
        "config": "enable_unsafe_deserialization", "registered_name": None}, DENSE]), "malicious", "keras.dangerous-object")
    # A `.keras` stripped of metadata and weights: Keras still reads config.json.
    put("malicious/lambda_config_only.zip", zip_bytes([("config.json", keras_config([DENSE, LAMBDA]))], zipfile.ZIP_DEFLATED),
        "malicious", "keras.lambda-layer")
    put("malicious/lambda_legacy.h5", hdf5(keras_config([DENSE, LAMBDA])), "malicious", "keras.lambda-layer")
    # TensorFlow.
    put("malicious/saved_model_readfile/saved_model.pb", saved_model(["Placeholder", "ReadFile", "WriteFile"]), "malicious", "tf.dangerous-op")
    sm = saved_model(["Placeholder", "PyFunc"])
    put("malicious/saved_model_reordered/saved_model.pb", sm[len(fv(1, 1)):] + fv(1, 1), "malicious", "tf.dangerous-op")
    put("malicious/saved_model_pyfunc/saved_model.pb", saved_model(["Placeholder", "PyFunc"]), "malicious", "tf.dangerous-op")
    # ONNX.
    put("malicious/onnx_escape/model.onnx", onnx_model(location="../../../../etc/passwd"), "malicious", "onnx.external-data-escape")
    put("malicious/onnx_absolute.onnx", onnx_model(location="/etc/shadow"), "malicious", "onnx.external-data-escape")
    put("malicious/onnx_windows_path.onnx", onnx_model(location="C:\\Windows\\System32\\config\\SAM"), "malicious", "onnx.external-data-escape")
    put("malicious/onnx_backslash_parent.onnx", onnx_model(location="..\\..\\secrets.bin"), "malicious", "onnx.external-data-escape")
    put("malicious/onnx_reordered.onnx", onnx_reordered("../../../../etc/passwd"), "malicious", "onnx.external-data-escape")
    put("malicious/onnx_custom_op.onnx", onnx_model(op_domain="com.evil.ops", op="RunShell", location="w.bin"), "suspicious", "onnx.custom-operator")
    # GGUF chat templates.
    put("malicious/template_globals.gguf", gguf("{{ cycler.__init__.__globals__.os.popen('id').read() }}"), "malicious", "gguf.template-injection")
    put("malicious/template_subclasses.gguf", gguf("{% for c in ''.__class__.__mro__[1].__subclasses__() %}{{ c }}{% endfor %}"), "malicious", "gguf.template-injection")
    put("malicious/template_attr.gguf", gguf("{{ lipsum|attr('\\x5f\\x5fglobals\\x5f\\x5f') }}"), "malicious", "gguf.template-injection")
    # Jinja tricks that build `__` without writing it.
    put("malicious/template_concat.gguf", gguf("{{ ()['_'*2 ~ 'class' ~ '_'*2]['_'*2 ~ 'base' ~ '_'*2] }}"), "malicious", "gguf.template-injection")
    put("malicious/template_octal.gguf", gguf("{{ ''['\\137\\137class\\137\\137'] }}"), "malicious", "gguf.template-injection")
    put("malicious/template_format.gguf", gguf("{% set u = '%c'|format(95) %}{{ ()[u ~ u ~ 'class' ~ u ~ u] }}"), "malicious", "gguf.template-injection")
    put("malicious/template_too_large.gguf", gguf("{{ messages }}" + " " * (1 << 20)), "malicious", "gguf.template-too-large")
    put("malicious/gguf_bad_offset.gguf", gguf("hi", tensors=(("w", 4),)).replace(gstr("w") + u32(1) + u64(4) + u32(0) + u64(0),
        gstr("w") + u32(1) + u64(4) + u32(0) + u64(1 << 40)), "malicious", "gguf.bad-offset")
    # safetensors.
    st_ok = {"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}
    put("malicious/trailing.safetensors", safetensors(st_ok, b"\x00" * 8, call_global("os", "system", CMD, 2)), "suspicious", "safetensors.trailing-data")
    put("malicious/overlap.safetensors", safetensors({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                                                      "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}, b"\x00" * 12), "malicious", "safetensors.overlap")
    put("malicious/bad_dtype.safetensors", safetensors({"a": {"dtype": "PY_OBJECT", "shape": [1], "data_offsets": [0, 8]}}, b"\x00" * 8), "malicious", "safetensors.bad-dtype")
    put("malicious/huge_header.safetensors", u64(1 << 40) + b"{}", "malicious", "safetensors.header-size")
    # Archive hazards.
    put("malicious/zip_traversal.zip", zip_bytes([("../../../tmp/evil.pkl", b"harmless")]), "malicious", "archive.path-traversal")
    link = zipfile.ZipInfo("link_to_ssh", FIXED)
    link.create_system = 3
    link.external_attr = (0o120777 << 16)
    put("malicious/zip_symlink.zip", zip_bytes([(link, b"/root/.ssh/id_rsa")]), "malicious", "archive.symlink")
    put("malicious/zip_bomb.zip", zip_bytes([("zeros.bin", b"\x00" * (24 << 20))], zipfile.ZIP_DEFLATED), "malicious", "archive.bomb")
    benign_pkl = pickle.dumps(benign_obj(), 2)
    z = bytearray(torch_zip(benign_pkl))
    # Local header says data.pkX, central directory says data.pkl.
    first = z.index(b"archive/data.pkl")
    z[first + len("archive/data.pk")] = ord("X")
    put("malicious/zip_header_mismatch.pt", bytes(z), "malicious", "archive.header-mismatch")
    z = bytearray(torch_zip(pickle.dumps({"name": "aaaa"}, 2)))
    pos = z.index(b"aaaa")
    z[pos] = ord("b")
    put("malicious/zip_bad_crc.pt", bytes(z), "malicious", "archive.bad-crc")
    # Encrypted flag set on a plain member (Python's zipfile refuses, PyTorch reads it).
    z = bytearray(torch_zip(evil_sd))
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):
        start = 0
        while True:
            i = z.find(sig, start)
            if i < 0:
                break
            flag_at = i + (6 if sig == b"PK\x03\x04" else 8)
            name_len_at = i + (26 if sig == b"PK\x03\x04" else 28)
            nlen = struct.unpack_from("<H", z, name_len_at)[0]
            name_at = i + (30 if sig == b"PK\x03\x04" else 46)
            if bytes(z[name_at:name_at + nlen]) == b"archive/data.pkl":
                z[flag_at] |= 1
            start = i + 4
    put("malicious/zip_encrypted_flag.pt", bytes(z), "malicious", "pickle.dangerous-import")
    put("malicious/zip_duplicate.pt", zip_bytes([("archive/data.pkl", benign_pkl), ("archive/data.pkl", evil_sd), ("archive/version", b"3\n")]),
        "malicious", "archive.duplicate-name")
    nested = torch_zip(evil_sd)
    for i in range(2):
        nested = zip_bytes([(f"level{i}.zip", nested)], zipfile.ZIP_DEFLATED)
    put("malicious/nested_3.zip", nested, "malicious", "pickle.dangerous-import")
    deep = torch_zip(evil_sd)
    for i in range(7):
        deep = zip_bytes([(f"level{i}.zip", deep)])
    put("malicious/nested_8.zip", deep, "suspicious", "archive.depth")
    put("malicious/polyglot_pickle_zip.bin", benign_pkl + torch_zip(evil_sd), "malicious", "archive.polyglot")
    # Two central-directory entries sharing one local header and its data (overlapping entries:
    # the trick behind non-recursive zip bombs, and a way to show loaders different names).
    one = zip_bytes([("archive/data.pkl", evil_sd)])
    cd_at = one.index(b"PK\x01\x02")
    eocd_at = one.index(b"PK\x05\x06")
    entry = one[cd_at:eocd_at]
    twin = entry.replace(b"archive/data.pkl", b"archive/data.pk2")
    eocd = bytearray(one[eocd_at:])
    struct.pack_into("<HHI", eocd, 8, 2, 2, len(entry) + len(twin))
    put("malicious/zip_overlap.zip", one[:eocd_at] + twin + bytes(eocd), "malicious", "archive.overlapping-entries")
    # Models packed with 7-Zip so that zip-only scanners skip them (the "nullifAI" samples).
    put("malicious/torch_7z.pt", b"7z\xbc\xaf\x27\x1c\x00\x04" + bytes(24) + evil_sd, "suspicious", "archive.uncheckable-compression")
    put("malicious/tar_hardlink.tar", tar_hardlink("model/weights", "/etc/shadow"), "malicious", "archive.symlink")
    put("malicious/tar_traversal.tar", tar_bytes([("../../etc/cron.d/evil", b"* * * * * root id\n", None)]), "malicious", "archive.path-traversal")
    put("malicious/tar_symlink.tar", tar_bytes([("model/weights", None, "/etc/passwd")]), "malicious", "archive.symlink")
    put("malicious/models.tar.gz", gz(tar_bytes([("m/model.pkl", call_global("os", "system", CMD, 4), None)])), "malicious", "pickle.dangerous-import")


def broken():
    put("broken/empty.bin", b"", "any")
    put("broken/random.bin", bytes((i * 151 + 7) % 256 for i in range(4096)), "any")
    put("broken/deep_marks.pkl", proto(2) + b"(" * 20000 + STOP, "any")
    put("broken/truncated.safetensors", u64(200) + b'{"a": {"dtype": "F32"', "any")
    put("broken/huge_counts.gguf", b"GGUF" + u32(3) + u64(1 << 62) + u64(1 << 62), "any")
    put("broken/huge_string.gguf", b"GGUF" + u32(3) + u64(0) + u64(1) + u64(1 << 60) + b"k", "any")
    put("broken/bad_central_dir.zip", b"PK\x03\x04" + b"\x00" * 40 + b"PK\x05\x06" + b"\x00" * 4 + b"\xff\xff" * 2 + u32(0xFFFFFF) + u32(0xFFFFFF) + b"\x00\x00", "any")
    put("broken/bad_npy.npy", b"\x93NUMPY\x09\x00\xff\xff", "any")
    put("broken/bad_onnx.onnx", fv(1, 8) + b"\x3a\xff\xff\xff\xff\x0f", "any")
    put("broken/bad_gzip.gz", b"\x1f\x8b\x08\x00" + b"\x00" * 20, "any")
    put("broken/bad_tar.tar", b"x" * 257 + b"ustar" + b"\x00" * 250, "any")


def main():
    global OUT
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    OUT = sys.argv[1]
    os.makedirs(OUT, exist_ok=True)
    benign()
    malicious()
    broken()
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(EXPECTED, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
