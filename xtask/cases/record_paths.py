"""Records CPython 3.12.1's answers of the lexical `ntpath` and `posixpath`
functions (issue 17) over a large seeded set of generated paths:
`cases/ntpath.json` and `cases/posixpath.json` (format in `cases/README.md`).

Both modules run on any platform in CPython; `ntpath` here is its pure-Python
code (`normpath`, `normcase` and `abspath` are native calls only on Windows).

    $(pyenv root)/versions/3.12.1/bin/python3 xtask/cases/record_paths.py [--out DIR]
"""

import json
import ntpath
import os
import posixpath
import random
import sys

SEED = 17

# The pieces paths are made of: names, dots, drives, UNC and device
# prefixes, both separators, characters whose case changes length or
# context (İ, ß, Σ, Ǆ, the Kelvin sign), and the syntax of expandvars and
# expanduser.
PIECES = ["a", "b", "ab", "Dir", "x.txt", ".ext", "a.b.c", "..x", ".", "..", "...", "", "C:", "c:", "D:",
          "z:", "\\\\", "/", "\\", "//", "server", "share", "\\\\?\\", "\\\\.\\", "UNC", "unc", "?", "é",
          "İ", "ß", "ΣΑΣ", "Ǆ", "\u212a", "~", "~user", "$A", "${A}", "$EMPTY", "%A%", "%%", "$$",
          "'q'", "${X-Y}", "$X-Y", "%NOPE%", "$", "%", "{", "}", ":", " ", "name with space", "trail."]
SEPS = ["/", "\\", "", "//", "\\\\"]

ENV = {"A": "alpha", "EMPTY": "", "X-Y": "dash", "HOME": "/home/tester", "USERPROFILE": "C:\\Users\\tester",
       "USERNAME": "tester", "HOMEDRIVE": "C:", "HOMEPATH": "\\Users\\tester", "TEMP": "C:\\Temp"}
CWD = {"ntpath": "C:\\work\\dir", "posixpath": "/work/dir"}

# Hand-picked edges (CPython's own tests and the rules' corners).
FIXED = ["", ".", "..", "/", "\\", "//", "///", "////", "C:", "C:\\", "C:/", "C:..", "C:.", "C:x\\..", "\\\\",
         "\\\\server", "\\\\server\\", "\\\\server\\share", "\\\\server\\share\\", "//server/share/x/..",
         "\\\\?\\C:\\x", "\\\\?\\UNC\\server\\share\\x", "\\\\?\\unc\\server\\share", "\\\\.\\device\\x",
         "\\\\?\\", "\\\\?\\UNC\\", "\\\\?\\UNC\\server", "//?/UNC/s/sh/x", "C:///spam///ham", "a/b/", "a//b",
         "/a/b/../..", "/../x", "../..", "a/../..", "./a", ".\\a", "a\\.\\b", ".profile", "a.tar.gz",
         "dir.d/file", "dir.d\\file", "..", "...", "a/.b", "a/..b.c", "~", "~/x", "~\\x", "~user\\x",
         "~tester/x", "x~", "$A/$B", "${A}x", "%A%\\%B%", "'$A'%A%", "$$A", "%%A%%", "${A", "%A", "$A-B",
         "İ:\\x", "ß/ẞ", "ΟΔΟΣ", "Ǆ\\ǅ", "\u212a/k", "C:\\Ünïcode\\Ñ"]


def out_dir():
    if "--out" in sys.argv:
        return sys.argv[sys.argv.index("--out") + 1]
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "cases")


def generated(rng, n):
    paths = []
    for _ in range(n):
        parts = [rng.choice(PIECES) for _ in range(rng.randint(1, 5))]
        p = parts[0]
        for part in parts[1:]:
            p += rng.choice(SEPS) + part
        paths.append(p)
    return paths


def call(f, *args):
    try:
        r = f(*args)
    except ValueError as e:
        return {"error": "ValueError", "errno": None, "message": str(e)}
    return list(r) if isinstance(r, tuple) else r


def with_env(f, *args):
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(ENV)
    try:
        return f(*args)
    finally:
        os.environ.clear()
        os.environ.update(saved)


def record(mod, name, rng):
    cwd = CWD[name]
    real_getcwd = os.getcwd
    os.getcwd = lambda: cwd  # what abspath and relpath ask for
    try:
        paths = FIXED + generated(rng, 1500)
        one = []
        for i, p in enumerate(paths, 1):
            case = {"id": "%s-p%04d" % (name, i), "kind": "path", "about": "the one-path functions", "path": p}
            for fn in ["normpath", "normcase", "split", "splitext", "splitdrive", "splitroot", "basename",
                       "dirname", "isabs", "abspath"]:
                case[fn] = call(getattr(mod, fn), p)
            case["expandvars"] = with_env(call, mod.expandvars, p)
            if not (name == "posixpath" and p.startswith("~") and not p.startswith(("~/", "~\\")) and p != "~"):
                # posixpath's ~user asks this machine's user database.
                case["expanduser"] = with_env(call, mod.expanduser, p)
            one.append(case)
        pairs = []
        for i in range(1, 1201):
            a, b = rng.choice(paths), rng.choice(paths)
            case = {"id": "%s-q%04d" % (name, i), "kind": "pair", "about": "the functions of two (three) paths",
                    "a": a, "b": b, "join": call(mod.join, a, b),
                    "relpath": call(mod.relpath, a, b), "commonpath": call(mod.commonpath, [a, b]),
                    "commonprefix": call(mod.commonprefix, [a, b])}
            if i % 3 == 0:
                c = rng.choice(paths)
                case["c"] = c
                case["join3"] = call(mod.join, a, b, c)
                case["commonpath3"] = call(mod.commonpath, [a, b, c])
            pairs.append(case)
        pairs.append({"id": "%s-empty" % name, "kind": "none", "about": "commonpath and commonprefix of no paths",
                      "commonpath": call(mod.commonpath, []), "commonprefix": call(mod.commonprefix, [])})
    finally:
        os.getcwd = real_getcwd
    return {"python": "3.12.1", "cwd": cwd, "env": ENV, "cases": one + pairs}


def main():
    assert sys.version_info[:3] == (3, 12, 1), "record with CPython 3.12.1"
    rng = random.Random(SEED)
    for mod, name in [(ntpath, "ntpath"), (posixpath, "posixpath")]:
        doc = record(mod, name, rng)
        with open(os.path.join(out_dir(), name + ".json"), "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, indent=0)
            f.write("\n")
        print("%s.json: %d cases" % (name, len(doc["cases"])))


if __name__ == "__main__":
    main()
