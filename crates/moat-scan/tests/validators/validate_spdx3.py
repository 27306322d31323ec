"""Validate SPDX 3.0.1 JSON-LD documents with the SPDX project's own Python bindings.

`spdx-python-model` (PyPI, pinned in tests/python/requirements.txt) is generated from the
SPDX 3.0.1 RDF/SHACL model. Reading a document fails on an unknown type or property, a
value of the wrong type or an unknown enumeration value; writing it back fails when a
required property is missing or a property has too many or too few values. References
that resolve to nothing are reported too. Works offline (the context URL is not fetched).

Usage: python validate_spdx3.py DOC.spdx.json [...]; exit 0 when every document is valid.
"""

import json
import sys

from spdx_python_model import v3_0_1 as spdx

_decode_prop = spdx.SHACLObject._decode_prop


def _traced_decode_prop(self, decoder, key, state):
    """Name the type and property a decoding error happened in (outermost first)."""
    try:
        return _decode_prop(self, decoder, key, state)
    except (KeyError, TypeError, ValueError) as e:
        e.args = (f"{type(self).__name__}.{key} > {e.args[0] if e.args else e}",)
        raise


spdx.SHACLObject._decode_prop = _traced_decode_prop


def check(path: str) -> list:
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if data.get("@context") != "https://spdx.org/rdf/3.0.1/spdx-context.jsonld":
        return [f"@context is {data.get('@context')!r}, not the SPDX 3.0.1 context"]
    objects = spdx.SHACLObjectSet()
    try:
        spdx.JSONLDDeserializer().deserialize_data(data, objects)
    except (KeyError, TypeError, ValueError) as e:
        return [f"read: {type(e).__name__}: {e}"]
    missing = objects.link()
    problems = [f"unresolved reference {m}" for m in sorted(missing) if not m.startswith("_:")]
    try:
        spdx.JSONLDSerializer().serialize_data(objects)
    except (KeyError, TypeError, ValueError) as e:
        problems.append(f"write: {type(e).__name__}: {e}")
    docs = list(objects.foreach_type(spdx.SpdxDocument))
    if len(docs) != 1:
        problems.append(f"{len(docs)} SpdxDocument elements, expected 1")
    return problems


def main() -> int:
    bad = 0
    for path in sys.argv[1:]:
        for p in check(path):
            print(f"{path}: {p}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
