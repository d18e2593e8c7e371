#!/usr/bin/env python3
"""Validate SARIF files against the SARIF 2.1.0 JSON schema.

usage: validate_sarif.py SCHEMA FILE [FILE ...]

Uses Draft202012Validator(schema).validate directly: jsonschema.validate() checks the schema
first and rejects its `language` pattern ('(?i)' in the middle), which Python's re refuses.
Exit 0 when every file is valid, 1 otherwise (each error printed with its JSON path).
"""
import json
import sys

import jsonschema


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft202012Validator(schema)
    bad = 0
    for path in argv[2:]:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors[:20]:
            print(f"{path}: {'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}", file=sys.stderr)
        if errors:
            bad += 1
        else:
            results = sum(len(r.get("results", [])) for r in doc.get("runs", []))
            print(f"{path}: valid SARIF 2.1.0 ({results} results)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
