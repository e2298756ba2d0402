#!/usr/bin/env python3
"""Writes Sources/OpexsimModelFiles/ShippedModels.swift from the YAML files under models/, so that the
binary carries the shipped pricing models, node catalogues, failure files and policies and finds them
outside the repository. Run it after changing a file under models/; a test fails while the two differ.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Sources", "OpexsimModelFiles", "ShippedModels.swift")


def main():
    files = []
    for kind in sorted(os.listdir(os.path.join(ROOT, "models"))):
        folder = os.path.join(ROOT, "models", kind)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if name.endswith((".yaml", ".yml", ".json")):
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    files.append((f"{kind}/{name}", f.read()))
    out = [
        "// swift-format-ignore-file",
        "",
        "/// The files under `models/` (pricing models, node catalogues, failure files, policies), carried in",
        "/// the binary so that `--pricing aws-m5-spot-mix` and `models/...` paths work from any directory.",
        "/// Written by `.ci/embed-models.py` from `models/`; a test checks that the two agree.",
        "public enum ShippedModels {",
        "    /// Path under `models/` → the file's text.",
        "    public static let files: [String: String] = [",
    ]
    for path, text in files:
        if '"""#' in text:
            sys.exit(f"{path}: holds the closing delimiter of a raw string")
        out.append(f'        "{path}": #"""')
        out.extend(("            " + line) if line.strip() else "" for line in text.rstrip("\n").split("\n"))
        out.append('            """#,')
    out += ["    ]", "}", ""]
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main()
