"""What users do today without clone-rules: filter Zoho records with plain
dictionaries. Reads NDJSON parents on standard input and writes the filtered
records as Insert Records bodies, one per line. No validation, no subform
rules, no report: the baseline `clone-rules batch` is compared against.

    python3 benches/naive_filter.py FIELDS.json < parents.ndjson > out.ndjson
"""

import json
import sys


def writable_fields(fields_path):
    with open(fields_path, encoding="utf-8") as handle:
        fields = json.load(handle)["fields"]
    keep = set()
    for field in fields:
        operations = field.get("operation_type") or {}
        if field.get("read_only") or operations.get("api_create") is False:
            if field.get("data_type") not in ("subform", "lineitem"):
                continue
        keep.add(field["api_name"])
    return keep


def main():
    keep = writable_fields(sys.argv[1])
    out = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        record = json.loads(line)
        clone = {
            key: value
            for key, value in record.items()
            if key != "id" and not key.startswith("$") and key in keep
        }
        out.write(json.dumps({"data": [clone]}))
        out.write("\n")


if __name__ == "__main__":
    main()
