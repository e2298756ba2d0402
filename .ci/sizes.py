#!/usr/bin/env python3
"""Size rules for the Swift sources under Sources/ (dependency-free, Python 3.11).

Run from the repository root:  python3 .ci/sizes.py [--report] [--root DIR]
(--root checks another checkout; by default the repository holding this script).

1. No function (func, init, deinit; closures and nested functions count toward the
   enclosing function too) is longer than MAX_FUNCTION_LINES lines. Length is measured
   from the declaration's first line (the line holding the `func`/`init`/`deinit`
   keyword; attribute lines such as `@inline(__always)` above it are not counted) to
   the line of the body's closing brace, inclusive. Subscripts and computed-property
   accessors are not measured. Exemptions: FUNCTION_ALLOW_LIST below.
2. No class/struct/enum/actor declared in Sources/OpexsimEngine/ (nested types counted
   separately) has more than MAX_STORED_PROPERTIES stored properties: non-static
   var/let declarations directly in the type's body (`var a, b: Int` counts 2), including
   `lazy var` and properties with willSet/didSet observers, excluding computed properties.

Violations are printed as `path:line: message`, one per line, and the exit status is 1.
--report prints the 15 longest functions across Sources/ and the 10 types in
Sources/OpexsimEngine/ with the most stored properties (exit status unchanged).
Comments (nested /* */ too) and string literals (multi-line, raw, with interpolations)
are blanked out before parsing; in an #if group whose branches do not each balance their
braces only the first branch is parsed.
Not handled: bare regex literals (/.../) containing braces or quotes.
"""
import re
import sys
from pathlib import Path

MAX_FUNCTION_LINES = 60
MAX_STORED_PROPERTIES = 20
PROPERTY_RULE_DIR = "Sources/OpexsimEngine"
# "path:functionName" -> reason. The name covers every overload of that name in the file.
# If a file is renamed, rename its entry here (a stale entry is reported as a warning).
FUNCTION_ALLOW_LIST = {
    "Sources/OpexsimTraces/CanonicalTraceReader.swift:parseRows":
        "the trace reader's hot loop: one pass over a chunk's bytes, kept inline for speed",
}

MODIFIERS = {"public", "private", "fileprivate", "internal", "open", "package", "final",
             "static", "class", "lazy", "weak", "unowned", "override", "nonisolated",
             "mutating", "nonmutating", "dynamic", "required", "convenience", "optional",
             "indirect", "distributed", "isolated", "consuming", "borrowing", "unsafe"}
TYPES = ("class", "struct", "enum", "actor")  # the kinds whose stored properties count
DECL_RESET = {"case", "typealias", "associatedtype", "import", "operator",
              "precedencegroup", "macro", "subscript"}
TOKEN = re.compile(r"`[^`\n]*`|#?[A-Za-z_]\w*|@[A-Za-z_]\w*|\$\w+|\d[\w.]*"
                   r"|[{}()\[\];,:]|[=\-+*/%<>!&|^~?.]+|\S")


def strip(src):
    """Same-length copy of src with comments and string literals blanked (newlines kept)."""
    out = list(src)

    def blank(a, b):
        out[a:b] = [c if c == "\n" else " " for c in out[a:b]]

    def code(i, interp):  # scan code from i; if interp, stop after the matching ')'
        depth = 0
        while i < len(src):
            c = src[i]
            if src.startswith("//", i):
                j = src.find("\n", i)
                j = len(src) if j < 0 else j
                blank(i, j)
                i = j
            elif src.startswith("/*", i):
                j, nest = i + 2, 1
                while j < len(src) and nest:
                    nest += src.startswith("/*", j) - src.startswith("*/", j)
                    j += 2 if src.startswith(("/*", "*/"), j) else 1
                blank(i, j)
                i = j
            elif m := re.match(r'(#*)("""|")', src[i:i + 64]) if c in '#"' else None:
                j = string(i + len(m.group(0)), len(m.group(1)), m.group(2))
                blank(i, j)
                i = j
            else:
                if interp and c == "(":
                    depth += 1
                elif interp and c == ")":
                    if depth == 0:
                        return i + 1
                    depth -= 1
                i += 1
        return i

    def string(i, hashes, quote):  # i just after the opening quote; returns end index
        esc, close = "\\" + "#" * hashes, quote + "#" * hashes
        while i < len(src):
            if src.startswith(esc + "(", i):
                i = code(i + len(esc) + 1, True)
            elif src.startswith(esc, i):
                i += len(esc) + 1
            elif src.startswith(close, i):
                return i + len(close)
            elif src[i] == "\n" and quote == '"':
                return i  # unterminated single-line literal: stop at end of line
            else:
                i += 1
        return i

    code(0, False)
    return "".join(out)


