"""Validate CycloneDX 1.6 JSON BOMs with cyclonedx-python-lib's strict JSON validator.

Usage: python validate_cyclonedx.py BOM.json [...]; exit 0 when every BOM is valid.
"""

import sys

from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator


def main() -> int:
    validator = JsonStrictValidator(SchemaVersion.V1_6)
    bad = 0
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as f:
            err = validator.validate_str(f.read())
        if err is not None:
            print(f"{path}: {err}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
