#!/usr/bin/env python3
"""Every module a target imports is one of its declared dependencies.

SwiftPM lets a target import anything its dependencies depend on; this check does not: a target
that imports OpexsimFailures must list OpexsimFailures (or a product of that name) itself, so the
dependency graph in Package.swift is the one the code has. System modules (Foundation, Dispatch,
the C library, the test frameworks) need no declaration.

Run from the repository root: `python3 .ci/imports.py`. Exits 1 listing `path:line: message` per
undeclared import.
"""
import json
import os
import re
import subprocess
import sys

SYSTEM_MODULES = {"Foundation", "FoundationEssentials", "FoundationXML", "Dispatch", "Glibc", "Musl", "Darwin", "WinSDK",
                  "Testing", "XCTest", "Synchronization", "os"}
# Products whose module name differs from the product name.
PRODUCT_MODULES = {"ArgumentParser": "ArgumentParser", "HeapModule": "HeapModule", "DequeModule": "DequeModule",
                   "Yams": "Yams", "Collections": "Collections", "OrderedCollections": "OrderedCollections"}
IMPORT = re.compile(r"^\s*(?:@testable\s+|@_implementationOnly\s+|(?:public|internal|package)\s+)*import\s+"
                    r"(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?([A-Za-z_][A-Za-z0-9_]*)")


def target_path(target):
    if target.get("path"):
        return target["path"]
    return os.path.join("Tests" if target["type"] == "test" else "Sources", target["name"])


def declared(target):
    names = set()
    for dependency in target["dependencies"]:
        for kind in ("byName", "target", "product"):
            if kind in dependency:
                name = dependency[kind][0]
                names.add(PRODUCT_MODULES.get(name, name))
    return names


def main():
    package = json.loads(subprocess.run(["swift", "package", "dump-package"], check=True,
                                        capture_output=True, text=True).stdout)
    problems = []
    for target in package["targets"]:
        allowed = declared(target) | SYSTEM_MODULES | {target["name"]}
        root = target_path(target)
        for directory, _, files in os.walk(root):
            for name in sorted(files):
                if not name.endswith(".swift"):
                    continue
                path = os.path.join(directory, name)
                with open(path, encoding="utf-8") as source:
                    for number, line in enumerate(source, 1):
                        match = IMPORT.match(line)
                        if match and match.group(1) not in allowed:
                            problems.append(f"{path}:{number}: target {target['name']} imports {match.group(1)} "
                                            "without declaring it a dependency in Package.swift")
    for problem in problems:
        print(problem)
    if problems:
        sys.exit(1)
    print(f"imports: OK ({len(package['targets'])} targets import only their declared dependencies)")


if __name__ == "__main__":
    main()