def drop_unbalanced_ifs(lines):
    """Blank #if/#elseif/#else/#endif lines; for a group whose branches do not each
    balance their braces, also blank every branch but the first."""
    stack = []
    for n, line in enumerate(lines):
        word = (m := re.match(r"\s*#(if|elseif|else|endif)\b", line)) and m.group(1)
        if word == "if":
            stack.append([n])
        elif word in ("elseif", "else") and stack:
            stack[-1].append(n)
        elif word == "endif" and stack:
            marks = stack.pop() + [n]
            if any(sum(l.count("{") - l.count("}") for l in lines[a + 1:b])
                   for a, b in zip(marks, marks[1:])):
                lines[marks[1]:n] = [""] * (n - marks[1])
        if word:
            lines[n] = ""
    return lines


class Scope:
    def __init__(self, kind, name="", line=0):
        self.kind, self.name, self.line = kind, name, line
        self.depth = 0          # ( and [ nesting inside this scope
        self.angle = 0          # < > nesting while a property declaration is pending
        self.pending = None     # [kind, name, line, property or None, saw '=', modifiers]
        self.mods = set()       # modifiers seen since the last declaration keyword
        self.props = []         # stored properties: [line, bindings, computed]


def parse(path, rel):
    """Return (functions, types): functions as (rel, line, name, length),
    types as (rel, line, name, stored-property count)."""
    lines = drop_unbalanced_ifs(strip(path.read_text(encoding="utf-8")).split("\n"))
    toks = [(m.group(0), n) for n, l in enumerate(lines, 1) for m in TOKEN.finditer(l)]
    funcs, types, stack = [], [], [Scope("file")]
    for i, (t, n) in enumerate(toks):
        s, prev = stack[-1], toks[i - 1] if i else ("", 0)
        nxt = toks[i + 1] if i + 1 < len(toks) else ("", 0)
        after, after_line = toks[i + 2] if i + 2 < len(toks) else ("", 0)
        ident = bool(re.match(r"[A-Za-z_`]", nxt[0])) and nxt[0] not in MODIFIERS | {
            "in", "func", "var", "let", "subscript", "init", "where", "is", "as"}
        if t in ("(", "["):
            s.depth += 1
        elif t in (")", "]"):
            s.depth = max(0, s.depth - 1)
        elif t == "{":
            kind, p = "block", s.pending
            if s.depth == 0 and p:
                s.pending = None
                if p[0] in ("func", "init", "deinit"):
                    kind = "func"
                elif p[0] in TYPES + ("protocol", "extension"):
                    kind = p[0]
                elif p[3] is not None and not p[4] and "lazy" not in p[5] \
                        and nxt[0] not in ("willSet", "didSet"):
                    p[3][2] = True   # a getter block, not observers: computed
            stack.append(Scope(kind, p[1] if kind != "block" else "", p[2] if p else n))
        elif t == "}" and len(stack) > 1:
            done = stack.pop()
            if done.kind == "func":
                funcs.append((rel, done.line, done.name, n - done.line + 1))
            elif done.kind in TYPES:
                count = sum(b for _, b, computed in done.props if not computed)
                types.append((rel, done.line, done.name, count))
        elif s.depth:
            continue
        elif t in MODIFIERS and not (t == "class" and ident and nxt[1] == n):
            s.mods.add(t)
        elif t in ("func", "deinit") or (t == "init" and not prev[0].endswith(".")):
            name = nxt[0].strip("`") if t == "func" else t
            s.pending, s.mods = [t, name, n, None, False, set()], set()
        elif t in TYPES + ("protocol", "extension") and ident and (t != "actor" or (
                nxt[1] == n and not re.match(r"[=.(,:]|return", prev[0]))):
            s.pending, s.mods = [t, nxt[0].strip("`"), n, None, False, set()], set()
        elif t in ("var", "let"):
            prop = None
            if s.kind in TYPES and not s.mods & {"static", "class"}:
                prop = [n, 1, False]
                s.props.append(prop)
            s.pending, s.mods, s.angle = [t, "", n, prop, False, s.mods], set(), 0
        elif t in DECL_RESET:
            s.pending, s.mods = None, set()
        elif s.pending and s.pending[0] in ("var", "let"):
            p = s.pending
            if t == "=":
                p[4] = True
            elif re.fullmatch(r"[<>]+", t) and not p[4]:  # generics in the type annotation
                s.angle = max(0, s.angle + t.count("<") - t.count(">"))
            elif t == "," and p[3] and s.angle == 0 and ident and (after in (":", "=", ",")
                                                                   or after_line != n):
                p[3][1] += 1
    return funcs, types


