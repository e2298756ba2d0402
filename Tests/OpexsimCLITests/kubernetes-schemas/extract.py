#!/usr/bin/env python3
"""Writes kubernetes-strict.json: the Kubernetes JSON schemas of the kinds under deploy/ (batch/v1 Job,
v1 ConfigMap, v1 PersistentVolumeClaim) and every definition they reach, descriptions dropped.

    python3 extract.py SCHEMA_DIR VERSION

SCHEMA_DIR is a "local-strict" folder of the Kubernetes JSON schemas generated from the API's OpenAPI
document (e.g. kubernetes-json-schema/v1.37.0-local-strict as the kubernetes-validate package ships
it): `_definitions.json` holds every definition, strict (objects refuse fields they do not define).
"""
import json
import os
import sys

ROOTS = ["io.k8s.api.batch.v1.Job", "io.k8s.api.core.v1.ConfigMap", "io.k8s.api.core.v1.PersistentVolumeClaim"]


def main(directory, version):
    definitions = json.load(open(os.path.join(directory, "_definitions.json")))["$defs"]
    reached, pending = set(), list(ROOTS)

    def visit(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref":
                    pending.append(value.split("/")[-1])
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    while pending:
        name = pending.pop()
        if name not in reached:
            reached.add(name)
            visit(definitions[name])

    def stripped(node):
        if isinstance(node, dict):
            return {k: stripped(v) for k, v in node.items() if k != "description"}
        if isinstance(node, list):
            return [stripped(v) for v in node]
        return node

    document = {
        "kubernetes": version,
        "roots": ROOTS,
        "$defs": {name: stripped(definitions[name]) for name in sorted(reached)},
    }
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "kubernetes-strict.json"), "w") as out:
        json.dump(document, out, sort_keys=True, indent=1)
        out.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    main(sys.argv[1], sys.argv[2])