def main(argv):
    report = "--report" in argv
    root = Path(argv[argv.index("--root") + 1]) if "--root" in argv \
        else Path(__file__).resolve().parent.parent
    funcs, types = [], []
    for path in sorted((root / "Sources").rglob("*.swift")):
        rel = path.relative_to(root).as_posix()
        f, t = parse(path, rel)
        funcs += f
        if rel.startswith(PROPERTY_RULE_DIR + "/"):
            types += t
    problems, used = [], set()
    for rel, line, name, length in funcs:
        key = f"{rel}:{name}"
        if length > MAX_FUNCTION_LINES:
            if key in FUNCTION_ALLOW_LIST:
                used.add(key)
            else:
                problems.append((rel, line, f"function '{name}' is {length} lines "
                                            f"(limit {MAX_FUNCTION_LINES})"))
    for rel, line, name, count in types:
        if count > MAX_STORED_PROPERTIES:
            problems.append((rel, line, f"type '{name}' has {count} stored properties "
                                        f"(limit {MAX_STORED_PROPERTIES})"))
    for key in sorted(set(FUNCTION_ALLOW_LIST) - used):
        print(f"warning: allow-list entry {key} matches no function over the limit; "
              f"remove or update it", file=sys.stderr)
    if report:
        print(f"Longest functions in Sources/ (limit {MAX_FUNCTION_LINES}):")
        for rel, line, name, length in sorted(funcs, key=lambda f: -f[3])[:15]:
            mark = " (allow-listed)" if f"{rel}:{name}" in FUNCTION_ALLOW_LIST else ""
            print(f"  {length:4d}  {rel}:{line}: {name}{mark}")
        print(f"Most stored properties in {PROPERTY_RULE_DIR}/ (limit {MAX_STORED_PROPERTIES}):")
        for rel, line, name, count in sorted(types, key=lambda t: -t[3])[:10]:
            print(f"  {count:4d}  {rel}:{line}: {name}")
    for rel, line, message in sorted(problems):
        print(f"{rel}:{line}: {message}")
    if problems:
        return 1
    print(f"sizes: OK ({len(funcs)} functions <= {MAX_FUNCTION_LINES} lines or allow-listed, "
          f"{len(types)} engine types <= {MAX_STORED_PROPERTIES} stored properties)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
